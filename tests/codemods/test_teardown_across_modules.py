"""Acceptance of issue 21: teardown follows a resource across the modules of a project.

Each test writes a small multi-module app of its own into a temporary folder, runs the real
command line on it (``flask-codemod apply --select teardown``), imports the result and
drives it with the Flask test client:

- the Flask documentation's "SQLAlchemy in Flask" layout (``database.py`` with an engine and
  a ``scoped_session``, ``models.py``, the app importing ``db_session``): after the rewrite a
  request that writes through ``db_session`` leaves no session registered (the scoped
  session's registry is empty), and the data is committed as before;
- a ``db.py`` getter keeping a connection on ``g``, used by two blueprints of an app factory:
  every connection opened during a request is closed after it, by one handler;
- layouts that already release the resource (a teardown handler in another module, the
  tutorial's ``init_app`` registration, Flask-SQLAlchemy) come out byte-identical.
"""

from __future__ import annotations

import glob
import os
import sqlite3
import sys
import textwrap

import pytest
from typer.testing import CliRunner

from flask_codemod.cli import app as cli
from helpers import finding_messages, forget_packages, import_package, is_closed, run_codemods, write_package
from teardown_support import getter, getter_module

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


def committed_titles(package_folder) -> list[str]:
    """The titles in the app's database file, read with a connection of our own."""
    connection = sqlite3.connect(os.path.join(package_folder, "books.db"))
    try:
        return [row[0] for row in connection.execute("SELECT title FROM books ORDER BY title")]
    finally:
        connection.close()


def test_documentation_layout_gets_one_handler_that_removes_the_session(tmp_path, importer):
    original = write_package(tmp_path / "original", BOOKSHOP)
    rewritten_root = tmp_path / "rewritten"
    rewritten = write_package(rewritten_root, BOOKSHOP)
    untouched = {k: v for k, v in snapshot(rewritten_root).items() if not k.endswith("app.py")}
    run_teardown(rewritten_root)

    app_text = (rewritten_root / rewritten / "app.py").read_text(encoding="utf-8")
    assert "@app.teardown_appcontext\ndef shutdown_session(exception=None):\n    db_session.remove()\n" in app_text
    assert handlers_in(rewritten_root) == 1
    assert {k: v for k, v in snapshot(rewritten_root).items() if not k.endswith("app.py")} == untouched

    # the original leaves the request's session registered
    sys.path.insert(0, str(tmp_path / "original"))
    try:
        before = importer(original, "app")
        before_session = importer(original, "database").db_session
        assert before.app.test_client().post("/books", data={"title": "Dune"}).status_code == 201
        assert before_session.registry.has(), "the original app should keep its session"
        before_session.remove()
    finally:
        sys.path.remove(str(tmp_path / "original"))

    # the rewritten one removes it after every request, and commits the same data
    sys.path.insert(0, str(rewritten_root))
    try:
        after = importer(rewritten, "app")
        after_session = importer(rewritten, "database").db_session
        client = after.app.test_client()
        assert client.post("/books", data={"title": "Dune"}).status_code == 201
        assert not after_session.registry.has()
        assert client.post("/books", data={"title": "Emma"}).status_code == 201
        assert not after_session.registry.has()
        assert client.get("/books").get_data(as_text=True) == "Dune, Emma"
        assert not after_session.registry.has()
    finally:
        sys.path.remove(str(rewritten_root))
    assert committed_titles(tmp_path / "original" / original) == ["Dune"]
    assert committed_titles(rewritten_root / rewritten) == ["Dune", "Emma"]


def test_documentation_layout_run_twice_changes_nothing_more(tmp_path):
    write_package(tmp_path, BOOKSHOP)
    run_teardown(tmp_path)
    once = snapshot(tmp_path)
    run_teardown(tmp_path)
    assert snapshot(tmp_path) == once


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


def test_getter_used_by_two_blueprints_gets_one_handler_on_the_app(tmp_path, importer, opened):
    original = write_package(tmp_path, BLUEPRINTS)
    rewritten = write_package(tmp_path / "out", BLUEPRINTS)
    stderr = run_teardown(tmp_path / "out")
    assert "1 changed" in stderr and "0 findings" in stderr
    assert handlers_in(tmp_path / "out") == 1
    init = (tmp_path / "out" / rewritten / "__init__.py").read_text(encoding="utf-8")
    assert "    app.teardown_appcontext(close_db)\n" in init
    assert init.startswith("from flask import Flask, g\n")

    before = importer(original).create_app()
    before.config["PROPAGATE_EXCEPTIONS"] = False
    before.logger.disabled = True
    assert before.test_client().get("/").status_code == 200
    assert opened and not any(is_closed(c) for c in opened), "the original app should leak"
    opened.clear()

    sys.path.insert(0, str(tmp_path / "out"))
    try:
        after = importer(rewritten).create_app()
    finally:
        sys.path.remove(str(tmp_path / "out"))
    after.logger.disabled = True
    client = after.test_client()
    for path, status in (("/", 200), ("/auth/check", 200), ("/auth/boom", 500)):
        after.config["PROPAGATE_EXCEPTIONS"] = False
        assert client.get(path).status_code == status
        assert len(opened) == 1 and is_closed(opened[0]), path
        opened.clear()
    after.config["PROPAGATE_EXCEPTIONS"] = True
    with pytest.raises(ZeroDivisionError):
        client.get("/auth/boom")
    assert len(opened) == 1 and is_closed(opened[0])


# ---------------------------------------------------------------------------------------------
# layouts that already release the resource: byte-identical

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


@pytest.mark.parametrize(
    "files",
    [TEARDOWN_IN_ANOTHER_MODULE, TUTORIAL_INIT_APP, FLASK_SQLALCHEMY, DOCUMENTATION_LAYOUT_HANDLED],
    ids=["teardown_in_another_module", "tutorial_init_app", "flask_sqlalchemy", "documentation_layout_handled"],
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


# ---------------------------------------------------------------------------------------------
# text and findings, through the engine's pure core (other modules given as files)

DATABASE = """\
    from sqlalchemy import create_engine
    from sqlalchemy.orm import scoped_session, sessionmaker

    engine = create_engine("sqlite://")
    db_session = scoped_session(sessionmaker(bind=engine))
    """


def across(source: str, path: str, files: dict[str, str]):
    return run_codemods(source, "teardown", path=path, files={k: textwrap.dedent(v) for k, v in files.items()})


def test_module_import_spells_the_session_through_the_module():
    source = """\
        from flask import Flask

        import database

        app = Flask(__name__)
        """
    after = across(source, "app.py", {"database.py": DATABASE}).new_text
    assert after.endswith("@app.teardown_appcontext\ndef shutdown_session(exception=None):\n    database.db_session.remove()\n")


def test_missing_name_joins_the_existing_import_of_that_module():
    source = """\
        from flask import Flask

        from .database import engine

        app = Flask(__name__)
        """
    after = across(source, "pkg/app.py", {"database.py": DATABASE}).new_text
    assert "from .database import engine, db_session\n" in after
    assert after.endswith("def shutdown_session(exception=None):\n    db_session.remove()\n")


def test_aliased_session_is_released_under_its_alias_and_counts_when_removed():
    source = """\
        from flask import Flask

        from database import db_session as session

        app = Flask(__name__)
        """
    after = across(source, "app.py", {"database.py": DATABASE}).new_text
    assert after.endswith("def shutdown_session(exception=None):\n    session.remove()\n")
    again = across(after, "app.py", {"database.py": DATABASE})
    assert again.new_text == after and again.findings == []


def test_a_name_taken_here_is_a_finding_not_an_import():
    source = """\
        from flask import Flask

        from .models import User

        db_session = None
        app = Flask(__name__)
        """
    models = "from .database import db_session\n\nclass User:\n    query = db_session.query_property()\n"
    result = across(source, "pkg/app.py", {"models.py": models, "database.py": DATABASE})
    assert result.new_text == textwrap.dedent(source)
    (message,) = finding_messages(result)
    assert message.startswith("3: teardown: the scoped session db_session of database.py is never remove()d")


def test_resource_module_alone_is_silent_without_flask_and_names_several_apps():
    database = textwrap.dedent(DATABASE)
    app = "from flask import Flask\nfrom .database import db_session\n\napp = Flask(__name__)\n"
    admin = "from flask import Flask\nfrom . import database\n\nadmin = Flask('admin')\n"
    alone = across(database, "pkg/database.py", {})
    assert alone.new_text == database and alone.findings == []
    one = across(database, "pkg/database.py", {"app.py": app})
    assert one.new_text == database and one.findings == []
    several = across(database, "pkg/database.py", {"app.py": app, "wsgi.py": admin})
    assert several.new_text == database
    (message,) = finding_messages(several)
    assert "scoped_session db_session is never remove()d" in message
    assert "several apps import this module (app.py, wsgi.py)" in message
    # and neither app adds a handler of its own
    for name, text in (("app.py", app), ("wsgi.py", admin)):
        result = across(text, f"pkg/{name}", {"database.py": DATABASE, "app.py": app, "wsgi.py": admin})
        assert result.new_text == text and result.findings == []


def test_an_app_the_resource_module_cannot_see_says_so_when_another_app_uses_it():
    app = "from flask import Flask\nfrom .database import db_session\n\napp = Flask(__name__)\n"
    mine = "from flask import Flask\nfrom .database import db_session\n\nadmin = Flask('admin')\n"
    result = across(mine, "pkg/admin_site.py", {"database.py": DATABASE, "app.py": app})
    assert result.new_text == mine
    (message,) = finding_messages(result)
    assert "several apps import database.py (app.py, admin_site.py)" in message


def test_blueprint_helper_reached_two_imports_away():
    db = getter_module("shop.db")
    views = "from flask import Blueprint\nfrom .db import get_db\n\nbp = Blueprint('shop', __name__)\n"
    source = "from flask import Flask\n\nfrom .views import bp\n\napp = Flask(__name__)\napp.register_blueprint(bp)\n"
    after = across(source, "shop/__init__.py", {"views.py": views, "db.py": db}).new_text
    assert after.startswith("from flask import Flask, g\n")
    assert after.endswith(
        "app.register_blueprint(bp)\n\n\n@app.teardown_appcontext\ndef close_db(exception=None):\n"
        '    db = g.pop("db", None)\n    if db is not None:\n        db.close()\n'
    )
    # the db module itself stays silent: the app next to it releases the connection
    alone = across(db, "shop/db.py", {"__init__.py": source, "views.py": views})
    assert alone.new_text == textwrap.dedent(db) and alone.findings == []


def test_an_unregistered_closer_of_the_other_module_is_registered_not_duplicated():
    db = getter_module("shop.db") + textwrap.dedent(
        """
        def close_db(exception=None):
            db = g.pop("db", None)
            if db is not None:
                db.close()
        """
    )
    source = "from flask import Flask\n\nfrom .db import get_db\n\napp = Flask(__name__)\n"
    after = across(source, "shop/app.py", {"db.py": db}).new_text
    assert after == "from flask import Flask\n\nfrom .db import get_db, close_db\n\napp = Flask(__name__)\napp.teardown_appcontext(close_db)\n"


def test_test_code_and_setup_py_are_left_alone():
    source = "import sqlite3\nfrom flask import Flask, g\n\napp = Flask(__name__)\n\ndef get_db():\n    g.db = sqlite3.connect('x')\n    return g.db\n"
    for path in ("tests/app.py", "test_app.py", "app_test.py", "conftest.py", "setup.py"):
        result = across(source, path, {})
        assert result.new_text == source and result.findings == [], path
    assert "teardown_appcontext" in across(source, "app.py", {}).new_text


# ---------------------------------------------------------------------------------------------
# pooled and shared connections are never closed per request, across modules too

GETTER_VIEWS = """\
    from flask import Blueprint, g

    from .pool import get_connection

    bp = Blueprint("shop", __name__)


    @bp.route("/")
    def index():
        g.db = get_connection()
        return "ok"
    """


@pytest.mark.parametrize(
    "pool",
    [
        # a function handing out a connection of a psycopg2 pool
        "import psycopg2.pool\n\nPOOL = psycopg2.pool.SimpleConnectionPool(1, 5, dsn='x')\n\n"
        "def get_connection():\n    return POOL.getconn()\n",
        # a pool of the catalogue, named like nothing in particular
        "from mysql.connector.pooling import MySQLConnectionPool\n\nshared = MySQLConnectionPool(pool_size=3)\n\n"
        "def get_connection():\n    return shared.get_connection()\n",
        # a manager object that hands out pooled connections
        "class Database:\n    def __init__(self):\n        self._pool = make_pool()\n\n"
        "    def get_connection(self):\n        return self._pool.get_connection()\n\n\ndb = Database()\n"
        "get_connection = db.get_connection\n",
        # one connection shared by every request
        "import sqlite3\n\nSHARED = sqlite3.connect('x.db', check_same_thread=False)\n\n"
        "def get_connection():\n    return SHARED\n",
    ],
    ids=["psycopg2_pool", "catalogue_pool", "manager", "shared"],
)
def test_pooled_or_shared_connection_from_another_module_is_not_closed(pool):
    result = across(GETTER_VIEWS, "shop/views.py", {"pool.py": pool})
    assert result.new_text == textwrap.dedent(GETTER_VIEWS) and result.findings == []


def test_without_the_other_module_a_connect_named_getter_still_counts():
    """The module the getter comes from cannot be read: its name is all there is."""
    after = across(GETTER_VIEWS, "shop/views.py", {}).new_text
    assert "@bp.teardown_app_request\ndef close_db(exception=None):" in after


def test_manager_method_on_an_imported_instance_is_followed():
    views = """\
        from flask import Blueprint, g

        from .database import db

        bp = Blueprint("shop", __name__)


        @bp.route("/")
        def index():
            g.conn = db.get_connection()
            return "ok"
        """
    manager = "class Database:\n    def get_connection(self):\n        return self.connections.get_connection()\n\n\ndb = Database()\n"
    pooled = manager.replace("self.connections", "self.pool")
    assert across(views, "shop/views.py", {"database.py": pooled}).new_text == textwrap.dedent(views)
    opening = "import sqlite3\n\nclass Database:\n    def get_connection(self):\n        return sqlite3.connect('x')\n\n\ndb = Database()\n"
    assert "def close_conn(exception=None):" in across(views, "shop/views.py", {"database.py": opening}).new_text


def test_imported_function_returning_a_new_connection_is_one():
    views = GETTER_VIEWS.replace("get_connection", "open_database")
    factory = "import sqlite3\n\ndef open_database():\n    return sqlite3.connect('shop.db')\n"
    after = across(views, "shop/views.py", {"pool.py": factory}).new_text
    assert "@bp.teardown_app_request\ndef close_db(exception=None):" in after


def test_names_imported_for_two_modules_collide_with_nothing():
    """Two modules each with a close_db() nothing registers: the first is imported and
    registered; the second's would hide it, so it is reported; the new handler for a third
    module's connection is not named close_db either."""
    closer = """\
        import sqlite3
        from flask import g

        def get_{attr}():
            if "{attr}" not in g:
                g.{attr} = sqlite3.connect("{attr}.db")
            return g.{attr}

        def close_db(exception=None):
            conn = g.pop("{attr}", None)
            if conn is not None:
                conn.close()
        """
    getter = "import sqlite3\nfrom flask import g\n\ndef get_db():\n    g.db = sqlite3.connect('c.db')\n    return g.db\n"
    files = {"orders.py": closer.format(attr="orders"), "stock.py": closer.format(attr="stock"), "cache.py": getter}
    source = "from flask import Flask\n\nfrom . import cache\nfrom .orders import get_orders\nfrom .stock import get_stock\n\napp = Flask(__name__)\n"
    result = across(source, "shop/app.py", files)
    after = result.new_text
    assert after.count("close_db") == 2  # imported once, registered once
    assert "from .orders import get_orders, close_db\n" in after and "app.teardown_appcontext(close_db)\n" in after
    assert "def close_connection(exception=None):\n    db = g.pop(\"db\", None)" in after
    (message,) = finding_messages(result)
    assert message.startswith("5: teardown: close_db() of stock.py closes g.stock")
    compile(after, "app.py", "exec")


def test_a_getter_whose_factory_is_a_method_of_an_imported_object():
    """The getter's module names no connect at all: its gate and the app's view of it still
    see the resource (a method of an object of another module that opens one)."""
    db = "from flask import g\n\nfrom .database import manager\n\n" + getter("manager.open()")
    database = "import sqlite3\n\nclass Manager:\n    def open(self):\n        return sqlite3.connect('x.db')\n\n\nmanager = Manager()\n"
    views = "from flask import Blueprint\nfrom .db import get_db\n\nbp = Blueprint('shop', __name__)\n"
    app = "from flask import Flask\n\nfrom .views import bp\n\napp = Flask(__name__)\napp.register_blueprint(bp)\n"
    from gate_checks import accepts

    assert accepts("teardown", db, "shop/db.py")
    files = {"database.py": database, "db.py": db, "views.py": views, "__init__.py": app}
    after = across(app, "shop/__init__.py", files).new_text
    assert 'def close_db(exception=None):\n    db = g.pop("db", None)' in after
    alone = across(db, "shop/db.py", files)
    assert alone.new_text == textwrap.dedent(db) and alone.findings == []


def test_the_handler_never_splits_a_comment_from_what_it_documents():
    db = "import sqlite3\nfrom flask import g\n\ndef get_db():\n    g.db = sqlite3.connect('x')\n    return g.db\n"
    source = """\
        from flask import Flask

        from .db import get_db
        # the application factory: one app per test
        def create_app():
            # the app itself
            app = Flask(__name__)
            # its settings
            app.config["NAME"] = "shop"

            @app.route("/")
            def index():
                return str(get_db())

            return app
        """
    after = across(source, "shop/__init__.py", {"db.py": db}).new_text
    assert "# the application factory: one app per test\ndef create_app():\n    # the app itself\n" in after
    assert '    # its settings\n    app.config["NAME"] = "shop"\n    app.teardown_appcontext(close_db)\n' in after
    assert after.index("def close_db(") < after.index("# the application factory")
