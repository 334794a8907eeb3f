"""codemods/_callee_spellings.py, and FlaskIndex asking scopes only for calls spelled like
an app's creation: the same apps and blueprints as asking for every call."""

from __future__ import annotations

import ast

import libcst as cst
import pytest

from flask_codemod.codemods import _metadata
from flask_codemod.codemods._ast_facts import facts
from flask_codemod.codemods._callee_spellings import callee_spellings, python_spelled_last, spelled_last
from flask_codemod.codemods._flask import FLASK_METADATA, FlaskIndex

SOURCES = {
    "plain": "from flask import Flask, Blueprint\napp = Flask(__name__)\nbp = Blueprint('b', __name__)\n",
    "aliases": "from flask import Flask as Make\nimport flask as f\napp = Make(__name__)\nother = f.Blueprint('x', __name__)\n",
    "in a factory": "def create_app():\n    from flask import Flask as F\n    app = F(__name__)\n    return app\n",
    "subscripted": "import flask\napp = flask.Flask[int](__name__)\n",
    "not flask": "from mylib import Flask\nMake = Flask\napp = Make()\nweb = Flask()\n",
    "local alias": "from flask import Flask\nMake = Flask\napp = Make(__name__)\n",
}


def test_spellings_are_the_names_and_what_imports_bind_to_them():
    found = facts(ast.parse(SOURCES["aliases"]))
    assert callee_spellings(found, ("flask.Flask", "flask.Blueprint")) == {"Flask", "Blueprint", "Make"}


@pytest.mark.parametrize("code, last", [("a.b.c", "c"), ("f()", "f"), ("f[1]", "f"), ("x", "x"), ("(lambda: 1)", None)])
def test_spelled_last(code, last):
    assert spelled_last(cst.parse_expression(code)) == last


@pytest.mark.parametrize(
    "code", ["a.b.c", "f()", "f[1]", "x", "(lambda: 1)", "open(p)(q)", "(a or b).open", "rows[0].close()", "g()[1]"]
)
def test_the_stdlib_ast_spells_a_callee_as_libcst_does(code):
    assert python_spelled_last(ast.parse(code, mode="eval").body) == spelled_last(cst.parse_expression(code))


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_index_finds_the_same_apps_with_and_without_the_tree(name):
    source = SOURCES[name]

    def objects(tree):
        wrapper = _metadata.new_wrapper(cst.parse_module(source), unique=True)
        _metadata.resolve(wrapper, FLASK_METADATA)
        return [(o.name, o.kind, o.factory is not None) for o in FlaskIndex.build(wrapper, tree).objects]

    found = objects(ast.parse(source))
    assert found == objects(None)
    assert bool(found) == (name != "not flask" and name != "local alias")
