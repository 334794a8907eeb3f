"""http-timeout: a session a function makes once and keeps in a module global (``global s``,
``s = requests.Session()`` when none is kept yet) lives for the next calls: it is not put
in a with-block, and no finding says the name is bound twice in the function (it is bound
once there; a corpus app's lazily made API session got that untrue reason)."""

from __future__ import annotations

import textwrap

import pytest

from helpers import finding_messages, run_codemods

NAME = "http-timeout"

# a function that makes the session once and keeps it in a name of the scope around it
SESSION_FUNCTION = """\
def session():
    {declare} _session
    if _session is None:
        _session = requests.Session()
        _session.get("https://auth.example/login", timeout=30)
    return _session
"""

LAZY = "import requests\n\n_session = None\n\n\n" + SESSION_FUNCTION.format(declare="global")

NESTED = (
    "import requests\n\n\ndef client():\n    _session = None\n\n"
    + textwrap.indent(SESSION_FUNCTION.format(declare="nonlocal"), "    ")
    + "\n    return session\n"
)


@pytest.mark.parametrize("source", [LAZY, NESTED])
def test_a_session_kept_outside_the_function_is_left_without_an_untrue_finding(source):
    result = run_codemods(source, NAME, dedent=False)
    assert result.new_text == source
    assert not any("bound more than once" in message for message in finding_messages(result))


def test_a_session_bound_twice_in_its_own_function_is_still_reported():
    source = (
        "import requests\n\n\ndef fetch(urls):\n"
        "    s = requests.Session()\n    s.get(urls[0], timeout=30)\n"
        "    s = requests.Session()\n    s.get(urls[1], timeout=30)\n"
    )
    result = run_codemods(source, NAME, dedent=False)
    assert any("bound more than once in this function" in message for message in finding_messages(result))
