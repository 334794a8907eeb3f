"""What the teardown handlers of a module release (``_teardown_released``): the one rule the
teardown codemod's analysis and its gates ask. A module whose every resource its own teardown
handlers (or an app's next to it) already release is not parsed, and the codemod, gates
forced open, has nothing to say of it; without the handler, it is let through and acted on."""

from __future__ import annotations

import ast
import textwrap

import pytest

from flask_codemod.codemods._teardown_released import released_at_teardown
from gate_checks import lay_out, output_on_disk_with_gates_open, project_gate_on_disk


def _released(source: str, names=()) -> set:
    return set(released_at_teardown(ast.parse(textwrap.dedent(source)), names))


@pytest.mark.parametrize(
    "source, expected",
    [
        (  # a decorated handler, flask.g spelled through the module
            """
            import flask
            app = flask.Flask(__name__)
            @app.teardown_appcontext
            def teardown(error):
                if hasattr(flask.g, "db"):
                    flask.g.db.close()
            """,
            {("g", "db")},
        ),
        (  # registered by a call in a factory; what a helper it calls closes
            """
            from flask import Flask, g
            def close_db(e=None):
                db = g.pop("db", None)
                if db is not None:
                    db.close()
            def shutdown(exception=None):
                close_db()
            def create_app():
                app = Flask(__name__)
                app.teardown_request(shutdown)
                return app
            """,
            {("g", "db")},
        ),
        (  # a method registered in init_app, popping and handing the connection to the object
            """
            from flask import g
            class Database:
                def init_app(self, app):
                    app.teardown_appcontext(self.teardown_db)
                def teardown_db(self, exc):
                    db = g.pop("db", None)
                    if db is not None:
                        self.close(db)
            """,
            {("g", "db")},
        ),
        (  # a getter of the module, and a teardown signal
            """
            from flask import g, appcontext_tearing_down
            def get_db():
                return getattr(g, "_database", None)
            @appcontext_tearing_down.connect_via(object())
            def close(sender, **extra):
                if get_db() is not None:
                    get_db().close()
            """,
            {("g", "_database")},
        ),
        (  # ``g`` here is the handler's own parameter, not flask.g; nothing is registered
            """
            from flask import Flask, g
            app = Flask(__name__)
            @app.teardown_appcontext
            def teardown(g):
                g.db.close()
            def not_registered(e=None):
                g.cache.close()
            """,
            set(),
        ),
        (  # the module's own scoped session
            """
            from flask import Flask
            from sqlalchemy.orm import scoped_session, sessionmaker
            db_session = scoped_session(sessionmaker())
            app = Flask(__name__)
            @app.teardown_appcontext
            def shutdown_session(exception=None):
                db_session.remove()
            """,
            {("session", "db_session")},
        ),
    ],
    ids=["decorated", "called-in-factory", "method", "getter-and-signal", "not-flask-g", "own-session"],
)
def test_what_teardown_handlers_release(source, expected):
    assert _released(source) == expected


def test_sessions_of_other_modules_are_released_by_the_names_given():
    source = """
        import database
        from flask import Flask
        from database import db_session
        app = Flask(__name__)
        @app.teardown_appcontext
        def shutdown_session(exception=None):
            db_session.remove()
            database.Session.remove()
        """
    assert _released(source) == set()
    assert _released(source, ["db_session", "Session"]) == {("session", "db_session"), ("session", "Session")}


# -- the gates: what is released at teardown is not parsed --------------------------------------------------

NAME = "teardown"
GETTER_APP = """\
import sqlite3
from flask import Flask, g

app = Flask(__name__)


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect("x.db")
    return g.db
"""
CLOSING = """

@app.teardown_request
def teardown_request(exception):
    g.db.close()
"""


@pytest.mark.parametrize("closed", [True, False], ids=["closed-at-teardown", "left-open"])
def test_a_connection_its_own_handler_closes_is_not_parsed(tmp_path, closed):
    folder = lay_out(tmp_path, {"server.py": GETTER_APP + (CLOSING if closed else "")})
    assert project_gate_on_disk(NAME, folder, "server.py") is not closed
    assert (output_on_disk_with_gates_open(NAME, folder, "server.py") == []) is closed


DATABASE = (
    "from sqlalchemy import create_engine\nfrom sqlalchemy.orm import scoped_session, sessionmaker\n\n"
    "engine = create_engine('sqlite://')\ndb_session = scoped_session(sessionmaker(bind=engine))\n"
)
API = "from flask import Flask\nfrom database import db_session\n\napp = Flask(__name__)\n"
REMOVING = "\n\n@app.teardown_appcontext\ndef shutdown_session(exception=None):\n    db_session.remove()\n"


@pytest.mark.parametrize("removed", [True, False], ids=["removed-at-teardown", "left-open"])
def test_an_app_that_removes_the_session_it_imports_is_not_parsed(tmp_path, removed):
    # (api.py is no file an app is looked for in: only the app module can release it)
    folder = lay_out(tmp_path, {"example/api.py": API + (REMOVING if removed else ""), "example/database.py": DATABASE})
    assert project_gate_on_disk(NAME, folder, "example/api.py") is not removed
    assert (output_on_disk_with_gates_open(NAME, folder, "example/api.py") == []) is removed


FACTORY = """\
import flask
from shop.db import Session


def create(config=None):
    app = flask.Flask(__name__)
    app.teardown_request(shutdown_session)
    return app


def shutdown_session(exception=None):
    Session.remove()
"""


@pytest.mark.parametrize("registered", [True, False], ids=["registered", "not-registered"])
def test_a_session_an_app_next_to_it_removes_by_a_registering_call_is_not_parsed(tmp_path, registered):
    meta = "from sqlalchemy.orm import scoped_session, sessionmaker\n\nSession = scoped_session(sessionmaker())\n"
    factory = FACTORY if registered else FACTORY.replace("    app.teardown_request(shutdown_session)\n", "")
    files = {"shop/__init__.py": "", "shop/app.py": factory, "shop/db/__init__.py": "from .meta import Session\n", "shop/db/meta.py": meta}
    folder = lay_out(tmp_path, files)
    assert project_gate_on_disk(NAME, folder, "shop/app.py") is not registered
    assert (output_on_disk_with_gates_open(NAME, folder, "shop/app.py") == []) is registered
    assert not project_gate_on_disk(NAME, folder, "shop/db/meta.py")  # (the app releases it, or registers nothing)
    assert output_on_disk_with_gates_open(NAME, folder, "shop/db/meta.py") == []
