"""flask-sqlalchemy-3 merges a config class's pool keys into SQLALCHEMY_ENGINE_OPTIONS only
when nothing else in the project reads them: US Notify's ``app/__init__.py`` builds its
engine options from ``config.Config.SQLALCHEMY_POOL_SIZE`` and its kin, so deleting those
attributes made the package fail at import (AttributeError), before any request."""

from __future__ import annotations

import sys

import pytest

from helpers import finding_messages, forget_packages, import_package, run_codemods, write_package

CONFIG = '''
from os import getenv


class Config:
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    SQLALCHEMY_POOL_SIZE = int(getenv("SQLALCHEMY_POOL_SIZE", 40))
    SQLALCHEMY_POOL_TIMEOUT = 30
    SQLALCHEMY_POOL_RECYCLE = 300
'''

READ_AS_ATTRIBUTES = '''
from flask import Flask

from {PKG} import config

ENGINE_OPTIONS = {
    "pool_size": config.Config.SQLALCHEMY_POOL_SIZE,
    "pool_timeout": config.Config.SQLALCHEMY_POOL_TIMEOUT,
    "pool_recycle": config.Config.SQLALCHEMY_POOL_RECYCLE,
}


def create_app():
    app = Flask(__name__)
    app.config.from_object(config.Config)
    return app
'''

READ_AS_A_KEY = '''
from flask import Flask

from {PKG} import config


def create_app():
    app = Flask(__name__)
    app.config.from_object(config.Config)
    app.extensions["pool"] = app.config["SQLALCHEMY_POOL_SIZE"]
    return app
'''

NOT_READ = '''
from flask import Flask

from {PKG} import config


def create_app():
    app = Flask(__name__)
    app.config.from_object(config.Config)
    return app
'''

REQUIREMENTS = "flask==3.1.0\nFlask-SQLAlchemy==3.1.1\nSQLAlchemy==2.0.36\n"


def _run(init: str):
    project = {"requirements.txt": REQUIREMENTS, "pkg/__init__.py": init.replace("{PKG}", "pkg")}
    return run_codemods(CONFIG, "flask-sqlalchemy-3", path="pkg/config.py", project=project)


@pytest.mark.parametrize("init", [READ_AS_ATTRIBUTES, READ_AS_A_KEY], ids=["attributes", "config-key"])
def test_pool_keys_another_module_reads_are_left_with_a_finding(init):
    result = _run(init)
    assert result.new_text == CONFIG
    messages = finding_messages(result)
    assert any("SQLALCHEMY_POOL_SIZE is ignored since Flask-SQLAlchemy 3.0" in m and "pkg/__init__.py also uses SQLALCHEMY_POOL_SIZE (line " in m
               for m in messages), messages


def test_pool_keys_nobody_else_reads_are_still_merged():
    result = _run(NOT_READ)
    assert result.new_text != CONFIG
    assert '"pool_size": int(getenv("SQLALCHEMY_POOL_SIZE", 40))' in result.new_text


def test_the_package_still_imports_after_the_tool_ran(tmp_path):
    """The behaviour: the package written with the tool's output imports and builds its
    engine options as before (with the rule as it was, ``config.Config`` had lost them)."""
    result = _run(READ_AS_ATTRIBUTES)
    name = write_package(tmp_path, {"__init__.py": READ_AS_ATTRIBUTES, "config.py": result.new_text})
    sys.path.insert(0, str(tmp_path))
    try:
        package = import_package(name)
        assert package.ENGINE_OPTIONS == {"pool_size": 40, "pool_timeout": 30, "pool_recycle": 300}
        assert package.create_app().config["SQLALCHEMY_POOL_SIZE"] == 40
    finally:
        sys.path.remove(str(tmp_path))
        forget_packages([name])
