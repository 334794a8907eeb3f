"""http-timeout: a module that names its own wait (a module-level constant named like a
request's wait) means that wait for its calls, even where it forgot to pass it; it may lengthen
the wait the other rules give, never shorten it. Borrowing a shorter number from a sibling
module cuts its calls short (a report-rendering request the module meant to wait 30 seconds
for, cut at the 10 seconds its sibling fetchers use)."""

from __future__ import annotations

import sys
import types

import pytest
from helpers import finding_messages, rewrite, run_codemods

NAME = "http-timeout"

GENERATE = """\
import requests

REQUEST_TIMEOUT = 30


def complete(base, prompt):
    r = requests.post(base + "/v1/reports/render", json={"pages": [prompt]})
    return r.json()
"""

FETCH = """\
import requests

REQUEST_TIMEOUT = 10


def fetch(url):
    return requests.get(url, timeout=REQUEST_TIMEOUT).json()
"""


def test_the_module_s_own_unused_wait_constant_comes_before_a_sibling_s_number():
    after = rewrite(GENERATE, NAME, files={"generate.py": GENERATE, "fetch.py": FETCH})
    assert "timeout=REQUEST_TIMEOUT)" in after or "timeout=30)" in after, after


# -- behaviour: the rewritten module run against a requests that records each call's timeout


class _Recorder(types.ModuleType):
    """A stand-in for requests: each request call records its timeout."""

    def __init__(self) -> None:
        super().__init__("requests")
        self.timeouts: list[object] = []

    def _send(self, url: str, *args: object, **kwargs: object) -> types.SimpleNamespace:
        self.timeouts.append(kwargs.get("timeout", "none given"))
        return types.SimpleNamespace(json=lambda: {}, status_code=200, ok=True)

    get = post = _send


def _timeouts_sent(monkeypatch: pytest.MonkeyPatch, after: str, function: str = "complete") -> list[object]:
    """Run ``after``, then its ``function`` with a URL and a prompt: the timeouts it sent."""
    recorder = _Recorder()
    monkeypatch.setitem(sys.modules, "requests", recorder)
    namespace: dict[str, object] = {"__name__": "client_code"}
    exec(compile(after, "client_code.py", "exec"), namespace)
    namespace[function]("http://127.0.0.1:9", "hello")  # type: ignore[operator]
    return recorder.timeouts


def _generator(constants: str, body: str = "") -> str:
    return (
        "import requests\n\n" + constants + "\n\n\ndef complete(base, prompt):\n" + body
        + '    r = requests.post(base + "/v1/reports/render", json={"pages": [prompt]})\n'
        "    return r.json()\n"
    )


def test_the_constant_no_call_uses_is_written_by_its_name_and_waits_that_long(monkeypatch):
    after = rewrite(GENERATE, NAME, files={"generate.py": GENERATE, "fetch.py": FETCH})
    assert 'json={"pages": [prompt]}, timeout=REQUEST_TIMEOUT)' in after, after
    assert _timeouts_sent(monkeypatch, after) == [30]


def test_a_named_wait_longer_than_the_option_is_written_without_siblings(monkeypatch):
    after = rewrite(_generator("HTTP_TIMEOUT = 2 * 60"), NAME)
    assert "timeout=HTTP_TIMEOUT)" in after, after
    assert _timeouts_sent(monkeypatch, after) == [120]


def test_a_named_wait_shorter_than_the_other_rules_give_never_shortens_them(monkeypatch):
    # the option (60): a constant no call uses was never tried against the service
    after = rewrite(_generator("API_TIMEOUT = 5"), NAME)
    assert "timeout=60)" in after, after
    # a project's longer wait (a sibling's 300)
    sibling = "import requests\n\n\ndef export(url):\n    return requests.get(url, timeout=300).json()\n"
    source = _generator("REQUEST_TIMEOUT = 30")
    after = rewrite(source, NAME, files={"app.py": source, "export.py": sibling})
    assert "timeout=300)" in after, after
    assert _timeouts_sent(monkeypatch, after) == [300]


def test_a_module_s_own_passed_timeout_and_its_longer_named_wait(monkeypatch):
    source = """\
import requests

REQUEST_TIMEOUT = 90


def health(url):
    return requests.get(url, timeout=5).ok


def complete(base, prompt):
    return requests.post(base, json={"pages": [prompt]}).json()
"""
    after = rewrite(source, NAME)
    assert "requests.post(base, json={\"pages\": [prompt]}, timeout=REQUEST_TIMEOUT)" in after, after
    assert "requests.get(url, timeout=5)" in after
    assert _timeouts_sent(monkeypatch, after) == [90]


def test_the_constant_other_calls_already_pass_is_written_by_its_name(monkeypatch):
    source = """\
import requests

REQUEST_TIMEOUT = 20


def health(url):
    return requests.get(url, timeout=REQUEST_TIMEOUT).ok


def complete(base, prompt):
    return requests.post(base, json=[prompt]).json()
"""
    after = rewrite(source, NAME)
    assert "requests.post(base, json=[prompt], timeout=REQUEST_TIMEOUT)" in after, after
    assert _timeouts_sent(monkeypatch, after) == [20]


@pytest.mark.parametrize(
    "source",
    [
        # a parameter of the same name
        _generator("REQUEST_TIMEOUT = 90").replace("def complete(base, prompt):", "def complete(base, prompt, REQUEST_TIMEOUT=1):"),
        # assigned in a function (global)
        _generator("REQUEST_TIMEOUT = 90") + "\n\ndef configure(seconds):\n    global REQUEST_TIMEOUT\n    REQUEST_TIMEOUT = seconds\n",
        # a local of the calling function
        _generator("REQUEST_TIMEOUT = 90", "    REQUEST_TIMEOUT = 1\n"),
        # imported under that name after it
        _generator("REQUEST_TIMEOUT = 90\nfrom os import sep as REQUEST_TIMEOUT"),
        # a star import may bind any name
        _generator("REQUEST_TIMEOUT = 90\nfrom os.path import *"),
        # a pair: urlopen takes no pair
        _generator("REQUEST_TIMEOUT = (3.05, 90)"),
        # in milliseconds
        _generator("REQUEST_TIMEOUT_MS = 90000"),
    ],
    ids=["parameter", "global", "local", "import", "star-import", "pair", "milliseconds"],
)
def test_a_name_bound_elsewhere_or_not_in_seconds_is_written_as_the_number(source):
    after = rewrite(source, NAME)
    assert 'json={"pages": [prompt]}, timeout=90)' in after, after


def test_a_call_at_import_before_the_constant_is_bound_gets_the_number(monkeypatch):
    source = """\
import requests

STATUS = requests.get("http://127.0.0.1:9/status").status_code
REQUEST_TIMEOUT = 90


def complete(base, prompt):
    return requests.post(base, json=[prompt]).json()
"""
    after = rewrite(source, NAME)
    assert 'requests.get("http://127.0.0.1:9/status", timeout=90)' in after, after
    assert "json=[prompt], timeout=90)" in after
    assert _timeouts_sent(monkeypatch, after) == [90, 90]  # the import's call, then complete's


@pytest.mark.parametrize(
    "constants",
    [
        "CACHE_TIMEOUT = 300",
        "SESSION_TIMEOUT = 3600",
        "TOKEN_TIMEOUT = 900",
        "LOCK_TIMEOUT = 120",
        "request_timeout = 300",  # not a constant's name: a gunicorn file's ``timeout = 120`` is a worker's
        "REQUEST_TIMEOUT = 3600",  # above ten minutes: a batch's, not a request's
        "MAIL_TIMEOUT = 120\n\n\ndef mailer(host):\n    import smtplib\n    return smtplib.SMTP(host, timeout=MAIL_TIMEOUT)",
        "HOOK_TIMEOUT = 120\n\n\ndef notify(url):\n    requests.post(url, timeout=HOOK_TIMEOUT)",
        "WORKER_TIMEOUT = 600\n\n\ndef work(job_timeout=WORKER_TIMEOUT):\n    return job_timeout",
        'DB_TIMEOUT = 300\nENGINE_OPTIONS = {"connect_args": {"timeout": DB_TIMEOUT}}',
    ],
    ids=["cache", "session", "token", "lock", "lower-case", "above-ten-minutes", "another-call-s", "fire-and-forget",
         "a-parameter-s-default", "engine-options"],
)
def test_constants_that_name_no_wait_of_the_module_s_requests_are_ignored(constants):
    after = rewrite(_generator(constants), NAME)
    assert 'json={"pages": [prompt]}, timeout=60)' in after, after


def test_of_several_named_waits_the_longest_counts(monkeypatch):
    after = rewrite(_generator("CONNECT_TIMEOUT = 5\nREAD_TIMEOUT = 90"), NAME)
    assert "timeout=READ_TIMEOUT)" in after, after
    assert _timeouts_sent(monkeypatch, after) == [90]
    # two names for the longest: which one the call meant is a guess, the number is not
    after = rewrite(_generator("API_TIMEOUT = 90\nHTTP_TIMEOUT = 90"), NAME)
    assert 'json={"pages": [prompt]}, timeout=90)' in after, after


def test_a_wrapper_s_default_says_the_name_too(monkeypatch):
    source = """\
import requests

REQUEST_TIMEOUT = 90


def call_api(url, **options):
    return requests.get(url, **options)


def complete(base, prompt):
    return call_api(base, params={"q": prompt}).json()
"""
    after = rewrite(source, NAME)
    assert 'options.setdefault("timeout", REQUEST_TIMEOUT)' in after, after
    assert _timeouts_sent(monkeypatch, after) == [90]


def test_a_project_that_configures_its_waits_is_still_reported():
    settings = "import requests\n\n\ndef fetch(url, app):\n    return requests.get(url, timeout=app.config['HTTP_TIMEOUT'])\n"
    source = _generator("REQUEST_TIMEOUT = 90")
    result = run_codemods(source, NAME, files={"app.py": source, "fetch.py": settings})
    assert result.new_text == source
    assert any("timeout from its configuration (fetch.py:" in message for message in finding_messages(result))
