"""Positions of codemods/_positions.py, computed per statement once the tree's parents are
known, are LibCST's PositionProvider's, on real code and on rewritten trees."""

from __future__ import annotations

import os

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

from flask_codemod.codemods import _metadata
from flask_codemod.codemods._module_code import ModuleCode
from flask_codemod.codemods._positions import Positions, known_code, rendered_code
from helpers import all_nodes, real_code

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SOURCES = real_code(
    "*/*.before.py", every=5, legacy_app=True,
    modules=("codemods/_open_with_lifetime.py", "codemods/cache_views.py", "tool/engine.py"),
) + [os.path.join(os.path.dirname(cst.__file__), "metadata", "scope_provider.py")]

LINE_BREAKS = (
    "x = 1\r\ny = (2,\r\n     3)\r\n",
    "if x:\r    pass\r\n\r\n  # c\r\n",
    "x = 1\r\n\x0cdef f():\r\n    return \"\"\"a\r\rb\n\"\"\"\r\n",
    "def f(\r\n  a,\r  b):\r\n    pass\r",
    "class A:\n\tdef f(self):\n\t\tif x:\n\t\t\treturn (1,\n  2)\n\t\telse:\n\t\t\tpass\n# end\n",
    "@d\n# c\n@e(\n  1)\nasync def f():\n    try:\n        pass\n    except E:\n        x = '''\n'''; y = 2\n    finally:\n        z = 3\n",
    "x = 1\n\n   \n",
    "x = 1",
)


def _text(source: str) -> str:
    if os.path.exists(source):
        with open(source, encoding="utf-8") as handle:
            return handle.read()
    return source


class _Rewrite(cst.CSTTransformer):
    """Changes what LibCST renders around statements: a statement whose rendering has a new
    line count before others, a block with another indentation, "\\r" newlines."""

    def leave_IndentedBlock(self, original: cst.IndentedBlock, updated: cst.IndentedBlock) -> cst.IndentedBlock:
        added = cst.SimpleStatementLine(
            [cst.Expr(cst.SimpleString('"""two\nlines"""'))],
            # "\r" ending the block's first line, then an empty token and "\n": two line breaks for LibCST
            leading_lines=[cst.EmptyLine(indent=False, newline=cst.Newline("\n")), cst.EmptyLine(comment=cst.Comment("# new"))],
        )
        header = updated.header.with_changes(newline=cst.Newline("\r"))
        return updated.with_changes(header=header, body=[added, *updated.body], indent="  \t")

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        added = cst.SimpleStatementLine([cst.Pass()], trailing_whitespace=cst.TrailingWhitespace(newline=cst.Newline("\r")))
        middle = len(updated.body) // 2
        return updated.with_changes(body=[added, *updated.body[:middle], added.deep_clone(), *updated.body[middle:]])


def _theirs_and_ours(module: cst.Module, unique: bool, renderings: ModuleCode | None = None) -> tuple[dict, Positions, MetadataWrapper]:
    ours = _metadata.new_wrapper(module, unique=unique, renderings=renderings)
    _metadata.resolve(ours, (ParentNodeProvider,))
    theirs = MetadataWrapper(ours.module, unsafe_skip_copy=True).resolve(PositionProvider)
    positions = ours.resolve(PositionProvider)
    assert isinstance(positions, Positions)
    return theirs, positions, ours


@pytest.mark.parametrize("source", [*SOURCES, *LINE_BREAKS], ids=lambda s: os.path.relpath(s, ROOT) if os.path.exists(s) else repr(s))
@pytest.mark.parametrize("rewritten", [False, True], ids=["parsed", "rewritten"])
def test_positions_per_statement_are_libcsts(source, rewritten):
    module = cst.parse_module(_text(source))
    renderings = ModuleCode()  # a transform's: the renderings of the parsed tree serve the rewritten one
    if rewritten:
        parsed = module
        module = module.visit(_Rewrite())
        _, positions, _ = _theirs_and_ours(parsed, unique=True, renderings=renderings)
        assert positions.code() == parsed.code
    theirs, ours, wrapper = _theirs_and_ours(module, unique=not rewritten, renderings=renderings)
    nodes = all_nodes(wrapper.module)
    # innermost nodes first: every statement of a body is rendered on its own, inside out
    for node in reversed(nodes):
        assert ours[node] == theirs[node], type(node).__name__
    assert ours._whole is not None  # (the module itself is the whole rendering)
    theirs, ours, wrapper = _theirs_and_ours(module, unique=not rewritten)  # (renderings of its own)
    for node in nodes[1:]:  # outermost first: top-level statements rendered whole, in order
        assert ours[node] == theirs[node], type(node).__name__
    # (a line of the module's header or footer is looked up in the whole rendering)
    assert (ours._whole is None) == (not wrapper.module.header and not wrapper.module.footer)
    assert known_code(wrapper) in (None, wrapper.module.code)


@pytest.mark.parametrize("source", [*SOURCES[::4], *LINE_BREAKS])
def test_one_lookup_renders_only_what_it_needs_and_is_libcsts(source):
    module = cst.parse_module(_text(source))
    statements = [node for node in all_nodes(module) if isinstance(node, cst.BaseSmallStatement)]
    for node in statements[:: max(1, len(statements) // 7)]:
        theirs, ours, wrapper = _theirs_and_ours(module, unique=True)
        assert ours[node] == theirs[node]
        assert node in ours and ours._whole is None
        assert rendered_code(wrapper) == module.code  # pieces rendered for the lines, then the rest


def test_a_node_of_another_tree_has_no_position():
    module = cst.parse_module("x = 1\nif x:\n    y = 2\n")
    other = cst.parse_module("if x:\n    y = 2\n")
    theirs, ours, _ = _theirs_and_ours(module, unique=True)
    inner = other.body[0].body.body[0]
    assert inner not in ours and ours.get(inner) is None
    assert ours[module.body[1].body.body[0]] == theirs[module.body[1].body.body[0]]
    with pytest.raises(KeyError):
        ours[inner]


def test_without_parents_the_whole_tree_is_rendered_once():
    module = cst.parse_module("x = 1\nif x:\n    y = 2\n")
    positions = _metadata.new_wrapper(module, unique=True).resolve(PositionProvider)
    assert not positions.rendered
    assert positions[module.body[1].body.body[0]].start.line == 3
    assert positions._whole is not None and positions.rendered
