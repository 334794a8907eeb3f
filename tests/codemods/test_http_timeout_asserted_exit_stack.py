"""http-timeout: a mock a test binds through an ``ExitStack`` pins the call it asserts, as one
bound by ``with patch(...) as get`` does.

Seen on the corpus (session 38, the apps' own tests, dtale ``dtale/views.py:196``): the test
enters its patches on a ``contextlib.ExitStack`` and keeps the mock that ``enter_context``
hands back (``mock_requests = stack.enter_context(mock.patch("requests.get", mock.Mock()))``),
then asserts the shutdown request's exact arguments
(``mock_requests.assert_called_once_with("http://foo:40000/shutdown")``). The rule knew the
mock's name only from ``with ... as``, an assignment of the patch (or of its ``start()``) and a
decorator's argument, so the call got ``timeout=`` and the project's test failed.
``enter_context`` returns what the patch's ``__enter__`` returns: the mock, or the object
given to put in its place.
"""

from __future__ import annotations

import pytest

from helpers import project_tests_on
from http_support import http_timeout_result


VIEWS = """\
import requests


def kill(base):
    try:
        requests.get(base + "/shutdown")
    except BaseException:
        pass
"""

TEST = """\
from contextlib import ExitStack
from unittest import mock


def test_kill_asks_the_server_to_shut_down():
    from shop.views import kill

    with ExitStack() as stack:
        mock_requests = stack.enter_context(mock.patch("requests.get", mock.Mock()))
        kill("http://foo:40000")
        mock_requests.assert_called_once_with("http://foo:40000/shutdown")
"""


def _lay_out(root, test: str = TEST) -> None:
    (root / "requirements.txt").write_text("Flask\nrequests\n")
    package = root / "shop"
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / "views.py").write_text(VIEWS)
    (root / "tests").mkdir(exist_ok=True)
    (root / "tests" / "test_views.py").write_text(test)


@pytest.mark.parametrize(
    "entered",
    [
        'stack.enter_context(mock.patch("requests.get", mock.Mock()))',  # the object to put in, handed back
        'stack.enter_context(mock.patch("requests.get"))',  # the MagicMock the patch makes
        'stack.enter_context(mock.patch.object(requests, "get"))',
        'stack.enter_context(mock.patch("shop.views.requests.get"))',  # the module's own name for it
    ],
)
def test_a_mock_kept_from_enter_context_pins_the_call_it_asserts(tmp_path, entered):
    test = TEST.replace('stack.enter_context(mock.patch("requests.get", mock.Mock()))', entered)
    test = test.replace("from unittest import mock\n", "from unittest import mock\n\nimport requests\n")
    _lay_out(tmp_path, test)
    result = http_timeout_result(tmp_path / "shop" / "views.py")
    assert result.new_text is None or result.new_text == VIEWS, result.new_text
    line = next(number for number, text in enumerate(test.splitlines(), 1) if "enter_context" in text)
    messages = [finding.message for finding in result.findings]
    assert any(f"tests/test_views.py:{line} " in m and "exact arguments" in m for m in messages), messages


def test_a_mock_of_an_exit_stack_whose_arguments_no_test_compares_lets_the_timeout_in(tmp_path):
    _lay_out(tmp_path, TEST.replace('mock_requests.assert_called_once_with("http://foo:40000/shutdown")',
                                    "mock_requests.assert_called_once()"))
    result = http_timeout_result(tmp_path / "shop" / "views.py")
    assert result.new_text is not None and 'requests.get(base + "/shutdown", timeout=' in result.new_text


def test_the_project_s_test_passes_before_and_fails_with_the_timeout(tmp_path):
    """The behaviour behind the rule: the app's own test, run on the module as it was and as
    the rewrite on main made it."""
    _lay_out(tmp_path)
    timed = VIEWS.replace('requests.get(base + "/shutdown")', 'requests.get(base + "/shutdown", timeout=60)')
    outcomes = project_tests_on(tmp_path, tmp_path / "shop" / "views.py", (VIEWS, timed))
    assert [code for code, _ in outcomes] == [0, 1], outcomes
