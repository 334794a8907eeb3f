"""http-timeout: a test's request that a mock of the requests library answers (corpus 26:
openaddresses-machine's tests fetch ``http://fake-s3.local/...`` inside ``with
HTTMock(handler):``). The answer comes from the process: nothing waits on a network, so a
timeout there bounds nothing, and no maintainer adds one. Only in test code, and only where
the mock surely covers the call when it runs: a ``with`` of httmock's ``HTTMock``,
requests-mock's ``Mocker`` or responses' ``RequestsMock`` around it in the same function, or
a decorator of that function, or of the class of that method (``@responses.activate``,
``@requests_mock.Mocker()``, ``@httmock.with_httmock(...)``), or a parameter of that
function named ``requests_mock`` where pytest passes fixtures (a ``test*`` function or method,
a ``@pytest.fixture``), without a default and with no other binding of the name in the module:
the fixture of requests-mock's pytest plugin, a Mocker that is started before the function
runs and stopped after it. A function or lambda defined inside the block runs whenever it is
called, maybe after the mock is gone: not covered."""

from __future__ import annotations

from typing import Any

import libcst as cst

from ._base import TESTS, code_kind
from ._http_timeout_calls import parent, qualified_among
from ._http_timeout_mock_fixtures import MockFixtures

_MOCK_CONTEXTS = frozenset(
    {"httmock.HTTMock", "requests_mock.Mocker", "requests_mock.mock", "responses.RequestsMock", "responses.mock"}
)
_MOCK_DECORATORS = frozenset(
    {"responses.activate", "requests_mock.Mocker", "requests_mock.mock", "httmock.with_httmock"}
)
_ROOTS = frozenset({"httmock", "requests_mock", "responses"})
# the fixture requests-mock's pytest plugin registers: a started Mocker for the whole test
_MOCK_FIXTURE = "requests_mock"
_FIXTURE_DECORATORS = frozenset({"pytest.fixture"})


def answered_by_mock(wrapper: Any, path: str, call: cst.Call, fixtures: MockFixtures | None = None) -> bool:
    """Whether ``call``, in the test module at ``path``, runs only while a mock of the
    requests library answers it (above)."""
    if code_kind(path) != TESTS:
        return False
    node = parent(wrapper, call)
    while node is not None:
        if isinstance(node, cst.With) and any(_names(wrapper, item.item, _MOCK_CONTEXTS) for item in node.items):
            return True
        if isinstance(node, cst.Lambda):
            return False
        if isinstance(node, cst.FunctionDef):
            return (
                _decorated(wrapper, node)
                or _decorated(wrapper, _enclosing_class(wrapper, node))
                or _takes_mock_fixture(wrapper, node)
                or _takes_own_mock_fixture(wrapper, node, fixtures)
            )
        node = parent(wrapper, node)
    return False


def _decorated(wrapper: Any, node: cst.FunctionDef | cst.ClassDef | None) -> bool:
    return node is not None and any(_names(wrapper, d.decorator, _MOCK_DECORATORS) for d in node.decorators)


def _takes_mock_fixture(wrapper: Any, function: cst.FunctionDef) -> bool:
    """Whether pytest runs ``function`` with requests-mock's fixture: it is a test (``test*``)
    or a fixture (``@pytest.fixture``), and takes a parameter ``requests_mock`` without a
    default, a name the module binds nowhere else (no fixture or import of its own)."""
    params = function.params
    takes = any(
        param.name.value == _MOCK_FIXTURE and param.default is None
        for param in (*params.posonly_params, *params.params, *params.kwonly_params)
    )
    if not takes:
        return False
    is_test = function.name.value.startswith("test")
    if not is_test and not any(_names(wrapper, d.decorator, _FIXTURE_DECORATORS) for d in function.decorators):
        return False
    return _MOCK_FIXTURE not in _other_module_bindings(wrapper.module)


def _takes_own_mock_fixture(wrapper: Any, function: cst.FunctionDef, fixtures: MockFixtures | None) -> bool:
    """Whether pytest runs ``function`` (a test or a fixture) with a fixture of the project's own
    that starts a mock of requests (a parameter without a default naming it)."""
    if fixtures is None:
        return False
    is_test = function.name.value.startswith("test")
    if not is_test and not any(_names(wrapper, d.decorator, _FIXTURE_DECORATORS) for d in function.decorators):
        return False
    params = function.params
    return any(
        param.default is None and param.name.value != _MOCK_FIXTURE and fixtures.starts_mock(param.name.value)
        for param in (*params.posonly_params, *params.params, *params.kwonly_params)
    )


def _other_module_bindings(module: cst.Module) -> set[str]:
    """The names the module's top-level statements bind, but for ``import requests_mock``
    (the library itself: tests import it beside the fixture, for ``requests_mock.ANY``)."""
    bound: set[str] = set()
    for statement in module.body:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            bound.add(statement.name.value)
            continue
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.Assign):
                bound.update(t.target.value for t in small.targets if isinstance(t.target, cst.Name))
            elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                bound.update(_alias_name(alias) for alias in small.names)
            elif isinstance(small, cst.Import):
                bound.update(_alias_name(alias) for alias in small.names if alias.asname is not None)
    return bound


def _alias_name(alias: cst.ImportAlias) -> str:
    """The name an import alias binds (``a.b`` binds ``a``; ``as c``: ``c``)."""
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    node = alias.name
    while isinstance(node, cst.Attribute):
        node = node.value
    return node.value if isinstance(node, cst.Name) else ""


def _enclosing_class(wrapper: Any, function: cst.FunctionDef) -> cst.ClassDef | None:
    """The class whose body holds ``function`` directly (a method), or None."""
    block = parent(wrapper, function)
    owner = parent(wrapper, block) if isinstance(block, cst.IndentedBlock) else None
    return owner if isinstance(owner, cst.ClassDef) else None


def _names(wrapper: Any, expression: cst.BaseExpression, wanted: frozenset[str]) -> bool:
    """Whether ``expression`` (or the callee of a call: ``Mocker()``) refers to one of ``wanted``."""
    target = expression.func if isinstance(expression, cst.Call) else expression
    return bool(qualified_among(wrapper, target, wanted, _ROOTS))
