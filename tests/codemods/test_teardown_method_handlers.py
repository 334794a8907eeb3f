"""teardown: a connection class that registers one of its own methods as the teardown handler.

A database helper object often keeps its connection on ``g`` and, in its ``init_app``-like
method, registers a method of its own: ``app.teardown_appcontext(self.release)``. That
method is a teardown handler like any function so registered: when it closes the connection,
or takes it off ``g`` and hands it to the project's own release code (``self.close(conn)``,
a pool's ``putconn``), the app needs no second handler, and nothing is to be reported.
"""

from __future__ import annotations

import textwrap

from helpers import finding_messages, run_codemods

APP = """\
    from flask import Flask

    from .store import Store

    store = Store()


    def create_app():
        app = Flask(__name__)
        app.config["DATABASE"] = ":memory:"
        store.setup(app)

        @app.route("/")
        def index():
            return str(store.connection().execute("select 1").fetchone()[0])

        return app
    """

STORE = """\
    import sqlite3

    from flask import g


    class Store:
        def setup(self, app):
            self.path = app.config["DATABASE"]
            app.teardown_appcontext(self.{registered})

        def connection(self):
            if "conn" not in g:
                g.conn = sqlite3.connect(self.path)
            return g.conn

        def done(self, exc):
            conn = g.pop("conn", None)
            if conn is not None:
                {release}

        def unrelated(self, exc):
            pass

        def close(self, conn):
            conn.close()
    """


def store(registered: str = "done", release: str = "conn.close()") -> str:
    return textwrap.dedent(STORE).format(registered=registered, release=release)


def run(source: str, path: str, files: dict[str, str]):
    return run_codemods(source, "teardown", path=path, files=files)


def test_a_method_that_closes_the_connection_is_the_handler():
    result = run(APP, "shop/__init__.py", {"store.py": store()})
    assert result.new_text == textwrap.dedent(APP), result.new_text
    assert finding_messages(result) == []


def test_a_method_that_hands_the_popped_connection_to_the_project_is_the_handler():
    result = run(APP, "shop/__init__.py", {"store.py": store(release="self.close(conn)")})
    assert result.new_text == textwrap.dedent(APP), result.new_text
    assert finding_messages(result) == []


def test_the_class_module_alone_is_left_alone_and_silent():
    source = store(release="self.close(conn)")
    result = run(source, "shop/store.py", {"__init__.py": textwrap.dedent(APP)})
    assert result.new_text == source and finding_messages(result) == []


def test_a_registered_method_that_never_touches_the_connection_still_gets_a_handler():
    result = run(APP, "shop/__init__.py", {"store.py": store(registered="unrelated")})
    assert 'conn = g.pop("conn", None)' in result.new_text
    assert "app.teardown_appcontext(close_conn)" in result.new_text
