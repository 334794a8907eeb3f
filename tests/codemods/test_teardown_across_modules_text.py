"""teardown across the modules of a project, through the engine's pure core (the other
modules given as files): the text it writes and the findings it gives, and the pooled and
shared connections it never closes per request."""

from __future__ import annotations

import textwrap

import pytest

from helpers import finding_messages, run_codemods
from teardown_support import getter, getter_module


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
        text = "from setuptools import setup\n" + source if path == "setup.py" else source  # a packaging script
        result = across(text, path, {})
        assert result.new_text == text and result.findings == [], path
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
