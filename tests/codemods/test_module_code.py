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
from flask_codemod.codemods._plain_codegen import PlainState, code_for_node, plain_state

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


TRICKY = [
    "x = 1",
    "if x:\n    pass",
    "@d\nclass C(B, metaclass=M):\n    def f(self, *a, b=1, **k) -> int:\n        return (yield from g())  # c\n",
    "with (open(a) as f, open(b) as g):\n    x = [i async for i in y if i]\n",
    "\f\nx = f'{a!r:>{w}}' \\\n    + b'y'\r\ny = lambda *, k=1: k\r\n",
    "match p:\n    case [1, *r] | {'k': v, **kw} if v:\n        pass\n    case C(x=1) as c:\n        pass\n",
    "try:\n    pass\nexcept* (A, B) as e:\n    raise X from e\nelse:\n    del a[1:2, ::3]\nfinally:\n    pass\n",
    "def f[T: int](x: T) -> T:\n\tglobal y; nonlocal_ = x @ y; return not -x ** ~y\n",
]


def _every_node(node: cst.CSTNode):
    yield node
    for child in node.children:
        yield from _every_node(child)


@pytest.mark.parametrize("text", TRICKY + [path.read_text(encoding="utf-8") for path in SAMPLES[:20]])
def test_the_plain_state_renders_every_node_as_libcst_does(text):
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError:
        pytest.skip("LibCST cannot parse it")
    for node in _every_node(module):
        try:
            expected = module.code_for_node(node)
        except Exception as error:  # a node LibCST cannot render alone (a parameter's default)
            with pytest.raises(type(error)):
                code_for_node(module, node)
        else:
            assert code_for_node(module, node) == expected


def test_an_exception_raised_while_rendering_goes_through_the_plain_state():
    class Stop(Exception):
        pass

    class StopsAtNames(PlainState):
        def before_codegen(self, node: cst.CSTNode) -> None:
            if isinstance(node, cst.Name) and node.value == "b":
                raise Stop

    module = cst.parse_module("x = (a, b, c)\n")
    state = StopsAtNames(default_indent="    ", default_newline="\n")
    with pytest.raises(Stop):
        module._codegen(state)
    assert "".join(state.tokens) == "x = (a, "
    assert type(plain_state(module)) is PlainState


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
