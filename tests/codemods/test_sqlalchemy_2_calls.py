"""codemods/_sqlalchemy_2_calls.py: an ``X.execute(...)`` call the gate's rules rule out is one
sqlalchemy-2 leaves alone when it types the receiver through LibCST's scopes of the whole
module, call by call on real code; and the codemod's typing through _lazy_scopes (what it
looks names up in) gives every call the same verdict as through those scopes."""

from __future__ import annotations

import ast
import glob
import os

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, ParentNodeProvider, QualifiedNameProvider, ScopeProvider

from flask_codemod.codemods import _metadata
from flask_codemod.codemods._base import Context
from flask_codemod.codemods._lazy_scopes import lazily_scoped
from flask_codemod.codemods._sqlalchemy import SQLAlchemyObjects
from flask_codemod.codemods._sqlalchemy_2_calls import ExecuteCalls
from flask_codemod.codemods.sqlalchemy_2 import execute_verdict
from helpers import SAMPLES, all_nodes, real_code


def _with_execute(path: str) -> bool:
    with open(path, encoding="utf-8") as handle:
        return ".execute(" in handle.read()


SOURCES = [path for path in real_code("*/*.before.py", legacy_app=True) if _with_execute(path)]

SHAPES = '''
import sqlite3
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker, scoped_session
from alembic import op
from .extensions import db as shared

db = SQLAlchemy()
engine = create_engine("sqlite://")
Session = sessionmaker(bind=engine)
session = scoped_session(Session)
QUERY = "SELECT 1"
BUILT = "SELECT %s" % "x"
cursor = sqlite3.connect("x.db").cursor()


class Database(SQLAlchemy):
    def run(self):
        self.session.execute("SELECT 2")
        self.engine.execute(text("SELECT 3"))


def views(user_id, other):
    db.session.execute("SELECT * FROM users WHERE id = :id", {"id": user_id})
    db.session.execute(QUERY)
    db.session.execute(BUILT + "y")
    db.session.execute(f"SELECT {user_id}")
    db.session.execute("SELECT " + "z".upper())
    db.session.execute(text("SELECT 4"))
    db.session.execute(*other)
    db.engine.execute(db.select(other))
    db.get_engine().execute("SELECT 5")
    engine.execute(other)
    create_engine("sqlite://").execute(other)
    Session().execute("SELECT 6")
    session.execute("SELECT 7")
    shared.session.execute("SELECT 8")
    shared.engine.execute(other)
    Database().session.execute("SELECT 9")
    cursor.execute("SELECT 10")
    other.execute("SELECT 11")
    other.session.execute(other)
    (  # comment
        db.session
    ).execute("SELECT 12")  # comment
    with engine.connect() as conn:
        conn.execute("SELECT 13")
        conn.execute(other)
    with engine.begin() as conn2:
        conn2.execute("UPDATE t SET x = 1")
    op.get_bind().execute("SELECT 14")
    op.execute("UPDATE t SET y = 2")
'''

NEIGHBOURS = {"extensions.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n"}


def _check(source: str, folder: str | None = None) -> tuple[int, int]:
    """(calls ruled out, calls the codemod acts on), asserting that none is both."""
    files = dict(NEIGHBOURS)
    for path in glob.glob(os.path.join(folder, "*.py")) if folder else ():
        with open(path, encoding="utf-8") as handle:
            files[os.path.basename(path)] = handle.read()
    wrapper = MetadataWrapper(cst.parse_module(source), unsafe_skip_copy=True)
    wrapper.resolve_many((QualifiedNameProvider, ScopeProvider, ParentNodeProvider))
    ctx = Context("app.py", read_file=lambda relative: files.get(os.path.normpath(relative)))
    objects = SQLAlchemyObjects(wrapper, ctx)
    tree = ast.parse(source)
    rules = ExecuteCalls(tree)
    lazy = SQLAlchemyObjects(lazily_scoped(_metadata.new_wrapper(wrapper.module, unique=True), tree), ctx)
    ruled_out = acted_on = 0
    for node in all_nodes(wrapper.module):
        if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "execute"):
            continue
        verdict = execute_verdict(objects, node)
        assert execute_verdict(lazy, node) == verdict, wrapper.module.code_for_node(node)
        if not rules.may_act(node):
            ruled_out += 1
            assert verdict is None, wrapper.module.code_for_node(node)
        acted_on += verdict is not None
    return ruled_out, acted_on


def test_shapes():
    ruled_out, acted_on = _check(SHAPES)
    assert ruled_out >= 6 and acted_on >= 15


def test_without_the_stdlib_tree_every_call_is_looked_up():
    call = cst.parse_expression('cursor.execute("SELECT 1")')
    assert ExecuteCalls(None).may_act(call)
    assert not ExecuteCalls(ast.parse("import sqlite3\ncursor = sqlite3.connect('x').cursor()\n")).may_act(call)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.split("samples/")[-1])
def test_real_code(path):
    with open(path, encoding="utf-8") as handle:
        _check(handle.read(), os.path.dirname(path) if path.startswith(os.path.join(SAMPLES, "sqlalchemy-2")) else None)


CONNECTIONS = '''
import sqlite3
from sqlalchemy import create_engine

engine = create_engine("sqlite://")


def run(path, options, x):
    a = sqlite3.connect(path)
    a.execute("SELECT 1")
    b = engine.connect(close_with_result=True)
    b.execute("SELECT 2")
    c = engine.connect(**options)
    c.execute("SELECT 3")
    with engine.begin(x) as e:
        e.execute("SELECT 4")
    with engine.connect(x) as h:
        h.execute("SELECT 5")
    engine.connect(x).execute("SELECT 6")
    engine.begin(x).execute("SELECT 7")
    d = engine.connect()
    d.execute("SELECT 8")
    with engine.begin() as g:
        g.execute("SELECT 9")
    with engine.connect() as k:
        k.execute("SELECT 10")
    engine.connect().execute("SELECT 11")
'''


def test_connect_and_begin_given_arguments_are_ruled_out():
    """SQLAlchemy's ``connect()`` and ``begin()`` take no argument: ``sqlite3.connect(path)``
    (redash's query results), ``engine.connect(x)`` make nothing the codemod types."""
    ruled_out, acted_on = _check(CONNECTIONS)
    assert ruled_out == 7 and acted_on == 4
