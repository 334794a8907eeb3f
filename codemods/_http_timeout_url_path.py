"""http-timeout: the path part of a URL the code builds, whatever follows it (session 33).

A URL is often built with its query string in it: ``"https://host/sparql?query=" + quote(q)``,
``"...?format=json&query=%s" % q``, ``"...?query={}".format(q)``, ``f"{base}/sparql?query={q}"``.
Its literal end is then the query string's, not the path's. ``url_path_end`` reads the URL as
text with a hole for each part the code computes (a name the module or the function binds
once to such an expression is read through, also inside an f-string's braces; anything else
is a hole, and so is a ``%`` or ``.format`` placeholder), cuts it at the first ``?`` or ``#``
of its literal text, and keeps the literal text after the last hole: the end of the URL's
path as the code spells it.
"""

from __future__ import annotations

import re
from typing import Any

import libcst as cst
from libcst.metadata import ScopeProvider

from ._base import metadata_value
from ._http_timeout_calls import parent

_HOLE = "\x00"
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


def _url_text(wrapper: Any, node: cst.BaseExpression | None, depth: int) -> str:
    """``node`` as the text it makes, a hole for each part computed."""
    if node is None or depth > 4:
        return _HOLE
    if isinstance(node, cst.SimpleString):
        return node.evaluated_value if isinstance(node.evaluated_value, str) else _HOLE
    if isinstance(node, cst.ConcatenatedString):
        return _url_text(wrapper, node.left, depth + 1) + _url_text(wrapper, node.right, depth + 1)
    if isinstance(node, cst.FormattedString):
        return "".join(_formatted_part(wrapper, part, depth) for part in node.parts)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return _url_text(wrapper, node.left, depth + 1) + _url_text(wrapper, node.right, depth + 1)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Modulo):
        template = _url_text(wrapper, node.left, depth + 1)
        return _PERCENT_PLACEHOLDER.sub(lambda found: "%" if found.group() == "%%" else _HOLE, template)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "format":
        template = _url_text(wrapper, node.func.value, depth + 1)
        return _FORMAT_PLACEHOLDER.sub(_HOLE, template)
    if isinstance(node, cst.Name):
        return _url_text(wrapper, _bound_once(wrapper, node), depth + 1)
    return _HOLE


def _formatted_part(wrapper: Any, part: cst.BaseFormattedStringContent, depth: int) -> str:
    if isinstance(part, cst.FormattedStringText):
        return part.value
    if isinstance(part, cst.FormattedStringExpression) and part.conversion is None and part.format_spec is None:
        return _url_text(wrapper, part.expression, depth + 1)  # {base}: a name bound once to a URL
    return _HOLE


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
