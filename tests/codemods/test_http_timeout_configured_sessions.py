"""http-timeout: a function's session the project's tests patch and whose answer they set up.

apptests39 reproduced it: a test that patches ``requests.Session`` (or the module's name for it)
and leaves the patch's own ``MagicMock`` there, then says what the session's calls answer
(``Session.return_value.get.return_value.json.return_value = {...}``), runs the function with
that answer as its session. Once the tool puts the session in a with-block, the function gets
the answer's ``__enter__()`` instead, another mock that knows nothing of what the test set, and
the project's test fails though the program is right. open-with refuses the same exposure for
its openers: one reading of the tests (``_mock_answers``) serves both codemods.

The other direction too: a test that hands a method of the patched answer (or of a patched
module) a function of its own (``side_effect``) taking fixed parameters fails once the call is
given ``timeout=``.
"""

from __future__ import annotations

import pytest

from helpers import project_tests_on
from http_support import http_timeout_result

CLIENT = """\
import requests


def stars(repo):
    session = requests.Session()
    answer = session.get("https://api.example.org/repos/" + repo)
    return answer.json()["stars"]
"""

WRAPPED = """\
import requests


def stars(repo):
    with requests.Session() as session:
        answer = session.get("https://api.example.org/repos/" + repo, timeout=60)
    return answer.json()["stars"]
"""

TIMED_ONLY = CLIENT.replace('+ repo)', '+ repo, timeout=60)')

DECORATED = """\
from unittest import mock

from hub import client


@mock.patch("hub.client.requests.Session")
def test_stars(session_class):
    session_class.return_value.get.return_value.json.return_value = {"stars": 3}
    assert client.stars("a/b") == 3
"""


def _lay_out(root, test: str, client: str = CLIENT) -> None:
    (root / "requirements.txt").write_text("Flask\nrequests\n")
    (root / "hub").mkdir(exist_ok=True)
    (root / "hub" / "__init__.py").write_text("")
    (root / "hub" / "client.py").write_text(client)
    (root / "hub" / "other.py").write_text(CLIENT)
    (root / "tests").mkdir(exist_ok=True)
    (root / "tests" / "test_client.py").write_text(test)


def _held(result, setting: str) -> bool:
    """The session stays out of a with-block, with a finding citing the test and its setting."""
    text = result.new_text or CLIENT
    return "    session = requests.Session()\n" in text and any(
        "tests/test_client.py:" in f.message and f"({setting})" in f.message and "__enter__" in f.message
        for f in result.findings
    )


def test_the_project_s_test_passes_before_and_fails_with_the_session_s_with_block(tmp_path):
    _lay_out(tmp_path, DECORATED)
    outcomes = project_tests_on(tmp_path, tmp_path / "hub" / "client.py", (CLIENT, TIMED_ONLY, WRAPPED))
    assert [code for code, _ in outcomes] == [0, 0, 1], outcomes


def test_a_decorator_s_configured_session_class_keeps_the_session_out_of_a_with_block(tmp_path):
    _lay_out(tmp_path, DECORATED)
    result = http_timeout_result(tmp_path / "hub" / "client.py")
    assert _held(result, "session_class.return_value.get"), (result.new_text, [f.message for f in result.findings])
    # the request itself still gets its timeout: the mock takes any argument
    assert result.new_text == TIMED_ONLY
    outcomes = project_tests_on(tmp_path, tmp_path / "hub" / "client.py", (result.new_text,))
    assert [code for code, _ in outcomes] == [0], outcomes
    # a module the test does not patch is wrapped as before
    other = http_timeout_result(tmp_path / "hub" / "other.py")
    assert other.new_text == WRAPPED


SHAPES = {
    # the library's class for every caller, the module reached by the test
    "every caller": """\
from unittest import mock

from hub import client


def test_stars():
    with mock.patch("requests.Session") as session_class:
        session_class.return_value.get.return_value.json.return_value = {"stars": 3}
        assert client.stars("a/b") == 3
""",
    # the module patched whole, its Session's answer set up
    "module patched": """\
from unittest import mock

from hub import client


def test_stars():
    fake_requests = mock.patch("hub.client.requests").start()
    fake_requests.Session.return_value.get.return_value.json.return_value = {"stars": 3}
    assert client.stars("a/b") == 3
    mock.patch.stopall()
""",
    # the answer named first, then set up
    "alias": """\
from unittest import mock

from hub import client


@mock.patch("hub.client.requests.Session")
def test_stars(session_class):
    session = session_class.return_value
    session.get.return_value.json.return_value = {"stars": 3}
    assert client.stars("a/b") == 3
""",
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_way_a_test_sets_up_the_answer_counts(tmp_path, shape):
    _lay_out(tmp_path, SHAPES[shape])
    result = http_timeout_result(tmp_path / "hub" / "client.py")
    assert "    session = requests.Session()\n" in (result.new_text or CLIENT), result.new_text
    assert any("tests/test_client.py:" in f.message and "__enter__" in f.message for f in result.findings), [
        f.message for f in result.findings]
    outcomes = project_tests_on(tmp_path, tmp_path / "hub" / "client.py", (CLIENT, WRAPPED))
    assert [code for code, _ in outcomes] == [0, 1], outcomes


@pytest.mark.parametrize(
    "test",
    [
        # the test sets what a with-block enters: written for one
        DECORATED.replace(
            "    session_class.return_value.get",
            "    session_class.return_value.__enter__.return_value = session_class.return_value\n"
            "    session_class.return_value.get",
        ),
        # another module's session class
        DECORATED.replace("hub.client.requests.Session", "hub.other.requests.Session"),
        # the patch's mock is left as it is: nothing set up is lost
        DECORATED.replace(
            '    session_class.return_value.get.return_value.json.return_value = {"stars": 3}\n', ""
        ).replace('    assert client.stars("a/b") == 3\n', "    client.stars\n"),
    ],
)
def test_what_a_with_block_keeps_working_lets_it_be_written(tmp_path, test):
    _lay_out(tmp_path, test)
    result = http_timeout_result(tmp_path / "hub" / "client.py")
    assert result.new_text == WRAPPED, [f.message for f in result.findings]


def test_the_with_block_and_the_test_s_enter_pass_together(tmp_path):
    test = DECORATED.replace(
        "    session_class.return_value.get",
        "    session_class.return_value.__enter__.return_value = session_class.return_value\n"
        "    session_class.return_value.get",
    )
    _lay_out(tmp_path, test)
    outcomes = project_tests_on(tmp_path, tmp_path / "hub" / "client.py", (CLIENT, WRAPPED))
    assert [code for code, _ in outcomes] == [0, 0], outcomes


# -- the other direction: a stand-in of the patched answer's method takes no timeout ---------------

STAND_INS = {
    # the session's answer's get given a function of the test
    "session answer": """\
from unittest import mock

from hub import client


class Answer:
    def json(self):
        return {"stars": 3}


def fake_get(url):
    return Answer()


@mock.patch("hub.client.requests.Session")
def test_stars(session_class):
    session_class.return_value.__enter__.return_value = session_class.return_value
    session_class.return_value.get.side_effect = fake_get
    assert client.stars("a/b") == 3
""",
    # the module patched whole, its get given a function of the test
    "module patched": """\
from unittest import mock

from hub import client


class Answer:
    def json(self):
        return {"stars": 3}


def fake_get(url):
    return Answer()


@mock.patch("hub.client.requests")
def test_stars(fake_requests):
    fake_requests.get.side_effect = fake_get
    assert client.stars("a/b") == 3
""",
}

DIRECT = """\
import requests


def stars(repo):
    answer = requests.get("https://api.example.org/repos/" + repo)
    return answer.json()["stars"]
"""


@pytest.mark.parametrize("shape", sorted(STAND_INS))
def test_a_stand_in_of_a_patched_answer_s_method_holds_the_timeout(tmp_path, shape):
    client = CLIENT if shape == "session answer" else DIRECT
    _lay_out(tmp_path, STAND_INS[shape], client)
    result = http_timeout_result(tmp_path / "hub" / "client.py")
    assert "timeout=" not in (result.new_text or client), result.new_text
    assert any("fake_get()" in f.message and "TypeError" in f.message for f in result.findings), [
        f.message for f in result.findings]
    # the project's test passes on the module as it was (with-block and all) and fails with the timeout
    kept = result.new_text or client
    timed = kept.replace('+ repo)', '+ repo, timeout=60)')
    outcomes = project_tests_on(tmp_path, tmp_path / "hub" / "client.py", (kept, timed))
    assert [code for code, _ in outcomes] == [0, 1], outcomes
