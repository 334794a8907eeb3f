"""http-timeout: a project's own wrapper around requests that passes its ``**kwargs`` on
(``def post(*args, **kwargs): return session.post(*args, **kwargs)``) gives them a default
timeout (``kwargs.setdefault("timeout", ...)``): a caller's own timeout is kept, every other
call is bounded. A function of the module that returns a new session makes one, as
``requests.Session()`` does: the wrapper's per-call session goes into a with-block."""

from __future__ import annotations

import pytest
import requests

from helpers import finding_messages, rewrite, run_codemods
from http_support import is_timeout, load, silent_server  # noqa: F401 (the fixture)

NAME = "http-timeout"

WRAPPERS = """
import requests

AGENT = "demo"


def build_session():
    session = requests.Session()
    session.headers.update({"User-Agent": AGENT})
    return session


def get(*args, **kwargs):
    session = build_session()
    # one session per call
    return session.get(*args, **kwargs)


def post(url, **options):
    return requests.post(url, **options)
"""


def test_the_wrapper_gives_its_keywords_a_default_timeout_and_closes_its_session():
    result = run_codemods(WRAPPERS, NAME, options={NAME: {"timeout": 0.5}})
    after = result.new_text
    assert (
        "def get(*args, **kwargs):\n"
        "    with build_session() as session:\n"
        "        # one session per call\n"
        '        kwargs.setdefault("timeout", 0.5)\n'
        "        return session.get(*args, **kwargs)\n"
    ) in after, after
    assert 'def post(url, **options):\n    options.setdefault("timeout", 0.5)\n    return requests.post(url, **options)\n' in after
    assert "def build_session():\n    session = requests.Session()" in after  # returned: the caller's
    assert finding_messages(result) == []  # the factory's session is the caller's: nothing to say


def test_a_call_that_times_out_now_ends_and_a_callers_own_timeout_is_kept(silent_server):
    after = load(rewrite(WRAPPERS, NAME, options={NAME: {"timeout": 0.5}}))
    for call in (after["get"], after["post"]):
        with pytest.raises(requests.exceptions.Timeout) as raised:
            call(silent_server.url)
        assert is_timeout(raised.value)
    with pytest.raises(requests.exceptions.Timeout):
        after["get"](silent_server.url, timeout=0.2)  # (given twice, it would be a TypeError)


@pytest.mark.parametrize(
    "wrapper",
    [
        # the keywords are used elsewhere too: the added key would reach that use
        "def post(url, **options):\n    print(options)\n    return requests.post(url, **options)\n",
        # not the function's own parameter
        "def post(url, options):\n    return requests.post(url, **options)\n",
        # the timeout may come positionally through *args
        "def send(*args, **kwargs):\n    return requests.Session().request(*args, **kwargs)\n",
    ],
)
def test_where_the_default_would_mean_more_the_call_is_reported(wrapper):
    source = "import requests\n\n\n" + wrapper
    result = run_codemods(source, NAME)
    assert "setdefault" not in result.new_text
    assert any("may already" in message for message in finding_messages(result)), finding_messages(result)


def test_a_function_returning_something_else_sometimes_makes_no_session():
    source = WRAPPERS.replace("    return session\n", "    return session if AGENT else None\n")
    after = rewrite(source, NAME)
    assert "with build_session()" not in after


OWN_DEFAULTS = """
import requests


def post(url, **options):
    options["timeout"] = 5
    return requests.post(url, **options)


def put(url, **options):
    options.setdefault("verify", False)
    return requests.put(url, **options)
"""


def test_a_wrapper_already_giving_its_keywords_a_timeout_is_neither_changed_nor_reported():
    result = run_codemods(OWN_DEFAULTS, NAME)
    assert result.error is None, result.error
    assert result.new_text == OWN_DEFAULTS
    messages = finding_messages(result)
    assert len(messages) == 1 and "**options may already carry a timeout" in messages[0], messages  # put's only


def test_the_wrapper_rewritten_once_is_left_alone_and_unreported_on_the_next_run():
    once = rewrite(WRAPPERS, NAME)
    assert 'options.setdefault("timeout", ' in once
    again = run_codemods(once, NAME)
    assert again.error is None and again.new_text == once
    assert not any("may already carry a timeout" in message for message in finding_messages(again)), finding_messages(again)


BOUNDED_ELSEWHERE = """
import socket
from urllib.request import urlopen

import requests


class TimeoutAdapter(requests.adapters.HTTPAdapter):
    pass  # gives every request of the session a default timeout of its own


socket.setdefaulttimeout(120)
session = requests.Session()
session.mount("https://", TimeoutAdapter())


def fetch(url, **options):
    return urlopen(url, **options)


def get(url, **options):
    return session.get(url, **options)
"""


def test_a_wrapper_the_program_bounds_already_gets_no_default_of_ours():
    """A socket default set at start bounds the wrapper's urlopen, an adapter mounted on the
    session may bound its requests: a setdefault would override either; both are reported."""
    result = run_codemods(BOUNDED_ELSEWHERE, NAME)
    assert result.error is None, result.error
    assert result.new_text == BOUNDED_ELSEWHERE
    messages = finding_messages(result)
    assert any("socket.setdefaulttimeout()" in message for message in messages), messages
    assert any("transport adapter" in message for message in messages), messages


SINGLE_QUOTED = """
import logging

import requests

LOGGER = logging.getLogger('provider')


def get_response(url, **kwargs):
    LOGGER.debug('Sending query')
    with requests.get(url, **kwargs) as r:
        return r.json()
"""


def test_the_default_is_spelled_in_the_quotes_of_the_module(silent_server):
    """pygeoapi's esri provider (wa37): a module written in single quotes gets
    ``kwargs.setdefault('timeout', ...)``, as its authors would write it."""
    result = run_codemods(SINGLE_QUOTED, NAME, options={NAME: {"timeout": 0.3}})
    assert "    kwargs.setdefault('timeout', 0.3)\n    with requests.get(url, **kwargs) as r:\n" in result.new_text
    with pytest.raises(requests.Timeout):
        load(result.new_text)["get_response"](silent_server.url)
    double = run_codemods(SINGLE_QUOTED.replace("'", '"'), NAME)
    assert 'kwargs.setdefault("timeout", 60)' in double.new_text
