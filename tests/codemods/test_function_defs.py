"""codemods/_function_defs.py: the statement walk meets what a LibCST visitor meets, in its
order; function names' positions read off the stdlib AST are LibCST's own, or None."""

from __future__ import annotations

import ast
import glob
import os

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from flask_codemod.codemods import _flask, _metadata
from flask_codemod.codemods._flask import FLASK_METADATA, FlaskIndex
from flask_codemod.codemods._function_defs import FunctionNamePositions, ast_function_defs, cst_function_defs, cst_small_statements, cst_statements
from flask_codemod.codemods._positions import Positions, known_code
from helpers import real_code

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SOURCES = real_code(legacy_app=True, modules=("codemods/_flask.py", "codemods/_reading.py", "codemods/cache_views.py"))

SHAPES = '''\
import flask
app = flask.Flask(__name__)
if app:
    def in_if(): x = 1
elif app.debug:
    async   def in_elif():
        y = 2
else:
    class InElse:
        def method(self):
            def inner(): pass
            bp = flask.Blueprint("b", __name__)
try:
    def in_try(): pass
except ValueError:
    def in_except(): pass
else:
    def in_try_else(): pass
finally:
    def in_finally(): pass
for item in ():
    def in_for(): pass
else:
    def in_for_else(): pass
while False:
    def in_while(): pass
with open("f") as f:
    def in_with(): pass
match app:
    case 1:
        def in_case(): pass
        s = 'é'; t = "def not_one(): pass"
@app.route("/é")
@app.get(
    "/x"
)
def\tdecorated(): return "é"
class Top:
    async def coro(self): pass
if True: z = flask.Flask(__name__); w = 2
'''
TABS_AND_FORM_FEEDS = "class T:\n\tdef m(self):\n\t\tdef n(): pass\n\x0cdef after_form_feed(): pass\nif 1:\n \x0c  def g(): pass\n"


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


class _Met(cst.CSTVisitor):
    """What FlaskIndex's collector meets: function definitions and statement lines, with the
    innermost function around them."""

    def __init__(self) -> None:
        self.functions: list[cst.FunctionDef] = []
        self.met: list[tuple[cst.CSTNode, cst.FunctionDef | None]] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.met.append((node, self.functions[-1] if self.functions else None))
        self.functions.append(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.functions.pop()

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self.met.append((node, self.functions[-1] if self.functions else None))


def _texts() -> list[tuple[str, str]]:
    return [("shapes", SHAPES), ("tabs", TABS_AND_FORM_FEEDS)] + [(os.path.relpath(path, ROOT), _read(path)) for path in SOURCES]


@pytest.mark.parametrize("name,text", _texts(), ids=lambda value: value if len(value) < 80 else "")
def test_statements_as_a_visitor_meets_them_and_names_where_libcst_puts_them(name, text):
    module = cst.parse_module(text)
    visitor = _Met()
    module.visit(visitor)
    walked = cst_statements(module)
    assert [(id(node), id(function)) for node, function in walked] == [(id(node), id(function)) for node, function in visitor.met]
    ours, theirs = [f for f, _ in cst_function_defs(module)], ast_function_defs(ast.parse(text))
    assert [f.name.value for f in ours] == [f.name for f in theirs]
    positions, by_ast = Positions(module), FunctionNamePositions(module, ast.parse(text))
    for function in ours:
        expected = positions[function.name].start
        found = by_ast.of(function)
        if found is None:  # the AST cannot tell: only where a form feed precedes the def
            assert "\x0c" in text, function.name.value
        else:
            assert found == (expected.line, expected.column + 1), function.name.value


class _SmallStatementsMet(cst.CSTVisitor):
    def __init__(self) -> None:
        self.met: list[cst.BaseSmallStatement] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.BaseSmallStatement):
            self.met.append(node)
        return True


@pytest.mark.parametrize("name,text", _texts() + [("suites", "if x: a = 1; b = 2\nelse: pass\nwhile y: del z\nmatch m:\n    case 1: t = 3\n")], ids=lambda value: value if len(value) < 80 else "")
def test_small_statements_as_a_visitor_meets_them(name, text):
    module = cst.parse_module(text)
    visitor = _SmallStatementsMet()
    module.visit(visitor)
    assert [id(node) for node in cst_small_statements(module)] == [id(node) for node in visitor.met]
    assert visitor.met


def test_flask_index_from_statements_is_the_visitors():
    module = cst.parse_module(SHAPES)
    wrapper = _metadata.new_wrapper(module, unique=True)
    _metadata.resolve(wrapper, FLASK_METADATA)

    def described(index: FlaskIndex):
        objects = [(o.name, o.kind, o.statement, o.target, o.factory) for o in index.objects]
        views = [(v.function, v.owner.target if v.owner else None, v.owner_name, v.decorator, v.methods, v.rule) for v in index.views]
        return objects, views

    _flask._BUILT.clear()
    visited = described(FlaskIndex.build(wrapper))
    _flask._BUILT.clear()
    walked = described(FlaskIndex.build(wrapper, ast.parse(SHAPES)))
    assert walked == visited
    assert [o[0] for o in walked[0]] == ["app", "bp"] and len(walked[1]) == 1  # not z: a one-line suite holds no statement line
    _flask._BUILT.clear()
    assert described(FlaskIndex.build(wrapper, SHAPES)) == visited  # from the code instead of its AST
    _flask._BUILT.clear()
    wrapper.resolve(PositionProvider)[module.body[-1]]  # the positions rendered every statement: their code serves
    assert known_code(wrapper) == SHAPES and described(FlaskIndex.build(wrapper)) == visited


@pytest.mark.parametrize("path", sorted(glob.glob(os.path.join(ROOT, "samples", "*", "*.py")))[::2])
def test_flask_index_from_the_code_is_the_visitors(path):
    """On real code, with ``add_url_rule`` or without: the index built from the code's words
    is the one a visit of every node builds."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    wrapper = _metadata.new_wrapper(cst.parse_module(text), unique=True)
    _metadata.resolve(wrapper, FLASK_METADATA)
    built = []
    for given in (None, text):
        _flask._BUILT.clear()
        index = FlaskIndex.build(wrapper, given)
        built.append(([(o.name, o.kind, o.statement, o.target) for o in index.objects], [(v.function, v.rule, v.methods) for v in index.views]))
    _flask._BUILT.clear()
    assert built[0] == built[1]


@pytest.mark.parametrize(
    "text",
    [
        "def \\\n    f(): pass\n",  # the name on the next line
        "async \\\n def f(): pass\n",
        "x = 1\r\ndef f(): pass\r\n",  # other line breaks first
        "x = 1\rdef f(): pass\r",
    ],
)
def test_no_position_where_the_ast_cannot_tell(text):
    module = cst.parse_module(text)
    ((function, _),) = cst_function_defs(module)
    assert FunctionNamePositions(module, ast.parse(text)).of(function) is None


def test_no_position_for_trees_that_do_not_pair_up():
    module = cst.parse_module("def f(): pass\ndef g(): pass\n")
    other = ast.parse("def f(): pass\n")
    assert FunctionNamePositions(module, other).of(cst_function_defs(module)[0][0]) is None
    assert FunctionNamePositions(module, None).of(cst_function_defs(module)[0][0]) is None
    assert FunctionNamePositions(module, ast.parse("def g(): pass\ndef f(): pass\n")).of(cst_function_defs(module)[0][0]) is None
    copy = MetadataWrapper(module).module  # the same code, other nodes
    assert FunctionNamePositions(module, ast.parse(module.code)).of(cst_function_defs(copy)[0][0]) is None
