"""teardown: whether a module-level instance of a scoped session is given back at import.

``db = Session()`` at module level, a query, then ``db.close()`` (ruqqus' categories read once
at import): the instance holds nothing once its module is imported, unless something still
reads the name afterwards. ``closed_at_import`` reads the module that takes it; ``reads_of``
what another module of the application may read of it: the name imported from it
(``from .categories import db``), an attribute of it (``categories.db``), or, in a module
with a star import, a global read of the name that the module binds nowhere (the star may
bring it, through a package's ``__init__`` as well: read conservatively, whatever the star
imports).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_SCOPES = (*_FUNCTIONS, ast.ClassDef)


def closed_at_import(tree: ast.Module, name: str, line: int) -> int | None:
    """The module-level ``name = ...`` on ``line`` is followed by a module-level statement
    ``name.close()``, after which no module-level statement reads ``name``, and no function
    or class of the module reads the global ``name`` (one that binds it itself does not): the
    line of that close, else None."""
    closed_at = None
    for statement in tree.body:
        if statement.lineno <= line:
            continue
        if closed_at is None:
            if _is_close_of(statement, name):
                closed_at = statement.lineno
            continue
        if isinstance(statement, _SCOPES):
            continue
        if _reads(statement, name):
            return False
    return closed_at if closed_at is not None and name not in _global_reads(tree) else None


def _scope_parts(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.Lambda):
        return [node.body]
    return list(node.body)  # type: ignore[attr-defined]


def _is_close_of(statement: ast.stmt, name: str) -> bool:
    value = statement.value if isinstance(statement, ast.Expr) else None
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr == "close"
        and isinstance(value.func.value, ast.Name)
        and value.func.value.id == name
        and not value.args
        and not value.keywords
    )


def _reads(node: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load) for n in ast.walk(node))


@dataclass(frozen=True)
class OutsideReads:
    """What one module may read of other modules' module-level names, each with its first line."""

    imported: dict[tuple[str, str], int]  # (last part of the module, name) of each ``from ... import name``
    modules: frozenset[tuple[str, str]]  # (what the import binds, dotted, last part of the module)
    attributes: dict[tuple[str, str], int]  # (dotted value, attr) of each ``value.attr`` read
    unbound: dict[str, int]  # with a star import: names read where no scope of the module binds them


def outside_reads(tree: ast.Module) -> OutsideReads:
    imported: dict[tuple[str, str], int] = {}
    modules: set[tuple[str, str]] = set()
    attributes: dict[tuple[str, str], int] = {}
    star = False
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name == "*":
                    star = True
                    continue
                imported.setdefault(((node.module or "").rsplit(".", 1)[-1], alias.name), node.lineno)
                modules.add((alias.asname or alias.name, alias.name))  # ``from pkg import categories``
        elif isinstance(node, ast.Import):
            for alias in node.names:
                modules.add((alias.asname or alias.name, alias.name.rsplit(".", 1)[-1]))
        elif isinstance(node, ast.Attribute):
            value = _dotted(node.value)
            if value is not None:
                key = (value, node.attr)
                attributes[key] = min(attributes.get(key, node.lineno), node.lineno)
    unbound = _unbound_reads(tree) if star else {}
    return OutsideReads(imported, frozenset(modules), attributes, unbound)


def reads_of(found: OutsideReads, stem: str, name: str) -> int | None:
    """The first line where a module with ``found`` may read ``name`` of the module whose last
    part is ``stem`` (None: nowhere)."""
    lines = [found.imported.get((stem, name)), found.unbound.get(name)]
    lines += [found.attributes.get((bound, name)) for bound, module in found.modules if module == stem]
    known = [line for line in lines if line is not None]
    return min(known) if known else None


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner is not None else None
    return None


def _unbound_reads(tree: ast.Module) -> dict[str, int]:
    """Names read (loaded) where neither their function, the functions around it, nor the
    module binds them (a star import's names among them), with the first line of each."""
    bound = _bound_in(tree.body)
    return {name: line for name, line in _global_reads(tree, module_too=True).items() if name not in bound}


def _global_reads(tree: ast.Module, module_too: bool = False) -> dict[str, int]:
    """Names read in the module's functions and classes (and, ``module_too``, at module
    level) that no function or class around the read binds: the module's globals they read,
    with the first line of each."""
    found: dict[str, int] = {}

    def visit(nodes: list, around: list[set[str]]) -> None:
        for node in nodes:
            for child in _own_nodes(node):
                if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load):
                    if (around or module_too) and not any(child.id in bound for bound in around):
                        found[child.id] = min(found.get(child.id, child.lineno), child.lineno)
                elif isinstance(child, _FUNCTIONS):
                    inner = _parameters(child.args) | _bound_in(_scope_parts(child))
                    visit(_scope_parts(child), [*around, inner])
                elif isinstance(child, ast.ClassDef):
                    visit(list(child.body), [*around, _bound_in(child.body)])

    visit(list(tree.body), [])
    return found


def _own_nodes(node: ast.AST):
    """``node`` and the nodes under it, not those inside a function or class it holds (the
    function or class itself is given, with its decorators, defaults and bases, read here)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, _SCOPES):
            stack.extend((*getattr(current, "decorator_list", ()), *_defaults(current)))
        else:
            stack.extend(ast.iter_child_nodes(current))


def _defaults(node: ast.AST) -> list[ast.AST]:
    args = getattr(node, "args", None)
    if not isinstance(args, ast.arguments):
        return list(getattr(node, "bases", ())) + [k.value for k in getattr(node, "keywords", ())]
    return [*args.defaults, *(d for d in args.kw_defaults if d is not None)]


def _parameters(args: ast.arguments) -> set[str]:
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    return {a.arg for a in every if a is not None}


def _bound_in(statements: list) -> set[str]:
    """Names a scope's own statements bind (not inside its functions or classes, whose names
    it binds)."""
    bound: set[str] = set()
    declared: set[str] = set()  # ``global`` / ``nonlocal``: bound elsewhere
    for statement in statements:
        for node in _own_nodes(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                bound.add(node.id)
            elif isinstance(node, _SCOPES) and not isinstance(node, ast.Lambda):
                bound.add(node.name)  # type: ignore[union-attr]
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                bound.update((a.asname or a.name.split(".", 1)[0]) for a in node.names if a.name != "*")
            elif isinstance(node, ast.ExceptHandler) and node.name:
                bound.add(node.name)
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                declared.update(node.names)
    return bound - declared
