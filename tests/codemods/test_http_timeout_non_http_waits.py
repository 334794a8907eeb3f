"""http-timeout: a wait of unknown length holds calls back only when an HTTP call is given
it (findings audit, session 27). nyaa's ``sync_es.py`` gives a queue's ``get()`` a wait
computed from a deadline; oadoi's workers give queues and processes theirs. Neither is a
request's wait: the project's bare requests calls get their timeout, and no finding says
otherwise. A proven HTTP call's (or its wrapper's) wait of unknown length still holds them back."""

from __future__ import annotations

import textwrap
import time

from helpers import finding_messages, run_codemods
from http_support import is_timeout, load, silent_server  # noqa: F401 (the fixture)

NAME = "http-timeout"

# nyaa's shape: a worker draining a queue until a deadline
QUEUE_WORKER = """\
import time
from queue import Empty, Queue


class Flusher:
    def __init__(self, read_buf):
        self.read_buf = read_buf

    def drain(self, interval):
        now = time.time()
        deadline = now + interval
        timeout = deadline - now
        try:
            return self.read_buf.get(block=True, timeout=timeout)
        except Empty:
            return None
"""
# a wrapper around a queue's get, called with a wait of unknown length
QUEUE_WRAPPER = """\
from queue import Queue

from app.base import Base

jobs = Queue()


def get(timeout=None):
    return jobs.get(timeout=timeout)


class Worker(Base):
    def next_job(self):
        return get(timeout=self.wait)
"""
# a wrapper around requests, called with a wait of unknown length
HTTP_WRAPPER = """\
import requests

from app.base import Base


def fetch_json(url, timeout=None):
    return requests.get(url, timeout=timeout).json()


class Monitor(Base):
    def status(self):
        return fetch_json("https://example.org/status", timeout=self.wait)
"""
MAILER = "import requests\n\n\ndef send(url, data):\n    return requests.post(url, data=data).status_code\n"


def _run(other: str, source: str = MAILER, timeout: float | None = None):
    options = {NAME: {"timeout": timeout}} if timeout is not None else None
    project = {"app/__init__.py": "", "app/other.py": other, "app/base.py": "class Base:\n    pass\n"}
    return run_codemods(source, NAME, path="app/mailer.py", project=project, options=options)


def test_a_queue_s_wait_in_another_module_holds_no_request_back():
    result = _run(QUEUE_WORKER)
    assert "requests.post(url, data=data, timeout=60)" in result.new_text
    assert not finding_messages(result)


def test_a_queue_s_wait_in_the_module_itself_holds_no_request_back():
    source = MAILER + "\n\n" + QUEUE_WORKER.replace("import time\n", "").replace("from queue", "import time\nfrom queue")
    result = run_codemods(source, NAME, path="app/mailer.py", project={"app/__init__.py": ""})
    assert "requests.post(url, data=data, timeout=60)" in result.new_text
    assert not finding_messages(result)


def test_nor_does_a_wrapper_around_a_queue_s_get():
    result = _run(QUEUE_WRAPPER)
    assert "requests.post(url, data=data, timeout=60)" in result.new_text


def test_a_wrapper_around_requests_given_an_unknown_wait_still_holds_the_calls_back():
    result = _run(HTTP_WRAPPER)
    assert result.new_text == textwrap.dedent(MAILER)
    [message] = finding_messages(result)
    assert "no number can be read from (app/other.py:12: timeout=self.wait)" in message


def test_so_does_a_proven_call_given_one():
    other = (
        "import requests\n\nfrom app.base import Base\n\n\nclass Monitor(Base):\n    def status(self):\n"
        "        return requests.get('https://example.org', timeout=self.wait).ok\n"
    )
    result = _run(other)
    assert result.new_text == textwrap.dedent(MAILER)
    assert finding_messages(result)


def test_the_call_now_written_gives_up_on_a_silent_server(silent_server):
    """Behaviour: before, the bare post waited for ever on a server that never answers (the
    queue's wait held it back); now it raises a timeout after the option's seconds."""
    result = _run(QUEUE_WORKER, timeout=1)
    assert "timeout=1)" in result.new_text
    send = load(result.new_text)["send"]
    start = time.monotonic()
    try:
        send(silent_server.url, {"to": "a@example.org"})
        error = None
    except Exception as raised:  # noqa: BLE001 - the test checks what was raised
        error = raised
    assert is_timeout(error), repr(error)
    assert 0.8 <= time.monotonic() - start < 5
