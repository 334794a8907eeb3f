"""benchmarks/profile_phases.py: besides its phases, what LibCST parsed of the files the engine
transformed (a file parsed more than once is named with who asked each parse), and the
transforms that had a file parsed and then gave nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from types import SimpleNamespace

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "benchmarks", "profile_phases.py")


def test_a_run_counts_each_files_parses_and_the_transforms_that_gave_nothing(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "demo"\nrequires-python = ">=3.10"\n')
    package = tmp_path / "demo"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "files.py").write_text(  # open-with rewrites it
        "def load(path):\n    handle = open(path)\n    data = handle.read()\n    handle.close()\n    return data\n"
    )
    (package / "spool.py").write_text(  # open-with's gates let it through; its handle outlives the call
        'class Spool:\n    def __init__(self, path):\n        self.file = open(path, "w+b")\n\n'
        "    def close(self):\n        self.file.close()\n"
    )
    (package / "plain.py").write_text("VALUE = 1\n")  # no codemod wants it: not parsed
    diff = tmp_path / "run.diff"
    done = subprocess.run([sys.executable, SCRIPT, str(tmp_path), "--diff", str(diff)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "LibCST parses of the files transformed: 2 files, 2 parses; parsed more than once: 0" in lines, done.stdout
    summary = next(i for i, line in enumerate(lines) if line.startswith("transforms that parsed the file: "))
    assert lines[summary].startswith("transforms that parsed the file: 2; with no change, finding or project edit: 1, ")
    assert lines[summary + 1].endswith("demo/spool.py")
    assert "with open(path) as handle:" in diff.read_text()
    assert any(line.startswith("analysis of trees an earlier codemod rewrote: ") for line in lines), done.stdout


def test_a_tree_an_earlier_codemod_rewrote_is_told_apart(monkeypatch):
    monkeypatch.syspath_prepend(os.path.join(ROOT, "benchmarks"))
    import profile_phases

    monkeypatch.setattr(profile_phases, "_stack", [])
    monkeypatch.setattr(profile_phases, "_own", profile_phases.defaultdict(float))
    own, rewritten = object(), object()  # (the file's own parse, a tree a codemod returned)
    ctx = SimpleNamespace(_trusted_module_id=id(own))
    seen = []

    def run(codemod, module, _ctx):
        profile_phases._enter(f"codemod {codemod}")
        profile_phases._enter(f"scope analysis (in {profile_phases._where()})")
        seen.append(profile_phases._where())
        profile_phases._leave()
        profile_phases._leave()
        return module, None

    noted = profile_phases._noting_rewritten(run)
    noted("open-with", own, ctx)
    noted("teardown", rewritten, ctx)
    assert seen == ["codemod open-with", "codemod teardown [rewritten]"]
    assert set(profile_phases._own) >= {"scope analysis (in codemod open-with)", "scope analysis (in codemod teardown [rewritten])"}
    assert profile_phases.rewritten_summary().startswith("analysis of trees an earlier codemod rewrote: ")
    assert "scope analysis" in profile_phases.rewritten_summary()


@pytest.fixture
def counters(monkeypatch):
    """profile_phases with its counts empty, and a LibCST parse it counts (a stand-in)."""
    monkeypatch.syspath_prepend(os.path.join(ROOT, "benchmarks"))
    import profile_phases

    monkeypatch.setattr(profile_phases, "_parses", profile_phases.defaultdict(list))
    monkeypatch.setattr(profile_phases, "_files", {})
    monkeypatch.setattr(profile_phases, "_parsed_for_nothing", [])
    monkeypatch.setattr(profile_phases, "_parsed_transforms", [0])
    monkeypatch.setattr(profile_phases, "_transformed_parsed", set())
    parse = profile_phases._counted_parse(lambda text: ("tree of", text))
    return profile_phases, parse


def test_a_text_parsed_twice_is_named_with_who_asked(counters):
    profile_phases, parse = counters
    text = "import flask\n"

    def transform(text, codemods, path):
        parse(text)
        return SimpleNamespace(parsed=True, new_text=text, findings=[], project_edits=[])

    profile_phases._enter("codemod cache-views")
    parse(text)  # a codemod reads the module before the engine transforms it
    profile_phases._leave()
    profile_phases._noting_transforms(transform)(text, [], "app/views.py")
    parse("x = 1\n")  # a text no transform was given: not one of the files
    summary = profile_phases.parse_summary()
    assert summary[0] == "LibCST parses of the files transformed: 1 files, 2 parses; parsed more than once: 1"
    assert summary[1] == "  app/views.py (13 characters): codemod cache-views, engine"
    assert summary[2].endswith("(no codemod's gates let the engine transform them): 0")
    assert summary[3].startswith("transforms that parsed the file: 1; with no change, finding or project edit: 1, ")
    assert summary[4].endswith("app/views.py")


def test_a_file_only_a_codemod_parsed_is_named_apart(counters):
    profile_phases, parse = counters
    text = "from flask import Blueprint\n"
    profile_phases._enter("codemod cache-views")
    parse(text)
    profile_phases._leave()
    unparsed = SimpleNamespace(parsed=False, new_text=text, findings=[], project_edits=[])
    profile_phases._noting_transforms(lambda *args: unparsed)(text, [], "app/helpers.py")
    borrowed = "from flask import Flask\n"  # a codemod parsed it, the engine transformed that tree
    parse(borrowed)
    parsed = SimpleNamespace(parsed=True, new_text=borrowed + "# changed\n", findings=[], project_edits=[])
    profile_phases._noting_transforms(lambda *args: parsed)(borrowed, [], "app/__init__.py")
    summary = profile_phases.parse_summary()
    assert summary[0] == "LibCST parses of the files transformed: 2 files, 2 parses; parsed more than once: 0"
    assert summary[1].endswith("(no codemod's gates let the engine transform them): 1")
    assert summary[2] == "  app/helpers.py: codemod cache-views"
    assert summary[3].startswith("transforms that parsed the file: 1; with no change, finding or project edit: 0, ")
