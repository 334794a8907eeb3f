"""http-timeout: a test's fixture of the project's own that mocks the requests library.

A test that takes a fixture the project defines (in the test module or in a ``conftest.py`` of
its folder or a folder above, the nearest winning as in pytest) that starts a mock of requests
for the test's length runs its requests calls against the mock: nothing waits on a network
(corpus 31: openedx-webhooks' ``fake_github`` takes ``requests_mocker``, which starts a
``requests_mock.Mocker`` and yields). A fixture starts one when its body yields inside ``with``
of requests-mock's ``Mocker``, responses' ``RequestsMock`` or httmock's ``HTTMock``, or calls
``.start()`` on a name assigned such a Mocker and yields, or takes the ``requests_mock`` fixture
of requests-mock's plugin, or takes another fixture that starts one (three steps at most). A
Mocker built with ``real_http=True`` lets unmatched calls through to the network: not a mock.
A module-level name bound to the call of a function that defines a fixture and returns it
(``fake_jira = jira_fixture("https://...")``) is that fixture. The mock's class is resolved
through the imports of the module that defines the fixture, and of the fixture's own body
(``from requests_mock import Mocker``, ``import responses as rsps``); a name imported from
nowhere is taken as it is spelled (``requests_mock.Mocker``).
"""

from __future__ import annotations

import ast
import posixpath
from typing import Any, Callable, NamedTuple

from ._code_kinds import CONFTEST

_MOCKS = frozenset({"requests_mock.Mocker", "requests_mock.mock", "responses.RequestsMock", "httmock.HTTMock"})
_PLUGIN_FIXTURE = "requests_mock"
_DEPTH = 3


class _Fixture(NamedTuple):
    """A fixture's function and the names its module imports (local name -> dotted name)."""

    function: ast.FunctionDef
    imports: dict[str, str]


class MockFixtures:
    """Which fixtures, seen from one test module, start a mock of requests (above)."""

    def __init__(self, ctx: Any, own_code: Callable[[], str]) -> None:
        self.ctx = ctx
        self.own_code = own_code  # the module's code, rendered only when a fixture is first asked for
        self._scopes: list[dict[str, _Fixture]] | None = None  # nearest first

    def starts_mock(self, name: str, depth: int = _DEPTH) -> bool:
        """Whether the fixture ``name`` this module's tests receive starts a mock of requests."""
        if name == _PLUGIN_FIXTURE:
            return True
        if depth <= 0:
            return False
        fixture = self._fixture(name)
        if fixture is None:
            return False
        if _yields_under_mock(fixture):
            return True
        arguments = fixture.function.args
        return any(self.starts_mock(arg.arg, depth - 1) for arg in (*arguments.posonlyargs, *arguments.args))

    def _fixture(self, name: str) -> _Fixture | None:
        if self._scopes is None:
            self._scopes = [_fixtures(self.own_code())]
            levels = posixpath.normpath(self.ctx.path).count("/")
            for up in range(levels + 1):
                text = self.ctx.read_file("../" * up + CONFTEST)
                if text is not None:
                    self._scopes.append(_fixtures(text))
        for scope in self._scopes:
            if name in scope:
                return scope[name]
        return None


def _fixtures(code: str) -> dict[str, _Fixture]:
    """The module-level functions of ``code`` decorated as pytest fixtures, by name."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return {}
    imports = _imports(tree.body)
    functions = _fixture_functions(tree)
    return {name: _Fixture(function, imports) for name, function in functions.items()}


def _fixture_functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    found: dict[str, ast.FunctionDef] = {}
    makers: dict[str, ast.FunctionDef] = {}  # module-level functions that return a fixture they define
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and any(_is_fixture_decorator(d) for d in node.decorator_list):
            found[node.name] = node
        elif isinstance(node, ast.FunctionDef):
            made = _made_fixture(node)
            if made is not None:
                makers[node.name] = made
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            made = makers.get(_dotted(node.value.func))  # ``fake = fixture_for("https://...")``
            if made is not None:
                found.update((t.id, made) for t in node.targets if isinstance(t, ast.Name))
    return found


def _made_fixture(function: ast.FunctionDef) -> ast.FunctionDef | None:
    """The fixture ``function`` defines in its own body and returns by name, or None."""
    inner = {
        node.name: node
        for node in function.body
        if isinstance(node, ast.FunctionDef) and any(_is_fixture_decorator(d) for d in node.decorator_list)
    }
    for node in function.body:
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Name) and node.value.id in inner:
            return inner[node.value.id]
    return None


def _is_fixture_decorator(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return _dotted(target) in ("pytest.fixture", "fixture")


def _imports(statements: list[ast.stmt]) -> dict[str, str]:
    """The names ``statements`` import (those of a top-level ``if``/``try`` too), each with the
    dotted name it stands for (``Mocker`` -> ``requests_mock.Mocker``)."""
    found: dict[str, str] = {}
    for statement in statements:
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.asname:
                    found[alias.asname] = alias.name
        elif isinstance(statement, ast.ImportFrom) and statement.module and not statement.level:
            found.update((alias.asname or alias.name, f"{statement.module}.{alias.name}") for alias in statement.names if alias.name != "*")
        elif isinstance(statement, (ast.If, ast.Try)):
            inner = [*statement.body, *statement.orelse, *getattr(statement, "finalbody", ())]
            inner += [part for handler in getattr(statement, "handlers", ()) for part in handler.body]
            found.update(_imports(inner))
    return found


def _yields_under_mock(fixture: _Fixture) -> bool:
    """A yield inside ``with <mock>``, or after ``<name>.start()`` on a name bound to a mock."""
    started: set[str] = set()
    mocks: set[str] = set()
    imports = {**fixture.imports, **_imports([node for node in ast.walk(fixture.function) if isinstance(node, (ast.Import, ast.ImportFrom))])}
    is_mock = lambda expression: _is_mock(expression, imports)  # noqa: E731
    for node in ast.walk(fixture.function):
        if isinstance(node, ast.With) and any(is_mock(item.context_expr) for item in node.items):
            if any(isinstance(inner, (ast.Yield, ast.YieldFrom)) for inner in ast.walk(node)):
                return True
        elif isinstance(node, ast.Assign) and is_mock(node.value):
            mocks.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "start":
            owner = node.func.value
            if isinstance(owner, ast.Name):
                started.add(owner.id)
    has_yield = any(isinstance(node, (ast.Yield, ast.YieldFrom)) for node in ast.walk(fixture.function))
    return has_yield and bool(started & mocks)


def _is_mock(expression: ast.expr, imports: dict[str, str]) -> bool:
    """A call building a mock of requests that answers every call itself (no ``real_http=True``)."""
    if not isinstance(expression, ast.Call) or _qualified(_dotted(expression.func), imports) not in _MOCKS:
        return False
    for keyword in expression.keywords:
        if keyword.arg == "real_http" and not (isinstance(keyword.value, ast.Constant) and keyword.value.value is False):
            return False
    return True


def _qualified(dotted: str, imports: dict[str, str]) -> str:
    """``dotted`` with its first name replaced by what the module imports under it."""
    first, dot, rest = dotted.partition(".")
    return imports.get(first, first) + dot + rest if first else dotted


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    return ""
