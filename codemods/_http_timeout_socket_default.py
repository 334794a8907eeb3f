"""http-timeout: a default timeout the program sets for every socket.

``socket.setdefaulttimeout(...)`` sets the process's default: every socket made after it runs
uses it, until something sets another, and ``urlopen`` without a ``timeout=`` is bounded by
it. Where the program sets it does not matter: when it starts (``wsgi.py``, an app factory)
or on demand (a connectivity check a page runs before it reads a release list, as mycodo's
upgrade page does), each urlopen that runs after it has the program's chosen limit, and a
``timeout=`` would override that. So a call anywhere in the project's application code
counts: in the urlopen's own module, else in any other module (tests left out: what they set
says nothing about the app). A project usually sets it in a module that calls no ``urlopen``:
the application code is looked at as a whole, once per project (``_project_answers`` records
the files read, for the result cache). A module of the application code that names
``setdefaulttimeout`` but does not parse (Python 2) may set it: that no default is set cannot
be shown, and it counts.
"""

from __future__ import annotations

import ast
import re

from ._ast_facts import facts
from ._base import Context
from ._parsed_modules import python_fact, python_tree, tree_fact
from ._project_answers import remembered
from ._project_view import application_modules

SOCKET_DEFAULT = "socket.setdefaulttimeout"
_MENTIONS = re.compile(r"\bsetdefaulttimeout\b")
_FACT = "http-timeout socket default set"


class SocketDefault:
    """Where the program sets a default timeout for every socket: in this module, else in the
    project's application code. Each answer is asked once."""

    def __init__(self, ctx: Context, tree: ast.Module | None) -> None:
        self.ctx = ctx
        self.tree = tree  # the module's stdlib AST (None: only the project's answer is asked)
        self._where: str | None = None  # "": nowhere

    def where(self) -> str | None:
        """Where, in words (a finding's reason); None when nowhere."""
        if self._where is None:
            own = tree_fact(self.tree, _FACT, module_socket_default) if self.tree is not None else None
            if own is not None:
                self._where = f"this module calls socket.setdefaulttimeout() (line {own})"
            else:
                where = project_socket_default(self.ctx)
                self._where = f"the project calls socket.setdefaulttimeout() ({where})" if where else ""
        return self._where or None


def project_socket_default(ctx: Context) -> str | None:
    """Where (``path:line``) the project's application code first sets
    ``socket.setdefaulttimeout`` (in the order the project lists its files); None when it
    never does."""
    return remembered(ctx, "http-timeout: socket default", _first_socket_default)


def _first_socket_default(ctx: Context) -> str | None:
    for path, text in application_modules(ctx, _MENTIONS):
        if python_tree(text) is None:  # Python 2, say: where and when it calls it cannot be read
            return f"{path}, which does not parse as Python 3 and names it"
        line = python_fact(text, _FACT, module_socket_default)
        if line is not None:
            return f"{path}:{line}"
    return None


def module_socket_default(tree: ast.Module) -> int | None:
    """The line of the first call of ``socket.setdefaulttimeout`` in ``tree`` (``import
    socket``, ``from socket import setdefaulttimeout [as x]``), wherever it is; None when
    there is none."""
    found = facts(tree)
    if not found.imports("socket"):
        return None
    lines = [call.lineno for call in found.calls if SOCKET_DEFAULT in found.qualified(call.func)]
    return min(lines) if lines else None
