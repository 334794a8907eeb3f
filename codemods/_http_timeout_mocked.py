"""http-timeout: a test's request that a mock of the requests library answers (corpus 26:
openaddresses-machine's tests fetch ``http://fake-s3.local/...`` inside ``with
HTTMock(handler):``). The answer comes from the process: nothing waits on a network, so a
timeout there bounds nothing, and no maintainer adds one. Only in test code, and only where
the mock surely covers the call when it runs: a ``with`` of httmock's ``HTTMock``,
requests-mock's ``Mocker`` or responses' ``RequestsMock`` around it in the same function, or
a decorator of that function, or of the class of that method (``@responses.activate``,
``@requests_mock.Mocker()``, ``@httmock.with_httmock(...)``). A function or lambda defined
inside the block runs whenever it is called, maybe after the mock is gone: not covered."""

from __future__ import annotations

from typing import Any

import libcst as cst

from ._base import TESTS, code_kind
from ._http_timeout_calls import parent, qualified_among

_MOCK_CONTEXTS = frozenset(
    {"httmock.HTTMock", "requests_mock.Mocker", "requests_mock.mock", "responses.RequestsMock", "responses.mock"}
)
_MOCK_DECORATORS = frozenset(
    {"responses.activate", "requests_mock.Mocker", "requests_mock.mock", "httmock.with_httmock"}
)
_ROOTS = frozenset({"httmock", "requests_mock", "responses"})


def answered_by_mock(wrapper: Any, path: str, call: cst.Call) -> bool:
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
            return _decorated(wrapper, node) or _decorated(wrapper, _enclosing_class(wrapper, node))
        node = parent(wrapper, node)
    return False


def _decorated(wrapper: Any, node: cst.FunctionDef | cst.ClassDef | None) -> bool:
    return node is not None and any(_names(wrapper, d.decorator, _MOCK_DECORATORS) for d in node.decorators)


def _enclosing_class(wrapper: Any, function: cst.FunctionDef) -> cst.ClassDef | None:
    """The class whose body holds ``function`` directly (a method), or None."""
    block = parent(wrapper, function)
    owner = parent(wrapper, block) if isinstance(block, cst.IndentedBlock) else None
    return owner if isinstance(owner, cst.ClassDef) else None


def _names(wrapper: Any, expression: cst.BaseExpression, wanted: frozenset[str]) -> bool:
    """Whether ``expression`` (or the callee of a call: ``Mocker()``) refers to one of ``wanted``."""
    target = expression.func if isinstance(expression, cst.Call) else expression
    return bool(qualified_among(wrapper, target, wanted, _ROOTS))
