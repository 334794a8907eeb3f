"""The ``teardown`` codemod: behaviour with the Flask test client, then text and findings.

Behaviour tests load the original and the rewritten app from strings (each under a fresh
module name), make requests, and look at every sqlite3 connection opened meanwhile: executing
on a closed sqlite3 connection raises ProgrammingError. Scoped sessions are checked through
their registry (``registry.has()`` is False once ``remove()`` ran).
"""

from __future__ import annotations

import textwrap

import pytest
from typer.testing import CliRunner

from flask_codemod.cli import app as cli
from helpers import REPO, assert_left_alone, assert_refused, finding_messages, forget_packages, import_package, is_closed, rewrite, run_codemods, write_package
from teardown_support import getter, getter_module

# ---------------------------------------------------------------------------------------------
# loading apps from strings


@pytest.fixture
def loader(tmp_path, monkeypatch):
    """``loader({"app.py": source, ...})`` writes a package under a unique name and imports
    its ``entry`` module (default ``app``). Files the app opens land in tmp_path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    loaded: list[str] = []

    def load(files: dict[str, str], entry: str = "app"):
        package = write_package(tmp_path, {"__init__.py": "", **files})
        loaded.append(package)
        return import_package(package, entry if entry != "__init__" else "")

    yield load
    forget_packages(loaded)


def get(app, path: str, *, propagate: bool = False) -> int | None:
    """Status code of GET ``path``; None when the view's exception propagated."""
    app.config["PROPAGATE_EXCEPTIONS"] = propagate
    app.logger.disabled = True
    try:
        return app.test_client().get(path).status_code
    except ZeroDivisionError:
        return None


def teardown(source: str, **kwargs) -> str:
    return rewrite(source, "teardown", **kwargs)


def assert_leaks_then_closes(before_app, after_app, opened: list, path: str = "/", raising: str = "/boom") -> None:
    """The original app leaves its connection open; the rewritten one closes every
    connection, on a normal request and when the view raises (propagating or not)."""
    assert get(before_app, path) == 200
    assert opened and not any(is_closed(c) for c in opened), "the original app should leak"
    opened.clear()
    assert get(after_app, path) == 200
    assert len(opened) == 1 and all(is_closed(c) for c in opened)
    opened.clear()
    for propagate in (False, True):
        status = get(after_app, raising, propagate=propagate)
        assert status == (None if propagate else 500)
        assert opened and all(is_closed(c) for c in opened)
        opened.clear()


# ---------------------------------------------------------------------------------------------
# behaviour: one test per layout

def views(getter: str, owner: str = "app", indent: str = "", index: str = "index") -> str:
    """The two views ``assert_leaks_then_closes`` requests, on ``owner`` (an app or a
    blueprint): "/" (the function ``index``) reads through ``getter`` (``get_db()``), "/boom"
    calls it and raises. Indented by ``indent`` (in a factory: one blank line between them,
    else two)."""
    gap = "\n" if indent else "\n\n"
    text = (
        f'@{owner}.route("/")\ndef {index}():\n    return str({getter}.execute("SELECT 1").fetchone()[0])\n{gap}'
        f'@{owner}.route("/boom")\ndef boom():\n    {getter}\n    return 1 / 0\n'
    )
    return "".join(indent + line if line.strip() else line for line in text.splitlines(True))


SINGLE_MODULE = (
    """\
import sqlite3

from flask import Flask, g

app = Flask(__name__)
app.config["DATABASE"] = ":memory:"


def get_db():
    db = getattr(g, "_database", None)
    if db is None:
        db = g._database = sqlite3.connect(app.config["DATABASE"])
    return db


"""
    + views("get_db()")
)


def test_single_module_app_closes_the_connection(loader, opened):
    after = teardown(SINGLE_MODULE)
    assert "@app.teardown_appcontext\ndef close_database(exception=None):" in after
    assert after.index("@app.teardown_appcontext") > after.index("def get_db")
    before_app = loader({"app.py": SINGLE_MODULE}).app
    after_app = loader({"app.py": after}).app
    assert_leaks_then_closes(before_app, after_app, opened)


def test_handler_comes_after_the_app_when_the_getter_is_above_it(loader, opened):
    source = (
        textwrap.dedent(
            """\
        import sqlite3

        import flask


        def get_db():
            if "db" not in flask.g:
                flask.g.db = sqlite3.connect(":memory:")
            return flask.g.db


        app = flask.Flask(__name__)
        app.config["NAME"] = "notes"


        """
        )
        + views("get_db()")
    )
    after = teardown(source)
    positions = [after.index(text) for text in ("app = flask.Flask", 'app.config["NAME"]', "@app.teardown_appcontext")]
    assert positions == sorted(positions)
    assert 'db = flask.g.pop("db", None)' in after
    assert_leaks_then_closes(loader({"app.py": source}).app, loader({"app.py": after}).app, opened)


TUTORIAL_FACTORY = (
    """\
from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config["DATABASE"] = ":memory:"
    from . import db

    db.init_app(app)

"""
    + views("db.get_db()", indent="    ")
    + """\

    return app
"""
)


def _sample(name: str) -> str:
    with open(f"{REPO}/samples/teardown/{name}", encoding="utf-8") as handle:
        return handle.read()


def test_tutorial_init_app_layout_registers_in_init_app(loader, opened):
    db_before = _sample("tutorial_init_app.before.py")
    db_after = teardown(db_before, path="db.py", files={"__init__.py": TUTORIAL_FACTORY})
    assert "    app.teardown_appcontext(close_db)\n" in db_after
    before_app = loader({"__init__.py": TUTORIAL_FACTORY, "db.py": db_before}, "__init__").create_app()
    after_app = loader({"__init__.py": TUTORIAL_FACTORY, "db.py": db_after}, "__init__").create_app()
    assert_leaks_then_closes(before_app, after_app, opened)


def test_unregistered_close_db_gets_registered_not_duplicated(loader, opened):
    db_before = _sample("tutorial_unregistered_close_db.before.py")
    db_after = teardown(db_before, path="db.py")
    assert db_after.count("def close_db") == 1
    assert "app.teardown_appcontext(close_db)\n    return app" in db_after
    before_app = loader({"__init__.py": TUTORIAL_FACTORY, "db.py": db_before}, "__init__").create_app()
    after_app = loader({"__init__.py": TUTORIAL_FACTORY, "db.py": db_after}, "__init__").create_app()
    assert_leaks_then_closes(before_app, after_app, opened)


BLUEPRINT_VIEWS = (
    """\
import sqlite3

from flask import Blueprint, g

shop_bp = Blueprint("shop", __name__)


def get_conn():
    if "conn" not in g:
        g.conn = sqlite3.connect(":memory:")
    return g.conn


"""
    + views("get_conn()", "shop_bp", index="catalogue")
)

BLUEPRINT_APP = """\
from flask import Flask

from .views import shop_bp

app = Flask(__name__)
app.register_blueprint(shop_bp)
"""


def test_blueprint_module_gets_teardown_app_request(loader, opened):
    views_after = teardown(BLUEPRINT_VIEWS, path="views.py", files={"app.py": BLUEPRINT_APP})
    assert "@shop_bp.teardown_app_request\ndef close_conn(exception=None):" in views_after
    before_app = loader({"app.py": BLUEPRINT_APP, "views.py": BLUEPRINT_VIEWS}).app
    after_app = loader({"app.py": BLUEPRINT_APP, "views.py": views_after}).app
    assert_leaks_then_closes(before_app, after_app, opened)


APP_FACTORY = (
    """\
import sqlite3

from flask import Flask, g


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(":memory:")
    return g.db


def create_app():
    app = Flask(__name__)
    app.config["NAME"] = "blog"

"""
    + views("get_db()", indent="    ")
    + """\

    return app
"""
)


def test_app_factory_registers_inside_the_factory(loader, opened):
    after = teardown(APP_FACTORY)
    assert '    app.config["NAME"] = "blog"\n    app.teardown_appcontext(close_db)\n' in after
    assert "\ndef close_db(exception=None):" in after
    before_app = loader({"app.py": APP_FACTORY}).create_app()
    after_app = loader({"app.py": after}).create_app()
    assert_leaks_then_closes(before_app, after_app, opened)


SCOPED_SESSION = """\
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine("sqlite://")
db_session = scoped_session(sessionmaker(bind=engine))

app = Flask(__name__)


@app.route("/")
def index():
    return str(db_session.execute(text("SELECT 1")).scalar())


@app.route("/boom")
def boom():
    db_session.execute(text("SELECT 1"))
    return 1 / 0
"""


def test_scoped_session_is_removed_at_teardown(loader):
    after = teardown(SCOPED_SESSION)
    assert "def shutdown_session(exception=None):\n    db_session.remove()\n" in after
    before = loader({"app.py": SCOPED_SESSION})
    assert get(before.app, "/") == 200
    assert before.db_session.registry.has(), "the original app keeps its session"
    before.db_session.remove()
    rewritten = loader({"app.py": after})
    assert get(rewritten.app, "/") == 200
    assert not rewritten.db_session.registry.has()
    for propagate in (False, True):
        assert get(rewritten.app, "/boom", propagate=propagate) == (None if propagate else 500)
        assert not rewritten.db_session.registry.has()


AFTER_REQUEST = """\
import sqlite3

from flask import Flask, g

app = Flask(__name__)


@app.before_request
def open_db():
    g.db = sqlite3.connect(":memory:")


@app.after_request
def close_db(response):
    db = getattr(g, "db", None)
    if db is not None:
        db.close()
    return response


@app.route("/")
def index():
    return str(g.db.execute("SELECT 1").fetchone()[0])


@app.route("/boom")
def boom():
    return 1 / 0
"""


def test_after_request_closer_becomes_a_teardown_handler(loader, opened):
    after = teardown(AFTER_REQUEST)
    assert "@app.teardown_appcontext\ndef close_db(exception=None):" in after
    assert "after_request" not in after and "return response" not in after
    before_app = loader({"app.py": AFTER_REQUEST}).app
    # the original closes on a normal request, but not when the exception escapes
    assert get(before_app, "/") == 200 and all(is_closed(c) for c in opened)
    opened.clear()
    assert get(before_app, "/boom", propagate=True) is None
    assert len(opened) == 1 and not is_closed(opened[0])
    opened.clear()
    after_app = loader({"app.py": after}).app
    for path, propagate, status in (("/", False, 200), ("/boom", True, None), ("/boom", False, 500)):
        assert get(after_app, path, propagate=propagate) == status
        assert len(opened) == 1 and is_closed(opened[0])
        opened.clear()


def test_after_request_registered_by_call_on_a_blueprint(loader):
    source = """\
        from flask import Blueprint, Flask
        from sqlalchemy import create_engine, text
        from sqlalchemy.orm import scoped_session, sessionmaker

        Session = scoped_session(sessionmaker(bind=create_engine("sqlite://")))
        api = Blueprint("api", __name__)


        def cleanup(response):
            Session.remove()
            return response


        api.after_app_request(cleanup)


        @api.route("/boom")
        def boom():
            Session.execute(text("SELECT 1"))
            return 1 / 0


        app = Flask(__name__)
        app.register_blueprint(api)
        """
    after = teardown(source)
    assert "api.teardown_app_request(cleanup)" in after and "def cleanup(exception=None):" in after
    before = loader({"app.py": source})
    assert get(before.app, "/boom", propagate=True) is None
    assert before.Session.registry.has()
    before.Session.remove()
    rewritten = loader({"app.py": after})
    assert get(rewritten.app, "/boom", propagate=True) is None
    assert not rewritten.Session.registry.has()


def test_existing_close_db_function_keeps_working(loader, opened):
    source = _sample("existing_close_db_function.before.py")
    after = teardown(source)
    before = loader({"app.py": source})
    rewritten = loader({"app.py": after})
    # the module's own close_db is untouched and behaves the same
    assert "def close_connection(exception=None):" in after
    assert [before.close_db("a"), before.close_db("b")] == [rewritten.close_db("a"), rewritten.close_db("b")] == [1, 2]
    assert rewritten.AUDIT_LOG == before.AUDIT_LOG == ["closing a", "closing b"]
    assert get(before.app, "/audit") == 200 and not is_closed(opened[-1])
    assert get(rewritten.app, "/audit") == 200 and is_closed(opened[-1])
    assert rewritten.AUDIT_LOG[-1] == "closing audit"


def test_setattr_store_in_a_before_request_hook(loader, opened):
    source = """\
        import sqlite3

        import flask as fl

        application = fl.Flask(__name__)


        @application.before_request
        def open_db():
            setattr(fl.g, "db", sqlite3.connect(":memory:"))


        @application.route("/")
        def index():
            return str(fl.g.db.execute("SELECT 1").fetchone()[0])


        @application.route("/boom")
        def boom():
            return 1 / 0
        """
    after = teardown(source)
    assert 'db = fl.g.pop("db", None)' in after
    assert_leaks_then_closes(loader({"app.py": source}).application, loader({"app.py": after}).application, opened)


def test_getattr_getter_handler_pops_so_a_new_request_reconnects(loader, opened):
    """Inside one outer app context, the getter must not hand out the closed connection."""
    rewritten = loader({"app.py": teardown(SINGLE_MODULE)})
    with rewritten.app.app_context():
        rewritten.get_db()
    with rewritten.app.app_context():
        assert rewritten.get_db().execute("SELECT 1").fetchone() == (1,)
    assert len(opened) == 2 and is_closed(opened[0])


# ---------------------------------------------------------------------------------------------
# nothing to do: byte-identical, no finding


@pytest.mark.parametrize(
    "sample",
    [
        "already_closed_teardown_appcontext",
        "already_closed_registered_by_call",
        "already_closed_tutorial_init_app",
        "already_removed_scoped_session",
        "already_closed_by_signal",
        "flask_sqlalchemy_app",
        "flask_sqlalchemy_factory",
        "no_connection_on_g",
    ],
)
def test_apps_that_already_close_come_out_byte_identical(sample):
    source = _sample(f"{sample}.before.py")
    result = run_codemods(source, "teardown", dedent=False)
    assert result.error is None
    assert result.new_text == source
    assert result.findings == []


def test_already_closed_app_really_closes(loader, opened):
    """The no-change sample is right to be left alone: it does close its connection."""
    module = loader({"app.py": _sample("already_closed_teardown_appcontext.before.py")})
    module.app.config["PROPAGATE_EXCEPTIONS"] = False
    module.app.test_client().get("/")  # no books table: a 500, the connection is still closed
    assert opened and all(is_closed(c) for c in opened)


def test_teardown_in_a_sibling_module_counts():
    db_module = getter_module("app.db")
    init = """\
        from flask import Flask, g

        def create_app():
            app = Flask(__name__)

            @app.teardown_appcontext
            def close_db(exception):
                db = g.pop("db", None)
                if db is not None:
                    db.close()

            return app
        """
    result = run_codemods(db_module, "teardown", path="pkg/db.py", files={"__init__.py": textwrap.dedent(init)})
    assert result.new_text == textwrap.dedent(db_module) and result.findings == []
    # without the sibling, the same module gets a finding (it has no app to register on)
    alone = run_codemods(db_module, "teardown", path="pkg/db.py", files={})
    assert alone.new_text == textwrap.dedent(db_module)
    assert "opens a connection that nothing closes" in finding_messages(alone)[0]


def test_scoped_session_removed_in_a_sibling_module():
    database = """\
        from flask import Flask
        from sqlalchemy import create_engine
        from sqlalchemy.orm import scoped_session, sessionmaker

        db_session = scoped_session(sessionmaker(bind=create_engine("sqlite://")))
        """
    app = """\
        from flask import Flask
        from .database import db_session

        app = Flask(__name__)

        @app.teardown_appcontext
        def shutdown_session(exception=None):
            db_session.remove()
        """
    result = run_codemods(database, "teardown", path="pkg/database.py", files={"app.py": textwrap.dedent(app)})
    assert result.new_text == textwrap.dedent(database) and result.findings == []


# ---------------------------------------------------------------------------------------------
# findings instead of rewrites

# the openings the findings' cases share: an app whose getter keeps a connection on g, and
# an app that opens one on g before each request
APP_WITH_GETTER = "import sqlite3\nfrom flask import Flask, g\n\napp = Flask(__name__)\n\n" + getter()

OPENED_BEFORE_EACH_REQUEST = """\
import sqlite3
from flask import Flask, g

app = Flask(__name__)

@app.before_request
def open_db():
    g.db = sqlite3.connect("x.db")
"""


def test_teardown_signal_receiver_that_closes_counts():
    source = (
        "import sqlite3\nfrom flask import Flask, g\nfrom flask.signals import request_tearing_down\n\n"
        "app = Flask(__name__)\n\n"
        + getter()
        + "\n@request_tearing_down.connect_via(app)\ndef close_db(sender, **extra):\n    g.db.close()\n"
    )
    assert_left_alone("teardown", textwrap.dedent(source))


def test_module_global_connection_is_a_finding_not_a_rewrite():
    source = """\
        import psycopg2
        import sqlite3
        from flask import Flask

        app = Flask(__name__)
        conn = psycopg2.connect(dbname="shop")

        def reconnect():
            global conn
            conn = sqlite3.connect("shop.db")
        """
    result = run_codemods(source, "teardown")
    assert result.new_text == textwrap.dedent(source)
    messages = finding_messages(result)
    assert len(messages) == 2
    assert messages[0].startswith("6: teardown: conn = psycopg2.connect(...) is one connection shared by every request")
    assert "open it per request or use a pool" in messages[0]
    assert messages[1].startswith("10: ")


def test_no_place_finding_says_where_and_why():
    result = run_codemods(_sample("refuse_no_place.before.py"), "teardown", dedent=False)
    (message,) = finding_messages(result)
    assert message.startswith("8: teardown: g.db = pymysql.connect(...)")
    assert "nothing closes" in message and "runs out of connections" in message


def test_two_apps_in_one_module_is_a_finding():
    source = """\
        import sqlite3
        from flask import Flask, g

        app = Flask(__name__)
        admin = Flask("admin")

        def get_db():
            g.db = sqlite3.connect("x.db")
            return g.db
        """
    assert_refused("teardown", textwrap.dedent(source), "several apps (admin, app)")


def test_connection_closed_by_hand_without_pop_is_left_alone():
    assert_refused("teardown", _sample("refuse_closed_by_hand.before.py"), "closed in stock() but not at teardown")


def test_closed_by_hand_with_pop_still_gets_a_teardown():
    source = APP_WITH_GETTER + textwrap.dedent(
        """
        @app.route("/")
        def index():
            rows = get_db().execute("SELECT 1").fetchall()
            g.pop("db").close()
            return str(rows)
        """
    )
    after = teardown(source)
    assert "@app.teardown_appcontext" in after


def test_teardown_handler_that_uses_the_connection_blocks_the_rewrite():
    source = OPENED_BEFORE_EACH_REQUEST + textwrap.dedent(
        """
        @app.teardown_request
        def commit(exception):
            if exception is None:
                g.db.commit()
        """
    )
    assert_refused("teardown", textwrap.dedent(source), "commit() uses g.db but does not close it")


def test_after_request_that_does_more_is_a_finding():
    result = run_codemods(_sample("refuse_after_request_does_more.before.py"), "teardown", dedent=False)
    (message,) = finding_messages(result)
    assert "commit_and_close() closes g.db" in message and "exception escapes the request" in message


def test_after_request_closer_that_is_also_called_directly_is_left_alone():
    source = OPENED_BEFORE_EACH_REQUEST + textwrap.dedent(
        """
        @app.after_request
        def close_db(response):
            g.db.close()
            return response

        def finish(response):
            return close_db(response)
        """
    )
    assert_refused("teardown", textwrap.dedent(source), "it is also called directly")


def test_one_line_after_request_from_old_flaskr_is_moved():
    source = """\
        import sqlite3
        from flask import Flask, g

        app = Flask(__name__)

        def connect_db():
            return sqlite3.connect(app.config["DATABASE"])

        @app.before_request
        def before_request():
            g.db = connect_db()

        @app.after_request
        def after_request(response): g.db.close(); return response
        """
    after = teardown(source)
    assert after.endswith(
        '@app.teardown_appcontext\ndef after_request(exception=None):\n'
        '    db = g.pop("db", None)\n    if db is not None:\n        db.close()\n'
    )


def test_setdefault_opens_a_connection_per_call_finding():
    result = run_codemods(_sample("setattr_and_setdefault.before.py"), "teardown", dedent=False)
    expected = 'g.setdefault("cache", redis.Redis(...)) opens a new connection on every call'
    assert any(expected in message for message in finding_messages(result))
    assert "cache_conn = g.pop(\"cache\", None)" not in result.new_text  # `cache` is free here
    assert 'cache = g.pop("cache", None)' in result.new_text


def test_signal_connect_and_module_redis_client_are_not_connections_to_close():
    assert_left_alone("teardown", _sample("no_connection_on_g.before.py"))


def test_local_function_named_connect_that_returns_no_connection():
    source = """\
        from flask import Flask, g

        app = Flask(__name__)

        def connect():
            return {"fake": True}

        def get_db():
            g.db = connect()
            return g.db
        """
    assert teardown(source) == textwrap.dedent(source)


def test_getter_handing_out_a_shared_connection_is_not_closed():
    source = """\
        import sqlite3
        from flask import Flask, g

        app = Flask(__name__)
        SHARED = sqlite3.connect("x.db", check_same_thread=False)

        def get_connection():
            return SHARED

        def get_db():
            g.db = get_connection()
            return g.db
        """
    result = run_codemods(source, "teardown")
    assert result.new_text == textwrap.dedent(source)
    assert [m.split(":")[0] for m in finding_messages(result)] == ["5"]


def test_a_driver_atexit_cleanup_knew_is_a_connection_here_too():
    """One catalogue of DB-API connects for teardown and atexit-cleanup: pymssql, which only
    atexit-cleanup knew, opens a connection teardown closes."""
    source = """\
        import pymssql
        from flask import Flask, g

        app = Flask(__name__)

        def get_db():
            if "db" not in g:
                g.db = pymssql.connect(server="shop")
            return g.db
        """
    after = teardown(source)
    assert '@app.teardown_appcontext\ndef close_db(exception=None):\n    db = g.pop("db", None)' in after


# ---------------------------------------------------------------------------------------------
# the handler's shape


def test_handler_name_collides_with_nothing():
    source = """\
        import sqlite3
        from flask import Flask, g

        app = Flask(__name__)
        close_db = "taken"
        close_connection = "taken"

        def teardown_db():
            return "taken too"

        def get_db():
            g.db = sqlite3.connect("x.db")
            return g.db
        """
    after = teardown(source)
    assert "def close_db_2(exception=None):" in after


def test_handler_locals_do_not_shadow_module_names():
    source = """\
        import redis
        from flask import Blueprint, g

        bp = Blueprint("x", __name__)

        def get_redis():
            if "redis" not in g:
                g.redis = redis.StrictRedis.from_url("redis://")
            return g.redis
        """
    after = teardown(source)
    assert '@bp.teardown_app_request\ndef close_redis(exception=None):\n    redis_conn = g.pop("redis", None)' in after


def test_old_flask_without_g_pop_gets_the_getattr_handler():
    pinned = {"requirements.txt": "Flask==0.10.1\n"}
    result = run_codemods(SINGLE_MODULE, "teardown", dedent=False, path="app.py", files=pinned)
    assert 'db = getattr(g, "_database", None)\n    if db is not None:\n        db.close()' in result.new_text
    assert "g.pop" not in result.new_text


GETATTR_HANDLER = 'db = getattr(g, "_database", None)\n    if db is not None:\n        db.close()'


@pytest.mark.parametrize(
    "files",
    [
        {"setup.py": "from setuptools import setup\n\nsetup(name='x', install_requires=['Flask>=0.10'])\n"},
        {"setup.cfg": "[options]\ninstall_requires =\n    Flask~=0.10.1\n"},
        {"pyproject.toml": '[tool.poetry.dependencies]\nflask = "^0.10"\n'},
        # what the lock pins is what an install gets, whatever the Pipfile allows
        {"Pipfile": '[packages]\nflask = "*"\n', "Pipfile.lock": '{"default": {"flask": {"version": "==0.10.1"}}}'},
        {"../../requirements.txt": "Flask>=0.10,<1\n"},  # two folders up
    ],
)
def test_a_flask_older_than_0_11_declared_anywhere_the_project_declares_it_gets_the_getattr_handler(files):
    result = run_codemods(SINGLE_MODULE, "teardown", dedent=False, path="site/app/app.py", files=files)
    assert GETATTR_HANDLER in result.new_text and "g.pop" not in result.new_text


@pytest.mark.parametrize("files", [{"requirements.txt": "Flask>=0.11\n"}, {"setup.py": "setup(install_requires=['flask<2'])\n"}])
def test_a_flask_with_g_pop_keeps_the_pop(files):
    result = run_codemods(SINGLE_MODULE, "teardown", dedent=False, path="app.py", files=files)
    assert 'db = g.pop("_database", None)' in result.new_text


def test_the_target_version_older_than_0_11_gets_the_getattr_handler(tmp_path):
    (tmp_path / "app.py").write_text(SINGLE_MODULE)
    args = ["apply", "--dry-run", "--no-cache", "--no-config", "--select", "teardown", "-j", "1", str(tmp_path)]
    for target, handler in (("0.10", GETATTR_HANDLER), ("0.11", 'db = g.pop("_database", None)')):
        result = CliRunner().invoke(cli, [*args, "--target-version", target], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert handler.replace("\n", "\n+") in result.stdout


def test_g_imported_only_inside_a_function_gets_a_module_import():
    source = """\
        import sqlite3
        from flask import Flask

        app = Flask(__name__)

        def get_db():
            from flask import g
            g.db = sqlite3.connect("x.db")
            return g.db
        """
    after = teardown(source)
    assert "from flask import g, Flask" in after or "from flask import Flask, g" in after
    assert 'db = g.pop("db", None)' in after


def test_newlines_and_tab_indentation_are_kept():
    source = (
        'import sqlite3\r\nfrom flask import Flask, g\r\n\r\ntry:\r\n\tapp = Flask(__name__)\r\n'
        'except ImportError:\r\n\traise\r\n\r\n\r\ndef get_db():\r\n\tif "db" not in g:\r\n'
        '\t\tg.db = sqlite3.connect("x")\r\n\treturn g.db\r\n'
    )
    after = teardown(source, dedent=False)
    assert after.startswith(source)
    assert after[len(source):] == (
        '\r\n\r\n@app.teardown_appcontext\r\ndef close_db(exception=None):\r\n'
        '\tdb = g.pop("db", None)\r\n\tif db is not None:\r\n\t\tdb.close()\r\n'
    )


def test_handler_goes_before_a_module_level_app_run():
    source = """\
        import sqlite3
        from flask import Flask, g

        app = Flask(__name__)

        @app.route("/")
        def index():
            g.conn = sqlite3.connect("x.db")
            return "ok"

        app.run()
        """
    after = teardown(source)
    assert after.index("@app.teardown_appcontext") < after.index("app.run()")


@pytest.mark.parametrize(
    "source",
    [SINGLE_MODULE, APP_FACTORY, SCOPED_SESSION, AFTER_REQUEST, BLUEPRINT_VIEWS, _sample("tutorial_init_app.before.py")],
    ids=["single", "factory", "scoped", "after_request", "blueprint", "tutorial"],
)
def test_idempotent(source):
    once = teardown(source, dedent=False)
    assert once != source
    assert teardown(once, dedent=False) == once


def test_legacy_app_gets_a_sensible_diff():
    from flask_codemod.codemods import get_codemod
    from flask_codemod.pipeline import process_file

    codemod = get_codemod("teardown")
    app = process_file(f"{REPO}/samples/legacy_app/app.py", [codemod])
    assert app.error is None and app.findings == ()
    handler = '@app.teardown_appcontext\ndef close_database(exception=None):\n    db = g.pop("_database", None)'
    assert handler in app.new_text
    assert app.new_text.index("def close_database") > app.new_text.index("def get_db")
    views = process_file(f"{REPO}/samples/legacy_app/shop/views.py", [codemod])
    assert views.error is None and views.findings == ()
    handler = '@shop_bp.teardown_app_request\ndef close_conn(exception=None):\n    conn = g.pop("conn", None)'
    assert handler in views.new_text
    # only the handlers are added: every original line is still there, in order
    for result in (app, views):
        old_lines = result.old_text.splitlines()
        new_lines = iter(result.new_text.splitlines())
        assert all(line in new_lines for line in old_lines)


def test_a_getter_that_returns_g_through_a_local_is_known_to_the_handler_that_closes_it():
    """Which functions are getters (and of what) is settled before the functions are read
    for their releases: ``close_db`` releases g.db through ``get_db()``, which returns it
    through a local bound first; nothing is left open."""
    source = """\
        import sqlite3
        from flask import Flask, g

        app = Flask(__name__)

        @app.teardown_appcontext
        def close_db(exception):
            get_db().close()

        def get_db():
            if "db" not in g:
                g.db = sqlite3.connect("x.db")
            db = g.db
            return db
        """
    assert_left_alone("teardown", textwrap.dedent(source))


def test_the_node_types_the_analysis_tells_apart_by_exact_type_have_no_subclasses():
    """The analysis compares ``type(node)`` with these LibCST classes (an ``isinstance`` on
    LibCST's abstract classes is a Python call per class): exact only while none is subclassed."""
    import libcst as cst

    from flask_codemod.codemods import _teardown_analysis

    exact = {*_teardown_analysis._FUNCTION_NODES, *_teardown_analysis._ASSIGNMENTS, cst.FunctionDef, cst.Import, cst.ImportFrom, cst.SimpleString}
    assert cst.Del in exact and all(not kind.__subclasses__() for kind in exact)
