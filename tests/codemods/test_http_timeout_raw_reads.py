"""http-timeout and a streamed body the code reads through ``.raw`` (wa37: moa's attachment copy).

requests wraps urllib3's errors in its own while it makes the call and while it reads a body
for the code (``.content``, ``iter_content``); a ``stream=True`` response whose ``.raw`` the
code reads itself gets urllib3's errors unwrapped: a peer hanging up mid-body raises urllib3's
``ProtocolError``, and a body that stalls past the timeout urllib3's ``ReadTimeoutError``, which
is no ``OSError`` and no requests exception. moa's ``TootPoster.transfer_attachments`` copies
``requests.get(url, stream=True).raw.read()`` in a try that catches ``(SSLError, ProtocolError,
ConnectionError, OSError)`` and skips the tweet; given a timeout, a stalled download escaped
that handler and ended the worker's whole run. The behaviour tests run the code against local
servers: one that sends the headers and stalls the body, one that hangs up mid-body.
"""

from __future__ import annotations

import textwrap

import pytest
import urllib3

from helpers import finding_messages, run_codemods
from http_support import BodyServer, load

NAME = "http-timeout"
OPTIONS = {NAME: {"timeout": 0.3}}


def body_server(monkeypatch, cut_short: bool):
    for variable in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    server = BodyServer(cut_short)
    yield server
    server.hang_up()


@pytest.fixture
def stalling(monkeypatch):
    yield from body_server(monkeypatch, cut_short=False)


@pytest.fixture
def cut_short(monkeypatch):
    yield from body_server(monkeypatch, cut_short=True)


MOA = """
import requests
from requests.exceptions import SSLError
from urllib3.exceptions import ProtocolError, ConnectionError


def copy(url):
    try:
        attachment = requests.get(url, stream=True)
        attachment.raw.decode_content = True
        data = attachment.raw.read()
    except (SSLError, ProtocolError, ConnectionError, OSError):
        return "skipped"
    return data
"""


def test_a_raw_read_in_a_try_for_network_errors_but_not_urllib3_timeouts_keeps_the_call():
    result = run_codemods(MOA, NAME)
    assert result.error is None and result.new_text == textwrap.dedent(MOA)
    [message] = finding_messages(result)
    assert "read through .raw at line 10" in message and "not urllib3's ReadTimeoutError" in message


def test_why_the_call_is_left_a_stalled_raw_read_escapes_the_handler(stalling, cut_short):
    original = load(MOA)
    assert original["copy"](cut_short.url) == "skipped"  # the handler the code means for a body cut short
    timed = load(textwrap.dedent(MOA).replace("stream=True)", "stream=True, timeout=0.3)"))
    assert timed["copy"](cut_short.url) == "skipped"
    with pytest.raises(urllib3.exceptions.ReadTimeoutError):  # past the handler: a new way to fail
        timed["copy"](stalling.url)


@pytest.mark.parametrize(
    "handled",
    [
        "except (SSLError, ProtocolError, OSError, urllib3.exceptions.ReadTimeoutError):",
        "except (ProtocolError, urllib3.exceptions.HTTPError, OSError):",
        "except Exception:",
        "except:",
    ],
)
def test_a_handler_that_catches_the_raw_timeout_too_gets_the_timeout(handled, stalling, cut_short):
    source = MOA.replace("except (SSLError, ProtocolError, ConnectionError, OSError):", handled)
    source = source.replace("import requests\n", "import requests\nimport urllib3\n")
    result = run_codemods(source, NAME, options=OPTIONS)
    assert "requests.get(url, stream=True, timeout=0.3)" in result.new_text and finding_messages(result) == []
    rewritten = load(result.new_text)
    assert rewritten["copy"](stalling.url) == "skipped"
    assert rewritten["copy"](cut_short.url) == "skipped"


OUTSIDE = """
import requests


def copy(url, out):
    try:
        response = requests.get(url, stream=True)
    except requests.RequestException:
        return "unreachable"
    out.write(response.raw.read())
    return "copied"
"""


def test_a_raw_read_under_no_handler_gets_the_timeout(stalling, cut_short):
    """The read already lets urllib3's ProtocolError out: a ReadTimeoutError changes nothing in kind."""
    result = run_codemods(OUTSIDE, NAME, options=OPTIONS)
    assert "requests.get(url, stream=True, timeout=0.3)" in result.new_text and finding_messages(result) == []
    original, rewritten = load(OUTSIDE), load(result.new_text)
    for namespace in (original, rewritten):
        with pytest.raises(urllib3.exceptions.ProtocolError):
            namespace["copy"](cut_short.url, open("/dev/null", "wb"))
    with pytest.raises(urllib3.exceptions.ReadTimeoutError):
        rewritten["copy"](stalling.url, open("/dev/null", "wb"))


CONTENT = """
import requests


def fetch(url):
    try:
        response = requests.get(url, stream=True)
        return b"".join(response.iter_content(1024))
    except OSError:
        return "skipped"
"""


def test_a_body_requests_reads_wraps_the_timeout_in_its_own_error(stalling):
    """iter_content raises requests' ConnectionError, an OSError: the handler takes the timeout."""
    result = run_codemods(CONTENT, NAME, options=OPTIONS)
    assert "requests.get(url, stream=True, timeout=0.3)" in result.new_text and finding_messages(result) == []
    assert load(result.new_text)["fetch"](stalling.url) == "skipped"


@pytest.mark.parametrize(
    "spelling",
    [
        "data = requests.get(url, stream=True).raw.read()",
        "with requests.get(url, stream=True) as attachment:\n            data = attachment.raw.read()",
        "attachment = requests.get(url, stream=True)\n        data = shutil_copy(attachment.raw)",
    ],
)
def test_every_spelling_of_a_raw_read_is_seen(spelling):
    body = "attachment = requests.get(url, stream=True)\n        attachment.raw.decode_content = True\n        data = attachment.raw.read()"
    source = MOA.replace(body, spelling)
    assert source != MOA
    result = run_codemods(source, NAME)
    assert result.new_text == textwrap.dedent(source)
    [message] = finding_messages(result)
    assert "not urllib3's ReadTimeoutError" in message


def test_a_response_not_streamed_is_read_whole_by_requests():
    source = MOA.replace("stream=True", "stream=False")
    result = run_codemods(source, NAME)
    assert "stream=False, timeout=60" in result.new_text and finding_messages(result) == []
