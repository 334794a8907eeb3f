"""http-timeout: a default timeout the program sets for every socket when it starts.

``socket.setdefaulttimeout(...)`` bounds every socket made after it runs, and ``urlopen``
without a ``timeout=`` uses that default. It is the program's default only where it surely
runs before the program's requests: when a module is imported (at module level, through
if/try/with blocks and ``if __name__ == "__main__":``), in a function of the module that the
module itself calls there, in a top-level ``main()`` (a console script's entry point is one,
called from no module), in the app factory (a function creating the Flask app), or in a
function of the module one of those calls by name, at any depth. A call in any other
function runs on demand (a connectivity check that sets it as a side effect): a urlopen
elsewhere cannot count on it. A project usually sets it once, in the module it starts from
(``wsgi.py``, ``manage.py``), not in the modules that call ``urlopen``: the project's
application code is looked at as a whole, once per project (``_project_answers`` records the
files read, for the result cache). In the urlopen's own function, a call earlier in that
function counts too. A module of the application code that names ``setdefaulttimeout`` but
does not parse (Python 2) may set it: that no default is set cannot be shown, and it counts.
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
_FACT = "http-timeout socket default"
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)

Position = tuple[int, int]  # (line, column): the AST's


class SocketDefault:
    """Where the program sets a default timeout for every socket before a call of one module
    runs: earlier in its function, else where this module or the project's application code
    starts. The module's and the project's answers are asked once."""

    def __init__(self, ctx: Context, tree: ast.Module | None) -> None:
        self.ctx = ctx
        self.tree = tree  # the module's stdlib AST (None: only the project's answer is asked)
        self._where: str | None = None  # "": nowhere

    def before(self, line: int) -> str | None:
        """Where, for the call at ``line``, in words (a finding's reason); None when nowhere."""
        earlier = function_default_line(self.tree, line) if self.tree is not None else None
        if earlier is not None:
            return f"this function calls socket.setdefaulttimeout() first (line {earlier})"
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
    ``socket.setdefaulttimeout`` when it starts (see the module's docstring); None when it
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
    socket``, ``from socket import setdefaulttimeout [as x]``) that runs when the program
    starts (see the module's docstring); None when there is none."""
    calls = _default_calls(tree)
    if not calls:
        return None
    functions = _functions(tree)
    found = facts(tree)
    at_import = [call for call in found.calls if _innermost(functions, _start(call)) is None]
    run_at_import = {call.func.id for call in at_import if type(call.func) is ast.Name}
    # the app factories: functions whose own body calls flask.Flask(...)
    factories = {id(_innermost(functions, _start(call))) for call in found.calls if "flask.Flask" in found.qualified(call.func)}
    top_level = {
        function.name: function
        for function in found.module_level()
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    starting = {
        id(function)
        for function in top_level.values()
        if function.name in run_at_import or function.name == "main" or id(function) in factories
    }
    # and what those call by name, at any depth (a helper the factory or main() runs)
    called: dict[int, set[str]] = {}
    for call in found.calls:
        inside = _innermost(functions, _start(call))
        if inside is not None and type(call.func) is ast.Name:
            called.setdefault(id(inside), set()).add(call.func.id)
    pending = list(starting)
    while pending:
        for name in called.get(pending.pop(), ()):
            function = top_level.get(name)
            if function is not None and id(function) not in starting:
                starting.add(id(function))
                pending.append(id(function))
    lines = []
    for call in calls:
        inside = _innermost(functions, _start(call))
        if inside is None or id(inside) in starting:
            lines.append(call.lineno)
    return min(lines) if lines else None


def function_default_line(tree: ast.Module, line: int) -> int | None:
    """The line of a ``socket.setdefaulttimeout`` call on an earlier line of the function
    whose body holds ``line`` (its own body, not a function nested in it); None when there is
    none, or ``line`` is in no function."""
    calls = _default_calls(tree)
    if not calls:
        return None
    functions = _functions(tree)
    holding = [(start, function) for start, end, function in functions if start[0] <= line <= end[0]]
    if not holding:
        return None
    inside = max(holding, key=lambda pair: pair[0])[1]  # (a call's column is not asked: lines will do)
    earlier = [call.lineno for call in calls if call.lineno < line and _innermost(functions, _start(call)) is inside]
    return min(earlier) if earlier else None


def _default_calls(tree: ast.Module) -> list[ast.Call]:
    found = facts(tree)
    if not found.imports("socket"):
        return []
    return [call for call in found.calls if SOCKET_DEFAULT in found.qualified(call.func)]


def _functions(tree: ast.Module) -> list[tuple[Position, Position, ast.AST]]:
    """Every function and lambda, with where its body (what runs when it is called) starts
    and ends."""
    spans = []
    for node in ast.walk(tree):
        if isinstance(node, _FUNCTIONS):
            first = node.body if isinstance(node, ast.Lambda) else node.body[0]
            spans.append(((first.lineno, first.col_offset), (node.end_lineno or 0, node.end_col_offset or 0), node))
    return spans


def _innermost(functions: list[tuple[Position, Position, ast.AST]], where: Position) -> ast.AST | None:
    """The innermost function whose body holds ``where``; None at import time."""
    holding = [(start, function) for start, end, function in functions if start <= where < end]
    return max(holding, key=lambda pair: pair[0])[1] if holding else None


def _start(node: ast.AST) -> Position:
    return (node.lineno, node.col_offset)  # type: ignore[attr-defined]
