"""The calls outside version guards (codemods/_version_guards.py) are found once per module's
tree: sqlalchemy-2's tree gate asks them twice and its transform again, send-file-args' tree
and project gates once each, all of the engine's one compile of the file."""

from __future__ import annotations

import ast

from flask_codemod.codemods import _version_guards
from flask_codemod.codemods.sqlalchemy_2 import Sqlalchemy2
from flask_codemod.engine import transform_text

MODULE = '''\
from flask_sqlalchemy import SQLAlchemy

try:
    from sqlalchemy import text
except ImportError:
    text = None

db = SQLAlchemy()


def rows():
    connection = db.engine.connect()
    return connection.execute("SELECT id FROM people").fetchall()
'''


def _counting(monkeypatch) -> list[int]:
    found = []
    real = _version_guards._unguarded_calls
    monkeypatch.setattr(_version_guards, "_unguarded_calls", lambda tree: found.append(id(tree)) or real(tree))
    return found


def test_the_same_calls_for_every_asker_of_one_tree(monkeypatch):
    found = _counting(monkeypatch)
    tree = ast.parse(MODULE)
    first = _version_guards.unguarded_calls(tree)
    assert _version_guards.unguarded_calls(tree) is first
    assert [ast.unparse(call) for call in first] == [
        "SQLAlchemy()", "db.engine.connect()", "connection.execute('SELECT id FROM people').fetchall()",
        "connection.execute('SELECT id FROM people')",
    ]
    assert len(found) == 1


def test_a_transform_finds_them_once_per_tree_and_says_what_it_said(monkeypatch):
    alone = transform_text(MODULE, [Sqlalchemy2], path="shop/db.py")
    found = _counting(monkeypatch)
    counted = transform_text(MODULE, [Sqlalchemy2], path="shop/db.py")
    assert (counted.new_text, [f.message for f in counted.findings]) == (alone.new_text, [f.message for f in alone.findings])
    assert "text(\"SELECT id FROM people\")" in counted.new_text
    assert len(found) == len(set(found))  # (one per tree: the engine's compile, and a rewritten tree's)
