"""http-timeout: a call of a function of the module goes into a with-block (the session closed
after use) only when every call of that function surely makes a new session. A function that
hands out one kept session — cached by a decorator (``functools.lru_cache``), kept in a
``global``, returned from a module's name, a parameter or a lookup — is no factory: closing
what it returns would close the session the whole process shares."""

from __future__ import annotations

import pytest
import requests

from helpers import rewrite
from http_support import load

NAME = "http-timeout"

CALLER = """

def fetch(url):
    s = get_session()
    return s.get(url, timeout=5).json()
"""

KEPT = {
    "lru_cache": """
import functools

import requests


@functools.lru_cache(maxsize=None)
def get_session():
    return requests.Session()
""",
    "global": """
import requests

_session = None


def get_session():
    global _session
    if _session is None:
        _session = requests.Session()
        _session.headers["User-Agent"] = "me"
    return _session
""",
    "module name": """
import requests

SESSION = requests.Session()


def get_session():
    return SESSION
""",
    "parameter": """
import requests


def get_session(session=None):
    if session is None:
        session = requests.Session()
    return session
""",
    "lookup": """
import requests

_sessions = {}


def get_session():
    session = _sessions.setdefault("one", requests.Session())
    return session
""",
}


class _Answer:
    def json(self):
        return {"ok": True}


@pytest.mark.parametrize("factory", KEPT.values(), ids=KEPT.keys())
def test_a_function_handing_out_a_kept_session_is_not_closed_after_use(factory, monkeypatch):
    after = rewrite(factory + CALLER, NAME)
    assert "with get_session()" not in after, after
    closed = []
    monkeypatch.setattr(requests.Session, "request", lambda self, *a, **k: _Answer())
    monkeypatch.setattr(requests.Session, "close", lambda self: closed.append(self))
    module = load(after)
    assert module["fetch"]("http://example.invalid/") == {"ok": True}
    assert module["fetch"]("http://example.invalid/") == {"ok": True}
    assert closed == []  # the shared session stays open for the next caller


def test_a_function_making_a_new_session_each_call_is_still_a_factory(monkeypatch):
    factory = """
import requests


def get_session():
    session = requests.Session()
    session.headers["User-Agent"] = "me"
    return session
"""
    after = rewrite(factory + CALLER, NAME)
    assert "    with get_session() as s:\n        return s.get(url, timeout=5).json()\n" in after, after
    closed = []
    monkeypatch.setattr(requests.Session, "request", lambda self, *a, **k: _Answer())
    monkeypatch.setattr(requests.Session, "close", lambda self: closed.append(self))
    module = load(after)
    assert module["fetch"]("http://example.invalid/") == {"ok": True}
    assert len(closed) == 1  # the call's own session, closed after its use


KEPT_BY_THE_FACTORY = {
    "handed to a list": "    _open.append(session)\n",
    "handed on through a method": "    threading.Thread(target=session.get, args=('https://api.example/ping',)).start()\n",
    "given an adapter": "    session.mount('https://', requests.adapters.HTTPAdapter())\n",
}


@pytest.mark.parametrize("keeps", list(KEPT_BY_THE_FACTORY.values()), ids=list(KEPT_BY_THE_FACTORY))
def test_a_factory_that_keeps_or_equips_its_session_is_no_factory(keeps):
    """What the factory hands its session to may still use it after the caller's with-block
    would close it; an adapter's close() may run code of its own."""
    source = (
        "import threading\n\nimport requests\n\n_open = []\n\n\ndef new_session():\n"
        "    session = requests.Session()\n    session.headers['Accept'] = 'application/json'\n"
        f"{keeps}    return session\n\n\ndef fetch(url):\n    s = new_session()\n    return s.get(url, timeout=5).json()\n"
    )
    assert "with new_session()" not in rewrite(source, NAME)


HANDED_TO = {
    "a generator": "def pages(session, url):\n    yield session.get(url, timeout=5).text\n",
    "a decorated function": (
        "def in_background(function):\n    return function\n\n\n"
        "@in_background\ndef pages(session, url):\n    return session.get(url, timeout=5).text\n"
    ),
}


@pytest.mark.parametrize("callee", list(HANDED_TO.values()), ids=list(HANDED_TO))
def test_a_session_handed_to_code_that_runs_later_is_not_closed_after_the_call(callee):
    """A generator's body runs as it is consumed, a decorated function's maybe in a thread:
    the with-block would close the session first."""
    source = (
        f"import requests\n\n\n{callee}\n\ndef index():\n    session = requests.Session()\n"
        "    got = pages(session, 'https://api.example/x')\n    return ''.join(got)\n"
    )
    assert "with requests.Session()" not in rewrite(source, NAME)
