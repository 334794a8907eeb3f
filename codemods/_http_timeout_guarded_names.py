"""http-timeout: the strings a name holds where an ``if`` has just compared it with literals.

``if method == "get": getattr(requests, method)(url)`` calls ``requests.get``, whatever the
function was handed (VEOps CMDB's ``api_request``, which lowers its ``method`` parameter and then
branches on it). A name read in the body of an ``if`` (or ``elif``) whose test is ``NAME ==
"literal"``, ``"literal" == NAME`` or ``NAME in ("a", "b")`` holds one of those literals there,
when it is a local of the enclosing function (a parameter or a name the function binds, not
declared ``global`` or ``nonlocal``: a global may be bound again by any call the branch makes)
and nothing in the branch binds it again. The ``else`` branch, ``!=`` and ``not in`` tell
nothing. Nothing else is inferred.
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from ._http_timeout_calls import parent


def guarded_values(wrapper: Any, name: cst.Name) -> set[str] | None:
    """The literals an enclosing ``if`` test narrows ``name`` to where it is read; None when no
    test does (see the module's docstring)."""
    child: cst.CSTNode = name
    node = parent(wrapper, name)
    while node is not None and not isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.Module)):
        if isinstance(node, cst.If) and child is node.body:
            values = _compared(node.test, name.value)
            if values is not None:
                if _binds(node.body, name.value):
                    return None
                function = _function_of(wrapper, node)
                return values if function is not None and _local(function, name.value) else None
        child, node = node, parent(wrapper, node)
    return None


def _compared(test: cst.BaseExpression, name: str) -> set[str] | None:
    """The literals ``test`` compares ``name`` equal with, or finds it among; None for another test."""
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return None
    target = test.comparisons[0]
    left, right = test.left, target.comparator
    if isinstance(target.operator, cst.Equal):
        if _is_name(right, name):
            left, right = right, left
        literal = _string(right)
        return {literal} if _is_name(left, name) and literal is not None else None
    if isinstance(target.operator, cst.In) and _is_name(left, name) and isinstance(right, (cst.Tuple, cst.List, cst.Set)):
        values = [_string(element.value) for element in right.elements]
        strings = {value for value in values if value is not None}
        return strings if values and len(strings) == len(set(values)) and None not in values else None
    return None


def _is_name(node: cst.BaseExpression, name: str) -> bool:
    return isinstance(node, cst.Name) and node.value == name


def _string(node: cst.BaseExpression) -> str | None:
    value = node.evaluated_value if isinstance(node, cst.SimpleString) else None
    return value if isinstance(value, str) else None


class _Bindings(cst.CSTVisitor):
    """What a block does to ``name``: binds it (an assignment, a loop or ``with`` target, ``:=``,
    an import, a nested ``def`` or ``class``, ``del``), or declares it ``global``/``nonlocal``.
    A nested function's or class's body is its own."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.bound = False
        self.declared = False

    def _target(self, target: cst.CSTNode | None) -> None:
        if target is not None and any(node.value == self.name for node in _names_in(target)):
            self.bound = True

    def _declare(self, node: cst.Global | cst.Nonlocal) -> None:
        if any(item.name.value == self.name for item in node.names):
            self.declared = True

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._target(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._target(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._target(node.target)

    def visit_For(self, node: cst.For) -> None:
        self._target(node.target)

    def visit_AsName(self, node: cst.AsName) -> None:
        self._target(node.name)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._target(node.target)

    def visit_Del(self, node: cst.Del) -> None:
        self._target(node.target)

    def visit_ImportAlias(self, node: cst.ImportAlias) -> None:
        if node.asname is None and isinstance(node.name, cst.Name):
            self._target(node.name)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self._target(node.name)
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self._target(node.name)
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_Global(self, node: cst.Global) -> None:
        self._declare(node)

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        self._declare(node)


def _names_in(target: cst.CSTNode) -> list[cst.Name]:
    if isinstance(target, cst.Name):
        return [target]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [name for element in target.elements for name in _names_in(element.value)]
    if isinstance(target, cst.StarredElement):
        return _names_in(target.value)
    return []


def _bindings(block: cst.CSTNode, name: str) -> _Bindings:
    visitor = _Bindings(name)
    block.visit(visitor)
    return visitor


def _binds(block: cst.CSTNode, name: str) -> bool:
    found = _bindings(block, name)
    return found.bound or found.declared


def _function_of(wrapper: Any, node: cst.CSTNode) -> cst.FunctionDef | None:
    current = parent(wrapper, node)
    while current is not None and not isinstance(current, (cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.Module)):
        current = parent(wrapper, current)
    return current if isinstance(current, cst.FunctionDef) else None


def _local(function: cst.FunctionDef, name: str) -> bool:
    """``name`` is a parameter of ``function`` or bound in its body, and not declared global or nonlocal there."""
    params = function.params
    every = [*params.posonly_params, *params.params, *params.kwonly_params]
    every += [p for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param)]
    found = _bindings(function.body, name)
    return not found.declared and (found.bound or any(p.name.value == name for p in every))
