"""http-timeout: a test that patches the library's function and asserts a call's exact
arguments pins every call it reaches through the project's own imports, not only the calls
of the modules it names.

Seen on the corpus (session 37, lr-service-frontend): the tests patch ``requests.get``, request
a page through the test client and assert the call's exact arguments; the view module they
import calls a helper of another module (``from .utils import get_or_log_error``) that makes
the call. The rule read only the modules the test imports, so the helper's call got
``timeout=`` and the project's test would have failed (it was held back by an unrelated rule).
"""

from __future__ import annotations

import pytest

from helpers import project_tests_on, run_project_tests
from http_support import http_timeout_result


VIEWS = """\
from flask import Flask

from .helpers import fetch

app = Flask(__name__)


@app.route("/items/<int:number>")
def item(number):
    return fetch("https://api.example/items/%d" % number).json()
"""

HELPERS = """\
import requests


def fetch(url):
    response = requests.get(url)
    response.raise_for_status()
    return response
"""

TEST = """\
from unittest import mock

from shop.views import app


@mock.patch("requests.get")
def test_item_asks_the_api(get):
    get.return_value.json.return_value = {"name": "cup"}
    assert app.test_client().get("/items/1").get_json() == {"name": "cup"}
    get.assert_called_with("https://api.example/items/1")
"""


def _lay_out(root, test: str = TEST, helpers: str = HELPERS) -> None:
    (root / "requirements.txt").write_text("Flask\nrequests\n")
    package = root / "shop"
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / "views.py").write_text(VIEWS)
    (package / "helpers.py").write_text(helpers)
    (root / "tests").mkdir(exist_ok=True)
    (root / "tests" / "test_views.py").write_text(test)


def test_a_helper_the_tested_view_calls_is_left_with_a_finding(tmp_path):
    _lay_out(tmp_path)
    result = http_timeout_result(tmp_path / "shop" / "helpers.py")
    assert result.new_text is None or result.new_text == HELPERS
    messages = [finding.message for finding in result.findings]
    assert any("tests/test_views.py:6" in m and "requests.get" in m for m in messages), messages


@pytest.mark.parametrize(
    "target",
    [
        "shop.helpers.requests.get",  # the helper's own name for the function
        "shop.helpers.requests",  # the whole library, as the helper imports it
    ],
)
def test_a_patch_naming_the_helper_still_pins_it(tmp_path, target):
    _lay_out(tmp_path, TEST.replace('"requests.get"', f'"{target}"'))
    result = http_timeout_result(tmp_path / "shop" / "helpers.py")
    assert result.new_text is None or result.new_text == HELPERS


def test_a_module_the_test_does_not_reach_gets_the_timeout(tmp_path):
    _lay_out(tmp_path)
    (tmp_path / "shop" / "jobs.py").write_text(HELPERS)  # imported by nothing the test imports
    result = http_timeout_result(tmp_path / "shop" / "jobs.py")
    assert result.new_text is not None and "requests.get(url, timeout=" in result.new_text


def test_an_assertion_that_pins_nothing_lets_the_reached_call_get_the_timeout(tmp_path):
    _lay_out(tmp_path, TEST.replace('get.assert_called_with("https://api.example/items/1")', "get.assert_called_once()"))
    result = http_timeout_result(tmp_path / "shop" / "helpers.py")
    assert result.new_text is not None and "requests.get(url, timeout=" in result.new_text


def test_the_project_s_test_passes_before_and_fails_with_the_timeout(tmp_path):
    """The behaviour behind the rule: the app's own test, run through the view on the helper
    as it was and as the rewrite would make it."""
    _lay_out(tmp_path)
    timed = HELPERS.replace("requests.get(url)", "requests.get(url, timeout=60)")
    outcomes = project_tests_on(tmp_path, tmp_path / "shop" / "helpers.py", (HELPERS, timed))
    assert [code for code, _ in outcomes] == [0, 1], outcomes


OTHER_CALLER = """\
import requests


def export(url, payload):
    return requests.get(url, params=payload, headers={"x": "y"})
"""


@pytest.mark.parametrize(
    "assertion, held",
    [
        ('get.assert_called_with("https://api.example/items/1")', False),  # one positional argument, no keyword
        ('get.assert_called_with("u", params={}, headers={"x": "z"})', True),  # the call's own shape (and keys)
        ('get.assert_called_with("u", **expected)', True),  # keywords not told
        ("assert get.call_args == mock.call('u')", True),  # a comparison whose shape is not read
    ],
)
def test_an_assertion_holds_back_only_calls_of_the_arguments_it_can_equal(tmp_path, assertion, held):
    """A reached call passed other keywords (or another number of positional arguments) than
    the assertion of the mock's exact arguments gives fails that assertion today if the test
    compares it: the test passes, so it does not, and a timeout there leaves it passing
    (pybossa: the newsletter test pins its Mailchimp POST, not the CKAN exporter's)."""
    test = TEST.replace('get.assert_called_with("https://api.example/items/1")', "expected = {}\n    " + assertion)
    _lay_out(tmp_path, test)
    (tmp_path / "shop" / "export.py").write_text(OTHER_CALLER)
    (tmp_path / "shop" / "views.py").write_text(VIEWS.replace("from .helpers import fetch\n", "from .helpers import fetch\nfrom . import export\n"))
    result = http_timeout_result(tmp_path / "shop" / "export.py")
    assert (result.new_text in (None, OTHER_CALLER)) is held, result.new_text
    # the helper the assertion's shape fits stays held back whatever the assertion says of the other
    if "**" not in assertion and "call_args" not in assertion and "params" not in assertion:
        assert http_timeout_result(tmp_path / "shop" / "helpers.py").new_text in (None, HELPERS)


def test_an_autospec_patch_may_compare_any_call(tmp_path):
    """A mock made with ``autospec`` binds the arguments to the function's signature before
    comparing them: a keyword there may equal a positional argument here."""
    _lay_out(tmp_path, TEST.replace('@mock.patch("requests.get")', '@mock.patch("requests.get", autospec=True)'))
    (tmp_path / "shop" / "export.py").write_text(OTHER_CALLER)
    (tmp_path / "shop" / "views.py").write_text(VIEWS.replace("from .helpers import fetch\n", "from .helpers import fetch\nfrom . import export\n"))
    assert http_timeout_result(tmp_path / "shop" / "export.py").new_text in (None, OTHER_CALLER)


def test_an_assertion_in_a_helper_the_tests_call_reaches_every_module(tmp_path):
    """A helper module of the tests (no ``test_*.py`` of its own) that patches and asserts runs
    under whichever test calls it, which reaches what that test imports, not what the helper
    does: its patch holds back the calls of every module."""
    helper = (
        "from unittest import mock\n\n\ndef check_item(client):\n"
        '    with mock.patch("requests.get") as get:\n'
        '        get.return_value.json.return_value = {"name": "cup"}\n'
        '        client.get("/items/1")\n'
        '    get.assert_called_with("https://api.example/items/1")\n'
    )
    test = "from shop.views import app\n\nfrom checks import check_item\n\n\ndef test_item():\n    check_item(app.test_client())\n"
    _lay_out(tmp_path, test)
    (tmp_path / "tests" / "checks.py").write_text(helper)
    assert http_timeout_result(tmp_path / "shop" / "helpers.py").new_text in (None, HELPERS)
    outcomes = []
    for text in (HELPERS, HELPERS.replace("requests.get(url)", "requests.get(url, timeout=60)")):
        (tmp_path / "shop" / "helpers.py").write_text(text)
        (tmp_path / "tests" / "conftest.py").write_text("import sys, os\n\nsys.path.insert(0, os.path.dirname(__file__))\n")
        outcomes.append(run_project_tests(tmp_path)[0])
    assert outcomes == [0, 1], outcomes
