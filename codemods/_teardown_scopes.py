"""Python's scopes on the standard library's AST: what of a function, lambda or class runs
in the scope around it, which names a scope binds itself, and the statements of a body
through its blocks, as the ``teardown`` codemod's rule of what is released at teardown
(``_teardown_released``) reads them."""

from __future__ import annotations

import ast
from typing import Iterator

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def scope_parts(scope: ast.AST) -> tuple[list[ast.AST], list[ast.AST]]:
    """What of a function, lambda or class runs in the scope around it (decorators, defaults,
    annotations of the return, bases), and what in its own (the body)."""
    kind = type(scope)
    if kind is ast.ClassDef:
        return [*scope.decorator_list, *scope.bases, *scope.keywords], list(scope.body)  # type: ignore[attr-defined]
    arguments = scope.args  # type: ignore[attr-defined]
    defaults = [*arguments.defaults, *(d for d in arguments.kw_defaults if d is not None)]
    if kind is ast.Lambda:
        return defaults, [scope.body]  # type: ignore[attr-defined]
    returns = [scope.returns] if scope.returns is not None else []  # type: ignore[attr-defined]
    return [*scope.decorator_list, *defaults, *returns], list(scope.body)  # type: ignore[attr-defined]


def children(node: ast.AST) -> Iterator[ast.AST]:
    for child in ast.iter_child_nodes(node):
        if type(child) not in _CONTEXTS:
            yield child


_CONTEXTS = (ast.Load, ast.Store, ast.Del)


def names_bound(scope: ast.AST, body: list) -> set[str]:
    """The names ``scope`` binds itself in ``body`` (and its parameters), not counting those
    it declares ``global`` or ``nonlocal``; nested functions and classes bind their names only."""
    names: set[str] = set()
    declared: set[str] = set()
    if type(scope) in (*_FUNCTIONS, ast.Lambda):
        arguments = scope.args  # type: ignore[attr-defined]
        every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]
        names.update(a.arg for a in every if a is not None)
    stack = list(body)
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is ast.Name:
            if type(node.ctx) is not ast.Load:  # type: ignore[attr-defined]
                names.add(node.id)  # type: ignore[attr-defined]
            continue
        if kind in (*_FUNCTIONS, ast.ClassDef):
            names.add(node.name)  # type: ignore[attr-defined]
            stack.extend(scope_parts(node)[0])
            continue
        if kind is ast.Lambda:
            stack.extend(scope_parts(node)[0])
            continue
        if kind in (ast.Import, ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names if a.name != "*")  # type: ignore[attr-defined]
        elif kind in (ast.Global, ast.Nonlocal):
            declared.update(node.names)  # type: ignore[attr-defined]
        elif kind is ast.ExceptHandler and node.name:  # type: ignore[attr-defined]
            names.add(node.name)  # type: ignore[attr-defined]
        elif kind in (ast.MatchAs, ast.MatchStar) and node.name:  # type: ignore[attr-defined]
            names.add(node.name)  # type: ignore[attr-defined]
        elif kind is ast.MatchMapping and node.rest:  # type: ignore[attr-defined]
            names.add(node.rest)  # type: ignore[attr-defined]
        stack.extend(children(node))
    return names - declared


def statements_in(body: list) -> Iterator[ast.stmt]:
    """The statements of ``body`` and of the blocks in it, in source order, not those of the
    functions and classes in it."""
    stack = list(reversed(body))
    while stack:
        statement = stack.pop()
        yield statement
        if type(statement) in _SCOPES:
            continue
        inner = list(getattr(statement, "body", ()))
        for part in (*getattr(statement, "handlers", ()), *getattr(statement, "cases", ())):
            inner.extend(part.body)
        inner += [*getattr(statement, "orelse", ()), *getattr(statement, "finalbody", ())]
        stack.extend(reversed([s for s in inner if isinstance(s, ast.stmt)]))
