"""The names cache-views' tree gate takes for apps and blueprints (codemods/_cache_views_gate.py),
against the objects FlaskIndex finds in the same code (the names the gate gives must include
every one of them: a view on a name it misses would be lost)."""

from __future__ import annotations

import ast

import pytest

from flask_codemod.codemods._ast_facts import facts
from flask_codemod.codemods._cache_views_gate import created_names
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
