"""A teardown handler that closes the connection through a function of another module of the
project (OpenAtlas: ``@app.teardown_request`` calls ``close_connection()`` from
``openatlas.database.connect``, which closes ``g.db``) already releases it: the codemod read
only the handler's own module for what it calls, and added a second handler popping and closing
``g.db`` again (noise: one more object where one exists). What the handler calls is read where
it is defined, as what opens the connection is."""

from __future__ import annotations

from helpers import is_closed, write_package
from teardown_projects import importer, run_teardown, snapshot  # noqa: F401  (importer: a fixture)

CONNECT = """\
    import sqlite3

    from flask import g


    def open_connection(config):
        return sqlite3.connect(config["DATABASE"])


    def close_connection():
        if hasattr(g, "db"):
            g.db.close()
    """

APP = """\
    from flask import Flask, g

    from {PKG}.connect import close_connection, open_connection

    app = Flask(__name__)
    app.config["DATABASE"] = ":memory:"


    @app.before_request
    def before_request():
        g.db = open_connection(app.config)


    @app.get("/")
    def index():
        return str(g.db.execute("SELECT 1").fetchone()[0])


    @app.teardown_request
    def teardown_request(_exception):
        close_connection()
    """

# the same, the closing one function further: the handler calls a function of its own
# module, which calls the imported one
THROUGH_A_LOCAL_FUNCTION = APP.replace(
    "@app.teardown_request\n    def teardown_request(_exception):\n        close_connection()\n",
    "def release():\n        close_connection()\n\n\n"
    "    @app.teardown_request\n    def teardown_request(_exception):\n        release()\n",
)

# an imported function that does not close g.db: the handler is still needed
CLOSES_NOTHING = CONNECT.replace('        if hasattr(g, "db"):\n            g.db.close()\n', "        pass\n")


def test_a_handler_closing_through_an_imported_function_is_left_alone(tmp_path):
    for app in (APP, THROUGH_A_LOCAL_FUNCTION):
        root = tmp_path / str(len(list(tmp_path.iterdir())))
        root.mkdir()
        write_package(root, {"__init__.py": "", "connect.py": CONNECT, "app.py": app})
        before = snapshot(root)
        stderr = run_teardown(root)
        assert snapshot(root) == before, stderr
        assert "0 changed" in stderr and "0 findings" in stderr


def test_that_handler_does_close_the_connection(tmp_path, importer, opened):
    """Left alone rightly: every request's connection is closed by the project's handler."""
    name = write_package(tmp_path, {"__init__.py": "", "connect.py": CONNECT, "app.py": APP})
    app = importer(name, "app").app
    client = app.test_client()
    assert client.get("/").data == b"1" and client.get("/").data == b"1"
    assert len(opened) == 2 and all(is_closed(c) for c in opened)


def test_an_imported_function_that_closes_nothing_still_gets_a_handler(tmp_path):
    write_package(tmp_path, {"__init__.py": "", "connect.py": CLOSES_NOTHING, "app.py": APP})
    stderr = run_teardown(tmp_path)
    assert "1 changed" in stderr, stderr
    app_text = next(tmp_path.glob("case_*/app.py")).read_text()
    assert "@app.teardown_appcontext" in app_text and 'g.pop("db", None)' in app_text
