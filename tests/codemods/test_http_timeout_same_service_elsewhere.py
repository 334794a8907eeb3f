"""http-timeout: a module whose only timed call is a quick probe of one service (a redirect
lookup bounded at 3 seconds, inside a handler that shrugs off any failure) writes that probe's
wait on its call to another service, a parser that does real work per request, which the
project elsewhere calls at the same address with a wait of 120 seconds. The module's number
is the wait for a different service; the project's wait for the very same endpoint is the one
that fits (oadoi's parseland call, cut at the doi.org probe's 3 seconds)."""

from __future__ import annotations

import sys
import types

import pytest
from helpers import run_codemods

NAME = "http-timeout"
REASON = (
    "http-timeout: the module's own 3 s probe wait is written on a call to an endpoint the project "
    "elsewhere waits 120 s for (oadoi:pub.py:708)"
)

RECORDS = """\
import requests


def resolved_url(doi):
    try:
        r = requests.get("https://resolver.example/" + doi, stream=True, timeout=(3, 3))
        return r.url
    except Exception:
        return None


def needs_refresh(doi):
    r = requests.get(f"https://parser.example/parse-publisher?doi={doi}")
    return r.status_code != 200
"""

PARSER_CLIENT = """\
import requests


def publisher_parse(doi):
    try:
        return requests.get(f"https://parser.example/parse-publisher?doi={doi}", timeout=120).json()
    except Exception:
        return None
"""


def _rewritten() -> str:
    return run_codemods(
        RECORDS, NAME, path="records.py", project={"parser_client.py": PARSER_CLIENT}, dedent=False
    ).new_text


@pytest.mark.xfail(strict=True, reason=REASON)
def test_the_call_gets_the_project_s_wait_for_the_same_endpoint():
    assert 'parse-publisher?doi={doi}", timeout=120)' in _rewritten()


class _SlowParser(types.ModuleType):
    """A stand-in for requests whose parser answers after 10 seconds of work: a call given a
    shorter read timeout fails as requests would."""

    def __init__(self) -> None:
        super().__init__("requests")

    def get(self, url: str, timeout: object = None, **kwargs: object) -> types.SimpleNamespace:
        read = timeout[1] if isinstance(timeout, tuple) else timeout
        if read is not None and read < 10:
            raise TimeoutError(f"read timed out after {read} s")
        return types.SimpleNamespace(status_code=200, url=url)


@pytest.mark.xfail(strict=True, reason=REASON)
def test_a_parse_that_takes_ten_seconds_still_answers(monkeypatch):
    monkeypatch.setitem(sys.modules, "requests", _SlowParser())
    namespace: dict[str, object] = {"__name__": "records"}
    exec(compile(_rewritten(), "records.py", "exec"), namespace)
    assert namespace["needs_refresh"]("10.1/x") is False  # type: ignore[operator]


def test_the_original_waits_for_the_parser(monkeypatch):
    """Without the rewrite the same slow answer comes back (the stand-in is fair)."""
    monkeypatch.setitem(sys.modules, "requests", _SlowParser())
    namespace: dict[str, object] = {"__name__": "records"}
    exec(compile(RECORDS, "records.py", "exec"), namespace)
    assert namespace["needs_refresh"]("10.1/x") is False  # type: ignore[operator]
