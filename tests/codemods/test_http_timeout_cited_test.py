"""http-timeout: where several tests pin a call, the finding cites the one that runs it.

Seen on the corpus (session 38, dtale): ``views.kill()``'s ``requests.get`` is held back by two
tests patching ``requests.get`` for every caller: ``test_app.py:280`` puts in a stand-in that
takes no ``timeout`` while it starts an instance, and ``test_instance.py:150`` calls
``instance.kill()`` and asserts the exact shutdown call. The project's run showed the second
fail with the timeout; the finding cited the first, the first pinning patch the project lists.
A test that calls, while its patch is in force, the function that holds the call runs the
call: it is cited first.
"""

from __future__ import annotations

from helpers import project_tests_on
from http_support import http_timeout_result


VIEWS = """\
import requests


def kill(base):
    try:
        requests.get(base + "/shutdown")
    except Exception:
        pass


def start(base):
    return requests.get(base + "/health", verify=False).ok


class Instance:
    def __init__(self, base):
        self.base = base

    def kill(self):
        kill(self.base)
"""

TEST_APP = """\
from contextlib import ExitStack
from unittest import mock

from shop import views


def test_start():
    def fake_get(url, verify=True):
        return mock.Mock(ok=True)

    with ExitStack() as stack:
        stack.enter_context(mock.patch("requests.get", fake_get))
        assert views.start("http://foo")
"""

TEST_INSTANCE = """\
from contextlib import ExitStack
from unittest import mock


def test_kill():
    from shop.views import Instance

    with ExitStack() as stack:
        get = stack.enter_context(mock.patch("requests.get", mock.Mock()))
        Instance("http://foo:40000").kill()
        get.assert_called_once_with("http://foo:40000/shutdown")
"""


def _lay_out(root) -> None:
    (root / "requirements.txt").write_text("requests\n")
    (root / "shop").mkdir()
    (root / "shop" / "__init__.py").write_text("")
    (root / "shop" / "views.py").write_text(VIEWS)
    (root / "tests").mkdir()
    (root / "tests" / "test_app.py").write_text(TEST_APP)
    (root / "tests" / "test_instance.py").write_text(TEST_INSTANCE)


def _findings(root) -> dict[int, str]:
    result = http_timeout_result(root / "shop" / "views.py")
    assert result.new_text in (None, VIEWS)
    return {finding.line: finding.message for finding in result.findings}


def test_each_call_cites_the_test_that_runs_it(tmp_path):
    _lay_out(tmp_path)
    found = _findings(tmp_path)
    assert "tests/test_instance.py:9 patches requests.get" in found[6] and "tests/test_instance.py:11 asserts" in found[6], found
    assert "tests/test_app.py:12 puts fake_get()" in found[12], found


def test_the_cited_test_is_the_one_the_timeout_fails(tmp_path):
    """The behaviour behind the citation: with ``timeout=`` on ``kill``'s call the project's
    test of ``kill`` fails, its test of ``start`` passes."""
    _lay_out(tmp_path)
    module = tmp_path / "shop" / "views.py"
    timed = VIEWS.replace('requests.get(base + "/shutdown")', 'requests.get(base + "/shutdown", timeout=60)')
    (before, _), (after, output) = project_tests_on(tmp_path, module, (VIEWS, timed))
    assert (before, after) == (0, 1) and "test_instance.py::test_kill" in output and "test_app.py" not in output.split("short test summary")[-1]


def test_a_test_that_imports_the_module_itself_is_cited_before_one_that_reaches_it_through_others(tmp_path):
    """redwind: the login test (``views_test.py``) reaches the webmention sender only through
    the app's plugin loader; ``wm_sender_test.py`` imports it and tests it."""
    _lay_out(tmp_path)
    (tmp_path / "tests" / "test_instance.py").unlink()
    (tmp_path / "shop" / "app.py").write_text("from shop import views  # noqa\n")
    through = "from unittest import mock\n\nfrom shop import app\n\n\ndef test_other():\n    with mock.patch('requests.get') as get:\n        app.views.start('x')\n        get.assert_called_once_with('x/health', verify=False)\n"
    (tmp_path / "tests" / "test_a_app.py").write_text(through)
    found = _findings(tmp_path)
    assert "tests/test_app.py:12" in found[12], found


def test_a_test_that_runs_the_call_but_compares_nothing_is_not_cited_before_one_that_compares(tmp_path):
    """ai-promoter: the token validation test patches ``helpers.okta.requests.get`` and calls
    ``validate_tokens()`` but compares nothing; the profile test's comparison of its own mock
    (of the same name: it counts for every patch of it) is cited with its own patch."""
    _lay_out(tmp_path)
    (tmp_path / "tests" / "test_instance.py").unlink()
    (tmp_path / "tests" / "test_app.py").unlink()
    test = (
        "from unittest import mock\n\nfrom shop import views\n\n\n"
        "@mock.patch('shop.views.requests.get')\ndef test_kill_runs(get):\n    views.kill('x')\n\n\n"
        "@mock.patch('shop.views.requests.get')\ndef test_kill_compared(get):\n    views.kill('x')\n    get.assert_called_once_with(mock.ANY)\n"
    )
    (tmp_path / "tests" / "test_views.py").write_text(test)
    found = {finding.line: finding.message for finding in http_timeout_result(tmp_path / "shop" / "views.py").findings}
    assert "tests/test_views.py:11 patches" in found[6] and "tests/test_views.py:14 asserts" in found[6], found
