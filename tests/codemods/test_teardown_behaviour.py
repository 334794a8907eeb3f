"""The ``teardown`` codemod's behaviour, with the Flask test client: one test per layout.

Behaviour tests load the original and the rewritten app from strings (each under a fresh
module name), make requests, and look at every sqlite3 connection opened meanwhile: executing
on a closed sqlite3 connection raises ProgrammingError. Scoped sessions are checked through
their registry (``registry.has()`` is False once ``remove()`` ran).
"""

from __future__ import annotations

import textwrap

import pytest

from helpers import forget_packages, import_package, is_closed, write_package
from teardown_support import AFTER_REQUEST, APP_FACTORY, BLUEPRINT_VIEWS, SCOPED_SESSION, SINGLE_MODULE, teardown, teardown_sample, views


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


def test_tutorial_init_app_layout_registers_in_init_app(loader, opened):
    db_before = teardown_sample("tutorial_init_app.before.py")
    db_after = teardown(db_before, path="db.py", files={"__init__.py": TUTORIAL_FACTORY})
    assert "    app.teardown_appcontext(close_db)\n" in db_after
    before_app = loader({"__init__.py": TUTORIAL_FACTORY, "db.py": db_before}, "__init__").create_app()
    after_app = loader({"__init__.py": TUTORIAL_FACTORY, "db.py": db_after}, "__init__").create_app()
    assert_leaks_then_closes(before_app, after_app, opened)


def test_unregistered_close_db_gets_registered_not_duplicated(loader, opened):
    db_before = teardown_sample("tutorial_unregistered_close_db.before.py")
    db_after = teardown(db_before, path="db.py")
    assert db_after.count("def close_db") == 1
    assert "app.teardown_appcontext(close_db)\n    return app" in db_after
    before_app = loader({"__init__.py": TUTORIAL_FACTORY, "db.py": db_before}, "__init__").create_app()
    after_app = loader({"__init__.py": TUTORIAL_FACTORY, "db.py": db_after}, "__init__").create_app()
    assert_leaks_then_closes(before_app, after_app, opened)


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


def test_app_factory_registers_inside_the_factory(loader, opened):
    after = teardown(APP_FACTORY)
    assert '    app.config["NAME"] = "blog"\n    app.teardown_appcontext(close_db)\n' in after
    assert "\ndef close_db(exception=None):" in after
    before_app = loader({"app.py": APP_FACTORY}).create_app()
    after_app = loader({"app.py": after}).create_app()
    assert_leaks_then_closes(before_app, after_app, opened)


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
    source = teardown_sample("existing_close_db_function.before.py")
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


def test_already_closed_app_really_closes(loader, opened):
    """The no-change sample is right to be left alone: it does close its connection."""
    module = loader({"app.py": teardown_sample("already_closed_teardown_appcontext.before.py")})
    module.app.config["PROPAGATE_EXCEPTIONS"] = False
    module.app.test_client().get("/")  # no books table: a 500, the connection is still closed
    assert opened and all(is_closed(c) for c in opened)
