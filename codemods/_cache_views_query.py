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
"""

from __future__ import annotations

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
