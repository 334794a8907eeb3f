"""http-timeout: a function-local Session that mounts a transport adapter made elsewhere.

``Session.close()`` closes every adapter mounted on the session. An adapter the module makes
once (``RETRY_ADAPTER = HTTPAdapter(max_retries=...)``) and mounts on the sessions of many
calls is shared so that they reuse its connections: closing one session empties that
adapter's pools for every other user (bcgov/sbc-pay, gunicorn with 8 threads). With urllib3
1.x the pools are closed too, and a request another thread is sending through the same
adapter fails with ``ClosedPoolError``; with 2.x they are dropped, and the reuse the adapter
was shared for is gone. Such a session is left open, with a finding; one
whose adapters are made for it (``s.mount("https://", HTTPAdapter(...))``, or a local name
bound to a new adapter) is still closed in a with-block.
"""

from __future__ import annotations

import textwrap
import types

import pytest
from requests import Response
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ClosedPoolError

from helpers import finding_messages, run_codemods

NAME = "http-timeout"

SHARED = """
import requests
from requests.adapters import HTTPAdapter

RETRY_ADAPTER = HTTPAdapter(max_retries=3)


def fetch(url, retry=True):
    session = requests.Session()
    if retry:
        session.mount(url, RETRY_ADAPTER)
    response = session.get(url, timeout=5)
    return response
"""


def load(source: str) -> types.ModuleType:
    module = types.ModuleType("shared_adapter_app")
    exec(compile(textwrap.dedent(source), "shared_adapter_app.py", "exec"), module.__dict__)  # noqa: S102
    return module


def shared_pool(module: types.ModuleType):
    """The pool the shared adapter serves for the upstream host (another thread's request
    may hold it while ``fetch`` runs); no network needed."""
    return module.RETRY_ADAPTER.poolmanager.connection_from_url("http://upstream.invalid/")


def run_fetch_offline(module: types.ModuleType, monkeypatch) -> None:
    """``fetch`` with the transport stubbed: what matters is what happens to the adapter after."""
    def send(self, request, **kwargs):
        response = Response()
        response.status_code, response._content, response.request = 200, b"{}", request
        return response

    monkeypatch.setattr(HTTPAdapter, "send", send)
    module.fetch("http://upstream.invalid/")


def test_the_session_of_a_shared_adapter_stays_open_with_a_finding():
    result = run_codemods(SHARED, NAME)
    assert "with requests.Session()" not in result.new_text
    assert result.new_text == textwrap.dedent(SHARED)
    messages = finding_messages(result)
    assert any("RETRY_ADAPTER" in message and "shared" in message for message in messages), messages


def test_the_code_left_keeps_the_adapter_another_request_is_using(monkeypatch):
    module = load(run_codemods(SHARED, NAME).new_text)
    pool = shared_pool(module)
    run_fetch_offline(module, monkeypatch)
    assert pool.pool is not None  # still open: the other thread's request goes on
    assert shared_pool(module) is pool  # and the next session reuses its connections


def test_why_closing_it_is_not_the_session_s_to_do(monkeypatch):
    """What the with-block made of it did: the session closed the module's adapter."""
    wrapped = SHARED.replace(
        "    session = requests.Session()\n    if retry:\n        session.mount(url, RETRY_ADAPTER)\n"
        "    response = session.get(url, timeout=5)\n",
        "    with requests.Session() as session:\n        if retry:\n            session.mount(url, RETRY_ADAPTER)\n"
        "        response = session.get(url, timeout=5)\n",
    )
    module = load(wrapped)
    pool = shared_pool(module)
    run_fetch_offline(module, monkeypatch)
    assert shared_pool(module) is not pool  # the adapter's pools were emptied for everyone
    if pool.pool is None:  # urllib3 1.x closes them as well: the other request fails
        with pytest.raises(ClosedPoolError):
            pool._get_conn()


@pytest.mark.parametrize(
    "mount",
    [
        "    session.mount(url, HTTPAdapter(max_retries=3))\n",
        "    adapter = HTTPAdapter(max_retries=3)\n    session.mount(url, adapter)\n",
    ],
    ids=["made in the call", "a local name bound to a new adapter"],
)
def test_an_adapter_made_for_the_session_is_closed_with_it(mount):
    source = f"""
import requests
from requests.adapters import HTTPAdapter


def fetch(url):
    session = requests.Session()
{mount}    return session.get(url, timeout=5).json()
"""
    result = run_codemods(source, NAME)
    assert "with requests.Session() as session:" in result.new_text, finding_messages(result)
    assert finding_messages(result) == []
