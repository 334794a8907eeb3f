"""codemods/_node_edits.py: the one way every codemod's planned edits are made."""

from __future__ import annotations

import libcst as cst
import pytest

from libcst.metadata import ParentNodeProvider

from flask_codemod.codemods import _metadata
from flask_codemod.codemods._node_edits import NodeEdits
from flask_codemod.codemods._node_edits import apply_edits as _apply_edits
from helpers import all_nodes


def apply_edits(module: cst.Module, edits: NodeEdits) -> cst.Module:
    """The edits made over the nodes above the edited ones (the wrapper knows the parents),
    checked against the whole pass (a wrapper that does not)."""
    whole = _apply_edits(_metadata.new_wrapper(module, unique=True), edits)
    targeted_wrapper = _metadata.new_wrapper(module, unique=True)
    _metadata.resolve(targeted_wrapper, [ParentNodeProvider])
    targeted = _apply_edits(targeted_wrapper, edits)
    assert targeted.code == whole.code
    return targeted


def _nodes(module: cst.Module, kind: type, test=lambda node: True) -> list:
    return [node for node in all_nodes(module) if isinstance(node, kind) and test(node)]


def _removed(source: str, kind: type, test) -> str:
    module = cst.parse_module(source)
    edits = NodeEdits()
    for node in _nodes(module, kind, test):
        edits.remove(node)
    return apply_edits(module, edits).code


@pytest.mark.parametrize(
    "source, expected",
    [
        # one line
        ("from flask import Flask, _x\n", "from flask import Flask\n"),
        # a trailing comma and the closing parenthesis on its own line stay
        ("from flask import (\n    Flask,\n    _x,\n)\n", "from flask import (\n    Flask,\n)\n"),
        ("from flask import (\n    Flask,\n    _x\n)\n", "from flask import (\n    Flask\n)\n"),
        # the name that becomes the last keeps its comment, the parenthesis its line
        ("from flask import (\n    Flask,  # the app\n    _x\n)\n", "from flask import (\n    Flask,  # the app\n)\n"),
        ("from flask import (\n    Flask,  # the app\n    _x,  # old\n)\n", "from flask import (\n    Flask,  # the app\n)\n"),
    ],
    ids=["one-line", "trailing-comma", "no-trailing-comma", "comment", "both-comments"],
)
def test_an_import_name_removed(source: str, expected: str) -> None:
    assert _removed(source, cst.ImportAlias, lambda a: a.name.value == "_x") == expected


@pytest.mark.parametrize(
    "source, expected",
    [
        ("f(a, b=1)\n", "f(a)\n"),
        ("f(\n    a,\n    b=1,\n)\n", "f(\n    a,\n)\n"),
        ("f(\n    a,\n    b=1\n)\n", "f(\n    a\n)\n"),
        ("f(\n    a,  # the first\n    b=1\n)\n", "f(\n    a,  # the first\n)\n"),
        ("f(a, b=1, c=2)\n", "f(a, c=2)\n"),
    ],
    ids=["one-line", "trailing-comma", "no-trailing-comma", "comment", "middle"],
)
def test_a_call_argument_removed(source: str, expected: str) -> None:
    assert _removed(source, cst.Arg, lambda a: a.keyword is not None and a.keyword.value == "b") == expected


def test_a_dict_element_removed() -> None:
    assert _removed("d = {'a': 1, 'b': 2}\n", cst.DictElement, lambda e: e.key.value == "'b'") == "d = {'a': 1}\n"
    multi = "d = {\n    'a': 1,  # one\n    'b': 2\n}\n"
    assert _removed(multi, cst.DictElement, lambda e: e.key.value == "'b'") == "d = {\n    'a': 1,  # one\n}\n"


def test_rebuild_sees_the_edits_inside_the_node() -> None:
    module = cst.parse_module("x = old(1)\n")
    call = _nodes(module, cst.Call)[0]
    edits = NodeEdits()
    edits.rebuild(call, lambda node: cst.BooleanOperation(left=node, operator=cst.Or(), right=cst.Integer("0")))
    edits.replace_node(call.args[0].value, cst.Integer("2"))
    assert apply_edits(module, edits).code == "x = old(2) or 0\n"


def test_a_statement_replaced_in_place_keeps_its_comments() -> None:
    module = cst.parse_module("def f():\n    # why\n    x = old()  # keep\n    return x\n")
    line = _nodes(module, cst.SimpleStatementLine)[0]
    edits = NodeEdits()
    edits.replace_statement(line, [cst.parse_statement("y = 3\n"), cst.parse_statement("x = y\n")])
    assert apply_edits(module, edits).code == "def f():\n    # why\n    y = 3  # keep\n    x = y\n    return x\n"


def test_a_statement_replaced_by_nothing_leaves_its_comments_to_what_follows() -> None:
    source = "import os\n\n# about legacy\nimport legacy\n\n\ndef f():\n    # legacy again\n    import legacy\n"
    module = cst.parse_module(source)
    lines = _nodes(module, cst.SimpleStatementLine, lambda line: "legacy" in module.code_for_node(line))
    edits = NodeEdits()
    for line in lines:
        edits.replace_statement(line, [])
    # at module level the comment goes above the next statement; at the end of a block, it
    # ends the block (which gets ``pass``)
    assert apply_edits(module, edits).code == "import os\n\n# about legacy\n\n\ndef f():\n    pass\n    # legacy again\n"


def test_what_opens_a_block_after_a_dropped_statement_starts_at_its_comments() -> None:
    module = cst.parse_module("def f():\n    import legacy\n\n    return 1\n")
    edits = NodeEdits()
    edits.replace_statement(_nodes(module, cst.SimpleStatementLine)[0], [])
    assert apply_edits(module, edits).code == "def f():\n    return 1\n"


@pytest.mark.parametrize(
    "source, expected",
    [
        # the import that opened the module goes: the new one opens it, without a blank line above
        ("from flask import _x\n\ndef f():\n    pass\n", "from flask import g\n\ndef f():\n    pass\n"),
        # a header comment stays above the new import
        ("# the app\n\nimport legacy\n\nx = 1\n", "# the app\n\nfrom flask import g\n\nx = 1\n"),
    ],
    ids=["first-line", "header-comment"],
)
def test_an_import_added_where_the_only_one_went(source: str, expected: str) -> None:
    module = cst.parse_module(source)
    edits = NodeEdits()
    edits.remove(_nodes(module, cst.SimpleStatementLine)[0])
    edits.add_import("flask", "g")
    assert apply_edits(module, edits).code == expected
