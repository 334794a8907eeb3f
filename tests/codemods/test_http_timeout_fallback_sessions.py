"""http-timeout: a session attribute the class gives a caller's session or a new one
(``self.session = session or requests.Session()``) is reported with what it is given, not as
one "nothing here creates".

Repocribro's ``GitHubAPI.__init__`` takes ``session=None`` and keeps ``session or
requests.Session()``; its tests hand it a betamax session. The five calls on
``self.session`` were rightly left (what a caller passes cannot be told), but the finding said
"nothing here creates it or declares its type" about a session the line above creates: a
reader looking for the session's origin was sent away from the one line that makes it.
"""

from __future__ import annotations

import textwrap

from helpers import finding_messages, run_codemods

NAME = "http-timeout"

FALLBACK = """\
import requests


class GitHubAPI:
    def __init__(self, token, session=None):
        self.token = token
        self.session = session or requests.Session()

    def user(self):
        return self.session.get("https://api.github.com/user").json()
"""


def test_a_caller_s_session_or_a_new_one_is_reported_with_its_value():
    result = run_codemods(FALLBACK, NAME)
    assert result.new_text == textwrap.dedent(FALLBACK)
    (message,) = finding_messages(result)
    assert "cannot tell that self.session is a requests Session" in message
    assert "nothing here creates it" not in message, message
    assert "session or requests.Session()" in message, message


def test_a_session_only_passed_in_is_still_one_nothing_here_creates():
    source = FALLBACK.replace("session or requests.Session()", "session")
    (message,) = finding_messages(run_codemods(source, NAME))
    assert "nothing here creates it or declares its type" in message, message


def test_a_caller_s_session_in_one_branch_and_a_new_one_in_the_other_are_both_named():
    # ORES' api.Session: ``self._session = session`` if one is given, else ``requests.Session()``
    source = FALLBACK.replace(
        "        self.session = session or requests.Session()\n",
        "        if session is not None:\n            self.session = session\n        else:\n            self.session = requests.Session()\n",
    )
    (message,) = finding_messages(run_codemods(source, NAME))
    assert "(it is given session or requests.Session())" in message, message
