"""http-timeout: a handler that always re-raises handles nothing.

A call in a try that catches the network errors it raises today (``except
requests.ConnectionError: retry``) is left alone, because a read timeout would get past that
handler. A handler up the function that catches the timeout (``Exception``, a bare except)
lets the timeout be added: the code handles it there. But a handler whose every path ends
in a bare ``raise`` (``except: raise``, ``except Exception: log(); raise``) lets the timeout
out of the function just as if it were not there (pyspider's tests/test_run.py retries a
POST on ``ConnectionError`` inside ``try: ... except: raise``).
"""

from __future__ import annotations

import textwrap

import pytest

from helpers import finding_messages, rewrite, run_codemods
from http_support import closed_port_url, is_timeout, load, silent_server  # noqa: F401 (the fixture)

NAME = "http-timeout"

RETRIES = """
import logging

import requests


def start(url):
    try:
        for _ in range(3):
            try:
                requests.post(url, data={"project": "sample"})
            except requests.exceptions.ConnectionError:
                continue
            return "started"
        return "never up"
    except:
        raise


def start_logged(url):
    try:
        try:
            return requests.get(url).ok
        except requests.ConnectionError:
            return "not up"
    except Exception:
        logging.getLogger(__name__).exception("start failed")
        raise
"""


def refused(source: str) -> list[str]:
    result = run_codemods(source, NAME)
    assert result.error is None, result.error
    assert result.new_text == textwrap.dedent(source)
    return finding_messages(result)


def test_a_re_raising_outer_handler_does_not_let_the_timeout_be_added():
    messages = refused(RETRIES)
    assert [m.split(":")[0] for m in messages] == ["11", "23"], messages
    assert all("but not requests.Timeout" in m for m in messages), messages


def test_the_timeout_would_escape_both_handlers(silent_server):
    """Why: with a timeout added by hand, the silent server's read timeout leaves each function
    as an exception, where the original waited (and a refused connection was handled)."""
    naive = load(RETRIES.replace('data={"project": "sample"})', 'data={"project": "sample"}, timeout=0.3)').replace("get(url)", "get(url, timeout=0.3)"))
    for name in ("start", "start_logged"):
        with pytest.raises(OSError) as raised:
            naive[name](silent_server.url)
        assert is_timeout(raised.value), (name, raised.value)
    original = load(RETRIES)
    assert original["start"](closed_port_url()) == "never up"
    assert original["start_logged"](closed_port_url()) == "not up"


@pytest.mark.parametrize(
    "handler",
    [
        "except Exception:\n        return None",
        "except Exception as error:\n        if isinstance(error, KeyError):\n            raise\n        return None",
        "except:\n        raise RuntimeError('start failed')",
    ],
)
def test_a_handler_that_may_go_on_still_handles_the_timeout(handler):
    """Only a handler that re-raises on every path is passed over: one that returns on some
    path, or raises an error of its own, still stands for handling there."""
    source = f"""
import requests


def start(url):
    try:
        try:
            return requests.get(url).ok
        except requests.ConnectionError:
            return "not up"
    {handler}
"""
    rewritten = rewrite(source, NAME)
    assert "requests.get(url, timeout=60)" in rewritten


def test_a_call_under_re_raising_handlers_only_is_bounded():
    """With no handler for network trouble, a re-raising one changes nothing: the call's errors
    already leave the function, and a timeout leaves it the same way."""
    source = """
import requests


def counter(url):
    try:
        return requests.get(url).json()
    except:
        raise
    finally:
        print("done")
"""
    assert "requests.get(url, timeout=60)" in rewrite(source, NAME)
