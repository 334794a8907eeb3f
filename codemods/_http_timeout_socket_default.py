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
be shown, and it counts. It is read however the module reaches it (``from socket import *``,
``set_timeout = socket.setdefaulttimeout``, gevent's and eventlet's green sockets, which hand
on the standard library's function: ``module_socket_default``); and a spelling that cannot be
resolved (``sock = socket; sock.setdefaulttimeout(...)``, ``getattr(socket,
"setdefaulttimeout")``, ``importlib.import_module("socket")``) counts too: fail closed.
"""

from __future__ import annotations

import ast
import re

from ._ast_facts import facts
from ._base import Context
from ._parsed_modules import plain_fact, plain_tree_fact, python_tree
from ._project_answers import remembered
from ._project_view import application_modules, unparsed_words
from ._http_timeout_node_kinds import of_kinds

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
            own = plain_tree_fact(self.tree, _FACT, module_socket_default) if self.tree is not None else None
            if own is not None:
                self._where = f"this module calls socket.setdefaulttimeout() (line {self.ctx.file_line(own)})"
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
            return f"{path}, which {unparsed_words(text)} and names it"
        line = plain_fact(text, _FACT, module_socket_default)
        if line is not None:
            return f"{path}:{line}"
    return None


def module_socket_default(tree: ast.Module) -> int | None:
    """The line of the first call of ``socket.setdefaulttimeout`` in ``tree``, wherever it is;
    None when there is none. Spelled any way that reaches it: ``import socket [as s]``,
    ``from socket import setdefaulttimeout [as x]``, ``from socket import *`` and the bare
    name (where the module binds it to nothing else), a name bound to it (``set_timeout =
    socket.setdefaulttimeout``), and the green sockets that hand on the standard library's
    function (``from gevent import socket``, ``from eventlet.green import socket``)."""
    found = facts(tree)
    if not any(found.imports(root) for root in _SOCKET_ROOTS):
        return _unresolved_mention(tree)
    star = _star_imports_socket(tree) and "setdefaulttimeout" not in _own_names(tree)

    def names_default(node: ast.AST) -> bool:
        qualified = found.qualified(node)
        if star and isinstance(node, ast.Name) and node.id == "setdefaulttimeout":
            return True
        return bool(qualified & _GREEN_DEFAULTS) or (SOCKET_DEFAULT in qualified and found.imports("socket"))

    aliases = {
        target.id
        for node in found.assignments
        if node.value is not None and names_default(node.value)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    }
    lines = [
        call.lineno
        for call in found.calls
        if names_default(call.func) or (isinstance(call.func, ast.Name) and call.func.id in aliases)
    ]
    return min(lines) if lines else _unresolved_mention(tree)


def _unresolved_mention(tree: ast.Module) -> int | None:
    """The line of the first mention of ``setdefaulttimeout`` the module does not show to be
    something else (fail closed: a default it sets in a way not read above still counts):
    an attribute of anything (``sock = socket; sock.setdefaulttimeout(...)``,
    ``importlib.import_module("socket").setdefaulttimeout``), the name imported from anywhere
    or read where the module binds it to nothing of its own, a string that spells it
    (``getattr(socket, "setdefaulttimeout")``)."""
    own = None
    lines = []
    for node in of_kinds(tree, (ast.Attribute, ast.Constant, ast.ImportFrom, ast.Name)):
        if isinstance(node, ast.Attribute) and node.attr == "setdefaulttimeout":
            lines.append(node.lineno)
        elif isinstance(node, ast.Constant) and node.value == "setdefaulttimeout":
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and any(alias.name == "setdefaulttimeout" for alias in node.names):
            lines.append(node.lineno)
        elif isinstance(node, ast.Name) and node.id == "setdefaulttimeout" and isinstance(node.ctx, ast.Load):
            own = _own_names(tree) if own is None else own
            if "setdefaulttimeout" not in own:
                lines.append(node.lineno)
    return min(lines) if lines else None


def _star_imports_socket(tree: ast.Module) -> bool:
    return any(
        node.module in _SOCKET_MODULES and any(alias.name == "*" for alias in node.names)
        for node in of_kinds(tree, ast.ImportFrom)
    )


def _own_names(tree: ast.Module) -> set[str]:
    """The names the module binds itself (a function, a class, an assignment, an import as)."""
    found: set[str] = set()
    for node in of_kinds(tree, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Name, ast.Import, ast.ImportFrom)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            found.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            found.update(alias.asname or alias.name for alias in node.names if alias.name != "*")
    return found


# the modules whose setdefaulttimeout is the standard library's
_SOCKET_MODULES = ("socket", "gevent.socket", "eventlet.green.socket")
_SOCKET_ROOTS = ("socket", "gevent", "eventlet")
_GREEN_DEFAULTS = frozenset(f"{module}.setdefaulttimeout" for module in _SOCKET_MODULES[1:])
