"""http-timeout leaves a call alone where the timeout would get past the code's own handler.

A read timeout raises requests' ``ReadTimeout`` (no ``ConnectionError``) and, from urlopen,
``socket.timeout`` (no ``URLError``): in a try that catches only the network errors the call
raises today, the added timeout would open a new way to fail. Shapes written here; the last
tests run the code against a local server that accepts and never answers.
"""

from __future__ import annotations

import textwrap

import pytest

from helpers import finding_messages, rewrite, run_codemods
from http_support import closed_port_url, is_timeout, load, silent_server  # noqa: F401 (the fixture)

NAME = "http-timeout"

REQUESTS_ADVICE = "catch requests.Timeout there too, then pass timeout="
URLLIB_ADVICE = "catch OSError there too (or socket.timeout), then pass timeout="


def outcome(source: str):
    result = run_codemods(source, NAME)
    assert result.error is None, result.error
    return result


def refused(source: str) -> list[str]:
    """The findings, after checking the code was left as it is."""
    result = outcome(source)
    assert result.new_text == textwrap.dedent(source)
    return finding_messages(result)


@pytest.mark.parametrize(
    "imports, caught",
    [
        ("import requests", "requests.ConnectionError"),
        ("import requests", "requests.exceptions.ConnectionError"),
        ("import requests\nfrom requests.exceptions import ConnectionError as CE", "CE"),
        ("import requests\nimport requests.exceptions as rex", "rex.ConnectionError"),
        ("import requests\nfrom requests import ConnectionError", "ConnectionError"),
        ("import requests", "(requests.ConnectionError, requests.ProxyError)"),
        ("import requests", "requests.exceptions.SSLError"),
        ("import requests\nfrom requests.exceptions import ChunkedEncodingError", "ChunkedEncodingError"),
    ],
)
def test_a_handler_for_connection_errors_only_keeps_the_call(imports, caught):
    source = f"""
{imports}

def probe(url):
    try:
        return requests.get(url).ok
    except {caught}:
        return False
"""
    messages = refused(source)
    assert len(messages) == 1 and REQUESTS_ADVICE in messages[0], messages
    assert f"catches {caught.strip('()')} but not requests.Timeout" in messages[0]


@pytest.mark.parametrize(
    "caught",
    [
        "requests.Timeout",
        "requests.exceptions.ReadTimeout",
        "requests.RequestException",
        "(requests.ConnectionError, requests.Timeout)",
        "IOError",
        "OSError",
        "Exception",
        "BaseException",
    ],
)
def test_a_handler_that_catches_the_timeout_lets_it_be_added(caught):
    source = f"""
        import requests

        def probe(url):
            try:
                return requests.get(url).ok
            except requests.ConnectionError:
                return False
            except {caught}:
                return None
        """
    assert "requests.get(url, timeout=60)" in rewrite(source, NAME)


def test_bare_except_and_outer_handlers_catch_the_timeout():
    source = """
        import requests

        def bare(url):
            try:
                return requests.get(url).ok
            except requests.ConnectionError:
                return False
            except:
                return None

        def outer(url):
            try:
                try:
                    return requests.post(url).ok
                except requests.ConnectionError:
                    return False
            except Exception:
                return None
        """
    rewritten = rewrite(source, NAME)
    assert "requests.get(url, timeout=60)" in rewritten and "requests.post(url, timeout=60)" in rewritten


def test_nested_try_and_sessions():
    source = """
        import requests

        def nested(url):
            try:
                try:
                    return requests.get(url).ok
                except ValueError:
                    return None
            except requests.ConnectionError:
                return False

        def session_call(url):
            with requests.Session() as s:
                try:
                    return s.get(url).ok
                except requests.ConnectionError:
                    return False
        """
    messages = refused(source)
    assert [m.split(":")[0] for m in messages] == ["7", "16"], messages


def test_only_the_body_of_a_try_is_guarded():
    source = """
        import requests

        def after_failure(url, fallback):
            try:
                return requests.get(url).ok
            except requests.ConnectionError:
                return requests.get(fallback).ok
            finally:
                requests.post(url)

        def outside(url):
            try:
                x = 1
            except requests.ConnectionError:
                pass
            return requests.get(url)

        def deferred(url):
            try:
                def later():
                    return requests.get(url)
            except requests.ConnectionError:
                return None
            return later
        """
    result = outcome(source)
    messages = finding_messages(result)
    assert [m.split(":")[0] for m in messages] == ["6"], messages
    assert result.new_text.count("timeout=60") == 4


@pytest.mark.parametrize(
    "caught",
    [
        "ConnectionError",  # the builtin one: requests' ConnectionError is no builtin ConnectionError
        "ValueError",
        "KeyError",
        "requests.exceptions.InvalidURL",
        "SomeAppError",
    ],
)
def test_handlers_for_other_errors_keep_todays_behaviour(caught):
    source = f"""
        import requests

        def probe(url):
            try:
                return requests.get(url).ok
            except {caught}:
                return False
        """
    result = outcome(source)
    assert "requests.get(url, timeout=60)" in result.new_text and finding_messages(result) == []


def test_no_handler_at_all_keeps_todays_behaviour():
    assert rewrite("import requests\nrequests.get(u)\n", NAME) == "import requests\nrequests.get(u, timeout=60)\n"


@pytest.mark.parametrize(
    "imports, caught",
    [
        ("from urllib.request import urlopen\nfrom urllib.error import URLError", "URLError"),
        ("import urllib.request\nimport urllib.error", "urllib.error.URLError"),
        ("from urllib.request import urlopen, URLError", "URLError"),
        ("from urllib.request import urlopen\nimport http.client", "http.client.HTTPException"),
        ("from urllib.request import urlopen", "ConnectionError"),
        ("from urllib.request import urlopen", "TimeoutError"),  # socket.timeout is one only from 3.10 on
    ],
)
def test_urlopen_under_a_url_error_handler_is_kept(imports, caught):
    call = "urllib.request.urlopen(url)" if "import urllib.request" in imports else "urlopen(url)"
    source = f"""
{imports}

def probe(url):
    try:
        return {call}.read()
    except {caught}:
        return b""
"""
    messages = refused(source)
    assert len(messages) == 1 and URLLIB_ADVICE in messages[0], messages


@pytest.mark.parametrize("caught", ["OSError", "socket.timeout", "(URLError, socket.timeout)", "Exception"])
def test_urlopen_with_a_timeout_handler_is_rewritten(caught):
    source = f"""
        import socket
        from urllib.error import URLError
        from urllib.request import urlopen

        def probe(url):
            try:
                return urlopen(url).read()
            except URLError:
                return b""
            except {caught}:
                return None
        """
    assert "urlopen(url, timeout=60)" in rewrite(source, NAME)


# -- behaviour: a server that accepts and never answers ----------------------------------------

PROBES = """
import socket
from urllib.error import URLError
from urllib.request import urlopen

import requests


def connection_only(url):
    try:
        return requests.get(url).ok
    except requests.ConnectionError:
        return "handled"


def url_error_only(url):
    try:
        return urlopen(url).read()
    except URLError:
        return "handled"


def timeout_too(url):
    try:
        return requests.get(url).ok
    except requests.ConnectionError:
        return "handled"
    except requests.Timeout:
        return "timed out"


def os_error_too(url):
    try:
        return urlopen(url).read()
    except URLError:
        return "handled"
    except OSError:
        return "timed out"
"""


def test_a_timeout_would_escape_a_connection_error_handler(silent_server):
    """Why the calls are left alone: with a timeout added by hand, the silent server's read
    timeout gets past each handler."""
    naive = load(PROBES.replace("get(url)", "get(url, timeout=0.3)").replace("urlopen(url)", "urlopen(url, timeout=0.3)"))
    for name in ("connection_only", "url_error_only"):
        with pytest.raises(OSError) as raised:
            naive[name](silent_server.url)
        assert is_timeout(raised.value), (name, raised.value)


def test_handlers_behave_as_before_after_the_rewrite(silent_server):
    result = outcome(PROBES)
    assert result.new_text.count("timeout=0.5") == 0  # (the default option is written, not this)
    rewritten = rewrite(PROBES, NAME, options={NAME: {"timeout": 0.5}})
    namespace = load(rewritten)
    # left alone: a refused connection still goes to the handler, as before
    closed = closed_port_url()
    assert namespace["connection_only"](closed) == "handled"
    assert namespace["url_error_only"](closed) == "handled"
    # given a timeout: the silent server's timeout reaches the code's own timeout handler
    assert namespace["timeout_too"](silent_server.url) == "timed out"
    assert namespace["os_error_too"](silent_server.url) == "timed out"
    assert rewritten.count("timeout=0.5") == 2
    assert [m.split(":")[0] for m in finding_messages(result)] == ["11", "18"]


def test_a_tuple_of_classes_held_by_a_name_is_followed():
    source = """
        import requests

        NETWORK = (requests.ConnectionError, ValueError)
        EVERYTHING = (requests.RequestException,)

        def network(url):
            try:
                return requests.get(url).ok
            except NETWORK:
                return False

        def everything(url):
            try:
                return requests.get(url).ok
            except (KeyError, EVERYTHING):
                return False
        """
    result = outcome(source)
    assert [m.split(":")[0] for m in finding_messages(result)] == ["9"]
    assert "catches requests.ConnectionError but not" in finding_messages(result)[0]
    assert result.new_text.count("timeout=60") == 1
