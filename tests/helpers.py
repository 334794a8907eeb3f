"""Helpers shared by the tests: run source text through the real engine."""

from __future__ import annotations

import ast
import os
import textwrap
from typing import Any, Mapping

from flask_codemod.codemods import get_codemod, select_codemods
from flask_codemod.codemods._base import PROJECT_FILES
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

    ``files`` maps paths relative to the transformed file to their text, for ctx.read_file
    (and ctx.project_files lists them).
    """
    if dedent:
        source = textwrap.dedent(source)
    codemods = [get_codemod(n) for n in names] if names else list(select_codemods())
    reader = _reader(files) if files is not None else None
    return transform_text(source, codemods, path=path, options=options, read_file=reader)


def _reader(files: Mapping[str, str]):
    def read(relative: str) -> str | None:
        if relative == PROJECT_FILES:
            return "\n".join(files)
        return files.get(os.path.normpath(relative))

    return read


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
