"""The engine: prefilter, parse once, safety net, never raises (decoding and writes: test_engine_io.py)."""

from __future__ import annotations

import ast

import libcst as cst
import pytest

from flask_codemod import byte_repair, compile_gate, engine, pipeline, pool
from flask_codemod.results import FileResult
from flask_codemod.codemods import Codemod
from flask_codemod.codemods._parsed_modules import forget as forget_kept_trees
from helpers import Rename, with_failing_gate


class Breaks(Codemod):
    """Test codemod whose output is not valid Python."""

    NAME = "breaks"
    SUMMARY = "Produce broken code."

    def transform(self, module, ctx):
        class T(cst.CSTTransformer):
            def leave_Name(self, original, updated):
                return updated.with_changes(value="return") if updated.value == "x" else updated

        return module.visit(T())


class CountsParses(Codemod):
    NAME = "counts"
    SUMMARY = "Never applies."
    TRIGGERS = ("never-in-any-file",)


def test_prefilter_means_no_parse(monkeypatch):
    calls = []
    real = cst.parse_module
    monkeypatch.setattr(cst, "parse_module", lambda text: calls.append(text) or real(text))
    result = engine.transform_text("x = 1\n", [CountsParses])
    assert result.new_text == "x = 1\n" and not result.parsed and calls == []


class RenameAtModuleLevelOnly(Rename):
    """Rename, with a second prefilter: only when ``old`` is assigned at module level."""

    NAME = "rename-module-level"

    def applies_to_tree(self, tree, path):
        assert path == "where.py"
        return any(isinstance(s, ast.Assign) and ast.unparse(s.targets[0]) == "old" for s in tree.body)


BrokenTreeGate = with_failing_gate(Rename, "applies_to_tree")


class RenameInModelsOnly(Rename):
    NAME = "rename-in-models"

    def applies_to_file(self, source, path):
        return path.endswith("models.py") and self.applies_to(source)


def test_the_text_prefilter_gets_the_path():
    assert engine.transform_text("old = 1\n", [RenameInModelsOnly], path="pkg/views.py").parsed is False
    assert engine.transform_text("old = 1\n", [RenameInModelsOnly], path="pkg/models.py").new_text == "new = 1\n"


def test_tree_prefilter_means_no_libcst_parse(monkeypatch):
    forget_kept_trees()  # (not the parse an earlier test's transform of the same text kept for the next asker)
    calls = []
    real = cst.parse_module
    monkeypatch.setattr(cst, "parse_module", lambda text: calls.append(text) or real(text))
    text = "def f():\n    old = 1\n"
    result = engine.transform_text(text, [RenameAtModuleLevelOnly], path="where.py")
    assert result.new_text is text and not result.parsed and calls == []
    result = engine.transform_text("old = 1\n", [RenameAtModuleLevelOnly], path="where.py")
    assert result.new_text == "new = 1\n" and result.parsed and calls[0] == "old = 1\n"


def test_passing_gates_asks_what_a_transform_asks_and_parses_nothing(monkeypatch):
    calls = []
    real = cst.parse_module
    monkeypatch.setattr(cst, "parse_module", lambda text: calls.append(text) or real(text))
    codemods = [RenameAtModuleLevelOnly, Rename]
    seconds: dict[str, float] = {}
    assert engine.passing_gates("old = 1\n", codemods, path="where.py", seconds=seconds) == ["rename-module-level", "rename"]
    assert engine.passing_gates("def f():\n    old = 1\n", codemods, path="where.py", seconds=seconds) == ["rename"]
    assert engine.passing_gates("x = 1\n", codemods, path="where.py", seconds=seconds) == []  # no text gate: not compiled
    assert engine.passing_gates("old = (\n", codemods, path="where.py") == engine.transform_text("old = (\n", codemods, path="where.py").error
    assert calls == [] and seconds["compiled"] == 2 and set(seconds) == {"text", "compile", "tree and project", "compiled"}


def test_a_tree_prefilter_that_fails_lets_the_codemod_run():
    result = engine.transform_text("old = 1\n", [BrokenTreeGate])
    assert result.new_text == "new = 1\n" and result.error is None and result.codemod_errors == []


class SaysTarget(Codemod):
    """Test codemod: appends a comment naming ``ctx.target_version``."""

    NAME = "says-target"
    SUMMARY = "Name the target version."
    LOCAL_REWRITES = True

    def transform(self, module, ctx):
        ctx.rewrote()
        return module.with_changes(footer=[*module.footer, cst.EmptyLine(comment=cst.Comment(f"# {ctx.target_version}"))])


@pytest.mark.parametrize("target", [None, (2, 0), (3, 1)])
def test_the_target_version_reaches_the_context(tmp_path, target):
    """From the engine, the suppression layer (with a skip comment in the file) and the
    per-file pipeline: the codemods see the target version asked for."""
    assert engine.transform_text("x = 1\n", [SaysTarget], target_version=target).new_text == f"x = 1\n# {target}\n"
    marked = "x = 1  # flask-codemod: skip=other\ny = 2\n"
    (path := tmp_path / "marked.py").write_text(marked)
    result = pipeline.process_file(str(path), [SaysTarget], target_version=target)
    assert result.new_text == f"{marked}# {target}\n" and result.target_version == target


def test_rewrite_and_count():
    result = engine.transform_text("old = 1\nprint(old)\n", [Rename])
    assert result.new_text == "new = 1\nprint(new)\n"
    assert result.rewrites == {"rename": 1}


def test_safety_net_drops_invalid_output():
    result = engine.transform_text("x = 1\n", [Breaks])
    assert result.new_text == "x = 1\n"
    assert "does not parse" in result.error or "does not compile" in result.error


def test_syntax_error_is_reported_with_line():
    result = engine.transform_text("a = 1\nprint 'python 2'\n", [Breaks])
    assert result.error.startswith("2:") and "syntax error" in result.error


def test_nul_bytes_do_not_crash():
    result = engine.transform_text("x = 1\x00\n", [Breaks])
    assert result.error is not None


def test_deep_nesting_does_not_crash():
    deep = "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n"
    result = engine.transform_text(deep, [Rename, Breaks])
    assert result.error is not None and result.new_text == deep


def test_codemod_crash_is_an_error_not_an_exception():
    class Crash(Codemod):
        NAME = "crash"
        SUMMARY = "Crash."

        def transform(self, module, ctx):
            raise KeyError("nope")

    result = engine.transform_text("x = 1\n", [Crash])
    (problem,) = result.codemod_errors
    assert problem.startswith("internal error in crash: KeyError") and problem.endswith("its change to this file dropped")
    assert result.new_text == "x = 1\n"


def test_process_file_never_raises(tmp_path):
    missing = pipeline.process_file(str(tmp_path / "gone.py"), [Rename])
    assert missing.error == "no such file"
    (tmp_path / "d.py").mkdir()
    assert pipeline.process_file(str(tmp_path / "d.py"), [Rename]).error == "is a directory"


def test_run_in_a_pool_keeps_order(tmp_path):
    paths = []
    for i in range(12):
        path = tmp_path / f"m{i}.py"
        path.write_text(f"old = {i}\n")
        paths.append(str(path))
    results = list(pool.process_files(paths, ["open-with"], workers=2))
    assert [r.path for r in results] == paths
    assert all(r.error is None for r in results)


# -- the engine never raises and never loses a byte -------------------------------------------


def test_nothing_to_do_returns_the_very_same_string():
    class Identity(Codemod):
        NAME = "identity"
        SUMMARY = "Parses, changes nothing."

        def transform(self, module, ctx):
            return module

    text = "\x0cx = 1\r"  # whitespace LibCST would not even reproduce
    result = engine.transform_text(text, [Identity])
    assert result.new_text is text and result.error is None and result.parsed


def test_whitespace_libcst_drops_is_put_back():
    for text in ("\x0cold = 1\n", "old = 1\rold\r", "\x0c\x0c\r\nold = 1\r"):
        result = engine.transform_text(text, [Rename])
        assert result.error is None
        assert result.new_text == text.replace("old", "new")


@pytest.mark.parametrize(
    "text",
    [
        "old = 1\n\n    # an indented comment at the end\n",  # LibCST drops the blank line
        "old = 1\n\n \n",  # ... before a whitespace-only last line
        "# c\nold = 1\n  # odd comment\n\x0c\n\x0c",  # ... and even the comment line
        "x = 1\n\n\x0cold = 2\n",  # a form feed before a statement a codemod rewrites
        "\x0cold = 1\n\n \r\n",  # several of those at once
        "old = 1\rx = 2\r\r \r",
    ],
)
def test_what_libcst_loses_is_put_back(text):
    import libcst

    assert libcst.parse_module(text).code != text  # LibCST alone would lose bytes here
    result = engine.transform_text(text, [Rename])
    assert result.error is None
    assert result.new_text == text.replace("old", "new")


def test_a_loss_that_cannot_be_placed_refuses_the_file(monkeypatch):
    """When the lost bytes sit where a codemod rewrote, the file is refused, not damaged."""
    monkeypatch.setattr(byte_repair, "_merge_lost_whitespace", lambda text, base, new: None)
    text = "old = 1\n\n \n"
    result = engine.transform_text(text, [Rename])
    assert result.error == "LibCST cannot reproduce this file byte for byte; file left unchanged"
    assert result.new_text == text


def test_frame_accepts_only_dropped_whitespace():
    assert byte_repair.frame("x\n", "x\n") == ("", "")
    assert byte_repair.frame("\x0cx\n\r", "x\n") == ("\x0c", "\r")
    assert byte_repair.frame("y = 1\n", "x = 1\n") is None
    assert byte_repair.frame("# c\nx\n", "x\n") is None


def test_a_prefilter_that_raises_is_an_error():
    class BadFilter(Codemod):
        NAME = "bad-filter"
        SUMMARY = "Raises in applies_to."

        def applies_to(self, source):
            raise ValueError("boom")

    result = engine.transform_text("x = 1\n", [BadFilter])
    assert result.error.startswith("internal error in bad-filter.applies_to: ValueError: boom")


def test_a_transform_returning_no_module_is_an_error():
    class ReturnsNone(Codemod):
        NAME = "returns-none"
        SUMMARY = "Forgets to return."

        def transform(self, module, ctx):
            return None

    result = engine.transform_text("x = 1\n", [ReturnsNone])
    (problem,) = result.codemod_errors
    assert "returned NoneType, not a module" in problem and result.new_text == "x = 1\n"


def test_syntax_error_without_a_position():
    assert compile_gate.python_rejects("x = 1\x00\n", "a.py") in (
        "syntax error: source code string cannot contain null bytes",
        "cannot parse: source code string cannot contain null bytes",
    )


def test_the_gate_judges_nesting_with_the_default_recursion_limit():
    import sys

    deep = "x = " + " + ".join(["1"] * 4000) + "\n"
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(60_000)
    try:
        assert compile_gate.python_rejects(deep, "a.py") == "cannot parse: nesting too deep"
        assert sys.getrecursionlimit() == 60_000
    finally:
        sys.setrecursionlimit(previous)


def test_run_rejects_unknown_codemods_before_starting_workers(tmp_path):
    from flask_codemod.codemods import UsageError

    with pytest.raises(UsageError):
        list(pool.process_files([str(tmp_path / "a.py"), str(tmp_path / "b.py")], ["no-such-codemod"], workers=2))


def test_run_with_nothing_to_do():
    assert list(pool.process_files([], ["open-with"], workers=4)) == []


def test_error_line_is_one_line_and_positions_follow_the_path():
    assert FileResult("a.py", error="2:5: syntax error: x").error_line() == "a.py:2:5: syntax error: x"
    assert FileResult("a\nb.py", error="no such file").error_line() == "a\\x0ab.py: no such file"


def test_process_file_refuses_a_change_the_encoding_cannot_hold(tmp_path):
    """A codemod inserting a character the file's encoding cannot hold: an error, nothing to
    write, no rewrite counted and no project edit asked for."""

    class Snowman(Codemod):
        NAME = "snowman"
        SUMMARY = "Adds a snowman."

        def transform(self, module, ctx):
            ctx.rewrote()
            return module.with_changes(body=[*module.body, cst.parse_statement("s = '\u2603'\n")])

    path = tmp_path / "a.py"
    path.write_bytes(b"# coding: latin-1\nx = '\xe9'\n")
    result = pipeline.process_file(str(path), [Snowman])
    assert result.error.startswith("the new text cannot be encoded as iso-8859-1")
    assert not result.changed and result.rewrites == ()
    assert result.project_edits == ()
