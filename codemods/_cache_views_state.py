"""State other code changes, for cache-views: the top-level names of a module its functions
change (``X[k] = v``, ``X.a = v``, ``del X[k]``, ``global X``; ``X.append(v)``). A page that
reads such a name could go stale.

``mutated`` is exact (LibCST's scopes say which names are the module's own). ``changed_roots``
is a quick superset found by Python's own parser on the module's text, without scopes: a name
it does not hold is not changed, and the module's scopes need not be resolved for it (nor its
functions walked: the app a module configures at its top, ``app.config[k] = v``, is no state
its functions change).
"""

from __future__ import annotations

import ast

import libcst as cst
from libcst.metadata import Assignment, ScopeProvider

from ._ast_walk import walk
from ._base import metadata_value
from ._cache_views_catalog import CONTAINER_METHODS
from ._cache_views_project import SourceModule
from ._function_defs import AST_BLOCK_FIELDS
from ._node_fields import nodes_below


def changed_roots(module: SourceModule) -> frozenset[str] | None:
    """Every name ``mutated`` finds in ``module`` and more, found without LibCST's scopes
    (Python's own parser on the module's text): names declared global, and in functions
    (their decorators and parameters too) the names deleted and the names at the root of
    anything assigned to or deleted through an attribute or subscript, or of a changing
    method's receiver; outside functions (``app.config[k] = v`` at the top) only ``global``
    counts, as for ``mutated``. None when unknown (no stdlib AST)."""
    tree = module.python_tree()
    return None if tree is None else changed_roots_in(tree)


def changed_roots_in(tree: ast.Module) -> frozenset[str]:
    """``changed_roots`` of the module whose stdlib AST is ``tree``."""
    roots: set[str] = set()
    statements: list[ast.AST] = list(tree.body)
    while statements:  # outside functions: statements alone (no function in an expression)
        statement = statements.pop()
        kind = type(statement)
        if kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
            _changed_in_function(statement, roots)
        elif kind is ast.Global:
            roots.update(statement.names)  # type: ignore[attr-defined]
        else:
            for name in AST_BLOCK_FIELDS:
                for inner in getattr(statement, name, ()):
                    statements.append(inner)
    return frozenset(roots)


def _changed_in_function(function: ast.AST, roots: set[str]) -> None:
    for node in walk((function,)):
        kind = type(node)
        if kind is ast.Global:
            roots.update(node.names)  # type: ignore[attr-defined]
            continue
        if kind is ast.Name:
            if type(node.ctx) is ast.Del:  # type: ignore[attr-defined]
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


def mutated(module: SourceModule, name: str, *, called_too: bool) -> bool:
    """True when the functions of ``module`` change its top-level name ``name``: declared
    global, assigned or deleted through (``X[k] = v``, ``X.a = v``); with ``called_too``, also
    given a changing method call (``X.append(v)``). Only the functions that spell ``name``
    so are asked for their scopes (which may be resolved only when asked: _lazy_scopes)."""
    return module.fact(f"mutated {name} {called_too}", lambda it: _mutated(it, name, called_too))  # type: ignore[return-value]


def _mutated(module: SourceModule, name: str, called_too: bool) -> bool:
    declared, changes = module.fact("changes", _changes)  # type: ignore[misc]
    if name in declared:
        return True
    spelled = [node for node, call in changes.get(name, ()) if called_too or not call]
    if not spelled:
        return False
    # a name the module's scope binds nothing to is no global
    scope = metadata_value(module.wrapper, ScopeProvider, module.module)
    if scope is not None and all(assignment.name != name for assignment in scope.assignments):
        return False
    return any(_names_a_global(module, node) for node in spelled)


def _changes(module: SourceModule) -> tuple[frozenset[str], dict[str, list[tuple[cst.Name, bool]]]]:
    """(the names declared global anywhere in ``module``; by name, the names in its functions
    at the root of what is assigned or deleted through, each with whether it is rather the
    receiver of a changing method call). Each may be a function's own local of that name."""
    declared: set[str] = set()
    changes: dict[str, list[tuple[cst.Name, bool]]] = {}
    outside = nodes_below(module.module, stop_at=(cst.FunctionDef,))
    for node in outside:
        if type(node) is cst.Global:
            declared.update(n.name.value for n in node.names)  # type: ignore[attr-defined]
    for function in outside:
        if type(function) is not cst.FunctionDef:
            continue
        for node in nodes_below(function):  # its decorators and parameters too
            kind = type(node)
            if kind is cst.Global:
                declared.update(n.name.value for n in node.names)  # type: ignore[attr-defined]
                continue
            if kind is cst.AssignTarget or kind is cst.AugAssign:
                changed, call = node.target, False  # type: ignore[attr-defined]
                if type(changed) is not cst.Attribute and type(changed) is not cst.Subscript:
                    continue
            elif kind is cst.Del:
                changed, call = node.target, False  # type: ignore[attr-defined]
            elif kind is cst.Call and type(node.func) is cst.Attribute and node.func.attr.value in CONTAINER_METHODS:  # type: ignore[attr-defined]
                changed, call = node.func.value, True  # type: ignore[attr-defined]
            else:
                continue
            while type(changed) is cst.Attribute or type(changed) is cst.Subscript:
                changed = changed.value
            if type(changed) is cst.Name:
                changes.setdefault(changed.value, []).append((changed, call))
    return frozenset(declared), changes


def _names_a_global(module: SourceModule, name: cst.Name) -> bool:
    """True when ``name`` (in a function) refers to a name bound at the module's top."""
    scope = metadata_value(module.wrapper, ScopeProvider, name)
    if scope is None or name.value not in scope:
        return False
    found = list(scope[name.value])
    return bool(found) and all(isinstance(a, Assignment) and a.scope is a.scope.globals for a in found)
