"""The engine's project gate (``Codemod.applies_to_project``): asked after the tree gate with
the file's Context; a codemod whose gate says no is not run and the file not parsed for it;
a gate that fails counts as yes; what a gate reports is not kept; its reads go through
``ctx.read_file``, so the result cache follows them."""

from __future__ import annotations

import libcst as cst
import pytest

from flask_codemod import cache, engine
from flask_codemod.codemods import Codemod, Option
from flask_codemod.paths import CACHE_DIR_VARIABLE
from flask_codemod.pipeline import Job
from helpers import with_failing_gate


class Rename(Codemod):
    """Test codemod: renames ``old`` to ``new``, in projects whose ``marker.txt`` says ``on``."""

    NAME = "rename-when-marked"
    SUMMARY = "Rename old to new where the project says so."
    TRIGGERS = ("old",)
    OPTIONS = {"marker": Option(str, "marker.txt", "the file that says on")}
    asked: list[str] = []

    def applies_to_project(self, tree, ctx):
        self.asked.append(ctx.path)
        return ctx.read_file(ctx.options["marker"]) == "on"

    def transform(self, module, ctx):
        ctx.rewrote()
        return cst.parse_module(module.code.replace("old", "new"))


BrokenGate = with_failing_gate(Rename, "applies_to_project")


class ReportsInItsGate(Rename):
    NAME = "rename-reporting-gate"

    def applies_to_project(self, tree, ctx):
        ctx.finding(None, "said in a gate", line=1)
        ctx.project_edit("gitignore", "from-a-gate")
        return True


def reader(files: dict[str, str]):
    return files.get


@pytest.fixture
def parses(monkeypatch):
    calls: list[str] = []
    real = cst.parse_module
    monkeypatch.setattr(cst, "parse_module", lambda text: calls.append(text) or real(text))
    Rename.asked = []
    return calls


def test_a_project_gate_that_says_no_means_no_parse(parses):
    text = "old = 1\n"
    result = engine.transform_text(text, [Rename], path="pkg/where.py", read_file=reader({"marker.txt": "off"}))
    assert result.new_text is text and not result.parsed and parses == []
    assert Rename.asked == ["pkg/where.py"]
    alone = engine.transform_text(text, [Rename], path="pkg/where.py")  # no project: nothing to read
    assert alone.new_text is text and not alone.parsed and parses == []


def test_a_project_gate_that_says_yes_runs_the_codemod(parses):
    result = engine.transform_text("old = 1\n", [Rename], path="where.py", read_file=reader({"marker.txt": "on"}))
    assert result.new_text == "new = 1\n" and result.rewrites == {Rename.NAME: 1} and "old = 1\n" in parses


def test_the_gate_sees_the_codemods_options():
    files = reader({"marker.txt": "off", "other.txt": "on"})
    options = {Rename.NAME: {"marker": "other.txt"}}
    assert engine.transform_text("old = 1\n", [Rename], options=options, read_file=files).new_text == "new = 1\n"


def test_the_project_gate_is_asked_only_after_the_other_gates(parses):
    engine.transform_text("x = 1\n", [Rename], read_file=reader({"marker.txt": "on"}))
    assert Rename.asked == [] and parses == []


def test_a_project_gate_that_fails_lets_the_codemod_run():
    result = engine.transform_text("old = 1\n", [BrokenGate], read_file=reader({}))
    assert result.new_text == "new = 1\n" and result.error is None and result.codemod_errors == []


def test_what_a_project_gate_reports_is_not_kept():
    result = engine.transform_text("old = 1\n", [ReportsInItsGate], read_file=reader({}))
    assert result.new_text == "new = 1\n" and result.findings == [] and result.project_edits == []


def test_only_the_codemods_whose_gate_says_no_are_left_out(parses):
    result = engine.transform_text("old = 1\n", [Rename, BrokenGate], read_file=reader({"marker.txt": "off"}))
    assert result.new_text == "new = 1\n" and result.rewrites == {BrokenGate.NAME: 1}


def test_the_result_cache_follows_what_the_gate_read(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "user-cache"))
    monkeypatch.delenv(cache.ENV_DISABLE, raising=False)
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    target = project / "where.py"
    target.write_text("old = 1\n")

    def process():
        return cache.process_job(Job(str(target), (Rename.NAME,)), [Rename()])

    assert process().new_text == "old = 1\n"
    Rename.asked = []
    assert process().new_text == "old = 1\n" and Rename.asked == []  # a hit: the gate not even asked
    (project / "marker.txt").write_text("on")
    result = process()
    assert result.parsed and result.new_text == "new = 1\n"
