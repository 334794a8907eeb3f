"""Version-guarded code: code written to run on several library versions is left alone.

Two shapes guard code:

- ``try: from flask import escape`` / ``except ImportError: from markupsafe import escape``:
  both the ``try`` body and its handlers are guarded when a handler catches an import or
  attribute failure (or everything);
- ``if flask_version < (2, 2): ...`` / ``if hasattr(app, "json"): ...``: both branches of an
  ``if`` (or a conditional expression) whose test reads a version or asks ``hasattr``.

``is_guarded(node, parent_of)`` walks up from ``node`` with a parent lookup (LibCST's
ParentNodeProvider, or the project's stand-in for it).
"""

from __future__ import annotations

import ast
from typing import Callable

import libcst as cst

from ._ast_walk import children
from ._parsed_modules import tree_fact

# Handlers that make a try statement a compatibility shim.
_GUARD_EXCEPTIONS = frozenset(
    {"ImportError", "ModuleNotFoundError", "AttributeError", "TypeError", "NameError", "Exception", "BaseException"}
)
# Words in an if-test that make it a version test.
_VERSION_WORDS = ("version", "VERSION", "hasattr")


def _handler_names(handler: cst.ExceptHandler) -> set[str]:
    kind = handler.type
    if kind is None:
        return {"BaseException"}
    parts = kind.elements if isinstance(kind, cst.Tuple) else [cst.Element(kind)]
    names = set()
    for element in parts:
        value = element.value
        while isinstance(value, cst.Attribute):
            value = value.attr
        if isinstance(value, cst.Name):
            names.add(value.value)
    return names


def guards_by_exception(statement: cst.Try) -> bool:
    """True when ``statement`` catches an import or attribute failure (a compatibility shim)."""
    return any(_handler_names(h) & _GUARD_EXCEPTIONS for h in statement.handlers)


def _test_reads_version(test: cst.BaseExpression) -> bool:
    code = cst.Module([]).code_for_node(test)
    return any(word in code for word in _VERSION_WORDS)


def is_guarded(node: cst.CSTNode, parent_of: Callable[[cst.CSTNode], cst.CSTNode | None]) -> bool:
    """True when ``node`` sits in a try/except compatibility shim or a version-tested branch."""
    child: cst.CSTNode | None = node
    parent = parent_of(node)
    while parent is not None:
        if isinstance(parent, cst.Try) and guards_by_exception(parent):
            return True
        if isinstance(parent, (cst.If, cst.IfExp)) and child is not parent.test:
            if _test_reads_version(parent.test):
                return True
        child, parent = parent, parent_of(parent)
    return False


# -- the same on the standard library's AST, for the gates --------------------------------------------


def _ast_handler_names(handler: ast.ExceptHandler) -> set[str]:
    kind = handler.type
    if kind is None:
        return {"BaseException"}
    names = set()
    for value in kind.elts if type(kind) is ast.Tuple else [kind]:
        if type(value) is ast.Attribute:
            names.add(value.attr)
        elif type(value) is ast.Name:
            names.add(value.id)
    return names


def _ast_test_reads_version(test: ast.expr) -> bool:
    """``_test_reads_version`` on what the AST keeps verbatim of the source (names, attribute
    and keyword names; not strings, whose escapes it decodes, nor comments): it may miss a
    version test, never find one the source lacks."""
    for node in ast.walk(test):
        word = node.id if type(node) is ast.Name else node.attr if type(node) is ast.Attribute else None
        if type(node) is ast.keyword:
            word = node.arg
        if word is not None and any(part in word for part in _VERSION_WORDS):
            return True
    return False


def guarded_statements(tree: ast.Module) -> set[int]:
    """The ids of the statements of ``tree`` that ``is_guarded`` surely finds guarded: in a
    try/except compatibility shim (its body, handlers, ``else`` or ``finally``), or in a
    branch of a version test (a test it may miss counts as none)."""
    found: set[int] = set()

    def visit(node: ast.AST, guarded: bool) -> None:
        kind = type(node)
        if guarded and isinstance(node, ast.stmt):
            found.add(id(node))
        if kind is ast.Try and any(_ast_handler_names(h) & _GUARD_EXCEPTIONS for h in node.handlers):  # type: ignore[attr-defined]
            guarded = True
        if kind is ast.If and _ast_test_reads_version(node.test):  # type: ignore[attr-defined]
            for statement in (*node.body, *node.orelse):  # type: ignore[attr-defined]
                visit(statement, True)
            return
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt) or type(child) is ast.ExceptHandler:
                visit(child, guarded)

    visit(tree, False)
    return found


def unguarded_calls(tree: ast.Module) -> tuple[ast.Call, ...]:
    """The calls of ``tree`` that ``is_guarded`` may find unguarded: outside every try/except
    compatibility shim and every branch of a version test (a call that may be guarded
    counts as unguarded), in the order of a walk down the tree. Found once per tree
    (``_parsed_modules.tree_fact``): a codemod's tree gate, its project gate and its
    transform each ask it of the same module, a gate sometimes twice."""
    return tree_fact(tree, "calls outside version guards", _unguarded_calls)


def _unguarded_calls(tree: ast.Module) -> tuple[ast.Call, ...]:
    found: list[ast.Call] = []

    def visit(node: ast.AST) -> None:
        kind = type(node)
        if kind is ast.Try and any(_ast_handler_names(h) & _GUARD_EXCEPTIONS for h in node.handlers):  # type: ignore[attr-defined]
            return
        if kind in (ast.If, ast.IfExp) and _ast_test_reads_version(node.test):  # type: ignore[attr-defined]
            visit(node.test)  # type: ignore[attr-defined]
            return
        if kind is ast.Call:
            found.append(node)  # type: ignore[arg-type]
        for child in children(node):  # (a context holds no call)
            visit(child)

    visit(tree)
    return tuple(found)
