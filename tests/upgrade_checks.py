"""Helpers for the upgrade codemods' tests: a chosen target version, gate cases, running an app.

- ``at_target(source, name, target)``: the codemod through the engine (helpers.run_at_target)
  for the Flask version ``target`` (``Context.target_version``, what ``--target-version``
  sets), returning the new text and the findings as ``"line: message"``.
- ``AcceptedCasesAreActedOn``: with ``GateCases`` (tests/gate_checks.py), each ACCEPTED case
  is one the codemod, its gates forced open, really changes or reports.
- ``Rewrites``, ``Refusals``, ``LeftAlone``: an upgrade codemod's tables of behaviour cases
  (a test class named ``Test...`` gives NAME and the tables), each case a test of its own.
- ``upgraded(source, *names)``: the text after the named codemods, newest target.
- ``run_app(folder, files, probe)``: write the files, run ``probe`` (Python that prints one JSON
  line) in a fresh interpreter there, under the Flask and Werkzeug the test extras install;
  the probe finds the app module as ``legacy``, its test client as ``client``, ``json`` and
  ``outcome(call)`` (what ``call()`` returns, or the name of the exception it raises).
- ``legacy_and_upgraded(folder, name, files, probe)``: what ``probe`` prints for the app in
  ``files`` as it is, and after the codemod ``name`` rewrote its ``app.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from typing import Any, Mapping

from gate_checks import output_with_gates_open
from helpers import assert_left_alone, assert_refused, rewrite, run_at_target


def at_target(source: str, name: str, target: tuple[int, int] | None, path: str = "app.py") -> tuple[str, list[str]]:
    """``name``'s rewrite of ``source`` for the Flask version ``target``: (text, findings)."""
    text, findings = run_at_target(source, name, target, path=path)
    return text, [f"{line}: {message}" for line, message in findings]


class AcceptedCasesAreActedOn:
    """A mixin for a ``GateCases`` subclass: what its gates accept (ACCEPTED), the codemod
    acts on — the cases are not merely let through, they are the codemod's work."""

    NAME = ""

    def test_what_it_accepts_it_acts_on(self, accepted: tuple[str, str]) -> None:
        source, path = accepted
        assert output_with_gates_open(self.NAME, textwrap.dedent(source), path) != []


def table(arguments: str, attribute: str):
    """Marks a test of a ``Tables`` class as run once per case of its table ``attribute``."""

    def marked(test):
        test.table = (arguments, attribute)
        return test

    return marked


class Tables:
    """Runs each test marked with ``table`` once per case of its table (pytest.param cases
    keep their ids)."""

    NAME = ""

    def pytest_generate_tests(self, metafunc) -> None:
        marked = getattr(metafunc.function, "table", None)
        if marked is not None:
            metafunc.parametrize(marked[0], getattr(self, marked[1]))


class Rewrites(Tables):
    """``REWRITES``: ``(before, after)``, the text after the codemod NAME at the newest target."""

    REWRITES: list = []

    @table("before, after", "REWRITES")
    def test_rewrites(self, before: str, after: str) -> None:
        assert upgraded(before, self.NAME) == after


class Refusals(Tables):
    """``REFUSED``: ``(source, says)``, left byte for byte with one finding that says ``says``."""

    REFUSED: list = []

    @table("source, says", "REFUSED")
    def test_refused_with_a_finding(self, source: str, says: str) -> None:
        assert_refused(self.NAME, source, says)


class LeftAlone(Tables):
    """``LEFT_ALONE``: sources (guarded, modern, foreign code) the codemod leaves byte for
    byte without a word."""

    LEFT_ALONE: list = []

    @table("source", "LEFT_ALONE")
    def test_left_alone_byte_identical(self, source: str) -> None:
        assert_left_alone(self.NAME, source)


def upgraded(source: str, *names: str) -> str:
    """``source`` after the named codemods (the engine's pure core, newest target)."""
    return rewrite(textwrap.dedent(source), *names, dedent=False)


# What every probe starts with (the app module is app.py).
PROBE_START = """
import json
import sys

sys.path.insert(0, ".")
import app as legacy

client = legacy.app.test_client()


def outcome(call):
    try:
        return call()
    except Exception as error:
        return type(error).__name__

"""


def run_app(folder: Any, files: Mapping[str, str], probe: str) -> dict:
    """Write ``files`` into ``folder`` and run ``probe`` there (after PROBE_START); the JSON it
    printed last, or ``{"error": the last line of the traceback}``."""
    for relative, text in files.items():
        path = os.path.join(str(folder), relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(textwrap.dedent(text))
    code = PROBE_START + textwrap.dedent(probe)
    done = subprocess.run([sys.executable, "-c", code], cwd=str(folder), capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def legacy_and_upgraded(folder: Any, name: str, files: Mapping[str, str], probe: str) -> tuple[dict, dict]:
    """What ``probe`` prints for the app ``files`` as they are, and after the codemod ``name``
    rewrote their ``app.py`` (in the folders ``before`` and ``after`` of ``folder``)."""
    before = run_app(os.path.join(str(folder), "before"), files, probe)
    after = run_app(os.path.join(str(folder), "after"), {**files, "app.py": upgraded(files["app.py"], name)}, probe)
    return before, after
