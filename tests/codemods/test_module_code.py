"""ModuleCode: LibCST's ``module.code`` of several trees sharing top-level statements, each
statement rendered once (codemods/_module_code.py), and the engine's and gates' use of it."""

from __future__ import annotations

import ast
import pathlib

import libcst as cst
import pytest

from flask_codemod import engine
from flask_codemod.codemods._base import Codemod, Context
from flask_codemod.codemods._module_code import ModuleCode

SAMPLES = sorted(pathlib.Path(__file__).resolve().parents[2].joinpath("samples").rglob("*.py"))[:60]

SOURCE = "# header\n\nimport os\n\n\ndef f():\n    if os:\n        return 1\n\n\nx = 2\n# footer\n"


def _renamed(module: cst.Module, old: str, new: str) -> cst.Module:
    class Rename(cst.CSTTransformer):
        def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
            return updated.with_changes(value=new) if updated.value == old else updated

    return module.visit(Rename())


def test_trees_sharing_statements_render_as_libcst_renders_them():
    codes = ModuleCode()
    module = cst.parse_module(SOURCE)
    assert codes.code(module) == module.code == SOURCE
    changed = module.with_changes(body=[module.body[0], module.body[1].with_changes(name=cst.Name("g")), module.body[2]])
    assert codes.code(changed) == changed.code
    assert "def g():" in codes.code(changed)
    reordered = changed.with_changes(body=[changed.body[2], changed.body[0], changed.body[1]])
    assert codes.code(reordered) == reordered.code
    assert codes.code(module) == SOURCE  # the first tree again, after the others


def test_a_statement_changed_deep_inside_is_rendered_again():
    codes = ModuleCode()
    module = cst.parse_module(SOURCE)
    codes.code(module)
    changed = _renamed(module, "os", "sys")
    assert codes.code(changed) == changed.code
    assert "if sys:" in codes.code(changed)


def test_the_same_statements_in_another_indentation_or_newline_are_rendered_again():
    codes = ModuleCode()
    module = cst.parse_module(SOURCE)
    codes.code(module)
    for style in ({"default_indent": "\t"}, {"default_newline": "\r\n"}):
        other = module.with_changes(**style)
        assert codes.code(other) == other.code != SOURCE


@pytest.mark.parametrize("text", ["x = 1", "# only a comment", "", "\n", "if x:\n    pass"])
def test_what_the_module_itself_renders_at_the_end(text):
    """No trailing newline: LibCST drops the last token; nothing rendered: a lone newline."""
    module = cst.parse_module(text)
    assert ModuleCode().code(module) == module.code
    empty = cst.Module(body=[])
    assert ModuleCode().code(empty) == empty.code == "\n"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: "/".join(path.parts[-2:]))
def test_samples_and_their_changed_trees(path):
    text = path.read_text(encoding="utf-8")
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError:
        pytest.skip("LibCST cannot parse it")
    codes = ModuleCode()
    assert codes.code(module) == module.code
    for old, new in (("app", "application"), ("self", "this")):
        changed = _renamed(module, old, new)
        assert codes.code(changed) == changed.code
    assert codes.code(module) == module.code


class _RenameX(Codemod):
    NAME = "rename-x"
    TRIGGERS = ("x",)

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        return _renamed(module, "x", "renamed")


class _ReadsTheTree(Codemod):
    """Records the stdlib AST the context gives for the tree it gets."""

    NAME = "reads-the-tree"
    TRIGGERS = ("x",)
    seen: list = []

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        self.seen.append(ast.dump(ctx.python_tree(module)))
        return module


def test_the_tree_a_later_codemod_reads_and_the_final_text_are_the_changed_tree():
    _ReadsTheTree.seen = []
    result = engine.transform_text(SOURCE, [_ReadsTheTree(), _RenameX(), _ReadsTheTree()])
    expected = SOURCE.replace("x = 2", "renamed = 2")
    assert result.new_text == expected, result.error
    assert _ReadsTheTree.seen == [ast.dump(ast.parse(SOURCE)), ast.dump(ast.parse(expected))]
