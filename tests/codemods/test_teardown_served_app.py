"""teardown registers its handler on the app that serves the requests, not on a helper's own
``Flask()`` (the realworld corpus, sixteenth widening: a storage module that creates an app of
its own only to read its config and paths, beside the served app in ``app.py``).

A handler registered on an app that serves no request never runs: the connection a request
keeps on ``g`` stays open, although the code now looks as if it were closed. A module whose app
shows no sign of serving (no view, hook or run, not an entry module) and that an app next to it
imports is that app's helper: the importing app gets the handler. With no such importer, the
module's own app still gets it (something unseen may serve it). Each test writes a small
package of its own, runs the real command line and, where it matters, imports the result and
drives it with the Flask test client.
"""

from __future__ import annotations

import sys

from typer.testing import CliRunner

from flask_codemod.cli import app as cli
from helpers import forget_packages, import_package, is_closed, write_package

# the served app imports a getter from a module that makes a Flask() of its own for its paths
HELPER_WITH_ITS_OWN_APP = {
    "__init__.py": "",
    "store.py": """\
        import os
        import sqlite3

        from flask import Flask, g

        app = Flask(__name__)
        app.config["DATABASE"] = os.path.join(app.root_path, "numbers.db")


        def get_conn():
            if not hasattr(g, "conn"):
                g.conn = sqlite3.connect(app.config["DATABASE"])
            return g.conn
        """,
    "app.py": """\
        from flask import Flask

        from {PKG}.store import get_conn

        app = Flask(__name__)


        @app.route("/one")
        def one():
            return str(get_conn().execute("SELECT 1").fetchone()[0])
        """,
}


def run_teardown(root) -> str:
    result = CliRunner().invoke(cli, ["apply", "--no-cache", "--select", "teardown", "-j", "1", str(root)])
    assert result.exit_code == 0, result.output
    return result.stderr


def test_the_handler_goes_on_the_served_app_and_closes_the_connection(tmp_path, opened):
    name = write_package(tmp_path, HELPER_WITH_ITS_OWN_APP)
    store_before = (tmp_path / name / "store.py").read_text(encoding="utf-8")
    run_teardown(tmp_path)

    assert (tmp_path / name / "store.py").read_text(encoding="utf-8") == store_before
    app_text = (tmp_path / name / "app.py").read_text(encoding="utf-8")
    assert app_text.count(".teardown_appcontext") == 1

    sys.path.insert(0, str(tmp_path))
    try:
        served = import_package(name, "app").app
        client = served.test_client()
        for _ in range(2):
            assert client.get("/one").get_data(as_text=True) == "1"
            assert len(opened) == 1 and is_closed(opened[0])
            opened.clear()
    finally:
        sys.path.remove(str(tmp_path))
        forget_packages([name])


def test_an_app_module_with_its_routes_still_gets_its_handler(tmp_path, opened):
    """The usual one-module app (routes beside the getter) is served: unchanged behaviour."""
    files = {
        "__init__.py": "",
        "site.py": """\
            import sqlite3

            from flask import Flask, g

            app = Flask(__name__)


            def get_conn():
                if not hasattr(g, "conn"):
                    g.conn = sqlite3.connect(":memory:")
                return g.conn


            @app.route("/two")
            def two():
                return str(get_conn().execute("SELECT 2").fetchone()[0])
            """,
    }
    name = write_package(tmp_path, files)
    run_teardown(tmp_path)
    assert (tmp_path / name / "site.py").read_text(encoding="utf-8").count("@app.teardown_appcontext") == 1
    sys.path.insert(0, str(tmp_path))
    try:
        client = import_package(name, "site").app.test_client()
        assert client.get("/two").get_data(as_text=True) == "2"
        assert len(opened) == 1 and is_closed(opened[0])
    finally:
        sys.path.remove(str(tmp_path))
        forget_packages([name])


def test_a_module_app_no_app_imports_keeps_its_handler(tmp_path):
    """No app next to it imports the module: its app may be served by code not seen here
    (views registered from elsewhere), so the handler still goes on it."""
    files = {"__init__.py": "", "store.py": HELPER_WITH_ITS_OWN_APP["store.py"]}
    name = write_package(tmp_path, files)
    run_teardown(tmp_path)
    assert (tmp_path / name / "store.py").read_text(encoding="utf-8").count("@app.teardown_appcontext") == 1
