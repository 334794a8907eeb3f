"""teardown: scoped sessions whose writes wait for a later request's commit.

A function of the application that calls ``flush()`` on a scoped session and no ``commit()``
after it leaves its write in the open transaction of the worker's session ("so that the next
page shows it"); whichever request of that worker commits next commits it too. Removing the
session at teardown rolls that transaction back when the request ends: the write is lost. The
session is then left as it is, with a finding naming the flush: commit there first.

The session is known in other modules by its name, or by the alias a ``from ... import`` gives
it; a call on a name spelled the same in another module counts too (a refusal too many costs a
finding, a removal too many costs the app its writes).
"""

from __future__ import annotations

import ast
import re

from ._base import Context
from ._parsed_modules import python_fact
from ._project_answers import remembered
from ._project_view import application_modules

_FLUSHES = re.compile(r"\.flush\(\s*\)")


def uncommitted_flush(ctx: Context, name: str) -> tuple[str, int] | None:
    """``(path, line)`` of a ``flush()`` of the scoped session bound to ``name`` with no
    ``commit()`` of it after it in the same function, in the project's application code;
    None when there is none."""
    return remembered(ctx, ("teardown: uncommitted flushes", name), lambda reader: _first_uncommitted(reader, name))


def kept_session_message(name: str, path: str, line: int) -> str:
    return (
        f"scoped_session {name} is not remove()d at teardown: {path}:{line} flushes it and commits "
        "nothing after, so that write waits in the open transaction for a later request's commit, "
        "and a remove() at the end of the request would roll it back; commit there, then remove "
        "the session at teardown"
    )


def _first_uncommitted(reader, name: str) -> tuple[str, int] | None:
    for path, text in sorted(application_modules(reader, _FLUSHES)):
        lines = python_fact(text, "teardown: uncommitted flushes", _uncommitted_flushes)
        for names, line in lines or ():
            if name in names:
                return path, line
    return None


def _uncommitted_flushes(tree: ast.Module) -> list[tuple[frozenset[str], int]]:
    """``(spellings, line)`` of each ``X.flush()`` in a function with no ``X.commit()`` after
    it there; ``spellings``: ``X``'s last name and the names it is imported as here."""
    aliases: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.asname:
                    aliases.setdefault(alias.asname, set()).add(alias.name)
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        calls = [(node.lineno, _receiver(node.func), node.func.attr) for node in ast.walk(function)
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                 and node.func.attr in ("flush", "commit") and not node.args and not node.keywords]
        for line, receiver, method in calls:
            if method != "flush" or receiver is None:
                continue
            if any(m == "commit" and r == receiver and later > line for later, r, m in calls):
                continue
            found.append((frozenset({receiver, *aliases.get(receiver, ())}), line))
    return found


def _receiver(func: ast.Attribute) -> str | None:
    """The last name of what ``X.flush`` is called on: ``db`` of ``db.flush``,
    ``db_session`` of ``database.db_session.flush``."""
    value = func.value
    if isinstance(value, ast.Name):
        return value.id
    if isinstance(value, ast.Attribute):
        return value.attr
    return None
