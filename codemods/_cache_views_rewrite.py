"""The rewrite of cache-views: ``@cache.cached(...)`` under each chosen view's route, and the
cache object's import or creation as the plan (``_cache_views_setup.Setup``) says.

Only the nodes on the way to a change are visited; everything else is kept as it is.
"""

from __future__ import annotations

from typing import Callable, Sequence

import libcst as cst

from ._cache_views_setup import Setup
from ._flask import AppObject
from ._imports import add_imports
from ._names import dotted_name

CACHE_CONFIG = '{"CACHE_TYPE": "SimpleCache"}'


class Rewriter(cst.CSTTransformer):
    """Inserts decorators and statements; descends only into nodes on the way to a change."""

    def __init__(self, parent: Callable[[cst.CSTNode], cst.CSTNode | None]) -> None:
        self.parent = parent
        self.decorate: dict[int, tuple[int, cst.Decorator]] = {}
        self.after: dict[int, list[cst.BaseStatement]] = {}
        self.before_top: dict[int, list[cst.BaseStatement]] = {}
        self.paths: set[int] = set()

    def mark(self, node: cst.CSTNode) -> None:
        """Remember ``node`` and its ancestors as the nodes to descend into."""
        current: cst.CSTNode | None = node
        while current is not None and id(current) not in self.paths:
            self.paths.add(id(current))
            current = self.parent(current)

    def on_visit(self, node: cst.CSTNode) -> bool:
        return isinstance(node, cst.Module) or id(node) in self.paths

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef) -> cst.FunctionDef:
        entry = self.decorate.get(id(original_node))
        if entry is None:
            return updated_node
        position, decorator = entry
        decorators = list(updated_node.decorators)
        decorators.insert(position, decorator)
        return updated_node.with_changes(decorators=decorators)

    def _splice(self, original: Sequence, updated: Sequence, top: bool) -> list:
        body: list = []
        for i, (old, new) in enumerate(zip(original, updated)):
            if top:
                body.extend(self.before_top.get(i, ()))
            body.append(new)
            body.extend(self.after.get(id(old), ()))
        if top:
            body.extend(self.before_top.get(len(original), ()))
        return body

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        if not any(id(s) in self.after for s in original_node.body):
            return updated_node
        return updated_node.with_changes(body=self._splice(original_node.body, updated_node.body, False))

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        return updated_node.with_changes(body=self._splice(original_node.body, updated_node.body, True))


def rewrite(
    module: cst.Module,
    parent: Callable[[cst.CSTNode], cst.CSTNode | None],
    setup: Setup,
    views: list[tuple[cst.FunctionDef, int, bool]],
    anchor: Callable[[AppObject], cst.BaseStatement],
    timeout: int,
    straight_first: bool = False,
) -> cst.Module:
    """``views``: (function, index among its decorators to insert at, query_string);
    ``straight_first``: as ``add_imports`` takes it."""
    rewriter = Rewriter(parent)
    imports: list[tuple[str, str | None]] = []
    name = setup.name or "cache"
    if setup.mode == "import":
        imports.append((setup.import_from, name))
    elif setup.mode in ("app", "factory"):
        app = setup.app
        assert app is not None
        cache_class = _cache_class(module, imports)
        statement = anchor(app)
        if setup.mode == "app":
            rewriter.after[id(statement)] = [_statement(f"{name} = {cache_class}({app.name}, config={CACHE_CONFIG})")]
        else:
            rewriter.before_top[_first_code_index(module)] = [_statement(f"{name} = {cache_class}()", blank=True)]
            rewriter.after[id(statement)] = [_statement(f"{name}.init_app({app.name}, config={CACHE_CONFIG})")]
        rewriter.mark(statement)
    for function, position, query_string in views:
        arguments = f"timeout={timeout}" + (", query_string=True" if query_string else "")
        decorator = cst.Decorator(decorator=cst.parse_expression(f"{name}.cached({arguments})"))
        rewriter.decorate[id(function)] = (position, decorator)
        rewriter.mark(function)
    new_module = module.visit(rewriter)
    return add_imports(new_module, imports, straight_first=straight_first) if imports else new_module


def _cache_class(module: cst.Module, imports: list) -> str:
    """How to spell flask_caching.Cache here, recording the import it needs."""
    taken = False
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                for alias in small.names:
                    bound = alias.asname.name if alias.asname else alias.name
                    if not small.relative and small.module is not None and dotted_name(small.module) == "flask_caching":
                        if dotted_name(alias.name) == "Cache" and isinstance(bound, cst.Name):
                            return bound.value
                    taken |= isinstance(bound, cst.Name) and bound.value == "Cache"
    if not taken and "Cache" not in _top_level_names(module):
        imports.append(("flask_caching", "Cache"))
        return "Cache"
    imports.append(("flask_caching", None))
    return "flask_caching.Cache"


def _top_level_names(module: cst.Module) -> set[str]:
    names: set[str] = set()
    for statement in module.body:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            names.add(statement.name.value)
        elif isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign):
                    names.update(t.target.value for t in small.targets if isinstance(t.target, cst.Name))
    return names


def _statement(code: str, blank: bool = False) -> cst.BaseStatement:
    statement = cst.parse_statement(code)
    return statement.with_changes(leading_lines=[cst.EmptyLine()]) if blank else statement


def _first_code_index(module: cst.Module) -> int:
    """Index of the first statement after the module's docstring and leading imports."""
    for i, statement in enumerate(module.body):
        if isinstance(statement, cst.SimpleStatementLine):
            if all(isinstance(s, (cst.Import, cst.ImportFrom)) for s in statement.body):
                continue
            if i == 0 and len(statement.body) == 1 and isinstance(statement.body[0], cst.Expr) and isinstance(
                statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString)
            ):
                continue
        return i
    return len(module.body)
