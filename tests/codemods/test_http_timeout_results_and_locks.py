"""http-timeout: two ``timeout=`` keywords that are no wait of an HTTP call (forty-fourth
widening, sempo).

- A Celery result's ``async_result.get(timeout=current_app.config[...], propagate=True,
  interval=0.3)``: a call by a request's name, but given keywords no HTTP client's request
  takes (requests would raise ``TypeError`` on ``propagate=``). Its configured wait bounds a
  task, not a request: it must not hold back the project's bare requests calls with a
  finding ("another module ... gives its calls a timeout from its configuration").
- A Redis lock's ``red.lock(address, timeout=600)``: how long the lock lives before it is
  released by itself, an expiry, not how long anything waits. It must not become the wait
  written into a gas-price lookup or a set-up script's calls (600 seconds instead of 60).

A call by a request's name whose keywords are all ones an HTTP client takes is still read as
one that may be an HTTP call."""

from __future__ import annotations

import time

from helpers import finding_messages, run_codemods
from http_support import is_timeout, load, silent_server  # noqa: F401 (the fixture)

NAME = "http-timeout"

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


def _run(other: str, timeout: float | None = None):
    options = {NAME: {"timeout": timeout}} if timeout is not None else None
    project = {"app/__init__.py": "", "app/other.py": other}
    return run_codemods(MAILER, NAME, path="app/mailer.py", project=project, options=options)


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


def test_the_call_gives_up_after_the_option_not_the_lock_s_lifetime(silent_server):
    """Behaviour: with the option at one second, the lock's 600 seconds used to be written
    (the longer project wait wins); the rewritten call now gives up on a silent server after
    about one second."""
    result = _run(REDIS_LOCK, timeout=1)
    assert "requests.post(url, data=data, timeout=1)" in result.new_text  # (600 would hang the test)
    send = load(result.new_text)["send"]
    start = time.monotonic()
    try:
        send(silent_server.url, {"to": "a@example.org"})
        error = None
    except Exception as raised:  # noqa: BLE001 - the test checks what was raised
        error = raised
    assert is_timeout(error), repr(error)
    assert 0.8 <= time.monotonic() - start < 5
