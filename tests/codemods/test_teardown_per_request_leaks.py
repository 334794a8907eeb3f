"""teardown: two per-request leaks a teardown handler that closes ``g``'s connection does not stop.

- **An engine built per request** (fresque): a before_request hook keeps on ``g`` a session that a
  function of the project makes by calling ``create_engine`` each time. The teardown removes the
  session, which gives its connection back to that engine's pool; nothing disposes of the engine,
  so the connection stays open until the garbage collector finds the engine, and every request
  opens a new one. Left as it is (where the engine should live is the authors' choice), with a
  finding at the store naming the engine built per request.
- **Hooks that overwrite each other's connection** (runbook): several hooks that run on every
  request of the app (``app.before_request``, a blueprint's ``before_app_request``), in one module or
  in modules one app imports, each open a connection into the same ``g`` attribute. Each module's
  teardown closes ``g.<attr>``: only the last connection opened; the others leak. A finding at
  each hook names the others.
"""

from __future__ import annotations

import gc
import sqlite3
import textwrap
import weakref

import pytest

from helpers import finding_messages, forget_packages, import_package, run_codemods, write_package
from teardown_support import closed_after_a_request

NAME = "teardown"

FRESQUE_APP = """\
import flask

APP = flask.Flask(__name__)

from shop.database import create_session


@APP.before_request
def before_request():
    flask.g.db = create_session(APP.config["DB_URL"])


@APP.teardown_appcontext
def shutdown_session(exception=None):
    if hasattr(flask.g, "db"):
        flask.g.db.remove()


@APP.route("/")
def index():
    return "ok"
"""

PER_CALL_ENGINE = """\
import sqlalchemy as sa
from sqlalchemy.orm import scoped_session, sessionmaker


def create_session(db_url, debug=False):
    engine = sa.create_engine(
        db_url, echo=debug)
    session = scoped_session(sessionmaker(bind=engine))
    return session
"""

ONE_ENGINE = """\
import sqlalchemy as sa
from sqlalchemy.orm import scoped_session, sessionmaker

ENGINE = None


def create_session(db_url, debug=False):
    global ENGINE
    if ENGINE is None:
        ENGINE = sa.create_engine(db_url, echo=debug)
    return scoped_session(sessionmaker(bind=ENGINE))
"""


def _run(files: dict[str, str], path: str):
    source = files[path]
    return run_codemods(source, NAME, path=path, project=files, dedent=False)


def test_a_session_from_an_engine_built_on_every_call_is_reported_where_it_is_kept():
    files = {"shop/__init__.py": FRESQUE_APP, "shop/database.py": PER_CALL_ENGINE}
    result = _run(files, "shop/__init__.py")
    assert result.new_text == FRESQUE_APP
    messages = finding_messages(result)
    assert len(messages) == 1, messages
    assert messages[0].startswith("10: teardown: ")
    assert "create_session()" in messages[0] and "shop/database.py:6" in messages[0]
    assert "dispose" in messages[0]


@pytest.mark.parametrize(
    "database",
    [
        ONE_ENGINE,
        # an engine made once, at import
        "import sqlalchemy as sa\nfrom sqlalchemy.orm import scoped_session, sessionmaker\n\nengine = sa.create_engine('sqlite://')\n\n\n"
        "def create_session(db_url):\n    return scoped_session(sessionmaker(bind=engine))\n",
        # memoised: one engine per URL
        "import functools\n\nimport sqlalchemy as sa\nfrom sqlalchemy.orm import scoped_session, sessionmaker\n\n\n"
        "@functools.lru_cache()\ndef create_session(db_url):\n    engine = sa.create_engine(db_url)\n    return scoped_session(sessionmaker(bind=engine))\n",
        # kept in a module-level cache
        "import sqlalchemy as sa\nfrom sqlalchemy.orm import scoped_session, sessionmaker\n\nENGINES = {}\n\n\n"
        "def create_session(db_url):\n    engine = sa.create_engine(db_url)\n    ENGINES[db_url] = engine\n    return scoped_session(sessionmaker(bind=engine))\n",
        # disposed of by the function itself
        "import sqlalchemy as sa\nfrom sqlalchemy.orm import scoped_session, sessionmaker\n\n\n"
        "def create_session(db_url):\n    engine = sa.create_engine(db_url)\n    engine.dispose()\n    return scoped_session(sessionmaker(bind=engine))\n",
    ],
)
def test_an_engine_made_once_kept_or_disposed_is_not_reported(database):
    files = {"shop/__init__.py": FRESQUE_APP, "shop/database.py": database}
    result = _run(files, "shop/__init__.py")
    assert result.new_text == FRESQUE_APP
    assert finding_messages(result) == []


def test_a_teardown_that_disposes_of_the_engine_is_not_reported():
    app = FRESQUE_APP.replace("        flask.g.db.remove()\n", "        flask.g.db.remove()\n        flask.g.db.bind.dispose()\n")
    files = {"shop/__init__.py": app, "shop/database.py": PER_CALL_ENGINE}
    assert finding_messages(_run(files, "shop/__init__.py")) == []


@pytest.fixture
def live_sqlite(monkeypatch):
    """Weak references to every sqlite3 connection SQLAlchemy opens while the test runs."""
    import sqlite3.dbapi2

    class Tracked(sqlite3.Connection):
        pass

    real = sqlite3.dbapi2.connect
    opened: list = []

    def connect(*args, **kwargs):
        connection = real(*args, factory=Tracked, **kwargs)
        opened.append(weakref.ref(connection))
        return connection

    monkeypatch.setattr(sqlite3.dbapi2, "connect", connect)
    yield opened


def _open(opened) -> int:
    count = 0
    for ref in opened:
        connection = ref()
        if connection is None:
            continue
        try:
            connection.execute("SELECT 1")
            count += 1
        except sqlite3.ProgrammingError:
            pass
    return count


@pytest.mark.parametrize("database, opened_by_three_requests", [(PER_CALL_ENGINE, 3), (ONE_ENGINE, 1)])
def test_what_the_finding_says_an_engine_per_request_opens_a_connection_per_request(
    tmp_path, monkeypatch, live_sqlite, database, opened_by_three_requests
):
    pytest.importorskip("sqlalchemy")
    monkeypatch.syspath_prepend(str(tmp_path))
    query = "\n\ndef ask(session):\n    from sqlalchemy import text\n\n    return session.execute(text('SELECT 1')).scalar()\n"
    app = FRESQUE_APP.replace("from shop.database", "from {PKG}.database").replace(
        'return "ok"', 'return str(ask(flask.g.db))'
    ) + "\n\nfrom {PKG}.database import ask\n"
    name = write_package(tmp_path, {"__init__.py": app, "database.py": database + query})
    try:
        package = import_package(name)
        package.APP.config["DB_URL"] = f"sqlite:///{tmp_path / 'shop.db'}"
        gc.disable()
        try:
            client = package.APP.test_client()
            for _ in range(3):
                assert client.get("/").data == b"1"
            assert len(live_sqlite) == opened_by_three_requests
            if opened_by_three_requests > 1:
                assert _open(live_sqlite) > 1  # removed sessions, their connections still open
        finally:
            gc.enable()
        gc.collect()
    finally:
        forget_packages([name])


def _hooked_views(bp: str, connect: str = "r.connect(host='db')", hook: str = "before_app_request") -> str:
    return textwrap.dedent(
        f"""\
        import rethinkdb as r
        from flask import Blueprint, g

        {bp}_blueprint = Blueprint("{bp}", __name__)


        @{bp}_blueprint.{hook}
        def before_request():
            try:
                g.rdb_conn = {connect}
            except Exception:
                pass


        @{bp}_blueprint.teardown_app_request
        def teardown_request(exception):
            g.rdb_conn.close()
        """
    )


RUNBOOK_APP = """\
from flask import Flask

app = Flask(__name__)

from member.views import member_blueprint
from public.views import public_blueprint
from user.views import user_blueprint

app.register_blueprint(member_blueprint)
app.register_blueprint(public_blueprint)
app.register_blueprint(user_blueprint)
"""


def _runbook(**hooks: str) -> dict[str, str]:
    files = {"web.py": RUNBOOK_APP}
    for bp in ("member", "public", "user"):
        files[f"{bp}/__init__.py"] = ""
        files[f"{bp}/views.py"] = _hooked_views(bp, hook=hooks.get(bp, "before_app_request"))
    return files


def test_app_wide_hooks_of_several_modules_opening_into_one_attribute_are_each_reported():
    files = _runbook()
    for bp in ("member", "public", "user"):
        result = _run(files, f"{bp}/views.py")
        assert result.new_text == files[f"{bp}/views.py"]
        messages = finding_messages(result)
        assert len(messages) == 1, messages
        assert messages[0].startswith("10: teardown: g.rdb_conn")
        others = [other for other in ("member", "public", "user") if other != bp]
        for other in others:
            assert f"{other}/views.py:10" in messages[0], messages[0]
        assert f"{bp}/views.py" not in messages[0]


def test_a_blueprint_s_own_before_request_runs_only_for_its_views_and_is_not_one_of_them():
    files = _runbook(public="before_request", user="before_request")
    assert finding_messages(_run(files, "member/views.py")) == []
    assert finding_messages(_run(files, "public/views.py")) == []


def test_modules_no_one_app_imports_together_are_not_reported():
    files = _runbook()
    files["web.py"] = RUNBOOK_APP.replace("from public.views import public_blueprint\nfrom user.views import user_blueprint\n", "").replace(
        "app.register_blueprint(public_blueprint)\napp.register_blueprint(user_blueprint)\n", ""
    )
    files["other.py"] = "from flask import Flask\n\nother = Flask(__name__)\n\nfrom public.views import public_blueprint\n"
    assert finding_messages(_run(files, "member/views.py")) == []


def test_a_hook_that_opens_only_when_the_attribute_is_unset_is_not_reported():
    files = _runbook()
    files["public/views.py"] = files["public/views.py"].replace(
        "    try:\n        g.rdb_conn", "    if 'rdb_conn' in g:\n        return\n    try:\n        g.rdb_conn"
    )
    messages = finding_messages(_run(files, "member/views.py"))
    assert len(messages) == 1 and "public/views.py" not in messages[0], messages
    assert finding_messages(_run(files, "public/views.py")) == []


def test_two_app_hooks_of_one_module_opening_into_one_attribute_are_reported():
    source = """\
import sqlite3
from flask import Flask, g

app = Flask(__name__)


@app.before_request
def open_main():
    g.db = sqlite3.connect("main.db")


@app.before_request
def open_audit():
    g.db = sqlite3.connect("audit.db")


@app.teardown_appcontext
def close_db(exception=None):
    db = g.pop("db", None)
    if db is not None:
        db.close()
"""
    result = run_codemods(source, NAME, path="app.py", project={}, dedent=False)
    assert result.new_text == source
    messages = finding_messages(result)
    assert [m.split(":", 1)[0] for m in messages] == ["9", "14"], messages
    assert "app.py:14" in messages[0] and "app.py:9" in messages[1]


def test_what_the_finding_says_the_earlier_hook_s_connection_is_never_closed(tmp_path, monkeypatch):
    hooks = _hooked_views("member", "sqlite3.connect(':memory:')").replace("import rethinkdb as r\n", "import sqlite3\n")
    closed = closed_after_a_request(tmp_path, monkeypatch, hooks, hooks.replace("member", "public"))
    assert closed == [False, True]  # the first hook's connection, overwritten, stays open
