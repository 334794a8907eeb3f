"""Whether rendering a template costs something, for cache-views' scan.

Jinja2 compiles a template once and keeps it: rendering it again with values the view was
given is string concatenation, nothing worth a cache. ``passes_only_given`` says whether every
value a ``render_template(...)`` call passes is one of those: a literal (or a container of
literals), a parameter of the view itself, a value of the query string (``request.args[...]``,
``request.args.get(...)``), a URL (``url_for``), ``int``/``float``/``str``/``bool`` of those,
or a local name every binding of which is one of those. Anything else (a call, an attribute,
a name of unknown origin, a helper's parameter, which holds whatever its caller computed) is
a computed value, and the render costs something.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import Assignment

from ._cache_views_catalog import URL_FOR
from ._names import dotted_name

_GIVEN_CALLS = frozenset({"builtins.int", "builtins.float", "builtins.str", "builtins.bool", *URL_FOR})
_QUERY_STRING = "flask.request.args"
_QUERY_METHODS = frozenset({"get", "getlist"})
_LITERALS = (cst.SimpleString, cst.ConcatenatedString, cst.Integer, cst.Float, cst.Imaginary)


def passes_only_given(scan, call: cst.Call, template: cst.BaseExpression | None) -> bool:
    """Every argument of ``call`` but the template's name is a value given or spelled out."""
    return all(arg.value is template or _given(scan, arg.value, set()) for arg in call.args)


def _given(scan, node: cst.BaseExpression, seen: set[int]) -> bool:
    if isinstance(node, _LITERALS):
        return True
    if isinstance(node, cst.Name):
        return node.value in ("True", "False", "None") or _given_name(scan, node, seen)
    if isinstance(node, cst.UnaryOperation):
        return _given(scan, node.expression, seen)
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return all(_given(scan, element.value, seen) for element in node.elements)
    if isinstance(node, cst.Dict):
        return all(
            (isinstance(element, cst.DictElement) and _given(scan, element.key, seen) or
             isinstance(element, cst.StarredDictElement)) and _given(scan, element.value, seen)
            for element in node.elements
        )
    if isinstance(node, cst.Subscript):  # request.args["name"]
        return _is_query_string(scan, node.value) and all(
            isinstance(element.slice, cst.Index) and _given(scan, element.slice.value, seen) for element in node.slice
        )
    if isinstance(node, cst.Call):
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in _QUERY_METHODS:
            if not _is_query_string(scan, func.value):
                return False
        elif dotted_name(func) is None or not {q.name for q in scan.m.qualified(func)} & _GIVEN_CALLS:
            return False
        return all(arg.star == "" and _given(scan, arg.value, seen) for arg in node.args)
    return False


def _is_query_string(scan, node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Attribute) and any(q.name == _QUERY_STRING for q in scan.m.qualified(node))


def _given_name(scan, name: cst.Name, seen: set[int]) -> bool:
    """A parameter of the view itself, or a name bound only by plain assignments of given values."""
    scope = scan.a.scope(scan.m, name)
    if scope is None or name.value not in scope:
        return False
    assignments = list(scope[name.value])
    if not assignments:
        return False
    for assignment in assignments:
        if not isinstance(assignment, Assignment):
            return False
        node = assignment.node
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, cst.Param):
            if not (scan.is_view and _is_parameter_of(node, scan.root)):
                return False
            continue
        parent = scan.a.parent(scan.m, node)
        target = scan.a.parent(scan.m, parent) if isinstance(parent, cst.AssignTarget) else None
        if isinstance(target, cst.Assign) and parent.target is node:
            value = target.value
        elif isinstance(parent, cst.AnnAssign) and parent.target is node and parent.value is not None:
            value = parent.value
        else:
            return False
        if not _given(scan, value, seen):
            return False
    return True


def _is_parameter_of(param: cst.Param, function: cst.CSTNode) -> bool:
    params = getattr(function, "params", None)
    if not isinstance(params, cst.Parameters):
        return False
    every = list(params.posonly_params) + list(params.params) + list(params.kwonly_params)
    every += [p for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param)]
    return any(p is param for p in every)
