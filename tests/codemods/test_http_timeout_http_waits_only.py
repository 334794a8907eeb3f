"""http-timeout: what counts as a configured HTTP wait in seconds. A ``timeout=`` counts as
one only where its call is known to be an HTTP client call (requests, httpx, urllib, aiohttp,
a session of theirs, the project's own wrapper around them, resolved through imports), and
only where it is a plain bound in seconds: not any attribute call named ``get`` (a browser's
request context, in milliseconds), not a ``(connect, None)`` pair, which lets a host read for
ever on purpose."""

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


def test_a_get_on_an_unknown_object_is_no_wait_of_the_module(monkeypatch):
    """``page.get(url, timeout=500)`` in a project that drives a browser: 500 milliseconds of
    a browser's, for all the module knows, not 500 seconds."""
    new = run_codemods(CLIENT, NAME, path="client.py", project={"driver.py": DRIVER}, dedent=False).new_text
    page = types.SimpleNamespace(get=lambda url, timeout: None)
    assert _timeouts_given(new, "stock", page, "https://x.example/", monkeypatch=monkeypatch) == [60]


def test_a_browser_request_elsewhere_sets_no_wait_for_its_host():
    """The same host called through a browser's request context elsewhere (in milliseconds)
    gives the project's requests call to it no 500 s wait."""
    source = "import requests\n\n\ndef status():\n    return requests.get('https://shop.example/status').ok\n"
    project = {"browser.py": BROWSER_HELPERS, "driver.py": DRIVER}
    new = run_codemods(source, NAME, path="client.py", project=project, dedent=False).new_text
    assert "requests.get('https://shop.example/status', timeout=60).ok" in new


def test_a_browser_wait_on_a_resolved_call_is_still_ignored_and_other_waits_count():
    """In a project that drives a browser, a job's wait the module resolves still counts."""
    jobs = "from rq.decorators import job\n\n\n@job('reports', timeout=300)\ndef report():\n    pass\n"
    project = {"browser.py": BROWSER_HELPERS, "driver.py": DRIVER, "jobs.py": jobs}
    source = "import requests\n\n\ndef status():\n    return requests.get('https://other.example/').ok\n"
    new = run_codemods(source, NAME, path="client.py", project=project, dedent=False).new_text
    assert "requests.get('https://other.example/', timeout=300).ok" in new


def test_a_browser_wait_does_not_keep_a_named_wait_from_the_module_s_calls():
    """A constant that times a call of unknown kind (``api.get``: a browser's request
    context, in milliseconds, for all the module knows) is no named wait of its requests."""
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
    time their calls at (15, 40); the plugin's own calls on that session get 40, not 60."""
    source = """\
import requests


def client_id(session, organization):
    return session.get("https://api.example/clients/" + organization, timeout=(15, 40)).json()


class Issuer:
    def __init__(self):
        self.session = requests.Session()

    def create(self, organization):
        return client_id(self.session, organization)

    def revoke(self, url):
        return self.session.post(url).ok
"""
    new = run_codemods(source, NAME, path="plugin.py", project={}, dedent=False).new_text
    assert "self.session.post(url, timeout=40).ok" in new
    # a caller handing it something else: no proof, the module's wait is not known
    other = source + "\n\ndef probe(page):\n    return client_id(page, 'x')\n"
    assert "self.session.post(url, timeout=60).ok" in run_codemods(other, NAME, path="plugin.py", project={}, dedent=False).new_text
    # the function handed on as a callback: called with who knows what
    handed = source + "\n\ndef each(names):\n    return map(client_id, names)\n"
    assert "self.session.post(url, timeout=60).ok" in run_codemods(handed, NAME, path="plugin.py", project={}, dedent=False).new_text
