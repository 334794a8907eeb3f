"""http-timeout in test code: a session-like object of unknown type is not reported.

Outside tests, a call on something named like a session that nothing shows to be a requests
Session is worth a word (a reviewer can pass timeout= if it is one). In a test, such an object
is a fixture or a double of the code under test (its transport patched, a recording client):
no call reaches the network, and a finding there gives the reviewer nothing to do. Calls the
codemod can prove are requests calls are still given their timeout in tests."""

from __future__ import annotations

import textwrap

from helpers import finding_messages, run_codemods

NAME = "http-timeout"

SOURCE = """\
from unittest import mock

import requests


def test_rate_limit(github_session):
    with mock.patch.object(requests.Session, "request"):
        github_session.get("https://api.example.org/user")


def test_real_call():
    requests.get("https://example.org/health")
"""


def test_a_session_fixture_in_a_test_is_not_reported():
    result = run_codemods(SOURCE, NAME, path="tests/test_sessions.py")
    assert finding_messages(result) == []
    assert 'requests.get("https://example.org/health", timeout=' in result.new_text


def test_the_same_code_outside_tests_is_still_reported():
    source = SOURCE.replace("def test_", "def check_")
    result = run_codemods(source, NAME, path="client/sessions.py")
    messages = finding_messages(result)
    assert len(messages) == 1 and "cannot tell that github_session is a requests Session" in messages[0], messages
    assert textwrap.dedent(source) != result.new_text
