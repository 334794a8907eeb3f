"""http-timeout: a test that puts a function of its own in place of the HTTP function, one whose
parameters take no ``timeout`` keyword, fails with a TypeError once the call passes one.

Seen on the corpus (session 38, openfec ``webservices/legal_docs/load_legal_docs.py:63`` and
``:69``): ``IndexRegulationsTest`` patches the loader module's ``requests.get`` with
``mock_get_regulations(url)``, a function of the test module answering by URL, and runs the
loader; with ``timeout=60`` added, each call raises ``TypeError: mock_get_regulations() got an
unexpected keyword argument 'timeout'`` and the project's test fails though the program is
right. A Mock given such a function as its ``side_effect`` calls it with the same arguments.
"""

from __future__ import annotations

import pytest

from helpers import project_tests_on
from http_support import http_timeout_result


LOADER = """\
import requests


def load(api):
    versions = requests.get(api + "regulation").json()["versions"]
    return [requests.get(api + "regulation/" + version).json() for version in versions]
"""

TEST = """\
import unittest
from unittest.mock import patch

from shop.loader import load


class Result:
    def __init__(self, data):
        self.data = data

    def json(self):
        return self.data


def fake_get(url):
    if url.endswith("regulation"):
        return Result({"versions": ["a"]})
    return Result({"title": "A"})


class LoadTest(unittest.TestCase):
    @patch("shop.loader.requests.get", fake_get)
    def test_load(self):
        self.assertEqual(load("http://api/"), [{"title": "A"}])
"""


def _lay_out(root, test: str = TEST) -> None:
    (root / "requirements.txt").write_text("Flask\nrequests\n")
    package = root / "shop"
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / "loader.py").write_text(LOADER)
    (root / "tests").mkdir(exist_ok=True)
    (root / "tests" / "test_loader.py").write_text(test)


def _line(test: str, text: str) -> int:
    return next(number for number, line in enumerate(test.splitlines(), 1) if text in line)


@pytest.mark.parametrize(
    "patched",
    [
        '@patch("shop.loader.requests.get", fake_get)',  # the object to put in
        '@patch("shop.loader.requests.get", new=fake_get)',
        '@patch("shop.loader.requests.get", side_effect=fake_get)',  # the Mock calls it with the same arguments
        '@patch("requests.get", fake_get)',  # the library's function, for every caller the test reaches
        '@patch("shop.loader.requests.get", lambda url: Result({"versions": []}))',
        '@patch("shop.loader.requests.get", Mock(side_effect=fake_get))',
    ],
)
def test_a_call_a_keywordless_stand_in_answers_is_left_with_a_finding(tmp_path, patched):
    test = TEST.replace('@patch("shop.loader.requests.get", fake_get)', patched).replace(
        "from unittest.mock import patch", "from unittest.mock import Mock, patch")
    _lay_out(tmp_path, test)
    result = http_timeout_result(tmp_path / "shop" / "loader.py")
    assert result.new_text is None or result.new_text == LOADER, result.new_text
    messages = [finding.message for finding in result.findings]
    line = _line(test, "@patch(")
    assert any(f"tests/test_loader.py:{line} " in m and "timeout" in m and "TypeError" in m for m in messages), messages


@pytest.mark.parametrize(
    "setting",
    [
        'monkeypatch.setattr(loader.requests, "get", fake_get)',
        'monkeypatch.setattr("shop.loader.requests.get", fake_get)',
    ],
)
def test_a_monkeypatched_stand_in_holds_the_call_back_too(tmp_path, setting):
    test = TEST.split("class LoadTest")[0].replace("from shop.loader import load", "from shop import loader") + (
        "def test_load(monkeypatch):\n"
        f"    {setting}\n"
        '    assert loader.load("http://api/") == [{"title": "A"}]\n'
    )
    _lay_out(tmp_path, test)
    result = http_timeout_result(tmp_path / "shop" / "loader.py")
    assert result.new_text is None or result.new_text == LOADER, result.new_text


@pytest.mark.parametrize(
    "signature",
    [
        "def fake_get(url, **kwargs):",  # takes any keyword
        "def fake_get(url, timeout=None):",  # takes the one the rewrite adds
        "def fake_get(url, *, timeout):",
    ],
)
def test_a_stand_in_that_takes_the_keyword_lets_the_timeout_in(tmp_path, signature):
    _lay_out(tmp_path, TEST.replace("def fake_get(url):", signature))
    result = http_timeout_result(tmp_path / "shop" / "loader.py")
    assert result.new_text is not None and 'requests.get(api + "regulation", timeout=' in result.new_text


def test_a_stand_in_for_another_function_lets_the_timeout_in(tmp_path):
    _lay_out(tmp_path, TEST.replace('@patch("shop.loader.requests.get", fake_get)', '@patch("shop.loader.requests.post", fake_get)'))
    result = http_timeout_result(tmp_path / "shop" / "loader.py")
    assert result.new_text is not None and 'requests.get(api + "regulation", timeout=' in result.new_text


def test_the_project_s_test_passes_before_and_fails_with_the_timeout(tmp_path):
    """The behaviour behind the rule: the app's own test, run on the loader as it was and as
    the rewrite on main made it."""
    _lay_out(tmp_path)
    timed = LOADER.replace('"regulation")', '"regulation", timeout=60)')
    outcomes = project_tests_on(tmp_path, tmp_path / "shop" / "loader.py", (LOADER, timed))
    assert [code for code, _ in outcomes] == [0, 1], outcomes
    assert "unexpected keyword argument 'timeout'" in outcomes[1][1], outcomes[1][1]


def test_a_side_effect_set_on_the_bound_mock_holds_the_call_back(tmp_path):
    """``NAME.side_effect = fake`` on the mock a decorator passes: the mock calls ``fake`` with
    its own arguments; another test's ``side_effect`` on the same name does not hide it."""
    test = TEST.replace(
        '    @patch("shop.loader.requests.get", fake_get)\n    def test_load(self):\n',
        '    @patch("shop.loader.requests.get")\n    def test_load(self, get):\n'
        '        get.side_effect = fake_get\n'
        '        self.assertEqual(load("http://api/"), [{"title": "A"}])\n\n'
        '    @patch("shop.loader.requests.get")\n    def test_fails(self, get):\n'
        '        get.side_effect = ValueError\n'
        '        self.assertRaises(ValueError, load, "http://api/")\n\n'
        '    def unused(self):\n',
    )
    _lay_out(tmp_path, test)
    result = http_timeout_result(tmp_path / "shop" / "loader.py")
    assert result.new_text is None or result.new_text == LOADER, result.new_text
    timed = LOADER.replace('"regulation")', '"regulation", timeout=60)')
    outcomes = project_tests_on(tmp_path, tmp_path / "shop" / "loader.py", (LOADER, timed))
    assert [code for code, _ in outcomes] == [0, 1], outcomes
