"""Function definitions, simple statement lines and small statements in source order, found
statement by statement.

Neither a ``def`` nor a statement line can sit inside an expression, so a walk over the
statements alone (module, blocks, the bodies of compound statements) finds them all, in the
order a LibCST visitor meets them, at a small part of the cost of visiting every node. The
same walk over the standard library's AST of the same code finds the same definitions in the
same order, so the two lists pair up one to one (``function_name_position`` reads a
definition's name position off that pairing instead of rendering the tree for it).
"""

from __future__ import annotations

import ast
from typing import Union

import libcst as cst

# the fields of a LibCST node that hold statements or blocks of them, in source order
# the fields of a LibCST statement that hold statements or clauses
CST_BLOCK_FIELDS = ("body", "handlers", "orelse", "finalbody", "cases")
# the fields of a stdlib AST statement (or clause) that hold statements or clauses
AST_BLOCK_FIELDS = ("body", "handlers", "orelse", "finalbody", "cases")
_AST_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)

CstStatement = Union[cst.FunctionDef, cst.SimpleStatementLine]


def cst_statements(module: cst.Module) -> list[tuple[CstStatement, cst.FunctionDef | None]]:
    """Every ``FunctionDef`` and ``SimpleStatementLine`` of ``module`` in the order a visitor
    meets them, each with the innermost function definition around it (None at module level
    and in classes at module level). Lines of a one-line suite (``if x: y = 1``) are no
    ``SimpleStatementLine`` in LibCST, and are not listed."""
    found: list[tuple[CstStatement, cst.FunctionDef | None, int]] = []
    _walk_cst(module, None, 0, module.default_indent, found)
    return [(statement, function) for statement, function, _ in found]


def _walk_cst(node: cst.CSTNode, function: cst.FunctionDef | None, indent: int, default: str, found: list) -> None:
    """Appends (statement, function around it, the width of its line's indentation)."""
    if isinstance(node, (cst.IndentedBlock, cst.Match)):  # a match statement indents its cases
        indent += len(node.indent if node.indent is not None else default)
    for name in CST_BLOCK_FIELDS:
        value = getattr(node, name, None)
        if value is None:
            continue
        for item in value if isinstance(value, (tuple, list)) else (value,):
            if isinstance(item, cst.SimpleStatementLine):
                found.append((item, function, indent))
            elif isinstance(item, cst.FunctionDef):
                found.append((item, function, indent))
                _walk_cst(item, item, indent, default, found)
            elif not isinstance(item, (cst.SimpleStatementSuite, cst.BaseSmallStatement)):
                _walk_cst(item, function, indent, default, found)  # a block, a compound statement, else, except, case


def cst_small_statements(module: cst.Module) -> list[cst.BaseSmallStatement]:
    """Every small statement of ``module`` (an assignment, an import, an expression, ``pass``,
    ...; one-line suites' included) in the order a visitor meets them."""
    found: list[cst.BaseSmallStatement] = []
    stack: list[cst.CSTNode] = [module]
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        kind = type(node)
        if kind is cst.SimpleStatementLine or kind is cst.SimpleStatementSuite:
            found.extend(node.body)  # type: ignore[attr-defined]
            continue
        below: list[cst.CSTNode] = []
        for name in CST_BLOCK_FIELDS:
            value = getattr(node, name, None)
            if type(value) is tuple or type(value) is list:
                below.extend(value)
            elif value is not None:
                below.append(value)
        for item in reversed(below):
            push(item)
    return found


def cst_function_defs(module: cst.Module) -> list[tuple[cst.FunctionDef, int]]:
    """Every function definition of ``module`` in source order (nested ones after the one
    around them), with the width of the indentation before its ``def`` (or ``async``)."""
    found: list[tuple[CstStatement, cst.FunctionDef | None, int]] = []
    _walk_cst(module, None, 0, module.default_indent, found)
    return [(statement, indent) for statement, _, indent in found if isinstance(statement, cst.FunctionDef)]


def ast_function_defs(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """Every function definition of ``tree``, in source order (as ``cst_function_defs``)."""
    found: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
    _walk_ast(tree, found)
    return found


def _walk_ast(node: ast.AST, found: list) -> None:
    for name in AST_BLOCK_FIELDS:
        for item in getattr(node, name, ()):
            if isinstance(item, (ast.stmt, ast.excepthandler, ast.match_case)):
                if isinstance(item, _AST_FUNCTIONS):
                    found.append(item)
                _walk_ast(item, found)


class FunctionNamePositions:
    """Line and 1-based column of function definitions' names, as LibCST's PositionProvider
    would give them, read off the standard library's AST of the same code (``tree``) without
    rendering ``module``. ``of(function)`` is None where the AST cannot tell: the two trees
    do not pair up, line breaks other than ``\\n`` come first, a form feed precedes the ``def``,
    or a backslash continues the ``def`` line before the name."""

    def __init__(self, module: cst.Module, tree: ast.Module | None) -> None:
        self.module = module
        self.tree = tree
        self._paired: dict[int, tuple[cst.FunctionDef, int, ast.FunctionDef | ast.AsyncFunctionDef]] | None = None

    def _pairs(self) -> dict[int, tuple[cst.FunctionDef, int, ast.FunctionDef | ast.AsyncFunctionDef]]:
        if self._paired is None:
            self._paired = {}
            if self.tree is not None and self.module.default_newline == "\n":
                ours, theirs = cst_function_defs(self.module), ast_function_defs(self.tree)
                if len(ours) == len(theirs) and all(o.name.value == t.name for (o, _), t in zip(ours, theirs)):
                    self._paired = {id(o): (o, indent, t) for (o, indent), t in zip(ours, theirs)}
        return self._paired

    def of(self, function: cst.FunctionDef) -> tuple[int, int] | None:
        paired = self._pairs().get(id(function))
        if paired is None or paired[0] is not function:
            return None
        _, column, definition = paired
        # ``def`` (or ``async``) starts its line after the indentation: where the AST (its
        # offset in bytes) puts it elsewhere (a form feed before it), the AST cannot tell
        if definition.col_offset != column:
            return None
        if function.asynchronous is not None:
            after_async = function.asynchronous.whitespace_after.value
            if "\\" in after_async:
                return None
            column += len("async") + len(after_async)
        after_def = function.whitespace_after_def.value
        if "\\" in after_def:
            return None
        return definition.lineno, column + len("def") + len(after_def) + 1


def decorated_by_method(function: ast.FunctionDef | ast.AsyncFunctionDef, methods: frozenset[str]) -> bool:
    """Whether ``function`` is decorated by a method of that name, called or not:
    ``@app.route("/")``, ``@bp.after_app_request`` ..."""
    for decorator in function.decorator_list:
        called = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(called, ast.Attribute) and called.attr in methods:
            return True
    return False
