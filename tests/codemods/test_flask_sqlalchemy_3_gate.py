"""The gates of flask-sqlalchemy-3: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "flask-sqlalchemy-3"
    # near misses: rejected, and rightly so (the codemod, gates open, does nothing with them)
    REJECTED = [
        # the 3.x forms already
        (
            "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n\n"
            "class Config:\n    SQLALCHEMY_ENGINE_OPTIONS = {'pool_size': 20}\n\ndef engine():\n    return db.engine\n",
            "models.py",
        ),
        # a packaging script: no codemod acts on it (Codemod.acts_on)
        ("class TestConfig:\n    SQLALCHEMY_POOL_SIZE = 1\n", "setup.py"),
    ]
    ACCEPTED = [
        # a test module: upgrades act on tests too (a removed API breaks them as well)
        ("class TestConfig:\n    SQLALCHEMY_POOL_SIZE = 1\n", "tests/conftest.py"),
        ("class Config:\n    SQLALCHEMY_POOL_SIZE = 10\n    SQLALCHEMY_MAX_OVERFLOW = 5\n", "config.py"),
        ("from .extensions import db\n\ndef engine():\n    return db.get_engine()\n", "db.py"),
        ("from flask_sqlalchemy import BaseQuery\n\nclass Query(BaseQuery):\n    pass\n", "models.py"),
        # test code is upgraded too: it breaks like the app does
        ("class TestConfig:\n    SQLALCHEMY_POOL_SIZE = 1\n", "tests/conftest.py"),
    ]
    # samples the codemod leaves alone without a word, which its gates reject
    REJECTED_SAMPLES = []
