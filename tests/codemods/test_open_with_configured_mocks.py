"""open-with: an opener the project's tests patch with its own MagicMock and whose answer they set up.

Found while running the apps' own tests (session 39): a test that patches ``urlopen`` (or
``open``, a client class) and leaves the patch's ``MagicMock`` there, then says what the answer
does (``urlopen.return_value.read.return_value = b"..."``), runs the code with that answer. A
with-block hands the code the answer's ``__enter__()`` instead: a ``MagicMock`` gives another
mock there, whose ``read()`` is a mock too, and the project's test fails though the program is
right. A test that sets ``__enter__`` too, or gives the patch its own answer, is left to the
other rules (``test_open_with_replaced_open``).
"""

from __future__ import annotations

import pytest

from helpers import project_tests_on

from flask_codemod import pipeline
from flask_codemod.codemods import get_codemod

LINKS = """\
import urllib.request


def title(url):
    data = urllib.request.urlopen(url, timeout=5).read()
    return data.decode()


def notes(path):
    text = open(path).read()
    return text.upper()
"""

WRAPPED = LINKS.replace(
    "    data = urllib.request.urlopen(url, timeout=5).read()\n",
    "    with urllib.request.urlopen(url, timeout=5) as response:\n        data = response.read()\n",
)

DECORATED = """\
from unittest import mock

from feeds import links


@mock.patch("feeds.links.urllib.request.urlopen")
def test_title(urlopen):
    urlopen.return_value.read.return_value = b"hello"
    assert links.title("http://example.org") == "hello"
"""


def _lay_out(root, test: str) -> None:
    (root / "requirements.txt").write_text("Flask\n")
    (root / "feeds").mkdir(exist_ok=True)
    (root / "feeds" / "__init__.py").write_text("")
    (root / "feeds" / "links.py").write_text(LINKS)
    (root / "feeds" / "jobs.py").write_text("def size(path):\n    return len(open(path).read())\n")
    (root / "tests").mkdir(exist_ok=True)
    (root / "tests" / "test_links.py").write_text(test)


def _result(path):
    result = pipeline.process_file(str(path), [get_codemod("open-with")])
    assert result.error is None, result.error
    return result


def _held(result, setting: str, kept: str = "    data = urllib.request.urlopen(url, timeout=5).read()\n") -> bool:
    """The opener's statement stays as it was, with a finding naming the test and its setting."""
    return kept in (result.new_text or LINKS) and any(
        "tests/test_links.py:" in f.message and f"({setting})" in f.message and "__enter__" in f.message for f in result.findings
    )


def test_the_project_s_test_passes_before_and_fails_with_the_with_block(tmp_path):
    """The behaviour behind the rule: the project's own test, run on the module as it was and
    as the with-block would make it."""
    _lay_out(tmp_path, DECORATED)
    outcomes = project_tests_on(tmp_path, tmp_path / "feeds" / "links.py", (LINKS, WRAPPED))
    assert [code for code, _ in outcomes] == [0, 1], outcomes


def test_a_decorator_s_mock_whose_answer_the_test_sets_up_holds_the_opener(tmp_path):
    _lay_out(tmp_path, DECORATED)
    result = _result(tmp_path / "feeds" / "links.py")
    assert _held(result, "urlopen.return_value.read"), [f.message for f in result.findings]
    message = next(f.message for f in result.findings if "urlopen.return_value.read" in f.message)
    assert "urlopen.return_value.__enter__.return_value = urlopen.return_value" in message


BOUND = {
    "with": """\
from unittest import mock

from feeds import links


def test_title():
    with mock.patch("feeds.links.urllib.request.urlopen") as opened:
        opened.return_value.read.return_value = b"hello"
        assert links.title("http://example.org") == "hello"
""",
    "start": """\
from unittest import mock

from feeds import links


def test_title():
    opened = mock.patch("urllib.request.urlopen").start()
    opened.return_value.read.return_value = b"hello"
    assert links.title("http://example.org") == "hello"
    mock.patch.stopall()
""",
    "mocker": """\
from feeds import links


def test_title(mocker):
    opened = mocker.patch("feeds.links.urllib.request.urlopen")
    opened.return_value.read.return_value = b"hello"
    assert links.title("http://example.org") == "hello"
""",
    "class": """\
from unittest import TestCase, mock

from feeds import links


@mock.patch("feeds.links.urllib.request.urlopen")
class TitleTest(TestCase):
    def test_title(self, opened):
        opened.return_value.read.return_value = b"hello"
        self.assertEqual(links.title("http://example.org"), "hello")
""",
}


@pytest.mark.parametrize("binding", sorted(BOUND))
def test_every_way_a_mock_is_bound_counts(tmp_path, binding):
    _lay_out(tmp_path, BOUND[binding])
    assert _held(_result(tmp_path / "feeds" / "links.py"), "opened.return_value.read")


OPEN_PATCHED = """\
from unittest import mock

from feeds import links


def test_notes():
    with mock.patch("builtins.open") as opened:
        opened.return_value.read.return_value = "todo"
        assert links.notes("notes.txt") == "TODO"
"""


def test_a_patch_of_the_builtin_open_holds_the_opens_of_the_modules_the_test_reaches(tmp_path):
    _lay_out(tmp_path, OPEN_PATCHED)
    assert _held(_result(tmp_path / "feeds" / "links.py"), "opened.return_value.read", "    text = open(path).read()\n")
    unreached = _result(tmp_path / "feeds" / "jobs.py")
    assert unreached.new_text is not None and "with open(path) as" in unreached.new_text
    wrapped = LINKS.replace("    text = open(path).read()\n", "    with open(path) as f:\n        text = f.read()\n")
    outcomes = project_tests_on(tmp_path, tmp_path / "feeds" / "links.py", (LINKS, wrapped))
    assert [code for code, _ in outcomes] == [0, 1], outcomes


@pytest.mark.parametrize(
    "test",
    [
        # the test sets what a with-block enters: it was written for one
        DECORATED.replace(
            '    urlopen.return_value.read.return_value = b"hello"\n',
            '    urlopen.return_value.__enter__.return_value = urlopen.return_value\n'
            '    urlopen.return_value.read.return_value = b"hello"\n',
        ),
        # the patch's mock is left as it is: nothing the test set up is lost
        DECORATED.replace('    urlopen.return_value.read.return_value = b"hello"\n', "    links.title\n").replace(
            '    assert links.title("http://example.org") == "hello"\n', ""
        ),
        # the answer given to the patch is read by the other rules (a MagicMock can be entered)
        DECORATED.replace(
            '@mock.patch("feeds.links.urllib.request.urlopen")',
            '@mock.patch("feeds.links.urllib.request.urlopen", new_callable=mock.MagicMock)',
        ),
        # another module's opener
        DECORATED.replace("feeds.links.urllib.request.urlopen", "feeds.other.urllib.request.urlopen"),
    ],
)
def test_what_a_with_block_keeps_working_lets_it_be_written(tmp_path, test):
    _lay_out(tmp_path, test)
    result = _result(tmp_path / "feeds" / "links.py")
    assert result.new_text is not None and "as response:" in result.new_text, [f.message for f in result.findings]


def test_the_with_block_and_the_test_s_enter_pass_together(tmp_path):
    """What the finding asks for works: with ``__enter__`` set, the test passes on the with-block."""
    test = DECORATED.replace(
        '    urlopen.return_value.read.return_value = b"hello"\n',
        '    urlopen.return_value.__enter__.return_value = urlopen.return_value\n'
        '    urlopen.return_value.read.return_value = b"hello"\n',
    )
    _lay_out(tmp_path, test)
    outcomes = project_tests_on(tmp_path, tmp_path / "feeds" / "links.py", (LINKS, WRAPPED))
    assert [code for code, _ in outcomes] == [0, 0], outcomes
