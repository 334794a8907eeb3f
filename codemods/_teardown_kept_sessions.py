"""teardown: scoped sessions whose writes wait for a later request's commit.

A function of the application that calls ``flush()`` on a scoped session and no ``commit()``
after it leaves its write in the open transaction of the worker's session ("so that the next
page shows it"); whichever request of that worker commits next commits it too. Removing the
session at teardown rolls that transaction back when the request ends: the write is lost. The
session is then left as it is, with a finding naming the flush: commit there first.

The same holds where the application keeps an instance of the session beyond a request: one
taken from the registry (``Session()``) and stored on an object other than ``flask.g``
(``app.db.session = Session()`` while the app is built, handed to extensions) or in a
module-level name. The registry gives that very instance to every request of the thread that
took it (a pre-forked worker, the test client), so a ``remove()`` at teardown closes it when
the request ends, rolling back what it holds for a later commit. The finding names where it is
kept. A module-level instance its module closes at import (``db.close()`` after a query read
once), that nothing reads after, keeps nothing (``_teardown_instance_reads``).

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
from ._teardown_instance_reads import closed_at_import, outside_reads, reads_of

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


def kept_instance(ctx: Context, name: str, module: str) -> tuple[str, int, str] | None:
    """``(path, line, target)`` of an assignment in the project's application code that keeps
    an instance of the scoped session bound to ``name`` in the module at ``module`` beyond the
    call: ``<object>.<attr> = name()`` on an object other than ``g``, or ``<name> = name()`` at
    module level; None when there is none."""
    stem = posixpath.splitext(posixpath.basename(module))[0]
    return remembered(ctx, ("teardown: kept instances", name, stem), lambda reader: _first_kept(reader, name, stem))


def kept_instance_message(name: str, path: str, line: int, target: str) -> str:
    return (
        f"scoped_session {name} is not remove()d at teardown: {path}:{line} keeps one of its sessions "
        f"in {target}, and the registry gives that same session to every "
        "request of the thread that took it, so a remove() at the end of a request would close it and roll "
        "back what it holds for a later commit; take the session per request, then remove it at teardown"
    )


_CALLS_WITHOUT_ARGUMENTS = re.compile(r"=\s*[A-Za-z_]\w*\(\s*\)")


def _first_kept(reader, name: str, stem: str) -> tuple[str, int, str] | None:
    for path, text in sorted(application_modules(reader, _CALLS_WITHOUT_ARGUMENTS)):
        own = posixpath.splitext(posixpath.basename(path))[0] == stem
        kept = python_fact(text, "teardown: kept instances", _kept_instances)
        for callee, imported, line, target in kept or ():
            if not ((own and callee == name and imported is None) or imported == (stem, name)):
                continue
            closed = _closed_at_import(text, line, target)
            if closed is None:
                return path, line, f"{target}, which may outlive the request"
            reader_at = _read_after_import(reader, path, target)
            if reader_at is not None:
                return path, line, (
                    f"{target}, which it closes at import (line {closed}) but {reader_at[0]}:{reader_at[1]} "
                    "reads after"
                )
    return None


def _closed_at_import(text: str, line: int, target: str) -> int | None:
    if not target.isidentifier():
        return None
    return python_fact(text, f"teardown: closed at import {line}", lambda tree: closed_at_import(tree, target, line))


def _read_after_import(reader, path: str, target: str) -> tuple[str, int] | None:
    """Where another module of the application may read the module-level ``target`` of the
    module at ``path`` (``_teardown_instance_reads``); None: nowhere."""
    stem = posixpath.splitext(posixpath.basename(path))[0]
    for other, other_text in sorted(application_modules(reader, re.compile(re.escape(target)))):
        if other == path:
            continue
        found = python_fact(other_text, "teardown: outside reads", outside_reads)
        line = 1 if found is None else reads_of(found, stem, target)
        if line is not None:
            return other, line
    return None


def _imported_names(tree: ast.Module) -> dict[str, tuple[str, str]]:
    """Each name a ``from ... import`` binds: the last part of its module and the name imported."""
    imports: dict[str, tuple[str, str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                imports[alias.asname or alias.name] = (node.module.rsplit(".", 1)[-1], alias.name)
    return imports


def _kept_instances(tree: ast.Module) -> list[tuple[str, tuple[str, str] | None, int, str]]:
    """``(callee, imported, line, target)`` of each ``<object>.<attr> = callee()`` whose object
    is not ``g``, and each module-level ``<name> = callee()``."""
    imports = _imported_names(tree)
    module_level = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
            continue
        value, target = node.value, node.targets[0]
        if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and not value.args and not value.keywords):
            continue
        if isinstance(target, ast.Attribute):
            root = target.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id == "g":
                continue
        elif not (isinstance(target, ast.Name) and id(node) in module_level):
            continue
        callee = value.func.id
        found.append((callee, imports.get(callee), node.lineno, ast.unparse(target)))
    return found


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
    imports = _imported_names(tree)
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
