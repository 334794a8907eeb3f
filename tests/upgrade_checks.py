"""Helpers for the upgrade codemods' tests: a chosen target version, gates, running an app.

- ``at_target(source, name, target)``: the codemod's transform with ``Context.target_version``
  set (what ``--target-version`` will set), returning the new text and the findings.
- ``gates(name, source, path)``: both prefilters; ``acts(name, source, path)``: whether the
  codemod with its gates forced open changes, reports or edits anything. A gate may say True in
  vain, never False where the codemod acts.
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

import libcst as cst

from flask_codemod import engine
from flask_codemod.codemods import Context, get_codemod
from helpers import rewrite


def at_target(source: str, name: str, target: tuple[int, int] | None, path: str = "app.py") -> tuple[str, list[str]]:
    """``name``'s transform of ``source`` for the Flask version ``target``: (text, findings)."""
    source = textwrap.dedent(source)
    codemod = get_codemod(name)()
    ctx = Context(path, target_version=target)
    ctx.codemod = codemod
    module = cst.parse_module(source)
    ctx.trust_unique_nodes(module)
    new = codemod.transform(module, ctx).code
    compile(new, path, "exec")
    return new, [f"{f.line}: {f.message}" for f in ctx.findings]


def gates(name: str, source: str, path: str = "app.py") -> bool:
    """Both prefilters of ``name`` on ``source``."""
    codemod = get_codemod(name)()
    source = textwrap.dedent(source)
    if not codemod.applies_to_file(source, path):
        return False
    tree, problem = engine.python_tree(source, path)
    assert problem is None, problem
    return bool(codemod.applies_to_tree(tree, path))


def acts(name: str, source: str, path: str = "app.py") -> bool:
    """Whether ``name``, with both gates forced open, changes ``source`` or reports on it."""
    cls = get_codemod(name)

    class Open(cls):  # type: ignore[misc, valid-type]
        def applies_to_file(self, source: str, path: str) -> bool:
            return True

        def applies_to_tree(self, tree: Any, path: str) -> bool:
            return True

    source = textwrap.dedent(source)
    result = engine.transform_text(source, [Open], path=path)
    assert result.error is None, result.error
    return result.new_text != source or bool(result.findings) or bool(result.project_edits)


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
