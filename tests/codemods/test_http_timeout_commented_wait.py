"""http-timeout leaves a call whose own comment weighs its timeout.

plenario's ETL downloads each dataset with ``requests.get(url, stream=True)`` under the
comment "I'd like to enforce a timeout, but some big datasets take more than a minute to
start streaming. Maybe add timeout as a parameter.": the authors decided against a bound at
that call, and 60 seconds would fail exactly the downloads they wrote about. A comment right
above the statement, or at the end of its lines, that speaks of a timeout leaves the call as
written, with a finding quoting it.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest

from helpers import finding_messages, rewrite, run_codemods
from http_support import load

NAME = "http-timeout"

PLENARIO = """\
import requests


def download(url):
    # I'd like to enforce a timeout, but some big datasets
    # take more than a minute to start streaming.
    # Maybe add timeout as a parameter.
    response = requests.get(url, stream=True)
    response.raise_for_status()
    return response.content
"""


class _LateStream:
    """Answers each request on 127.0.0.1 after ``delay`` seconds (a big export starting)."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/export.csv"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            with connection:
                connection.recv(65536)
                time.sleep(self.delay)
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\na,b,c")


@pytest.fixture
def late_stream(monkeypatch):
    for variable in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    server = _LateStream(0.8)
    yield server
    server.listener.close()


def test_the_commented_download_is_left_and_still_waits_for_a_late_stream(late_stream):
    """With the timeout set to 0.3 s, a bound there would fail the export that starts after
    0.8 s; the call is left, and the download still arrives."""
    result = run_codemods(PLENARIO, NAME, options={NAME: {"timeout": 0.3}}, dedent=False)
    assert result.new_text == PLENARIO
    [message] = finding_messages(result)
    assert "take more than a minute to start streaming" in message and "its authors decided" in message
    assert load(result.new_text)["download"](late_stream.url) == b"a,b,c"
    naive = load(PLENARIO.replace("stream=True)", "stream=True, timeout=0.3)"))
    with pytest.raises(Exception, match="(?i)timed? ?out"):
        naive["download"](late_stream.url)


@pytest.mark.parametrize(
    "comment_above, trailing",
    [
        ("# no timeout: the report takes as long as it takes", ""),
        ("", "  # deliberately without a time-out"),
        ("# TODO add timeout param", ""),
    ],
)
def test_a_comment_on_the_timeout_at_the_call_leaves_it(comment_above, trailing):
    above = f"    {comment_above}\n" if comment_above else ""
    source = f"import requests\n\n\ndef report(url):\n{above}    return requests.get(url).text{trailing}\n"
    result = run_codemods(source, NAME, dedent=False)
    assert result.new_text == source
    assert len(finding_messages(result)) == 1


@pytest.mark.parametrize(
    "source",
    [
        # a comment about something else
        "import requests\n\n\ndef report(url):\n    # fetch the report\n    return requests.get(url).text\n",
        # a comment about a timeout further up, separated by other code
        "import requests\n\n\ndef report(url):\n    # the timeout is handled below\n    x = 1\n    return requests.get(url).text\n",
        # the word in a string on the line, not a comment
        "import requests\n\n\ndef report(url):\n    return requests.get(url, params={'q': '# timeout'}).text\n",
    ],
)
def test_other_comments_leave_the_timeout_added(source):
    assert "timeout=60" in rewrite(source, NAME, dedent=False)
