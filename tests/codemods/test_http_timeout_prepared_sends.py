"""http-timeout: a requests Session's ``send(prepared)`` is a request method like ``get``.

``Session.send(request, **kwargs)`` hands its keywords to the transport adapter, whose ``send``
takes ``timeout=``: without one, the prepared request waits for ever. So it gets what a
session's ``get`` gets, by the same proofs (a name bound to ``requests.Session()``, an attribute
the class binds to one), and the same refusals (a retry, an unproven holder named like a
session). Its method is the prepared request's, not told by the call: a send in a retry is
refused as a request of unknown method is. httpx's ``send`` takes no timeout (left alone)."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

NAME = "http-timeout"


def test_a_send_on_a_local_session_gets_the_timeout_and_the_session_is_closed():
    source = """
import requests


def publish(url, body):
    prepared = requests.Request("POST", url, data=body).prepare()
    s = requests.Session()
    answer = s.send(prepared)
    return answer.json()
"""
    result = run_codemods(source, NAME)
    assert "answer = s.send(prepared, timeout=60)" in result.new_text, finding_messages(result)
    assert "with requests.Session() as s:" in result.new_text


def test_a_send_on_a_session_the_class_holds_gets_the_timeout():
    source = """
import requests


class Client:
    def __init__(self):
        self.http = requests.Session()

    def push(self, prepared):
        return self.http.send(prepared).status_code
"""
    result = run_codemods(source, NAME)
    assert "self.http.send(prepared, timeout=60)" in result.new_text, finding_messages(result)


def test_a_send_that_already_has_a_timeout_is_left_alone():
    source = """
import requests

SESSION = requests.Session()


def push(prepared):
    return SESSION.send(prepared, timeout=5).status_code
"""
    result = run_codemods(source, NAME)
    assert result.new_text == source
    assert finding_messages(result) == []


def test_a_send_on_an_unproven_session_named_so_is_reported():
    source = """
import requests


class Client:
    def push(self, url):
        prepared = requests.Request("PUT", url).prepare()
        return self.session.send(prepared).status_code
"""
    result = run_codemods(source, NAME)
    assert result.new_text == source
    messages = finding_messages(result)
    assert any("cannot tell that self.session is a requests Session" in m for m in messages), messages


def test_a_send_in_a_retry_loop_is_refused_as_a_request_of_unknown_method():
    source = """
import requests

SESSION = requests.Session()


def push(prepared):
    for attempt in range(3):
        try:
            return SESSION.send(prepared)
        except requests.RequestException:
            continue
"""
    result = run_codemods(source, NAME)
    assert result.new_text == source
    messages = finding_messages(result)
    assert any("prepared request" in m and "retried" in m for m in messages), messages


def test_an_httpx_clients_send_is_left_alone():
    source = """
import httpx


def push(request):
    with httpx.Client() as client:
        return client.send(request).status_code
"""
    result = run_codemods(source, NAME)
    assert result.new_text == source
    assert finding_messages(result) == []
