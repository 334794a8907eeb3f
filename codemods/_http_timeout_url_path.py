"""http-timeout: the path part of a URL the code builds, whatever follows it (session 33).

A URL is often built with its query string in it: ``"https://host/sparql?query=" + quote(q)``,
``"...?format=json&query=%s" % q``, ``"...?query={}".format(q)``, ``f"{base}/sparql?query={q}"``.
Its literal end is then the query string's, not the path's. ``url_path_end`` reads the URL as
text with a hole for each part the code computes (a name the module or the function binds
once to such an expression is read through, also inside an f-string's braces; anything else
is a hole, and so is a ``%`` or ``.format`` placeholder), cuts it at the first ``?`` or ``#``
of its literal text, and keeps the literal text after the last hole: the end of the URL's
path as the code spells it.

``url_text`` is that reading (session 39: also the URL an exact assertion compares,
_http_timeout_asserted_values): every literal piece it gives is text the URL surely holds
there, so a template whose braces it cannot account for (``{{``, a nested ``{a:{b}}``) or an
f-string piece with a backslash escape is a hole; the names of the module's top level it reads
through are noted (a name other code may write is not sure: _http_timeout_rebound).
"""

from __future__ import annotations

import re
from typing import Any

import libcst as cst
from libcst.metadata import GlobalScope, ScopeProvider

from ._base import metadata_value
from ._http_timeout_calls import parent

HOLE = _HOLE = "\x00"
_PERCENT_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[a-zA-Z%]")
_FORMAT_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def url_path_end(wrapper: Any, url: cst.BaseExpression | None) -> str | None:
    """The literal end of the path part of the URL ``url`` builds (``"/sparql"`` for
    ``base + "/sparql?query=" + q``), or None where a hole ends it or it is no path."""
    text = _url_text(wrapper, url, 0)
    if "://" in text:
        after = text.split("://", 1)[1]
        slash = after.find("/")
        text = after[slash:] if slash >= 0 else ""
    path = re.split(r"[?#]", text, maxsplit=1)[0]
    end = path.rsplit(_HOLE, 1)[-1]
    return end if end.startswith("/") and len(end.rstrip("/")) > 0 else None


def url_text(wrapper: Any, url: cst.BaseExpression | None, read: set[str] | None = None) -> str:
    """``url`` as the text it makes, ``HOLE`` for each part computed; the names of the module's
    top level it reads through go to ``read``."""
    return _url_text(wrapper, url, 0, read if read is not None else set())


def _url_text(wrapper: Any, node: cst.BaseExpression | None, depth: int, read: set[str] | None = None) -> str:
    """``node`` as the text it makes, a hole for each part computed."""
    read = read if read is not None else set()
    if node is None or depth > 4:
        return _HOLE
    if isinstance(node, cst.SimpleString):
        return node.evaluated_value if isinstance(node.evaluated_value, str) else _HOLE
    if isinstance(node, cst.ConcatenatedString):
        return _url_text(wrapper, node.left, depth + 1, read) + _url_text(wrapper, node.right, depth + 1, read)
    if isinstance(node, cst.FormattedString):
        return "".join(_formatted_part(wrapper, part, depth, read) for part in node.parts)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return _url_text(wrapper, node.left, depth + 1, read) + _url_text(wrapper, node.right, depth + 1, read)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Modulo):
        template = _url_text(wrapper, node.left, depth + 1, read)
        return _PERCENT_PLACEHOLDER.sub(lambda found: "%" if found.group() == "%%" else _HOLE, template)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "format":
        filled = _FORMAT_PLACEHOLDER.sub(_HOLE, _url_text(wrapper, node.func.value, depth + 1, read))
        return filled if "{" not in filled and "}" not in filled else _HOLE  # (``{{``, nested fields: not read)
    if isinstance(node, cst.Name):
        value = _bound_once(wrapper, node)
        if value is not None and _at_top_level(wrapper, node):
            read.add(node.value)
        return _url_text(wrapper, value, depth + 1, read)
    return _HOLE


def _formatted_part(wrapper: Any, part: cst.BaseFormattedStringContent, depth: int, read: set[str]) -> str:
    if isinstance(part, cst.FormattedStringText):
        if "\\" in part.value:
            return _HOLE  # (an escape, as the source spells it: not the text it makes)
        return part.value.replace("{{", "{").replace("}}", "}")
    if isinstance(part, cst.FormattedStringExpression) and part.conversion is None and part.format_spec is None:
        return _url_text(wrapper, part.expression, depth + 1, read)  # {base}: a name bound once to a URL
    return _HOLE


def _at_top_level(wrapper: Any, name: cst.Name) -> bool:
    """Whether the name ``name`` reads is bound at the module's top level (not a function's
    own name, which no other code can write)."""
    scope = metadata_value(wrapper, ScopeProvider, name)
    bound = list(scope[name.value]) if scope is not None else []
    return any(isinstance(assignment.scope, GlobalScope) for assignment in bound)


def _bound_once(wrapper: Any, name: cst.Name) -> cst.BaseExpression | None:
    """The value of the only plain assignment (``url = ...``) of the name ``name`` reads,
    in the function or at the module's top level; else None."""
    scope = metadata_value(wrapper, ScopeProvider, name)
    if scope is None:
        return None
    bound = list(scope[name.value])
    target = getattr(bound[0], "node", None) if len(bound) == 1 else None
    holder = parent(wrapper, target) if isinstance(target, cst.Name) else None
    statement = parent(wrapper, holder) if isinstance(holder, cst.AssignTarget) else None
    return statement.value if isinstance(statement, cst.Assign) and len(statement.targets) == 1 else None
