"""Small questions about one node of a module's standard-library AST, for the codemods' gates
and ``_ast_facts``: an assignment's target and value, the last name a callee is spelled with, a
keyword argument's value, a string literal, ``TYPE_CHECKING``. Pure: no LibCST trees."""

from __future__ import annotations

import ast

from ._names import dotted_name

_Name, _Attribute, _Constant = ast.Name, ast.Attribute, ast.Constant


def assignment(statement: ast.stmt) -> tuple[ast.expr, ast.expr] | None:
    """``(target, value)`` for ``target = value`` (one target) or ``target: T = value``."""
    if type(statement) is ast.Assign and len(statement.targets) == 1:  # type: ignore[attr-defined]
        return statement.targets[0], statement.value  # type: ignore[attr-defined]
    if type(statement) is ast.AnnAssign and statement.value is not None:  # type: ignore[attr-defined]
        return statement.target, statement.value  # type: ignore[attr-defined]
    return None


def assigned(statement: ast.stmt) -> tuple[str, ast.expr] | None:
    """``(name, value)`` for ``NAME = value`` (one target) or ``NAME: T = value``."""
    found = assignment(statement)
    return (found[0].id, found[1]) if found is not None and type(found[0]) is _Name else None  # type: ignore[attr-defined]


def is_true(node: ast.AST | None) -> bool:
    return type(node) is _Constant and node.value is True  # type: ignore[attr-defined]


def last_name(func: ast.AST) -> str | None:
    """``c`` for a callee spelled ``c`` or ``a.b.c``."""
    if type(func) is _Attribute:
        return func.attr  # type: ignore[attr-defined]
    return func.id if type(func) is _Name else None  # type: ignore[attr-defined]


def is_type_checking(test: ast.AST) -> bool:
    """``TYPE_CHECKING`` or ``typing.TYPE_CHECKING``: code for type checkers only."""
    return (dotted_name(test) or "").endswith("TYPE_CHECKING")


def is_string(node: ast.AST) -> bool:
    """A string or bytes literal, or an f-string."""
    if type(node) is ast.JoinedStr:
        return True
    return type(node) is _Constant and isinstance(node.value, (str, bytes))  # type: ignore[attr-defined]


def keyword_value(call: ast.Call, name: str) -> ast.expr | None:
    """The value of ``call``'s keyword argument ``name``, if given."""
    return next((k.value for k in call.keywords if k.arg == name), None)
