"""cache-views: a view that hands on the whole query string gains nothing from a cache.

A view that reads the query string by name (``request.args.get("page")``, ``request.args["q"]``,
``"q" in request.args``) makes one page per value of the parameters it reads: cached keyed by
the query string (``query_string=True``), the page is served again to the next link that
asks for the same values. A view that hands on the whole query - a copy of it
(``dict(request.args)``, ``request.args.to_dict()``, ``.items()``), a spread
(``**request.args``), a loop over its parameters - makes a page of every parameter each link
carries, named or not: one entry per link. Such a page is a form filled in from the link that
brought the visitor (SatSale's payment page, whose links carry each checkout's amount, order
and callback, so every entry is written once and never read), and a cache of it only holds
what is never asked for again. Left alone without a word, as a page that differs per request.

A name bound to ``request.args`` as it is (``args = request.args``) is read as before: what the
view then does with it is not followed here.

A view that reads, by name, a parameter naming the visitor's own id in a task
(``request.args["workerId"]``, ``participant_id``, ``assignmentId``: the id a crowd-work or
experiment platform hands each person's link) makes one page per person: each entry is written
for one visitor and asked for again only by them. Left alone as a page that differs per user,
the finding naming that parameter (not whatever else the view goes on to call).
"""

from __future__ import annotations

import re

import libcst as cst

WHOLE_QUERY = (
    "its page is made of every parameter each link carries, one cache entry per link that is never "
    "asked for again: the page differs per request"
)
# methods of the query string's MultiDict that give all of it
_WHOLE_METHODS = frozenset(
    {"to_dict", "items", "keys", "values", "lists", "listvalues", "copy", "deepcopy", "iteritems", "iterkeys",
     "itervalues", "iterlists", "iterlistvalues", "__iter__"}
)
# builtins that copy a mapping or an iterable whole
_COPIES = frozenset(f"builtins.{name}" for name in ("dict", "list", "tuple", "set", "frozenset", "sorted"))


def hands_on_the_whole_query(rest: list[str], node: cst.CSTNode, parent, callee) -> bool:
    """Whether ``node`` (``request.args`` followed by the attributes ``rest``) hands on the
    whole query string: a method that gives all of it, or ``request.args`` itself copied by a
    builtin, spread with ``**`` or looped over. ``parent(node)`` gives a node's parent,
    ``callee(call)`` the qualified names a call's function resolves to."""
    if rest:
        return rest[0] in _WHOLE_METHODS
    above = parent(node)
    if isinstance(above, (cst.For, cst.CompFor)) and above.iter is node:
        return True
    if not (isinstance(above, cst.Arg) and above.value is node):
        return False
    if above.star == "**":
        return True
    call = parent(above)
    return (
        isinstance(call, cst.Call)
        and len(call.args) == 1
        and not above.keyword
        and not above.star
        and bool(callee(call) & _COPIES)
    )


# the words of a query parameter that names the visitor's own id (``workerId``, ``participant_id``)
_VISITOR_WORDS = frozenset({"worker", "participant", "assignment", "visitor"})
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def visitor_id_read(rest: list[str], node: cst.CSTNode, parent) -> str | None:
    """The parameter's name when ``node`` (``request.args`` followed by the attributes
    ``rest``) reads by a literal name a parameter naming the visitor's id:
    ``request.args["workerId"]``, ``request.args.get("worker_id")``, ``"workerId" in
    request.args``; else None. ``parent(node)`` gives a node's parent."""
    above = parent(node)
    key: cst.BaseExpression | None = None
    if rest == ["get"]:
        if isinstance(above, cst.Call) and above.func is node and above.args and not above.args[0].keyword:
            key = above.args[0].value
    elif rest:
        return None
    elif isinstance(above, cst.Subscript) and above.value is node and len(above.slice) == 1:
        index = above.slice[0].slice
        key = index.value if isinstance(index, cst.Index) else None
    elif isinstance(above, cst.ComparisonTarget) and above.comparator is node and isinstance(above.operator, (cst.In, cst.NotIn)):
        comparison = parent(above)
        key = comparison.left if isinstance(comparison, cst.Comparison) and len(comparison.comparisons) == 1 else None
    name = key.evaluated_value if isinstance(key, cst.SimpleString) else None
    if not isinstance(name, str):
        return None
    words = [word.lower() for word in _WORDS.findall(name)]
    return name if len(words) >= 2 and words[-1] == "id" and words[-2] in _VISITOR_WORDS else None
