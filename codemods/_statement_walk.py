"""A module's statements of some kinds (its imports, its ``global`` statements, ...), found
without walking its expressions.

``ast.walk`` visits every node, and expressions are most of a module's nodes; an import is a
statement, and only statements (with the ``except`` handlers and ``case`` blocks that hold
them) hold statements. ``import_statements`` walks those alone, breadth first and in field
order as ``ast.walk`` does, so it gives the imports in the order ``ast.walk`` meets them (a
caller that lets a later import win, or follows imports in order, sees no difference).
"""

from __future__ import annotations

import ast
from collections import deque

# the fields that hold statements (or handlers and cases, which do)
_STATEMENT_FIELDS = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})
_FIELDS: dict[type, tuple[str, ...]] = {}


def import_statements(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every ``import`` and ``from ... import`` in ``tree``, in ``ast.walk``'s order."""
    return statements_of_kinds(tree, (ast.Import, ast.ImportFrom))  # type: ignore[return-value]


def statements_of_kinds(tree: ast.AST, kinds: tuple[type, ...]) -> list[ast.stmt]:
    """Every statement of one of ``kinds`` in ``tree`` (itself included), in ``ast.walk``'s
    order: the same walk as ``import_statements``, for any statements."""
    found: list[ast.stmt] = []
    queue: deque[ast.AST] = deque([tree])
    while queue:
        node = queue.popleft()
        kind = type(node)
        if kind in kinds:
            found.append(node)  # type: ignore[arg-type]
        fields = _FIELDS.get(kind)
        if fields is None:
            fields = _FIELDS[kind] = tuple(name for name in kind._fields if name in _STATEMENT_FIELDS)
        for name in fields:
            value = getattr(node, name, None)
            if type(value) is list:  # a lambda's or a conditional expression's body is no list
                queue.extend(value)
    return found


# what opens a scope of its own: its statements are not the module's
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def module_statements(body: list[ast.stmt]):
    """The module's own statements, those that run at import (through compound statements,
    not into functions or classes, which are yielded themselves)."""
    for statement in body:
        yield statement
        if isinstance(statement, _SCOPES):
            continue
        for field in ("body", "orelse", "finalbody"):
            yield from module_statements(getattr(statement, field, None) or [])
        for part in getattr(statement, "handlers", None) or getattr(statement, "cases", None) or []:
            yield from module_statements(part.body)
