"""http-timeout: a default timeout for every socket, set anywhere in the project's application
code (its entry module, mostly), is one urlopen already has: its calls are reported, not given
another timeout."""

from __future__ import annotations

import socket
import threading
import urllib.request

import pytest

from helpers import finding_messages, run_codemods

NAME = "http-timeout"

FETCH = """
from urllib.request import urlopen


def status(url):
    return urlopen(url).status
"""

ENTRY = """
import socket

from app.fetch import status

socket.setdefaulttimeout(20)
"""


def test_a_default_set_in_the_entry_module_is_kept():
    result = run_codemods(FETCH, NAME, path="app/fetch.py", project={"app/__init__.py": "", "wsgi.py": ENTRY})
    assert "timeout=" not in result.new_text
    messages = finding_messages(result)
    assert len(messages) == 1 and "the project calls socket.setdefaulttimeout() (wsgi.py:6)" in messages[0], messages


def test_spelled_through_a_from_import_too():
    entry = "from socket import setdefaulttimeout as default_wait\n\ndefault_wait(20)\n"
    result = run_codemods(FETCH, NAME, path="app/fetch.py", project={"run.py": entry})
    assert "timeout=" not in result.new_text
    assert "(run.py:3)" in finding_messages(result)[0]


@pytest.mark.parametrize(
    "elsewhere",
    [
        "# socket.setdefaulttimeout(20) was tried once\n",  # a comment
        "def setdefaulttimeout(seconds):\n    return seconds\n\nsetdefaulttimeout(20)\n",  # not socket's
    ],
)
def test_what_is_no_call_of_sockets_default_does_not_count(elsewhere):
    after = run_codemods(FETCH, NAME, path="app/fetch.py", project={"run.py": elsewhere}).new_text
    assert "urlopen(url, timeout=60)" in after


def test_nor_does_a_test_module_setting_it():
    tests = "import socket\n\nsocket.setdefaulttimeout(20)\n"
    after = run_codemods(FETCH, NAME, path="app/fetch.py", project={"tests/test_fetch.py": tests}).new_text
    assert "urlopen(url, timeout=60)" in after


def test_a_socket_default_bounds_urlopen_without_a_timeout():
    """What the rule relies on: urlopen with no timeout= ends once the default has passed
    (a local server that accepts the connection and never answers)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    held = []
    thread = threading.Thread(target=lambda: held.append(server.accept()), daemon=True)
    thread.start()
    before = socket.getdefaulttimeout()
    socket.setdefaulttimeout(0.5)
    try:
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{server.getsockname()[1]}/")
    finally:
        socket.setdefaulttimeout(before)
        for connection, _ in held:
            connection.close()
        server.close()
