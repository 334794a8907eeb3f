"""http-timeout: a session one of the module's own functions makes and hands out again (kept
in a dict between calls, or configured with an adapter) — not a fresh one each call, so no
with-block, but its calls are requests like a session's: they get a timeout where the function
shows that what it returns is a requests Session (its return annotation, or every ``return``
gives one it made), and a finding where it cannot, or where it mounts an adapter that may bound
the waits itself."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

NAME = "http-timeout"

KEPT = """
import requests
from requests.adapters import HTTPAdapter

_kept = {}


def shared_session(region) -> requests.Session:
    if region in _kept:
        return _kept[region]
    s = requests.Session()
    s.mount("https://", HTTPAdapter(max_retries=3))
    _kept[region] = s
    return s


def lookup(region, url):
    s = shared_session(region)
    return s.get(url).json()
"""


def test_a_call_through_a_kept_session_the_function_declares_gets_the_timeout():
    result = run_codemods(KEPT, NAME)
    assert "return s.get(url, timeout=60).json()" in result.new_text, finding_messages(result)
    assert "with requests.Session()" not in result.new_text  # kept for later calls: not closed


def test_every_return_a_session_it_made_is_proof_enough_without_annotation():
    source = """
import requests


def configured(token):
    s = requests.Session()
    s.headers["Authorization"] = token
    s.mount("https://", requests.adapters.HTTPAdapter(max_retries=2))
    return s


def push(token, url, body):
    http = configured(token)
    return http.post(url, json=body).status_code
"""
    result = run_codemods(source, NAME)
    assert "http.post(url, json=body, timeout=60)" in result.new_text, finding_messages(result)


def test_a_function_that_may_return_something_else_is_reported_at_the_call():
    source = """
import requests

_kept = {}


def shared_session(region):
    if region in _kept:
        return _kept[region]
    s = requests.Session()
    _kept[region] = s
    return s


def lookup(region, url):
    s = shared_session(region)
    return s.get(url).json()
"""
    result = run_codemods(source, NAME)
    assert "s.get(url).json()" in result.new_text
    messages = finding_messages(result)
    assert any("s comes from shared_session()" in m and "may return something else" in m for m in messages), messages


def test_a_function_mounting_an_adapter_of_its_own_is_reported():
    source = """
import requests

from app.transport import BoundedAdapter


def configured() -> requests.Session:
    s = requests.Session()
    s.mount("https://", BoundedAdapter())
    return s


def lookup(url):
    s = configured()
    return s.get(url).json()
"""
    result = run_codemods(source, NAME)
    assert "s.get(url).json()" in result.new_text
    messages = finding_messages(result)
    assert any("configured()" in m and "transport adapter" in m for m in messages), messages


def test_a_function_that_only_uses_a_session_is_no_factory():
    source = """
import requests


def load(url):
    s = requests.Session()
    try:
        return s.get(url, timeout=5).json()
    finally:
        s.close()


def title(url):
    data = load(url)
    return data.get("title")
"""
    result = run_codemods(source, NAME)
    assert result.new_text == source
    assert finding_messages(result) == []


def test_a_session_kept_in_a_global_with_requests_own_adapter_through_a_name_is_one():
    source = """
import requests
from requests.adapters import HTTPAdapter

SHARED = None


def shared():
    global SHARED
    if SHARED is None:
        SHARED = requests.Session()
        adapter = HTTPAdapter(max_retries=3)
        SHARED.mount("https://", adapter)
    return SHARED


def notify(url, body):
    client = shared()
    return client.post(url, json=body).status_code
"""
    result = run_codemods(source, NAME)
    assert "client.post(url, json=body, timeout=60)" in result.new_text, finding_messages(result)
