"""http-timeout: a handler for an error about a response that arrived is no network handler.

requests' ``HTTPError`` comes from ``raise_for_status()``, urllib's ``HTTPError`` from an
error status; ``TooManyRedirects``, ``ContentDecodingError`` and ``RetryError`` also say a
response came. Under such a handler a connection error already gets past today, so the
timeout is added: it too gets past, a failure of the same kind. Shapes written here; the last
test runs one against local servers.
"""

from __future__ import annotations

import http.server
import threading

import pytest
import requests

from helpers import finding_messages, rewrite, run_codemods
from http_support import closed_port_url, is_timeout, load, silent_server  # noqa: F401 (the fixture)

NAME = "http-timeout"


def outcome(source: str):
    result = run_codemods(source, NAME)
    assert result.error is None, result.error
    return result


@pytest.mark.parametrize(
    "imports, caught",
    [
        ("import requests", "requests.HTTPError"),
        ("import requests", "requests.exceptions.HTTPError"),
        ("import requests\nfrom requests.exceptions import HTTPError", "HTTPError"),
        ("import requests\nfrom requests import exceptions as rex", "rex.TooManyRedirects"),
        ("import requests", "requests.exceptions.ContentDecodingError"),
        ("import requests", "requests.exceptions.RetryError"),
        ("import requests", "(requests.HTTPError, requests.TooManyRedirects, ValueError)"),
    ],
)
def test_a_handler_for_response_errors_gets_the_timeout(imports, caught):
    source = f"""
{imports}

def fetch(url):
    try:
        response = requests.post(url, json={{}})
        response.raise_for_status()
        return response.json()
    except {caught}:
        return None
"""
    result = outcome(source)
    assert "requests.post(url, json={}, timeout=60)" in result.new_text
    assert finding_messages(result) == []


@pytest.mark.parametrize(
    "caught",
    [
        "requests.ConnectTimeout",
        "requests.exceptions.ProxyError",
        "requests.exceptions.ChunkedEncodingError",
        "(requests.HTTPError, requests.ConnectionError)",
    ],
)
def test_a_network_handler_beside_a_response_one_still_keeps_the_call(caught):
    source = f"""
import requests

def fetch(url):
    try:
        return requests.get(url).json()
    except requests.HTTPError:
        return None
    except {caught}:
        return False
"""
    result = outcome(source)
    assert "timeout=" not in result.new_text
    messages = finding_messages(result)
    assert len(messages) == 1 and "requests.HTTPError" not in messages[0], messages
    network = caught.replace("(requests.HTTPError, ", "").strip("()")
    assert f"catches {network} but not requests.Timeout" in messages[0], messages


@pytest.mark.parametrize(
    "imports, caught, network",
    [
        ("from urllib.error import HTTPError", "HTTPError", False),
        ("from urllib.request import HTTPError", "HTTPError", False),
        ("import urllib.error", "urllib.error.ContentTooShortError", False),
        ("import http.client", "http.client.InvalidURL", False),
        ("import http.client", "http.client.LineTooLong", False),
        ("from urllib.error import HTTPError, URLError", "(HTTPError, URLError)", True),
        ("import http.client", "http.client.RemoteDisconnected", True),
        ("import http.client", "http.client.IncompleteRead", True),
        ("import http.client", "http.client.BadStatusLine", True),
        ("from http.client import HTTPException", "HTTPException", True),
    ],
)
def test_urlopen_handlers(imports, caught, network):
    """Kept under a handler for network trouble; given the timeout under one for a response
    that came (an error status; urlretrieve's short download; a malformed URL or header)."""
    source = f"""
from urllib.request import urlopen
{imports}

def fetch(url):
    try:
        return urlopen(url).read()
    except {caught}:
        return b""
"""
    result = outcome(source)
    if network:
        assert "timeout=" not in result.new_text and len(finding_messages(result)) == 1
    else:
        assert "urlopen(url, timeout=60)" in result.new_text and finding_messages(result) == []


# -- behaviour: under an HTTPError handler, a timeout fails as a refused connection already does

STATUS_CHECK = """
import requests


def fetch(url):
    try:
        response = requests.get(url)
        response.raise_for_status()
        return "ok"
    except requests.exceptions.HTTPError:
        return "bad status"
"""


class _NotFound(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def not_found_url(silent_server):  # (the fixture clears proxy settings)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotFound)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/missing"
    server.shutdown()
    server.server_close()


def test_a_status_handler_lets_network_errors_out_before_and_after(silent_server, not_found_url):
    original = load(STATUS_CHECK)
    rewritten_text = rewrite(STATUS_CHECK, NAME, options={NAME: {"timeout": 0.3}})
    assert "requests.get(url, timeout=0.3)" in rewritten_text
    rewritten = load(rewritten_text)
    for namespace in (original, rewritten):
        assert namespace["fetch"](not_found_url) == "bad status"
        with pytest.raises(requests.ConnectionError):
            namespace["fetch"](closed_port_url())
    # the timeout gets past the handler as the refused connection does: a RequestException
    with pytest.raises(requests.RequestException) as raised:
        rewritten["fetch"](silent_server.url)
    assert is_timeout(raised.value)
