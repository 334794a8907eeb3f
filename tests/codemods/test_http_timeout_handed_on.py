"""http-timeout: a function-local requests Session handed to another function.

What the callee does with it decides: a function of the project that sends or reads through
it and keeps nothing leaves it with the caller (the with-block closes it after the call); a
session nothing sends through holds no connection (nothing to close, nothing to report); one
handed to an object the function returns or stores lives as long as that object (left alone,
silently); a callee that is not read may keep it (reported, naming the callee)."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

NAME = "http-timeout"

HELPERS = """
def fetch(session, url):
    return session.get(url, timeout=5).json()


def prepare(session, token):
    session.headers["Authorization"] = token
"""

SENDS = """
import requests

from app.helpers import fetch


def orders(url):
    s = requests.Session()
    s.headers["Accept"] = "application/json"
    return fetch(s, url)
"""


def run(source, helpers=HELPERS, path="app/views.py"):
    return run_codemods(source, NAME, path=path, project={"app/__init__.py": "", "app/helpers.py": helpers})


def test_a_session_handed_to_a_project_function_that_sends_through_it_is_closed_after_the_call():
    result = run(SENDS)
    assert "with requests.Session() as s:" in result.new_text, finding_messages(result)
    assert "        return fetch(s, url)" in result.new_text
    assert finding_messages(result) == []


def test_also_a_function_of_the_same_module_handing_it_on_in_turn():
    source = """
import requests


def _headers(session, token):
    session.headers["Authorization"] = token


def _send(session, url, token):
    _headers(session, token)
    return session.post(url, timeout=5)


def report(url, token):
    s = requests.Session()
    answer = _send(s, url, token=token)
    return answer.status_code
"""
    after = run(source).new_text
    assert "    with requests.Session() as s:\n        answer = _send(s, url, token=token)\n    return answer.status_code" in after


def test_a_session_only_configured_here_and_there_is_left_alone_silently():
    source = """
import requests

from app.helpers import prepare


def check_headers(token):
    s = requests.Session()
    prepare(s, token)
    assert s.headers["Authorization"] == token
"""
    result = run(source, path="tests/test_headers.py")
    assert "with" not in result.new_text and finding_messages(result) == []


def test_a_session_handed_to_an_object_the_function_returns_is_that_objects():
    source = """
import requests
import vendorlib


def make_client(key):
    session = requests.Session()
    session.verify = False
    client = vendorlib.Client(key=key, session=session)
    client.login()
    return client
"""
    result = run(source)
    assert "with" not in result.new_text and finding_messages(result) == []


def test_a_callee_that_keeps_it_or_is_not_read_is_reported_by_name():
    keeps = HELPERS + "\n\nHELD = []\n\n\ndef keep(session):\n    HELD.append(session)\n"
    source = SENDS.replace("fetch", "keep").replace("keep(s, url)", "keep(s)")
    messages = finding_messages(run(source, helpers=keeps))
    assert len(messages) == 1 and "it is passed to keep, which may keep it" in messages[0], messages
    unread = SENDS.replace("from app.helpers import fetch", "from vendorlib import fetch")
    messages = finding_messages(run(unread))
    assert len(messages) == 1 and "it is passed to fetch, which may keep it" in messages[0], messages


def test_a_bound_request_method_handed_on_is_no_proof():
    helpers = "def fan_out(session, urls, pool):\n    return pool.map(session.get, urls)\n"
    source = SENDS.replace("fetch", "fan_out").replace("fan_out(s, url)", "fan_out(s, [url], None)")
    result = run(source, helpers=helpers)
    assert "with" not in result.new_text
    assert "which may keep it" in finding_messages(result)[0]


def test_a_function_handing_the_session_to_itself_again_is_read_through():
    source = """
import requests


def follow(answer, session, hops):
    if hops and answer.is_redirect:
        return follow(session.get(answer.next.url, timeout=5), session, hops - 1)
    return answer


def final_url(url):
    s = requests.Session()
    first = s.get(url, timeout=5)
    return follow(first, s, 3).url
"""
    result = run(source)
    assert "    with requests.Session() as s:\n        first = s.get(url, timeout=5)\n        return follow(first, s, 3).url" in result.new_text
    assert finding_messages(result) == []


def test_behaviour_the_caller_still_gets_its_answer_and_the_session_is_closed_once(monkeypatch):
    """The rewritten module run, with requests' sending replaced by a canned answer."""
    import requests

    from http_support import load

    source = HELPERS + SENDS.replace("from app.helpers import fetch\n", "")
    after = load(run_codemods(source, NAME).new_text)
    sent, closed = [], []

    def answer(session, prepared, **options):
        sent.append((prepared.headers.get("Accept"), options.get("timeout")))
        response = requests.Response()
        response.status_code, response._content = 200, b'{"orders": 2}'
        return response

    monkeypatch.setattr(requests.Session, "send", answer)
    monkeypatch.setattr(requests.Session, "close", lambda session: closed.append(session))
    assert after["orders"]("http://shop.invalid/orders") == {"orders": 2}
    assert sent == [("application/json", 5)] and len(closed) == 1
