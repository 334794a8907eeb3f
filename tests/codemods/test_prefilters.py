"""The gates of every codemod the registry finds (``applies_to_file`` on the text and path,
``applies_to_tree`` on the stdlib AST, ``applies_to_project`` on the rest of the project): never skipping a file a codemod would act on.

A gate may say True in vain; it must never say False for a file the codemod alone would
change, report a finding for, or ask a project edit for. Each codemod's own gate cases (near
misses, what it acts on) live with its tests: tests/codemods/test_<name>_gate.py.
"""

from __future__ import annotations

import ast
import glob
import os
import subprocess
import sys

import pytest

from flask_codemod import compile_gate, engine
from flask_codemod.codemods import _ast_facts, all_codemods, get_codemod
from flask_codemod.codemods.open_with import OpenWith
from gate_checks import gates, opened, output_of, output_with_gates_open, project_gate, read
from helpers import REPO, SAMPLES, sample_reader

CODEMODS = all_codemods()


def _sample_inputs() -> list[str]:
    """Every Python file under samples/ that the tool is run on: the ``.before.py`` files and
    the modules around them (legacy_app, helper modules). (The ``.after.py`` files, outputs,
    are left to ``benchmarks/check_prefilters.py samples``, which runs every codemod on every
    file: the test stays fast.)"""
    return sorted(
        path
        for path in glob.glob(os.path.join(SAMPLES, "**", "*.py"), recursive=True)
        if not path.endswith(".after.py")
    )


SAMPLE_INPUTS = _sample_inputs()


# -- (a) the samples of each codemod ---------------------------------------------------------------

BEFORE_FILES = sorted(
    path
    for cls in CODEMODS
    for path in glob.glob(os.path.join(SAMPLES, cls.NAME, "*.before.py"))
)


def _case(path: str) -> str:
    return os.path.relpath(path, SAMPLES)[: -len(".before.py")].replace(os.sep, "/")


@pytest.mark.parametrize("path", BEFORE_FILES, ids=_case)
def test_each_sample_passes_its_codemods_gates_or_needs_nothing(path: str) -> None:
    """A sample whose expected output differs from its input, or that expects findings (an
    empty ``.findings`` file expects none), is let through by the gates of its codemod. A
    sample its codemod leaves alone may be rejected, and then the codemod with its gates
    open does nothing with it either."""
    case = _case(path)
    name = case.split("/", 1)[0]
    stem = path[: -len(".before.py")]
    text = read(path)
    findings = stem + ".findings"
    acts = read(stem + ".after.py") != text or (os.path.exists(findings) and read(findings).strip() != "")
    stage1, both = gates(get_codemod(name), text, path)
    project = both and project_gate(get_codemod(name), path, sample_reader(path), text)
    if acts:
        assert stage1 and both, f"{case}: rejected by {'applies_to_file' if not stage1 else 'applies_to_tree'}"
        assert project, f"{case}: rejected by applies_to_project"
    elif not project:
        assert output_with_gates_open(name, text, path, beside_file=True) == [], f"{case} was rejected, yet the codemod acts on it"


# -- (b) the shared facts, and a gate that fails ---------------------------------------------------


def test_facts_are_computed_once_per_tree() -> None:
    tree = ast.parse("import gzip as gz\nx = gz.open(p)\n")
    first = _ast_facts.facts(tree)
    assert _ast_facts.facts(tree) is first
    assert "gzip.open" in first.qualified(tree.body[1].value.func)
    other = ast.parse("x = 1\n")
    assert _ast_facts.facts(other) is not first


def test_a_gate_that_fails_lets_the_file_through(monkeypatch) -> None:
    """The engine treats an exception in applies_to_tree as True: the gates may assume
    well-formed trees."""

    def broken(self, tree, path):
        raise RuntimeError("boom")

    monkeypatch.setattr(OpenWith, "applies_to_tree", broken)
    result = engine.transform_text("def f(p):\n    return open(p).read()\n", [get_codemod("open-with")])
    assert result.error is None and "with open(p)" in result.new_text


# -- (c) over every sample file: a gate never rejects a file its codemod acts on -----------------------


@pytest.mark.parametrize("path", SAMPLE_INPUTS, ids=lambda p: os.path.relpath(p, SAMPLES))
def test_no_gate_rejects_a_sample_its_codemod_acts_on(path: str) -> None:
    """Every codemod whose gates reject the file runs on it with its gates forced open: none
    may produce anything. (They run chained in one engine call, parsing the file once; the
    first to act would be named, and any change of the text fails the test.)"""
    text = read(path)
    tree, problem = compile_gate.python_tree(text, path)
    if problem is not None:
        pytest.skip(problem)
    rejected = []
    for cls in CODEMODS:
        instance = cls()
        if not (
            instance.applies_to_file(text, path)
            and engine._wants_tree(instance, tree, path)
            and project_gate(instance, path, sample_reader(path), text)
        ):
            rejected.append(cls)
    if not rejected:
        return
    result = engine.transform_text(text, [opened(cls) for cls in rejected], path=path, read_file=sample_reader(path))
    assert output_of(result, text, {cls.NAME for cls in rejected}) == []
    assert result.new_text == text


# -- (d) benchmarks/check_prefilters.py, the same check for any corpus, keeps working ------------------


def test_check_prefilters_runs_and_loses_nothing_on_a_sample_folder() -> None:
    """The script runs every codemod, gates forced open, on every file (the ``.after.py``
    outputs included) and exits 1 when a gate would lose one."""
    folder = os.path.join(SAMPLES, "gunicorn-config")
    done = subprocess.run(
        [sys.executable, os.path.join(REPO, "benchmarks", "check_prefilters.py"), folder],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    names = {c.NAME for c in CODEMODS}
    rows = {line.split()[0]: line.split()[1:] for line in done.stdout.splitlines() if line.split()[:1] and line.split()[0] in names}
    assert set(rows) == names
    header = ("stage 1", "stages 1-2", "all", "output", "in vain", "LOST")
    assert all(int(row[header.index("LOST")]) == 0 for row in rows.values())
    assert int(rows["gunicorn-config"][header.index("output")]) > 0  # it did run the codemods
