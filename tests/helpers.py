"""Helpers shared by the tests: run source text through the real engine."""

from __future__ import annotations

import ast
import os
import textwrap
from typing import Any, Mapping

from flask_codemod.codemods import get_codemod, select_codemods
from flask_codemod.engine import TextResult, transform_text

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(REPO, "samples")


def run_codemods(
    source: str,
    *names: str,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    files: Mapping[str, str] | None = None,
    path: str = "app.py",
    dedent: bool = True,
) -> TextResult:
    """Run the named codemods (all when none is named) through the engine's pure core.

    ``files`` maps paths relative to the transformed file to their text, for ctx.read_file.
    """
    if dedent:
        source = textwrap.dedent(source)
    codemods = [get_codemod(n) for n in names] if names else list(select_codemods())
    reader = (lambda relative: files.get(os.path.normpath(relative))) if files is not None else None
    return transform_text(source, codemods, path=path, options=options, read_file=reader)


def rewrite(source: str, *names: str, **kwargs: Any) -> str:
    """The rewritten text; fails the test on an engine error. Checks the output is valid."""
    result = run_codemods(source, *names, **kwargs)
    assert result.error is None, result.error
    ast.parse(result.new_text)
    return result.new_text


def finding_messages(result: TextResult) -> list[str]:
    return [f"{f.line}: {f.codemod}: {f.message}" for f in result.findings]


def all_nodes(module: Any) -> list:
    """Every node of a LibCST tree, in LibCST's visiting order."""
    import libcst as cst

    found: list = []

    class Collect(cst.CSTVisitor):
        def on_visit(self, node):
            found.append(node)
            return True

    module.visit(Collect())
    return found


def run_at_target(
    source: str,
    name: str,
    target: tuple[int, int] | None,
    *,
    path: str = "app.py",
    files: Mapping[str, str] | None = None,
    dedent: bool = True,
) -> tuple[str, list]:
    """One codemod on ``source`` through the engine, for the Flask version ``target``
    (``Context.target_version``; None: the newest known): the new text (checked to compile)
    and the findings' ``(line, message)``."""
    if dedent:
        source = textwrap.dedent(source)
    reader = (lambda relative: files.get(os.path.normpath(relative))) if files is not None else None
    result = transform_text(source, [get_codemod(name)], path=path, read_file=reader, target_version=target)
    assert result.error is None, result.error
    compile(result.new_text, path, "exec", dont_inherit=True)
    return result.new_text, [(f.line, f.message) for f in result.findings]


def load_source(folder: Any, source: str, stem: str = "legacy") -> Any:
    """Import ``source`` as a fresh module written into ``folder`` (a pathlib folder), with
    ``folder`` on sys.path while it runs, so that it can import its neighbours."""
    import importlib.util
    import sys
    import uuid

    name = f"{stem}_{uuid.uuid4().hex}"
    path = folder / f"{name}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # kept: Flask finds an app's root path through it
    sys.path.insert(0, str(folder))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(folder))
    return module
