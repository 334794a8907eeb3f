"""http-timeout: a wait of unknown length holds calls back only when an HTTP call is given
it (findings audit, session 27). nyaa's ``sync_es.py`` gives a queue's ``get()`` a wait
computed from a deadline; oadoi's workers give queues and processes theirs. Neither is a
request's wait: the project's bare requests calls get their timeout, and no finding says
otherwise. A proven HTTP call's (or its wrapper's) wait of unknown length still holds them back.

Forty-fourth widening (sempo): a Celery result's ``async_result.get(timeout=<config>,
propagate=True, interval=0.3)`` is called by a request's name but given keywords no HTTP
client's request takes, so it holds nothing back; a Redis lock's ``red.lock(key, timeout=600)``
is an expiry, no wait, and is never the number written. A call given only a request's keywords
still holds the calls back."""

from __future__ import annotations

import textwrap
import time

import pytest

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
# sempo's shape (app/server/utils/blockchain_tasks.py): a synchronous wait on a Celery task
CELERY_RESULT = """\
from flask import current_app

from app import task_runner


class BlockchainTasker:
    def execute(self, task, kwargs=None):
        async_result = task_runner.delay_task(task, kwargs)
        try:
            return async_result.get(
                timeout=current_app.config["SYNCHRONOUS_TASK_TIMEOUT"],
                propagate=True,
                interval=0.3)
        finally:
            async_result.forget()
"""
# the same wait handed to a call whose keywords are all a request's: it may be an HTTP call
CONFIGURED_CLIENT = """\
from flask import current_app

from app import clients


class Api:
    def fetch(self, url):
        client = clients.make()
        return client.get(url, headers={"Accept": "application/json"},
                          timeout=current_app.config["API_TIMEOUT"]).json()
"""
# sempo's eth_worker (sql_persistence/interface.py): a lock held while a wallet signs
REDIS_LOCK = """\
import redis

red = redis.StrictRedis()


def sign(address, transaction):
    lock = red.lock(address, timeout=600)
    with lock:
        return transaction.sign()
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


@pytest.mark.parametrize("other", [QUEUE_WORKER, REDIS_LOCK], ids=["queue", "lock"])
def test_the_call_now_written_gives_up_on_a_silent_server(silent_server, other):
    """Behaviour: before, the bare post waited for ever on a server that never answers (the
    queue's wait held it back), or 600 s (a Redis lock's expiry, sempo); now it raises a
    timeout after the option's seconds."""
    result = _run(other, timeout=1)
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


def test_a_celery_result_s_configured_wait_holds_no_request_back():
    result = _run(CELERY_RESULT)
    assert "requests.post(url, data=data, timeout=60)" in result.new_text
    assert not finding_messages(result)


def test_a_call_given_only_a_request_s_keywords_still_holds_them_back():
    result = _run(CONFIGURED_CLIENT)
    assert result.new_text == MAILER
    [message] = finding_messages(result)
    assert "from its configuration (app/other.py:9)" in message


def test_a_lock_s_lifetime_is_no_wait():
    result = _run(REDIS_LOCK)
    assert "requests.post(url, data=data, timeout=60)" in result.new_text
    assert "600" not in result.new_text
