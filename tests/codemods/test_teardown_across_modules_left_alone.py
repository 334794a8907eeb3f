"""teardown across the modules of a project, on layouts that already release the resource (a
teardown handler in another module, the tutorial's ``init_app`` registration, Flask-SQLAlchemy,
the documentation's layout with its handler): the real command line leaves them byte-identical."""

from __future__ import annotations

import textwrap

import pytest

from helpers import is_closed, write_package
from teardown_projects import BLUEPRINTS, BOOKSHOP, importer, run_teardown, snapshot  # noqa: F401  (importer: a fixture)


TEARDOWN_IN_ANOTHER_MODULE = {
    **{name: BLUEPRINTS[name] for name in ("db.py", "auth.py", "blog.py")},
    "hooks.py": """\
        from flask import g


        def init_app(app):
            @app.teardown_appcontext
            def close_db(exception=None):
                db = g.pop("db", None)
                if db is not None:
                    db.close()
        """,
    "__init__.py": """\
        from flask import Flask


        def create_app():
            app = Flask(__name__)
            app.config.from_mapping(DATABASE=":memory:")

            from . import auth, blog, hooks

            hooks.init_app(app)
            app.register_blueprint(auth.bp)
            app.register_blueprint(blog.bp)
            return app
        """,
}

TUTORIAL_INIT_APP = {
    "db.py": """\
        import sqlite3

        import click
        from flask import current_app, g


        def get_db():
            if "db" not in g:
                g.db = sqlite3.connect(current_app.config["DATABASE"])
            return g.db


        def close_db(e=None):
            db = g.pop("db", None)
            if db is not None:
                db.close()


        @click.command("init-db")
        def init_db_command():
            get_db().execute("CREATE TABLE IF NOT EXISTS post (body TEXT)")
            click.echo("Initialized the database.")


        def init_app(app):
            app.teardown_appcontext(close_db)
            app.cli.add_command(init_db_command)
        """,
    "blog.py": BLUEPRINTS["blog.py"],
    "__init__.py": """\
        from flask import Flask


        def create_app():
            app = Flask(__name__)
            app.config.from_mapping(DATABASE=":memory:")

            from . import blog, db

            db.init_app(app)
            app.register_blueprint(blog.bp)
            return app
        """,
}

FLASK_SQLALCHEMY = {
    "extensions.py": """\
        from flask_sqlalchemy import SQLAlchemy

        db = SQLAlchemy()
        """,
    "models.py": """\
        from .extensions import db


        class Note(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            body = db.Column(db.String(200))
        """,
    "views.py": """\
        from flask import Blueprint

        from .extensions import db
        from .models import Note

        bp = Blueprint("notes", __name__)


        @bp.post("/notes")
        def add_note():
            db.session.add(Note(body="hello"))
            db.session.commit()
            return "ok"
        """,
    "__init__.py": """\
        from flask import Flask

        from .extensions import db


        def create_app():
            app = Flask(__name__)
            app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
            db.init_app(app)

            from . import views

            app.register_blueprint(views.bp)
            return app
        """,
}

DOCUMENTATION_LAYOUT_HANDLED = {
    **{name: BOOKSHOP[name] for name in ("database.py", "models.py", "__init__.py")},
    "app.py": textwrap.dedent(BOOKSHOP["app.py"]).replace(
        "init_db()\n",
        "init_db()\n\n\n@app.teardown_appcontext\ndef shutdown_session(exception=None):\n    db_session.remove()\n",
    ),
}

# Maraschino's shape (2012): the handler imports the session itself, in its body
HANDLER_IMPORTS_THE_SESSION = {
    **{name: BOOKSHOP[name] for name in ("database.py", "models.py", "__init__.py")},
    "app.py": """\
        from flask import Flask

        from {PKG}.database import init_db
        from {PKG}.models import Book

        app = Flask(__name__)
        init_db()


        @app.teardown_request
        def shutdown_session(exception=None):
            from {PKG}.database import db_session as session
            session.remove()


        @app.get("/books")
        def books():
            return ", ".join(book.title for book in Book.query.order_by(Book.title))
        """,
}


@pytest.mark.parametrize(
    "files",
    [TEARDOWN_IN_ANOTHER_MODULE, TUTORIAL_INIT_APP, FLASK_SQLALCHEMY, DOCUMENTATION_LAYOUT_HANDLED, HANDLER_IMPORTS_THE_SESSION],
    ids=["teardown_in_another_module", "tutorial_init_app", "flask_sqlalchemy", "documentation_layout_handled", "handler_imports_the_session"],
)
def test_already_handled_layouts_come_out_byte_identical(tmp_path, files):
    write_package(tmp_path, files)
    before = snapshot(tmp_path)
    stderr = run_teardown(tmp_path)
    assert snapshot(tmp_path) == before
    assert "0 changed" in stderr and "0 findings" in stderr


def test_the_handler_in_another_module_does_close(tmp_path, importer, opened):
    """The layout left alone above is right to be: its handler closes every connection."""
    name = write_package(tmp_path, TEARDOWN_IN_ANOTHER_MODULE)
    app = importer(name).create_app()
    for path in ("/", "/auth/check"):
        assert app.test_client().get(path).status_code == 200
    assert len(opened) == 2 and all(is_closed(c) for c in opened)


def test_the_handler_that_imports_the_session_removes_it(tmp_path, importer):
    """The layout left alone above is right to be: its handler removes the session."""
    name = write_package(tmp_path, HANDLER_IMPORTS_THE_SESSION)
    app = importer(name, "app").app
    database = importer(name, "database")
    removed = []
    registry = database.db_session
    original = registry.remove
    registry.remove = lambda: (removed.append(1), original())[1]
    assert app.test_client().get("/books").status_code == 200
    assert removed == [1]
