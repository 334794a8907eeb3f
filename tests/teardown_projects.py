"""Multi-module apps teardown's tests run the real command line on, and the helpers that lay
them out, run the command and import the result: the Flask documentation's "SQLAlchemy in
Flask" layout, and an app factory whose two blueprints share a ``db.py`` getter on ``g``."""

from __future__ import annotations

import glob
import os

import pytest
from typer.testing import CliRunner

from flask_codemod.cli import app as cli
from helpers import forget_packages, import_package


HANDLERS = ("teardown_appcontext", "teardown_request", "teardown_app_request")


def snapshot(root) -> dict[str, bytes]:
    return {
        os.path.relpath(path, root): open(path, "rb").read()
        for path in glob.glob(os.path.join(root, "**", "*.py"), recursive=True)
    }


def run_teardown(root) -> str:
    """``flask-codemod apply --select teardown ROOT`` (writes); returns what it printed."""
    result = CliRunner().invoke(cli, ["apply", "--no-cache", "--select", "teardown", "-j", "1", str(root)])
    assert result.exit_code == 0, result.output
    return result.stderr


@pytest.fixture
def importer(tmp_path, monkeypatch):
    """``importer(name)`` imports the package ``name`` written under tmp_path."""
    monkeypatch.syspath_prepend(str(tmp_path))
    loaded: list[str] = []

    def load(name: str, module: str = ""):
        loaded.append(name)
        return import_package(name, module)

    yield load
    forget_packages(loaded)


def handlers_in(root) -> int:
    """Teardown registrations (decorators and calls) in every module under ``root``."""
    texts = [open(path, encoding="utf-8").read() for path in glob.glob(os.path.join(root, "**", "*.py"), recursive=True)]
    return sum(text.count(f".{hook}") for text in texts for hook in HANDLERS)


# ---------------------------------------------------------------------------------------------
# the documentation's "SQLAlchemy in Flask" layout: database.py, models.py, the app

BOOKSHOP = {
    "database.py": """\
        import os

        from sqlalchemy import create_engine
        from sqlalchemy.orm import declarative_base, scoped_session, sessionmaker

        engine = create_engine("sqlite:///" + os.path.join(os.path.dirname(__file__), "books.db"))
        db_session = scoped_session(sessionmaker(autocommit=False, autoflush=False, bind=engine))
        Base = declarative_base()
        Base.query = db_session.query_property()


        def init_db():
            # the models must be imported before the tables are created
            import {PKG}.models  # noqa: F401

            Base.metadata.create_all(bind=engine)
        """,
    "models.py": """\
        from sqlalchemy import Column, Integer, String

        from {PKG}.database import Base


        class Book(Base):
            __tablename__ = "books"
            id = Column(Integer, primary_key=True)
            title = Column(String(120), unique=True)
        """,
    "app.py": """\
        from flask import Flask, request

        from {PKG}.database import db_session, init_db
        from {PKG}.models import Book

        app = Flask(__name__)
        init_db()


        @app.post("/books")
        def add_book():
            db_session.add(Book(title=request.form["title"]))
            db_session.commit()
            return "added", 201


        @app.get("/books")
        def books():
            return ", ".join(book.title for book in Book.query.order_by(Book.title))
        """,
    "__init__.py": "",
}


# ---------------------------------------------------------------------------------------------
# a db.py getter on g, used by two blueprints of an app factory

BLUEPRINTS = {
    "db.py": """\
        import sqlite3

        from flask import current_app, g


        def get_db():
            if "db" not in g:
                g.db = sqlite3.connect(current_app.config["DATABASE"])
            return g.db
        """,
    "auth.py": """\
        from flask import Blueprint

        from .db import get_db

        bp = Blueprint("auth", __name__, url_prefix="/auth")


        @bp.route("/check")
        def check():
            return str(get_db().execute("SELECT 1").fetchone()[0])


        @bp.route("/boom")
        def boom():
            get_db()
            return 1 / 0
        """,
    "blog.py": """\
        from flask import Blueprint

        from {PKG}.db import get_db

        bp = Blueprint("blog", __name__)


        @bp.route("/")
        def index():
            return str(get_db().execute("SELECT 2").fetchone()[0])
        """,
    "__init__.py": """\
        from flask import Flask


        def create_app():
            # one app per test; the database lives in memory
            app = Flask(__name__)
            app.config.from_mapping(DATABASE=":memory:")

            from . import auth, blog

            app.register_blueprint(auth.bp)
            app.register_blueprint(blog.bp)
            return app
        """,
}
