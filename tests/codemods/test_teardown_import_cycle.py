"""teardown: no import of a module that imports the app module back.

webcompat.com's package creates its app in ``__init__.py`` and imports its views after the
app exists (``import pkg.views  # noqa``); the views reach ``pkg/db.py``, which holds two
scoped sessions and starts with ``from pkg import app``. Importing one of its sessions at the
top of ``__init__.py``, where the other imports are, runs ``pkg/db.py`` before ``app`` is
bound: ``ImportError: cannot import name 'app' from partially initialized module``. A module
that imports the app module back (a cycle) cannot be imported there: the session is left,
with a finding naming it.
"""

from __future__ import annotations

import pytest

from typer.testing import CliRunner

from flask_codemod.cli import app as cli
from helpers import write_package
from teardown_projects import importer, snapshot  # noqa: F401  (importer: a fixture)

CYCLE = {
    "__init__.py": """\
        from flask import Flask

        app = Flask(__name__)
        app.config["TESTING"] = True

        # the views import the app: after it exists
        import {PKG}.views  # noqa
        from {PKG} import hooks  # noqa
        """,
    "db.py": """\
        from sqlalchemy import create_engine
        from sqlalchemy.orm import scoped_session, sessionmaker

        from {PKG} import app

        session_engine = create_engine("sqlite://")
        session_db = scoped_session(sessionmaker(bind=session_engine))
        site_engine = create_engine("sqlite://")
        site_db = scoped_session(sessionmaker(bind=site_engine))
        """,
    "views.py": """\
        from {PKG} import app
        from {PKG}.db import session_db


        @app.teardown_appcontext
        def shutdown_session(exception=None):
            session_db.remove()


        @app.route("/")
        def index():
            return str(session_db.execute(__import__("sqlalchemy").text("select 1")).scalar())
        """,
    "hooks.py": """\
        from sqlalchemy import text

        from {PKG} import app
        from {PKG}.db import site_db


        @app.route("/hook")
        def hook():
            return str(site_db.execute(text("select 2")).scalar())
        """,
}


def test_the_original_layout_imports_and_serves(tmp_path, importer):
    """The layout is sound as it stands: the app module imports, both views answer."""
    name = write_package(tmp_path, CYCLE)
    client = importer(name).app.test_client()
    assert client.get("/").get_data(as_text=True) == "1"
    assert client.get("/hook").get_data(as_text=True) == "2"


def test_a_top_import_of_the_cycle_would_break_the_app(tmp_path, importer):
    """Why nothing is imported there: the import the rule used to add fails at start-up."""
    broken = dict(CYCLE)
    broken["__init__.py"] = "        from {PKG}.db import site_db\n" + CYCLE["__init__.py"]
    name = write_package(tmp_path, broken)
    with pytest.raises(ImportError, match="partially initialized"):
        importer(name)


def test_a_session_of_a_module_importing_the_app_back_is_left_with_a_finding(tmp_path, importer):
    name = write_package(tmp_path, CYCLE)
    before = snapshot(tmp_path)
    result = CliRunner().invoke(cli, ["apply", "--no-cache", "--verbose", "--select", "teardown", "-j", "1", str(tmp_path)])
    assert result.exit_code == 0, result.output
    printed = result.output
    assert snapshot(tmp_path) == before, "no module should change"
    assert "scoped session site_db of" in printed and "imports this module back" in printed, printed
    # and the app still starts and serves
    client = importer(name).app.test_client()
    assert client.get("/hook").get_data(as_text=True) == "2"
