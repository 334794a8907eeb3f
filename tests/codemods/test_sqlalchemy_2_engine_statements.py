"""sqlalchemy-2: what the Engine.execute() finding advises depends on what is executed.

``text(...)`` is the advice for SQL written as a string. A statement built with SQLAlchemy
(``table.select()``, ``insert(table).values(...)``, ``text(...)`` itself) is passed to
``conn.execute()`` as it is: wrapping it in ``text()`` would fail. And a statement that only
reads (a ``select``) commits nothing, so the transaction cannot change."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

SELECT_BUILT = '''
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def count_rows(table):
    query = table.select()
    return len(db.engine.execute(query).fetchall())
'''

INSERT_BUILT = '''
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import insert

db = SQLAlchemy()


def add_row(table, name):
    db.engine.execute(insert(table).values(name=name))
'''

STRING = '''
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def wipe():
    db.engine.execute("DELETE FROM logs")
'''


def test_a_built_select_is_not_told_to_use_text_nor_that_the_transaction_changes():
    result = run_codemods(SELECT_BUILT, "sqlalchemy-2", path="app/stats.py")
    assert result.new_text.lstrip("\n") == SELECT_BUILT.lstrip("\n")
    [message] = finding_messages(result)
    assert "Engine.execute() is removed in SQLAlchemy 2.0" in message, message
    assert "conn.execute(text(" not in message, message
    assert "conn.execute(...)" in message, message
    assert "the transaction would change" not in message, message
    assert "only reads" in message, message


def test_a_built_write_keeps_the_commit_advice_without_text():
    result = run_codemods(INSERT_BUILT, "sqlalchemy-2", path="app/rows.py")
    assert result.new_text.lstrip("\n") == INSERT_BUILT.lstrip("\n")
    [message] = finding_messages(result)
    assert "conn.execute(text(" not in message, message
    assert "conn.commit()" in message, message
    assert "the transaction would change" in message, message


def test_a_string_keeps_the_text_advice():
    result = run_codemods(STRING, "sqlalchemy-2", path="app/logs.py")
    [message] = finding_messages(result)
    assert "conn.execute(text(...))" in message, message
    assert "the transaction would change" in message, message
