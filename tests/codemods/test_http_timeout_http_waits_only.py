"""http-timeout: what counts as an HTTP wait in seconds. A ``timeout=`` counts where its call
may send an HTTP request: a call by a request's name on anything, or the module's own wrapper
around one; not a call by another name (a job queue's ``timeout=job["timeout"]``). A wait
counted in vain (a browser's, in milliseconds) can only lengthen the wait chosen; one left
out could let a shorter one be written over the author's. A ``(connect, None)`` pair lets a
host read for ever on purpose."""

from __future__ import annotations

import sys
import types

import pytest
from helpers import finding_messages, run_codemods

NAME = "http-timeout"

# a module that drives a browser through objects it is handed: it imports no browser library,
# and Playwright's request context takes its timeout in milliseconds
BROWSER_HELPERS = """\
def fetch_through_browser(context, url):
    return context.request.get(url, timeout=500).text()


def status_through_browser(api, url):
    return api.get("https://shop.example/status", timeout=500).ok
"""

CLIENT = """\
import requests


def stock(page, url):
    page.get(url, timeout=500)
    return requests.get(url).json()
"""


class _Requests(types.ModuleType):
    """A stand-in for requests that remembers the timeout each call was given."""

    def __init__(self) -> None:
        super().__init__("requests")
        self.timeouts: list[object] = []

    def get(self, url: str, timeout: object = None, **kwargs: object) -> types.SimpleNamespace:
        self.timeouts.append(timeout)
        return types.SimpleNamespace(json=lambda: {}, ok=True)


def _timeouts_given(source: str, function: str, *args: object, monkeypatch) -> list[object]:  # type: ignore[no-untyped-def]
    fake = _Requests()
    monkeypatch.setitem(sys.modules, "requests", fake)
    namespace: dict[str, object] = {"__name__": "client"}
    exec(compile(source, "client.py", "exec"), namespace)
    namespace[function](*args)  # type: ignore[operator]
    return fake.timeouts


# where the project's pages come from
DRIVER = "from playwright.sync_api import sync_playwright\n\n\ndef pages():\n    with sync_playwright() as p:\n        yield p.chromium.launch().new_page()\n"


def test_a_get_on_an_unknown_object_only_lengthens_as_the_project_s_longest_wait(monkeypatch):
    """``page.get(url, timeout=500)``: a browser's milliseconds or a session's seconds, the
    module cannot tell. It is no module wait (no proven HTTP call is timed beside it); as the
    longest wait the project gives any call it lengthens the option's 60, never shortens it."""
    new = run_codemods(CLIENT, NAME, path="client.py", project={"driver.py": DRIVER}, dedent=False).new_text
    page = types.SimpleNamespace(get=lambda url, timeout: None)
    assert _timeouts_given(new, "stock", page, "https://x.example/", monkeypatch=monkeypatch) == [500]


def test_a_queue_s_short_wait_is_no_request_s(monkeypatch):
    """``jobs.get(timeout=1)`` (a queue's) beside a request with none: not the request's
    wait, here or elsewhere in the project (from a review)."""
    source = (
        "import queue\n\nimport requests\n\njobs = queue.Queue()\n\n\n"
        "def work():\n    item = jobs.get(timeout=1)\n    return requests.post('https://slow-report.example/run', json=item).ok\n"
    )
    new = run_codemods(source, NAME, path="worker.py", project={}, dedent=False).new_text
    assert "json=item, timeout=60).ok" in new
    views = "import requests\n\n\ndef run():\n    return requests.get('https://slow-report.example/run').ok\n"
    poller = "import queue\n\nevents = queue.Queue()\n\n\ndef poll():\n    event = events.get(timeout=2)\n    return event\n"
    new = run_codemods(views, NAME, path="views.py", project={"poller.py": poller}, dedent=False).new_text
    assert "timeout=60).ok" in new


def test_a_request_by_another_name_elsewhere_sets_no_wait_for_its_host():
    """A job's ``timeout=`` elsewhere (a call by no request's name) is no wait of the host."""
    jobs = "from rq import Queue\n\n\ndef later(job):\n    Queue().enqueue(job, 'https://shop.example/status', timeout=900)\n"
    source = "import requests\n\n\ndef status():\n    return requests.get('https://shop.example/status').ok\n"
    new = run_codemods(source, NAME, path="client.py", project={"jobs.py": jobs}, dedent=False).new_text
    assert "requests.get('https://shop.example/status', timeout=60).ok" in new


def test_a_browser_wait_does_not_keep_a_named_wait_from_the_module_s_calls():
    """A constant that times a call whose answer is never read (``api.get(...)`` as a
    statement: its wait bounds a side effect) is no named wait of the module's requests."""
    source = (
        "import requests\n\nREQUEST_TIMEOUT = 30\n\n\n"
        "def load(api, url):\n    api.get(url, timeout=REQUEST_TIMEOUT)\n    return requests.get(url).json()\n"
    )
    new = run_codemods(source, NAME, path="client.py", project={}, dedent=False).new_text
    assert "requests.get(url, timeout=60)" in new


def test_the_module_s_own_session_and_wrapper_still_count():
    source = """\
import requests


class Api:
    def __init__(self):
        self.session = requests.Session()

    def call(self, path, **kwargs):
        return self.session.get("https://api.example" + path, **kwargs)

    def user(self, name):
        return self.call("/users/" + name, timeout=45).json()


def ping(url):
    return requests.get(url).ok
"""
    new = run_codemods(source, NAME, path="client.py", project={}, dedent=False).new_text
    assert "requests.get(url, timeout=45).ok" in new


# -- a host the project lets read for ever ------------------------------------------------------

STREAM_CLIENT = """\
import requests


def follow(channel):
    for line in requests.get("https://stream.example/feed/" + channel, stream=True, timeout=(5, None)).iter_lines():
        yield line
"""

EVENTS = """\
import requests


def latest(channel):
    return requests.get("https://stream.example/events/" + channel).json()


def other():
    return requests.get("https://api.example/other").json()
"""


@pytest.mark.parametrize("for_ever", ["(5, None)", "None", "(None, None)"])
def test_a_host_read_for_ever_on_purpose_is_not_bounded_by_us(for_ever):
    project = {"stream.py": STREAM_CLIENT.replace("(5, None)", for_ever)}
    result = run_codemods(EVENTS, NAME, path="events.py", project=project, dedent=False)
    assert 'requests.get("https://stream.example/events/" + channel).json()' in result.new_text
    assert 'requests.get("https://api.example/other", timeout=60).json()' in result.new_text
    [message] = finding_messages(result)
    assert message.startswith("5: http-timeout: not changed: the project lets calls to stream.example read for ever")


def test_a_connect_only_pair_is_no_wait_of_the_module():
    """``(5, None)`` bounds the connection alone: the module's other calls do not get 5 s."""
    source = STREAM_CLIENT + "\n\ndef ping(url):\n    return requests.get(url).ok\n"
    new = run_codemods(source, NAME, path="stream.py", project={}, dedent=False).new_text
    assert "requests.get(url, timeout=60).ok" in new


def test_a_parameter_every_call_of_the_module_hands_a_session_counts():
    """lemur's Entrust plugin: module functions take the plugin's session as a parameter and
    time their calls at (15, 40); the plugin's own reads on that session get 40, not 60 (its
    writes borrow no read's wait: review 36)."""
    source = """\
import requests


def client_id(session, organization):
    return session.get("https://api.example/clients/" + organization, timeout=(15, 40)).json()


class Issuer:
    def __init__(self):
        self.session = requests.Session()

    def create(self, organization):
        return client_id(self.session, organization)

    def status(self, url):
        return self.session.get(url).ok
"""
    new = run_codemods(source, NAME, path="plugin.py", project={}, dedent=False).new_text
    assert "self.session.get(url, timeout=40).ok" in new
    # a caller handing it something else, or the function handed on as a callback: no
    # proof, and an unproven wait chooses none alone (the option's)
    other = source + "\n\ndef probe(page):\n    return client_id(page, 'x')\n"
    assert "self.session.get(url, timeout=60).ok" in run_codemods(other, NAME, path="plugin.py", project={}, dedent=False).new_text
    handed = source + "\n\ndef each(names):\n    return map(client_id, names)\n"
    assert "self.session.get(url, timeout=60).ok" in run_codemods(handed, NAME, path="plugin.py", project={}, dedent=False).new_text


# -- a wait left out would let a shorter one be written (from a review) --------------------------


def test_a_session_whose_name_the_module_also_binds_otherwise_keeps_its_wait():
    """A local ``s = requests.Session()`` timed at 300, and ``s`` also a loop variable
    elsewhere: its 300 s is still the module's wait, not a 5 s probe's."""
    source = """\
import requests


def report():
    s = requests.Session()
    return s.get("https://reports.example/big", timeout=300).json()


def ping():
    return requests.get("https://reports.example/ping", timeout=5).ok


def again(url):
    return requests.get(url).json()


def show(rows):
    for s in rows:
        print(s)
"""
    new = run_codemods(source, NAME, path="client.py", project={}, dedent=False).new_text
    assert "requests.get(url, timeout=300).json()" in new


def test_a_session_timed_from_configuration_keeps_numbers_out():
    """A session's request timed from the configuration, the session's name also a
    parameter elsewhere: the module reads its wait from its configuration; no number is
    written (it could be shorter than the one configured)."""
    source = """\
import requests
from flask import current_app


def upload(url, data):
    session = requests.Session()
    return session.post(url, data=data, timeout=current_app.config["HTTP_TIMEOUT"]).ok


def other(url):
    return requests.get(url).json()


def log_to(session, message):
    session.add(message)
"""
    result = run_codemods(source, NAME, path="client.py", project={}, dedent=False)
    assert "requests.get(url).json()" in result.new_text
    assert any("configuration" in message for message in finding_messages(result)), finding_messages(result)


def test_a_wait_on_an_attribute_session_counts_in_a_project_that_drives_a_browser():
    """A project that also drives a browser: ``self.session.get(url, timeout=300)`` in
    another module is still the project's longest wait."""
    api = """\
import requests


class Api:
    def __init__(self, session):
        self.session = session

    def big(self, url):
        return self.session.get(url, timeout=300).json()
"""
    source = "import requests\n\n\ndef fetch(url):\n    return requests.get(url).json()\n"
    project = {"api.py": api, "driver.py": DRIVER}
    new = run_codemods(source, NAME, path="other.py", project=project, dedent=False).new_text
    assert "requests.get(url, timeout=300).json()" in new


def test_a_host_read_for_ever_through_a_named_pair_is_left_alone():
    """``STREAM_TIMEOUT = (5, None)`` given to a host's streamed calls: the project lets that
    host read for ever; its other calls are not bounded."""
    stream = """\
import requests

STREAM_TIMEOUT = (5, None)


def follow():
    return requests.get("https://stream.example/events", timeout=STREAM_TIMEOUT, stream=True).iter_lines()


def health():
    return requests.get("https://stream.example/health", timeout=10).ok
"""
    source = "import requests\n\n\ndef more():\n    return requests.get('https://stream.example/more', stream=True).iter_lines()\n"
    result = run_codemods(source, NAME, path="other.py", project={"stream.py": stream}, dedent=False)
    assert "requests.get('https://stream.example/more', stream=True)" in result.new_text
