"""http-timeout: a module whose asynchronous path opens an aiohttp session without a timeout
has accepted aiohttp's default for its requests, five minutes in all; the same requests sent
through ``requests`` in that module get no shorter wait (delphi-epidata's client: its
synchronous query of the Epidata API got 60 s while its aiohttp twin waits 300 s, as long as
the API's gunicorn lets a query run)."""

from __future__ import annotations

import sys
import types

import pytest

from helpers import rewrite
from slow_upstream import SlowUpstream, run_against

CLIENT = '''
import aiohttp
import requests

BASE_URL = "https://api.example.org/epidata"


def fetch(endpoint, params):
    return requests.get(f"{BASE_URL}/{endpoint}/", params).json()


async def fetch_all(calls):
    async with aiohttp.ClientSession(SESSION_ARGUMENTS) as session:
        return [await (await session.get(f"{BASE_URL}/{e}/", params=p)).json() for e, p in calls]
'''


@pytest.fixture
def aiohttp_stub(monkeypatch):
    monkeypatch.setitem(sys.modules, "aiohttp", types.ModuleType("aiohttp"))


def test_the_synchronous_twin_waits_as_long_as_the_aiohttp_default(monkeypatch, aiohttp_stub):
    after = rewrite(CLIENT.replace("SESSION_ARGUMENTS", ""), "http-timeout")
    assert 'requests.get(f"{BASE_URL}/{endpoint}/", params, timeout=300).json()' in after
    # a query the API takes two minutes to answer: the async path waits for it, so does this one
    upstream = SlowUpstream(120, answer={"epidata": [1, 2]})
    assert run_against(monkeypatch, upstream, after, "fetch", "covidcast", {}) == {"epidata": [1, 2]}
    # what 60 s did to it
    cut = after.replace("timeout=300", "timeout=60")
    assert type(run_against(monkeypatch, SlowUpstream(120), cut, "fetch", "covidcast", {})).__name__ == "ReadTimeout"


@pytest.mark.parametrize("session_arguments", ["timeout=aiohttp.ClientTimeout(total=30)", "**SESSION_OPTIONS"])
def test_a_session_given_its_own_timeout_says_nothing_of_the_default(aiohttp_stub, session_arguments):
    after = rewrite(CLIENT.replace("SESSION_ARGUMENTS", session_arguments), "http-timeout")
    assert "timeout=300" not in after


def test_a_module_without_aiohttp_keeps_the_option():
    source = 'import requests\n\n\ndef fetch(url):\n    return requests.get(url).json()\n'
    assert "requests.get(url, timeout=60)" in rewrite(source, "http-timeout")


def test_a_wait_the_module_writes_for_its_requests_calls_says_more_than_the_default(aiohttp_stub):
    """async-flask-demo: its requests calls pass 5 s; its aiohttp session passes none."""
    source = CLIENT.replace("SESSION_ARGUMENTS", "").replace(
        "def fetch(endpoint, params):",
        "def ping():\n    return requests.get(BASE_URL, timeout=5).ok\n\n\ndef fetch(endpoint, params):",
    )
    assert 'requests.get(f"{BASE_URL}/{endpoint}/", params, timeout=5).json()' in rewrite(source, "http-timeout")
