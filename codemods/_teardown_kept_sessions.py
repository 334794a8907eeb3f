"""teardown: scoped sessions whose writes wait for a later request's commit.

A function of the application that calls ``flush()`` on a scoped session and no ``commit()``
after it leaves its write in the open transaction of the worker's session ("so that the next
page shows it"); whichever request of that worker commits next commits it too. Removing the
session at teardown rolls that transaction back when the request ends: the write is lost. The
session is then left as it is, with a finding naming the flush: commit there first.

The session is known in its own module by its name, and in another by the name a
``from <module> import <name>`` of its module (by the module's last dotted part) binds, alias
included; a call through an attribute (``calibre_db.session.flush()``) is not taken for it.
"""

from __future__ import annotations

import ast
import posixpath
import re

from ._base import Context
from ._parsed_modules import python_fact
from ._project_answers import remembered
from ._project_view import application_modules

_FLUSHES = re.compile(r"\.flush\(\s*\)")


def uncommitted_flush(ctx: Context, name: str, module: str) -> tuple[str, int] | None:
    """``(path, line)`` of a ``flush()`` of the scoped session bound to ``name`` in the module at
    ``module`` (its path from the project root, or its file name) with no ``commit()`` of it after
    it in the same function, in the project's application code; None when there is none."""
    stem = posixpath.splitext(posixpath.basename(module))[0]
    return remembered(
        ctx, ("teardown: uncommitted flushes", name, stem), lambda reader: _first_uncommitted(reader, name, stem)
    )


def kept_session_message(name: str, path: str, line: int) -> str:
    return (
        f"scoped_session {name} is not remove()d at teardown: {path}:{line} flushes it and commits "
        "nothing after, so that write waits in the open transaction for a later request's commit, "
        "and a remove() at the end of the request would roll it back; commit there, then remove "
        "the session at teardown"
    )


def _first_uncommitted(reader, name: str, stem: str) -> tuple[str, int] | None:
    for path, text in sorted(application_modules(reader, _FLUSHES)):
        own = posixpath.splitext(posixpath.basename(path))[0] == stem
        flushes = python_fact(text, "teardown: uncommitted flushes", _uncommitted_flushes)
        for receiver, imported, line in flushes or ():
            if (own and receiver == name and imported is None) or imported == (stem, name):
                return path, line
    return None


def _uncommitted_flushes(tree: ast.Module) -> list[tuple[str, tuple[str, str] | None, int]]:
    """``(name, imported, line)`` of each ``name.flush()`` in a function with no
    ``name.commit()`` after it there; ``imported``: the last part of the module and the name
    that ``name`` is imported as by a ``from ... import`` here (None when it is not)."""
    imports: dict[str, tuple[str, str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                imports[alias.asname or alias.name] = (node.module.rsplit(".", 1)[-1], alias.name)
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        calls = [(node.lineno, node.func.value.id, node.func.attr) for node in ast.walk(function)
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                 and isinstance(node.func.value, ast.Name)
                 and node.func.attr in ("flush", "commit") and not node.args and not node.keywords]
        for line, receiver, method in calls:
            if method != "flush":
                continue
            if any(m == "commit" and r == receiver and later > line for later, r, m in calls):
                continue
            found.append((receiver, imports.get(receiver), line))
    return found
