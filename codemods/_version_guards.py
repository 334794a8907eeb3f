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

from typing import Callable

import libcst as cst

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
