"""Whether a module's own code does nothing but raise as it is imported.

A project sometimes keeps a module it replaced and stops it at its top
(``raise Exception("OBSOLETE server.py -> {api,dev,site}server.py")`` above the old app,
``raise ImportError("use apiserver")``, a test module's ``raise unittest.SkipTest``): importing
it fails and running it fails before any line of its own runs, so nothing below that raise ever
runs. Such a module is retired code, told from its text (``_code_kinds.module_kind``).

Only what surely raises first counts: an unconditional ``raise`` at the top level, of an
exception named (``Exception``, ``unittest.SkipTest``) or built from literals only, after
nothing of the module's own but imports, docstrings, ``pass`` and names bound to literals. A
raise whose exception is computed (``raise SystemExit(main())``, a message read from the
environment), one under an ``if`` or a ``try``, or one after any other statement (``app.run()``)
leaves the module live: its code runs first.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache

from ._projects_kept import dropped_with_projects

# a statement starting a line at the first column: the only place a top-level raise can start
# (a line of a string can start so too: the parse tells)
_TOP_LEVEL_RAISE = re.compile(r"^raise\b", re.MULTILINE)


@lru_cache(maxsize=4)  # the engine asks once per codemod of the same text
def raises_on_import(text: str) -> bool:
    """Whether the module of ``text`` raises, unconditionally and before any code of its own
    runs, as it is imported or run. False for text that does not parse as Python 3."""
    if not _TOP_LEVEL_RAISE.search(text):
        return False
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    for statement in tree.body:
        if isinstance(statement, ast.Raise):
            return _named_or_literal(statement.exc) and (statement.cause is None or _literal(statement.cause))
        if not _inert(statement):
            return False
    return False


dropped_with_projects(raises_on_import.cache_clear)  # (texts of the projects a long-lived process forgets)


def _inert(statement: ast.stmt) -> bool:
    """A top-level statement that runs none of the module's own code: an import, a docstring
    or other literal, ``pass``, a name bound to a literal (``__author__ = "..."``)."""
    if isinstance(statement, (ast.Import, ast.ImportFrom, ast.Pass)):
        return True
    if isinstance(statement, ast.Expr):
        return _literal(statement.value)
    if isinstance(statement, ast.Assign):
        return all(isinstance(target, ast.Name) for target in statement.targets) and _literal(statement.value)
    if isinstance(statement, ast.AnnAssign):
        return isinstance(statement.target, ast.Name) and (statement.value is None or _literal(statement.value))
    return False


def _named_or_literal(exception: ast.expr | None) -> bool:
    """``raise`` alone, ``raise Name``, ``raise module.Name``, or either called with literal
    arguments only."""
    if exception is None:
        return True
    if isinstance(exception, ast.Call):
        return (
            _dotted(exception.func)
            and all(_literal(argument) for argument in exception.args)
            and all(keyword.arg is not None and _literal(keyword.value) for keyword in exception.keywords)
        )
    return _dotted(exception)


def _dotted(node: ast.expr) -> bool:
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


def _literal(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, (ast.Tuple, ast.List)):
        return all(_literal(element) for element in node.elts)
    if isinstance(node, ast.UnaryOp):
        return _literal(node.operand)
    return isinstance(node, ast.JoinedStr) and all(isinstance(value, ast.Constant) for value in node.values)
