"""The teardown codemod's cheaper routes give the whole-module answers.

- Its analysis reads lazy scopes (``_lazy_scopes``) and looks a node up only when its spelling
  may name what is asked (``_teardown_facts.qualified_among``, ``local_function``): every
  filtered answer equals the lookup in LibCST's scope analysis of the whole module, node by
  node, and so does the whole analysis, on real code and on tricky spellings.
- Its tree gate tests the calls assigned to shared names before every call, finds the values
  stored on ``g`` by the imports of a plain name, and skips functions when no ``global`` is
  declared: each equals the plain formulation written out below.
"""

from __future__ import annotations

import ast

import libcst as cst
import pytest

from flask_codemod.codemods import _metadata
from flask_codemod.codemods._ast_facts import Facts, facts
from flask_codemod.codemods._flask import qualified_names
from flask_codemod.codemods._lazy_scopes import LazyScopes, lazily_scoped
from flask_codemod.codemods._resource_factories import DBAPI_CONNECTS, ENGINES, SCOPED_SESSIONS
from flask_codemod.codemods import _teardown_facts
from flask_codemod.codemods._node_fields import TOKEN_TYPES
from flask_codemod.codemods._teardown_analysis import analyze
from flask_codemod.codemods._teardown_connections import ConnectionFactories
from flask_codemod.codemods._teardown_facts import (
    ANALYSIS_METADATA,
    G_NAMES,
    GETATTR,
    HASATTR,
    SET_OR_DELATTR,
    TEARDOWN_SIGNALS,
    qualified_among,
)
from flask_codemod.codemods import _teardown_gate as gate
from flask_codemod.codemods._names import dotted_name
from flask_codemod.codemods._statement_walk import statements_of_kinds
from helpers import all_nodes, real_code

SOURCES = real_code("teardown/*.py", legacy_app=True) + real_code("*/*.before.py", every=6)

SHAPES = '''
import sqlite3
import flask
import flask as fl
import flask.globals
import builtins
from flask import g as ctx, Flask
from flask.globals import g as gg
from flask import *
from .db import get_db as imported_getter, db_session
from sqlalchemy.orm import scoped_session as ss

app = Flask(__name__)
session = ss(lambda: None)
conn = sqlite3.connect("shared.db")


def get_db():
    if "db" not in ctx:
        ctx.db = sqlite3.connect("x")
    return ctx.db


def other():
    global late
    late = sqlite3.connect("late.db")
    flask.g.conn = connect()
    fl.g.x = 1
    flask.globals.g.w = 2
    setattr(gg, "y", connect())
    g.z = connect()
    v = getattr(ctx, "db", None)
    hasattr(ctx, "db")
    delattr(fl.g, "x")
    builtins.getattr(ctx, "q")
    db = get_db()
    db.close()
    other = imported_getter()
    other.close()
    session.remove()
    db_session.remove()
    del ctx.db, fl.g.x
    return [getattr(ctx, n) for n in ("a", "b")]


def shadow(g, getattr):
    g.db = connect()
    getattr(g, "db")
    get_db = lambda: None
    get_db()
    session = None
    session.remove()


class Repo:
    def get_db(self):
        return flask.g.db

    def close(self):
        self.get_db().close()
        get_db().close()
        (lambda ctx: ctx.db)(None)


@app.teardown_appcontext
def close_db(e=None):
    db = ctx.pop("db", None)
    if db is not None:
        db.close()
    other()


flask.appcontext_tearing_down.connect(close_db, app)
from flask import appcontext_tearing_down as atd
atd.connect(close_db)
app.teardown_request(close_db)


def hasattr(x):
    return x
'''

SPELLINGS = ("from flask import g\ng.x = 1\n", "from flask import g as ctx\nctx.x = 1\n", "import flask\nflask.g.x = 1\n")


def _wrappers(source: str):
    module = cst.parse_module(source)
    full = _metadata.new_wrapper(module, unique=True)
    _metadata.resolve(full, ANALYSIS_METADATA)
    lazy = lazily_scoped(_metadata.new_wrapper(module, unique=True), ast.parse(source))
    assert isinstance(lazy._metadata[cst.metadata.ScopeProvider], LazyScopes)
    return module, full, lazy


def _check_lookups(source: str) -> int:
    module, full, lazy = _wrappers(source)
    found = 0
    for wanted in (G_NAMES, GETATTR, HASATTR, SET_OR_DELATTR, TEARDOWN_SIGNALS):
        for node in all_nodes(module):
            answer = qualified_names(full, node) & wanted
            assert qualified_among(lazy, node, wanted) == answer, (type(node).__name__, wanted)
            found += bool(answer)
    ours, theirs = ConnectionFactories(lazy, lambda f: []), ConnectionFactories(full, lambda f: [])
    for node in all_nodes(module):
        if isinstance(node, cst.Name):
            assert ours.local_function(node) is theirs.local_function(node), node.value
    return found


def _summary(analysis) -> tuple:
    return (
        [(s.attr, id(s.node), id(s.function), s.factory, s.via) for s in analysis.stores],
        [(s.name, id(s.target)) for s in analysis.sessions],
        [(s.name, id(s.node), s.factory) for s in analysis.shared],
        [(id(h.function), h.hook, id(h.receiver)) for h in analysis.hooks],
        {
            key: (f.releases, f.uses, f.pops, f.returns_attr, f.getattr_locals, [id(c) for c in analysis.calls_of(f)])
            for key, f in analysis.facts.items()
        },
        analysis.registered_names,
        analysis.g_spelling,
        analysis.imports_flask,
        analysis.teardown_released(),
    )


def _check_analysis(source: str) -> None:
    _, full, lazy = _wrappers(source)
    assert _summary(analyze(lazy, ["db_session"])) == _summary(analyze(full, ["db_session"]))
    assert _summary(analyze(lazy)) == _summary(analyze(full))
    # its lists of nodes leave token nodes out (``iter_all``, ``iter_body``): the same analysis
    # as from lists that hold them, and the same nodes else
    analysis = analyze(full)
    listed = _teardown_facts.nodes_below
    try:
        _teardown_facts.nodes_below = lambda node, stop_at=(), tokens=True: listed(node, stop_at)
        assert _summary(analyze(full)) == _summary(analysis)
        with_tokens = _teardown_facts.iter_all(full.module)
    finally:
        _teardown_facts.nodes_below = listed
    assert analysis.nodes == [node for node in with_tokens if type(node) not in TOKEN_TYPES]


def test_shapes():
    assert _check_lookups(SHAPES) > 20
    _check_analysis(SHAPES)
    for source in SPELLINGS:
        assert _check_lookups(source) == 1


def test_bodies_left_out():
    """Only the bodies a filtered lookup needs are analysed: here none but the getter's."""
    source = "import sqlite3\nfrom flask import g\n\ndef get_db():\n    g.db = sqlite3.connect('x')\n    return g.db\n\n"
    source += "def view():\n    return render(request.args, os.path.join('a', 'b'))\n"
    _, _, lazy = _wrappers(source)
    analysis = analyze(lazy)
    assert [s.attr for s in analysis.stores] == ["db"]
    assert len(lazy._metadata[cst.metadata.ScopeProvider]._left_out) == 1


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.split("samples/")[-1])
def test_real_code(path):
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    _check_lookups(source)
    _check_analysis(source)
    _check_gate(ast.parse(source))


# -- the tree gate, against its plain formulation -------------------------------------------------


def _plain_shared_calls(found: Facts) -> list[ast.Call]:
    # not in a module-level ``if __name__ == "__main__":`` (as the analysis)
    script = {id(n) for s in found.tree.body if gate.main_guard(s) for n in ast.walk(s)}
    calls = [
        s.value
        for s in found.module_level()
        if id(s) not in script and type(s) in (ast.Assign, ast.AnnAssign) and gate._assigns_call_to_a_name(s, None)  # type: ignore[arg-type]
    ]
    for function in found.functions:
        statements = statements_of_kinds(function, (ast.Global, ast.Assign, ast.AnnAssign))
        declared = {name for node in statements if type(node) is ast.Global for name in node.names}  # type: ignore[attr-defined]
        calls += [n.value for n in statements if declared and type(n) is not ast.Global and gate._assigns_call_to_a_name(n, declared)]  # type: ignore[arg-type, attr-defined]
    return calls


def _plain_may_open_shared(found: Facts, sessions: bool) -> bool:
    engines = any(not found.qualified(call.func).isdisjoint(ENGINES) for call in found.calls)
    opening = set()
    for call in found.calls:
        func = call.func
        if not found.qualified(func).isdisjoint((DBAPI_CONNECTS | SCOPED_SESSIONS) if sessions else DBAPI_CONNECTS):
            opening.add(id(call))
        elif type(func) is ast.Attribute and func.attr == "connect":
            receiver = (dotted_name(func.value) or "").rsplit(".", 1)[-1].lower()
            if engines or "engine" in receiver or type(func.value) is ast.Call:
                opening.add(id(call))
    if not opening:
        return False
    local = {function.name for function in found.functions}
    for call in _plain_shared_calls(found):
        func = call.func
        if id(call) in opening or (type(func) is ast.Name and func.id in local):
            return True
        if type(func) is ast.Attribute and type(func.value) is ast.Name and func.value.id in gate._instances(found):
            return True
    return False


def _plain_values_on_g(tree: ast.Module) -> list[int]:
    found = facts(tree)
    star = any(gate._star_import_of_flask(statement) for statement in tree.body)

    def is_g(node: ast.AST) -> bool:
        return not found.qualified(node).isdisjoint(G_NAMES) or (star and type(node) is ast.Name and node.id == "g")

    return [id(v) for v in gate.values_stored_on(found, is_g)]


def _check_gate(tree: ast.Module) -> None:
    found = facts(tree)
    assert [id(c) for c in gate.shared_assigned_calls(found)] == [id(c) for c in _plain_shared_calls(found)]
    for sessions in (True, False):
        assert gate._may_open_shared(found, sessions) == _plain_may_open_shared(found, sessions)
    assert [id(v) for v in gate.values_stored_on_g(tree)] == _plain_values_on_g(tree)


def test_gate_shapes():
    _check_gate(ast.parse(SHAPES))
    for source in SPELLINGS:
        _check_gate(ast.parse(source))
        assert gate.values_stored_on_g(ast.parse(source))
