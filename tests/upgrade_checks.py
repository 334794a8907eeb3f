"""Helpers for the upgrade codemods' tests: a chosen target version, gate cases, running an app.

- ``at_target(source, name, target)``: the codemod through the engine (helpers.run_at_target)
  for the Flask version ``target`` (``Context.target_version``, what ``--target-version``
  sets), returning the new text and the findings as ``"line: message"``.
- ``AcceptedCasesAreActedOn``: with ``GateCases`` (tests/gate_checks.py), each ACCEPTED case
  is one the codemod, its gates forced open, really changes or reports.
- ``upgraded(source, *names)``: the text after the named codemods, newest target.
- ``run_app(folder, files, probe)``: write the files, run ``probe`` (Python that prints one JSON
  line) in a fresh interpreter there, under the Flask and Werkzeug the test extras install.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from typing import Any, Mapping

from gate_checks import output_with_gates_open
from helpers import rewrite, run_at_target


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


def upgraded(source: str, *names: str) -> str:
    """``source`` after the named codemods (the engine's pure core, newest target)."""
    return rewrite(textwrap.dedent(source), *names, dedent=False)


def run_app(folder: Any, files: Mapping[str, str], probe: str) -> dict:
    """Write ``files`` into ``folder`` and run ``probe`` there; the JSON it printed last."""
    for relative, text in files.items():
        path = os.path.join(str(folder), relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(textwrap.dedent(text))
    code = "import sys\nsys.path.insert(0, '.')\n" + textwrap.dedent(probe)
    done = subprocess.run([sys.executable, "-c", code], cwd=str(folder), capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])
