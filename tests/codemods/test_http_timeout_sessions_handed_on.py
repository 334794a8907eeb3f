"""A session a function only configures and hands on (to a client, to the code under test,
back to its caller) opens no connection there: the code it is built for owns its life, so
http-timeout leaves it without a with-block and without a finding. One the function sends
requests through and also hands on keeps its finding: the reviewer may close it."""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

HANDED_ON = [
    # the code under test gets a session the test only configured
    "def test_rejects_bad_header():\n    session = requests.Session()\n    session.headers.update({'X-Key': 'k'})\n"
    "    assert check(session, None) is None\n",
    # a client keeps the session it is given, and the client is returned
    "def make_client():\n    session = requests.Session()\n    session.verify = False\n    return Client(session=session)\n",
    # a factory
    "def new_session():\n    session = requests.Session()\n    session.headers['Accept'] = 'text/plain'\n    return session\n",
]


@pytest.mark.parametrize("path", ["tests/test_client.py", "client.py"])
@pytest.mark.parametrize("body", HANDED_ON)
def test_a_session_only_configured_and_handed_on_is_left_without_a_word(body: str, path: str) -> None:
    source = "import requests\n\n\n" + body
    result = run_codemods(source, "http-timeout", dedent=False, path=path)
    assert result.error is None and result.new_text == source
    assert finding_messages(result) == []


def test_a_session_that_sends_and_is_handed_on_keeps_its_finding() -> None:
    source = (
        "import requests\n\n\ndef fetch(url):\n    session = requests.Session()\n"
        "    session.get(url, timeout=5)\n    return Client(session=session)\n"
    )
    result = run_codemods(source, "http-timeout", dedent=False)
    assert result.new_text == source
    assert [m for m in finding_messages(result) if "was not put in a with-block" in m and "passed to another call" in m]


def test_a_session_that_only_sends_here_still_gets_its_with_block() -> None:
    source = "import requests\n\n\ndef fetch(url):\n    session = requests.Session()\n    return session.get(url, timeout=5).text\n"
    assert "with requests.Session() as session:" in run_codemods(source, "http-timeout", dedent=False).new_text
