"""What cache-views' tree gate reads off the stdlib AST (codemods/_cache_views_gate.py): the
names it takes for apps and blueprints, against the objects FlaskIndex finds in the same code
(the names the gate gives must include every one of them: a view on a name it misses would
be lost); the functions routed for more than reading, against the planner's skipping."""

from __future__ import annotations

import ast

import pytest

from flask_codemod.codemods._ast_facts import facts
from flask_codemod.codemods._cache_views_gate import answers_more_than_reads, created_names
from flask_codemod.codemods._flask import FLASK_METADATA, FlaskIndex
from flask_codemod.codemods._metadata import resolve
from helpers import real_code

import libcst as cst
from libcst.metadata import MetadataWrapper


def _names(source: str) -> frozenset[str]:
    return created_names(facts(ast.parse(source)))


def test_names_bound_to_calls_spelled_as_flask_or_blueprint() -> None:
    source = (
        "import flask\nfrom flask import Blueprint as B\n"
        "app = flask.Flask(__name__)\nmain = B('main', __name__)\nx: B = B('x', __name__)\n"
        "a = b = flask.Flask('two')\n(t, u) = flask.Flask('tuple')\n"
        "other = dict()\nplain = B\nhint: B\n"
        "def factory():\n    inner = flask.Flask(__name__)\n"
    )
    assert _names(source) == {"app", "main", "x", "a", "b", "inner"}


def test_no_creator_spelled_no_names() -> None:
    assert _names("from . import main\nmain2 = make(main)\n") == frozenset()


@pytest.mark.parametrize("path", real_code("cache-views/*.py", legacy_app=True) + real_code(every=4))
def test_includes_every_object_flask_index_finds(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    try:
        tree = ast.parse(text)
    except SyntaxError:
        pytest.skip("not Python 3")
    wrapper = MetadataWrapper(cst.parse_module(text))
    resolve(wrapper, FLASK_METADATA)
    index = FlaskIndex.build(wrapper, tree)
    assert {o.name for o in index.objects} <= created_names(facts(tree))


@pytest.mark.parametrize(
    ("decorators", "expected"),
    [
        ("@app.route('/', methods=['POST'])", True),
        ("@app.route('/', methods=['GET', 'POST'])", True),
        ("@app.route('/', methods={'delete'})", True),
        ("@bp.post('/')\n@bp.put('/x')", True),
        ("@app.route('/')", False),  # GET
        ("@app.get('/')", False),
        ("@app.route('/', methods=('GET', 'head', 'OPTIONS'))", False),
        ("@app.route('/', methods=['POST'])\n@app.route('/r')", False),  # one of them reads
        ("@app.route('/', methods=M)", False),  # not literal: the planner says so
        ("@app.route('/', methods=['POST', *MORE])", False),
        ("@app.route('/', methods=[f'{X}'])", False),
        ("@login_required", False),  # no route at all
        ("@login_required\n@app.post('/')", True),
    ],
)
def test_functions_routed_for_more_than_reads(decorators: str, expected: bool) -> None:
    function = ast.parse(f"{decorators}\ndef view():\n    pass\n").body[0]
    assert answers_more_than_reads(function) is expected  # type: ignore[arg-type]


def test_the_planner_skips_the_views_routed_for_more_than_reads() -> None:
    """On real code: every view FlaskIndex finds on a function the gate says is routed for
    more than reading is one the planner skips without a word."""
    from flask_codemod.codemods import Context, get_codemod
    from flask_codemod.codemods._cache_views_plan import Planner
    from flask_codemod.codemods._function_defs import ast_function_defs, cst_function_defs

    checked = 0
    for path in real_code("cache-views/*.py", legacy_app=True) + real_code(every=4):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        wrapper = MetadataWrapper(cst.parse_module(text))
        resolve(wrapper, FLASK_METADATA)
        index = FlaskIndex.build(wrapper, tree)
        if not index.views:
            continue
        pairs = {id(function): python for (function, _), python in zip(cst_function_defs(wrapper.module), ast_function_defs(tree))}
        ctx = Context(path)
        ctx.codemod = get_codemod("cache-views")()
        planner = Planner(wrapper, index, ctx, tree)
        for view in index.views:
            if answers_more_than_reads(pairs[id(view.function)]):
                checked += 1
                decision = planner.decide(view)
                assert decision.skip and decision.problem is None, (path, view.function.name.value)
    assert checked >= 3, checked  # (the samples hold several such views)
