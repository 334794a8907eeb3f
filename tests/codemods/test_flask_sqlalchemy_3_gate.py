"""The gates of flask-sqlalchemy-3: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "flask-sqlalchemy-3"
    REJECTED = [
        # the 3.x forms already
        (
            "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n\n"
            "class Config:\n    SQLALCHEMY_ENGINE_OPTIONS = {'pool_size': 20}\n\ndef engine():\n    return db.engine\n",
            "models.py",
        ),
        # a key read from an ini file, not set in a config
        (
            "def engine_options(ini):\n    return {'max_overflow': int(ini['optional']['SQLALCHEMY_MAX_OVERFLOW'])}\n",
            "config.py",
        ),
        # a class of one's own whose name starts like a renamed one
        ("class BaseQueryResource:\n    pass\n\nclass QueryListResource(BaseQueryResource):\n    pass\n", "queries.py"),
        ("from .base import SearchBaseQuery\n\nclass Query(SearchBaseQuery):\n    pass\n", "models.py"),
        # get_engine() on an attribute or an item: never the extension (SQLAlchemyObjects.kind: an
        # attribute is only db.session or db.engine); Flask-Migrate's env.py asks its extension this way
        (
            "from flask import current_app\n\n"
            "def get_engine():\n    return current_app.extensions['migrate'].db.get_engine()\n",
            "migrations/env.py",
        ),
        ("def dispose(registry):\n    registry['main'].get_engine().dispose()\n", "pool.py"),
        # a packaging script: no codemod acts on it (Codemod.acts_on)
        ("from setuptools import setup\nclass TestConfig:\n    SQLALCHEMY_POOL_SIZE = 1\n", "setup.py"),
    ]
    ACCEPTED = [
        # a test module: upgrades act on tests too (a removed API breaks them as well)
        ("class TestConfig:\n    SQLALCHEMY_POOL_SIZE = 1\n", "tests/conftest.py"),
        ("class Config:\n    SQLALCHEMY_POOL_SIZE = 10\n    SQLALCHEMY_MAX_OVERFLOW = 5\n", "config.py"),
        ("from .extensions import db\n\ndef engine():\n    return db.get_engine()\n", "db.py"),
        # a name or a call may be the extension
        ("from flask_sqlalchemy import SQLAlchemy\n\ndef engine(app):\n    return SQLAlchemy(app).get_engine()\n", "db.py"),
        ("from flask_sqlalchemy import BaseQuery\n\nclass Query(BaseQuery):\n    pass\n", "models.py"),
        ("from flask import Flask\n\napp = Flask(__name__)\napp.config['SQLALCHEMY_COMMIT_ON_TEARDOWN'] = True\n", "app.py"),
        ("from flask import Flask\n\napp = Flask(__name__)\napp.config.update(SQLALCHEMY_POOL_RECYCLE=280)\n", "app.py"),
        ("SETTINGS = {'SQLALCHEMY_NATIVE_UNICODE': False}\n", "settings.py"),
        # test code is upgraded too: it breaks like the app does
        ("class TestConfig:\n    SQLALCHEMY_POOL_SIZE = 1\n", "tests/conftest.py"),
    ]
