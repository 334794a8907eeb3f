"""http-timeout: a default timeout the project sets for every socket.

``socket.setdefaulttimeout(...)`` bounds every socket made after it runs, and ``urlopen``
without a ``timeout=`` uses that default. A project usually sets it once, in the module it
starts from (``wsgi.py``, ``manage.py``), not in the modules that call ``urlopen``: the
project's application code is looked at as a whole, once per project (``_project_answers``
records the files read, for the result cache).
"""

from __future__ import annotations

import ast
import re

from ._ast_facts import facts
from ._base import Context
from ._parsed_modules import python_fact
from ._project_answers import remembered
from ._project_view import application_modules

SOCKET_DEFAULT = "socket.setdefaulttimeout"
_MENTIONS = re.compile(r"\bsetdefaulttimeout\b")


def project_socket_default(ctx: Context) -> str | None:
    """Where (``path:line``) the project's application code first calls
    ``socket.setdefaulttimeout``; None when it never does."""
    return remembered(ctx, "http-timeout: socket default", _first_socket_default)


def _first_socket_default(ctx: Context) -> str | None:
    for path, text in application_modules(ctx, _MENTIONS):
        line = python_fact(text, "http-timeout socket default", module_socket_default)
        if line is not None:
            return f"{path}:{line}"
    return None


def module_socket_default(tree: ast.Module) -> int | None:
    """The line of the first call of ``socket.setdefaulttimeout`` in ``tree`` (``import
    socket``, ``from socket import setdefaulttimeout [as x]``); None when there is none."""
    found = facts(tree)
    if not found.imports("socket"):
        return None
    lines = [call.lineno for call in found.calls if SOCKET_DEFAULT in found.qualified(call.func)]
    return min(lines) if lines else None
