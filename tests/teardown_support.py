"""The texts teardown's tests build their apps from: the Flask tutorial's getter, which opens a
connection once per request and keeps it on ``g``, and a module that holds only that getter
(its app living in another module)."""

from __future__ import annotations


def getter(connect: str = 'sqlite3.connect("x.db")') -> str:
    """``def get_db()`` of the tutorial; ``connect``: the expression that opens the connection."""
    return f'def get_db():\n    if "db" not in g:\n        g.db = {connect}\n    return g.db\n'


def getter_module(database: str) -> str:
    """A module with the getter alone, connecting to the sqlite file ``database``."""
    return "import sqlite3\nfrom flask import g\n\n" + getter(f'sqlite3.connect("{database}")')
