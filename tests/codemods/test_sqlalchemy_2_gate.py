"""The gates of sqlalchemy-2: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "sqlalchemy-2"
    # near misses: rejected, and rightly so (the codemod, gates open, does nothing with them)
    REJECTED = [
        # "execute" in the text, but no execute() call and no sqlalchemy
        ("import subprocess\n\ndef execute(command):\n    return subprocess.run(command)\n", "tasks.py"),
        ("import sqlite3\n\ndef save(rows):\n    sqlite3.connect('x.db').executemany('INSERT INTO t VALUES (?)', rows)\n", "db.py"),
        # a packaging script: no codemod acts on it (Codemod.acts_on)
        ("from app import db\n\ndef test_query():\n    db.session.execute('SELECT 1')\n", "setup.py"),
    ]
    ACCEPTED = [
        # a test module: upgrades act on tests too (a removed API breaks them as well)
        ("from app import db\n\ndef test_query():\n    db.session.execute('SELECT 1')\n", "tests/test_db.py"),
        ("from sqlalchemy.ext.declarative import declarative_base\n\nBase = declarative_base()\n", "models.py"),
        ("from .extensions import db\n\ndef count():\n    return db.session.execute('SELECT count(*) FROM users').scalar()\n", "queries.py"),
        # test code is upgraded too: it breaks like the app does
        ("from app import db\n\ndef test_query():\n    db.session.execute('SELECT 1')\n", "tests/test_db.py"),
    ]
    # samples the codemod leaves alone without a word, which its gates reject
    REJECTED_SAMPLES = []
