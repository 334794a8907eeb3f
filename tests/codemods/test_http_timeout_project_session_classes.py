"""http-timeout: a ``requests.Session`` subclass the project defines (the realworld corpus, bert-e:
``class BertESession(Session)`` in ``git_host/base.py`` retries 429/500/502 in its ``request()``
and hands its keywords on to ``super().request``; the GitHub client holds ``self.session =
base.BertESession()`` and posts through it with no timeout, held back as "cannot tell that
self.session is a requests Session").

Its instances are sessions where what the subclass does is read: every override of a method a
call goes through (the verb, then ``request``, then ``send``) hands its keywords on to the
Session's own, so a ``timeout=`` reaches the adapter. An override that sets a timeout itself
(``kwargs.setdefault("timeout", 10)``) bounds the calls already: they stay as they are. One that
takes no timeout (``def get(self, url)``) would raise TypeError on one: the calls stay, with a
finding. One that does something else with its keywords is not followed (the finding as before).
"""

from __future__ import annotations

import importlib
import sys

import pytest

from helpers import finding_messages, run_codemods
from http_support import transport_timeouts

NAME = "http-timeout"

BASE = """
import logging

from requests import Session

LOG = logging.getLogger(__name__)


class AppSession(Session):
    git_provider = "base"

    def request(self, method, url, **kwargs):
        for attempt in range(2):
            response = super().request(method, url, **kwargs)
            LOG.info("%s %s %s", method, url, response.status_code)
            if response.status_code not in (429, 500, 502):
                break
        return response
"""

CLIENT = """
from requests import HTTPError

from .. import base


class Client:
    def __init__(self, url):
        self.url = url
        self.session = base.AppSession()

    def token(self):
        response = self.session.post(f"{self.url}/token", headers={"Accept": "json"})
        response.raise_for_status()
        return response.json()
"""

PROJECT = {"pkg/__init__.py": "", "pkg/base.py": BASE, "pkg/hosts/__init__.py": ""}
PATH = "pkg/hosts/github.py"


def _run(source: str = CLIENT, base: str = BASE, seconds: int = 60, extra: dict | None = None):
    project = {**PROJECT, "pkg/base.py": base, **(extra or {})}
    return run_codemods(source, NAME, project=project, path=PATH, options={NAME: {"timeout": seconds}})


def test_a_call_through_a_subclass_that_hands_its_keywords_on_gets_a_timeout():
    result = _run()
    assert 'self.session.post(f"{self.url}/token", headers={"Accept": "json"}, timeout=60)' in result.new_text, result.new_text
    assert finding_messages(result) == []


def test_a_subclass_imported_by_name_and_held_in_a_local():
    source = (
        "from pkg.base import AppSession\n\n\ndef fetch(url):\n    session = AppSession()\n"
        "    return session.get(url).json()\n"
    )
    result = _run(source)
    assert "session.get(url, timeout=60).json()" in result.new_text, (result.new_text, finding_messages(result))


def test_a_subclass_of_a_subclass():
    extra = {"pkg/retrying.py": "from .base import AppSession\n\n\nclass Retrying(AppSession):\n    pass\n"}
    result = _run(CLIENT.replace("from .. import base", "from .. import retrying").replace("base.AppSession()", "retrying.Retrying()"), extra=extra)
    assert "timeout=60" in result.new_text, finding_messages(result)


def test_the_rewritten_client_hands_the_timeout_to_the_transport(tmp_path, monkeypatch):
    """Run: the adapter that sends the request is given the bound through the subclass's
    ``request`` (it was given None: a wait for ever)."""
    rewritten = _run(seconds=7).new_text
    (tmp_path / "pkg" / "hosts").mkdir(parents=True)
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "hosts" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "base.py").write_text(BASE)
    seen = transport_timeouts(monkeypatch)
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        for text in (CLIENT, rewritten):
            (tmp_path / "pkg" / "hosts" / "github.py").write_text(text)
            for module in [m for m in sys.modules if m == "pkg" or m.startswith("pkg.")]:
                del sys.modules[module]
            importlib.invalidate_caches()
            importlib.import_module("pkg.hosts.github").Client("http://localhost").token()
    finally:
        for module in [m for m in sys.modules if m == "pkg" or m.startswith("pkg.")]:
            del sys.modules[module]
    assert seen == [None, 7]


SETS_ITS_OWN = BASE.replace(
    "        for attempt in range(2):", '        kwargs.setdefault("timeout", 10)\n        for attempt in range(2):'
)
TAKES_NONE = BASE + """
    def post(self, url, headers=None):
        return super().post(url, headers=headers)
"""
SOMETHING_ELSE = BASE.replace("super().request(method, url, **kwargs)", "self._send(method, url, kwargs)")
NO_SESSION = BASE.replace("from requests import Session", "from pkg.transport import Session")


def test_a_subclass_that_sets_its_own_timeout_keeps_the_calls_as_they_are():
    result = _run(base=SETS_ITS_OWN)
    assert "timeout=60" not in result.new_text
    assert finding_messages(result) == []


def test_an_override_that_takes_no_timeout_keeps_the_call_with_a_finding():
    result = _run(base=TAKES_NONE)
    assert "timeout=60" not in result.new_text
    [message] = finding_messages(result)
    assert "is an object of AppSession (pkg/base.py:9), a requests Session whose" in message and "AppSession.post() takes no timeout" in message, message


def test_the_override_that_takes_none_would_raise():
    """The premise: a ``timeout=`` given to that override is a TypeError."""
    namespace: dict = {}
    exec(compile(TAKES_NONE, "base.py", "exec"), namespace)
    with pytest.raises(TypeError):
        namespace["AppSession"]().post("http://localhost", timeout=1)


@pytest.mark.parametrize("base", [SOMETHING_ELSE, NO_SESSION], ids=["keywords not handed on", "not a requests Session"])
def test_what_is_not_read_as_a_session_keeps_the_call_and_the_finding(base):
    result = _run(base=base)
    assert "timeout=60" not in result.new_text
    [message] = finding_messages(result)
    assert "cannot tell that self.session is a requests Session" in message, message


def test_a_subclass_that_mounts_an_adapter_is_reported():
    base = BASE.replace(
        '    git_provider = "base"\n',
        '    git_provider = "base"\n\n    def __init__(self):\n        super().__init__()\n        self.mount("https://", RetryAdapter())\n',
    ).replace("from requests import Session", "from requests import Session\n\nfrom .adapters import RetryAdapter")
    result = _run(base=base)
    assert "timeout=60" not in result.new_text
    [message] = finding_messages(result)
    assert "a requests Session that mounts a transport adapter" in message, message
