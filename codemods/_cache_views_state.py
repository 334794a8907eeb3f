"""State other code changes, for cache-views: the top-level names of a module its functions
change (``X[k] = v``, ``X.a = v``, ``del X[k]``, ``global X``; ``X.append(v)``). A page that
reads such a name could go stale.

``mutated`` is exact (LibCST's scopes say which names are the module's own). ``changed_roots``
is a quick superset found by Python's own parser on the module's text, without scopes: a name
it does not hold is not changed, and the module's scopes need not be resolved for it.
"""

from __future__ import annotations

import ast
from typing import Callable

import libcst as cst
from libcst.metadata import Assignment, ScopeProvider

from ._base import metadata_value
from ._cache_views_catalog import CONTAINER_METHODS
from ._cache_views_project import SourceModule
from ._project_view import parsed


def changed_roots(module: SourceModule) -> frozenset[str] | None:
    """Every name ``mutated`` finds in ``module`` and more, found without LibCST's scopes
    (Python's own parser on the module's text): names declared global or deleted, and the
    names at the root of anything assigned to or deleted through an attribute or subscript,
    or of a changing method's receiver, wherever they are. None when unknown (no text)."""
    tree = parsed(module.text) if module.text is not None else None
    if tree is None:
        return None
    roots: set[str] = set()
    for node in ast.walk(tree):
        kind = type(node)
        if kind is ast.Global:
            roots.update(node.names)  # type: ignore[attr-defined]
            continue
        if kind is ast.Name and type(node.ctx) is ast.Del:  # type: ignore[attr-defined]
            roots.add(node.id)  # type: ignore[attr-defined]
            continue
        if kind in (ast.Attribute, ast.Subscript) and type(node.ctx) is not ast.Load:  # type: ignore[attr-defined]
            changed: ast.AST = node
        elif kind is ast.Call and type(node.func) is ast.Attribute and node.func.attr in CONTAINER_METHODS:  # type: ignore[attr-defined]
            changed = node.func.value
        else:
            continue
        while type(changed) in (ast.Attribute, ast.Subscript):
            changed = changed.value  # type: ignore[attr-defined]
        if type(changed) is ast.Name:
            roots.add(changed.id)
    return frozenset(roots)


def mutated(module: SourceModule) -> tuple[frozenset[str], frozenset[str]]:
    # a name the module's scope binds nothing to is no global (and its function's scopes
    # need not be asked: they may be resolved only when asked, _cache_views_scopes)
    scope = metadata_value(module.wrapper, ScopeProvider, module.module)
    bound = {assignment.name for assignment in scope.assignments} if scope is not None else None
    collector = _Mutations(lambda name: (bound is None or name.value in bound) and _names_a_global(module, name))
    module.module.visit(collector)
    return frozenset(collector.assigned), frozenset(collector.called)


def _names_a_global(module: SourceModule, name: cst.Name) -> bool:
    """True when ``name`` (in a function) refers to a name bound at the module's top."""
    scope = metadata_value(module.wrapper, ScopeProvider, name)
    if scope is None or name.value not in scope:
        return False
    found = list(scope[name.value])
    return bool(found) and all(isinstance(a, Assignment) and a.scope is a.scope.globals for a in found)


class _Mutations(cst.CSTVisitor):
    """The module's top-level names its functions change (a function's own locals of the
    same name do not count)."""

    def __init__(self, names_a_global: Callable[[cst.Name], bool]) -> None:
        self.names_a_global = names_a_global
        self.assigned: set[str] = set()
        self.called: set[str] = set()
        self.depth = 0

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.depth += 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.depth -= 1

    def visit_Global(self, node: cst.Global) -> None:
        self.assigned.update(n.name.value for n in node.names)

    def _root(self, node: cst.CSTNode, into: set[str]) -> None:
        while isinstance(node, (cst.Attribute, cst.Subscript)):
            node = node.value
        if isinstance(node, cst.Name) and self.depth and self.names_a_global(node):
            into.add(node.value)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        if isinstance(node.target, (cst.Attribute, cst.Subscript)):
            self._root(node.target, self.assigned)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.target, (cst.Attribute, cst.Subscript)):
            self._root(node.target, self.assigned)

    def visit_Del(self, node: cst.Del) -> None:
        self._root(node.target, self.assigned)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in CONTAINER_METHODS:
            self._root(func.value, self.called)
