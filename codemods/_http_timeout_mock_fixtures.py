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
(``fake_jira = jira_fixture("https://...")``) is that fixture.
"""

from __future__ import annotations

import ast
import posixpath
from typing import Any

from ._code_kinds import CONFTEST

_MOCKS = frozenset({"requests_mock.Mocker", "requests_mock.mock", "responses.RequestsMock", "httmock.HTTMock"})
_PLUGIN_FIXTURE = "requests_mock"
_DEPTH = 3


class MockFixtures:
    """Which fixtures, seen from one test module, start a mock of requests (above)."""

    def __init__(self, ctx: Any, own_code: str) -> None:
        self.ctx = ctx
        self.own_code = own_code
        self._scopes: list[dict[str, ast.FunctionDef]] | None = None  # nearest first

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
        return any(self.starts_mock(arg.arg, depth - 1) for arg in (*fixture.args.posonlyargs, *fixture.args.args))

    def _fixture(self, name: str) -> ast.FunctionDef | None:
        if self._scopes is None:
            self._scopes = [_fixtures(self.own_code)]
            levels = posixpath.normpath(self.ctx.path).count("/")
            for up in range(levels + 1):
                text = self.ctx.read_file("../" * up + CONFTEST)
                if text is not None:
                    self._scopes.append(_fixtures(text))
        for scope in self._scopes:
            if name in scope:
                return scope[name]
        return None


def _fixtures(code: str) -> dict[str, ast.FunctionDef]:
    """The module-level functions of ``code`` decorated as pytest fixtures, by name."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return {}
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


def _yields_under_mock(fixture: ast.FunctionDef) -> bool:
    """A yield inside ``with <mock>``, or after ``<name>.start()`` on a name bound to a mock."""
    started: set[str] = set()
    mocks: set[str] = set()
    for node in ast.walk(fixture):
        if isinstance(node, ast.With) and any(_is_mock(item.context_expr) for item in node.items):
            if any(isinstance(inner, (ast.Yield, ast.YieldFrom)) for inner in ast.walk(node)):
                return True
        elif isinstance(node, ast.Assign) and _is_mock(node.value):
            mocks.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "start":
            owner = node.func.value
            if isinstance(owner, ast.Name):
                started.add(owner.id)
    has_yield = any(isinstance(node, (ast.Yield, ast.YieldFrom)) for node in ast.walk(fixture))
    return has_yield and bool(started & mocks)


def _is_mock(expression: ast.expr) -> bool:
    """A call building a mock of requests that answers every call itself (no ``real_http=True``)."""
    if not isinstance(expression, ast.Call) or _dotted(expression.func) not in _MOCKS:
        return False
    for keyword in expression.keywords:
        if keyword.arg == "real_http" and not (isinstance(keyword.value, ast.Constant) and keyword.value.value is False):
            return False
    return True


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    return ""
