"""open-with: the ways a test says what its patched opener returns (session 34).

The rule of test_open_with_test_fakes.py reads *whatever* the patched opener returns in the
tests, not only ``mock.return_value = Fake(...)``: the same fake given through
``side_effect`` (the class itself, a function or a lambda that returns an instance, a list of
instances) or through ``return_value=`` of the patch (an instance, a factory's call, a
variable, a pytest fixture of the tests) fails the project's test once the opener is wrapped
in a with-block. A fake that can be entered, or an exception raised by the mock, still lets
the opener be wrapped.
"""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

NAME = "open-with"

LINKS = """\
import urllib.request


def final_url(url):
    return urllib.request.urlopen(url).geturl()
"""

FAKES = """\
class FakeAnswer:
    def __init__(self, url="https://example.org/b", *rest, **options):
        self.url = url

    def geturl(self):
        return self.url


class EnteredAnswer(FakeAnswer):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def make_answer(*args, **kwargs):
    return FakeAnswer("https://example.org/b")
"""

CONFTEST = """\
import pytest

from fakes import FakeAnswer


@pytest.fixture
def answer():
    return FakeAnswer("https://example.org/b")
"""

HEAD = "from fakes import EnteredAnswer, FakeAnswer, make_answer\n\nfrom blog import links\n\n\n"
CALL = '    assert links.final_url("https://example.org/a") == "https://example.org/b"\n'

GIVEN = {
    "side_effect= the class itself": 'def test_it(mocker):\n    mocker.patch("urllib.request.urlopen", side_effect=FakeAnswer)\n' + CALL,
    "side_effect= a factory of the tests": (
        'def test_it(mocker):\n    mocker.patch("urllib.request.urlopen", side_effect=make_answer)\n' + CALL
    ),
    "side_effect= a lambda": (
        'def test_it(mocker):\n    mocker.patch("urllib.request.urlopen", side_effect=lambda *a: FakeAnswer())\n' + CALL
    ),
    "side_effect set on the mock, a list": (
        'def test_it(mocker):\n    urlopen = mocker.patch("urllib.request.urlopen")\n'
        "    urlopen.side_effect = [FakeAnswer(), FakeAnswer()]\n" + CALL
    ),
    "return_value= an instance": (
        'def test_it(mocker):\n    mocker.patch("urllib.request.urlopen", return_value=FakeAnswer())\n' + CALL
    ),
    "return_value= a factory's call": (
        'def test_it(mocker):\n    mocker.patch("urllib.request.urlopen", return_value=make_answer())\n' + CALL
    ),
    "return_value= a variable": (
        'def test_it(mocker):\n    fake = FakeAnswer()\n    mocker.patch("urllib.request.urlopen", return_value=fake)\n' + CALL
    ),
    "return_value= a fixture": (
        'def test_it(mocker, answer):\n    mocker.patch("urllib.request.urlopen", return_value=answer)\n' + CALL
    ),
    "a decorator's return_value=": (
        "from unittest import mock\n\n\n"
        '@mock.patch("urllib.request.urlopen", return_value=FakeAnswer())\ndef test_it(urlopen):\n' + CALL
    ),
}


def _project(test: str) -> dict[str, str]:
    return {
        "blog/__init__.py": "",
        "blog/links.py": LINKS,
        "tests/fakes.py": FAKES,
        "tests/conftest.py": CONFTEST,
        "tests/test_links.py": HEAD + test,
    }


@pytest.mark.parametrize("case", sorted(GIVEN))
def test_a_fake_the_patched_opener_returns_leaves_it_with_a_finding(case):
    result = run_codemods(LINKS, NAME, path="blog/links.py", dedent=False, project=_project(GIVEN[case]))
    assert result.new_text == LINKS
    messages = finding_messages(result)
    assert any("tests/test_links.py:" in m and "FakeAnswer" in m and "no __enter__" in m for m in messages), messages


ENTERED = {
    "side_effect= a class that can be entered": GIVEN["side_effect= the class itself"].replace("=FakeAnswer", "=EnteredAnswer"),
    "return_value= a fixture of another name": GIVEN["return_value= a fixture"].replace("=answer", "=other").replace(
        "answer)", "other)"
    ),
    "side_effect= an exception": 'def test_it(mocker):\n    mocker.patch("urllib.request.urlopen", side_effect=OSError)\n',
    "side_effect= a lambda returning an entered fake": GIVEN["side_effect= a lambda"].replace(": FakeAnswer()", ": EnteredAnswer()"),
}


@pytest.mark.parametrize("case", sorted(ENTERED))
def test_a_patch_whose_answer_can_be_entered_lets_the_opener_be_wrapped(case):
    result = run_codemods(LINKS, NAME, path="blog/links.py", dedent=False, project=_project(ENTERED[case]))
    assert "with urllib.request.urlopen(url) as" in result.new_text, finding_messages(result)
