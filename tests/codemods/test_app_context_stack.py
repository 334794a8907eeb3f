"""app-context-stack: the old tutorial's storage on the app context runs on Flask 3 after the
rewrite, driven by the test client; what it refuses, leaves alone and reports."""

from __future__ import annotations

import sqlite3

import flask
import pytest

from helpers import assert_left_alone, finding_messages, load_source, rewrite, run_at_target, run_codemods

TUTORIAL_APP = '''
import sqlite3
from flask import Flask, _app_ctx_stack, _request_ctx_stack

app = Flask(__name__)
app.config["DATABASE"] = ":memory:"
OPENED = []


def get_db():
    top = _app_ctx_stack.top
    if not hasattr(top, "sqlite_db"):
        top.sqlite_db = sqlite3.connect(app.config["DATABASE"])
        OPENED.append(top.sqlite_db)
    return top.sqlite_db


@app.teardown_appcontext
def close_database(exception):
    top = _app_ctx_stack.top
    if hasattr(top, "sqlite_db"):
        top.sqlite_db.close()


@app.route("/")
def index():
    value = get_db().execute("SELECT 40 + 2").fetchone()[0]
    again = get_db() is OPENED[-1]
    name = _request_ctx_stack.top.request.args.get("name", "nobody")
    return f"{value} {again} {name}"
'''


def _closed(connection: sqlite3.Connection) -> bool:
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def test_the_legacy_app_fails_on_flask_3_and_runs_after_the_rewrite(tmp_path):
    with pytest.raises(ImportError):
        load_source(tmp_path, TUTORIAL_APP)

    result = run_codemods(TUTORIAL_APP, "app-context-stack", dedent=False)
    assert result.findings == []
    after = result.new_text
    assert "_ctx_stack" not in after
    assert "from flask import Flask, g, request\n" in after
    assert 'if not hasattr(g, "sqlite_db"):\n        g.sqlite_db = sqlite3.connect(' in after

    module = load_source(tmp_path, after)
    client = module.app.test_client()
    for visit in range(2):
        response = client.get("/?name=ada")
        assert response.status_code == 200
        assert response.get_data(as_text=True) == "42 True ada"
        # one connection per app context, closed by the teardown handler
        assert len(module.OPENED) == visit + 1
        assert _closed(module.OPENED[-1])


def test_the_extension_pattern_keeps_its_none_test(tmp_path):
    source = '''
        import sqlite3
        from flask import Flask, current_app
        from flask import _app_ctx_stack as stack


        class SQLite3:
            def __init__(self, app):
                app.teardown_appcontext(self.teardown)

            def teardown(self, exception):
                ctx = stack.top
                if hasattr(ctx, "db"):
                    ctx.db.close()

            @property
            def connection(self):
                ctx = stack.top
                if ctx is not None:
                    if not hasattr(ctx, "db"):
                        ctx.db = sqlite3.connect(":memory:")
                    return ctx.db


        app = Flask(__name__)
        sqlite = SQLite3(app)
    '''
    after = rewrite(source, "app-context-stack")
    assert "if has_app_context():" in after and "stack" not in after
    module = load_source(tmp_path, after)
    assert module.sqlite.connection is None  # outside an app context, as before
    with module.app.app_context():
        connection = module.sqlite.connection
        assert connection is module.sqlite.connection
    assert _closed(connection)


@pytest.mark.parametrize(
    "source",
    [
        # a shim for old and new Flask
        "try:\n    from flask import _app_ctx_stack as stack\nexcept ImportError:\n    stack = None\n\n"
        "def f():\n    stack.top.x = 1\n",
        # a version test
        "import flask\n\nif flask.__version__ < '2.2':\n    def f():\n        flask._app_ctx_stack.top.x = 1\n",
        # already modern
        "from flask import g, has_app_context\n\n# no _app_ctx_stack here any more\n\n"
        "def f():\n    if has_app_context():\n        g.x = 1\n",
        # a lookalike that is not flask's
        "from mylib import _app_ctx_stack\n\ndef f():\n    _app_ctx_stack.top.x = 1\n",
    ],
)
def test_guarded_modern_and_foreign_code_is_byte_identical(source):
    assert_left_alone("app-context-stack", source)


def test_a_context_object_that_escapes_keeps_all_storage_in_place():
    source = '''
        from flask import _app_ctx_stack

        def get_db(connect):
            top = _app_ctx_stack.top
            if not hasattr(top, "db"):
                top.db = connect()
            return top.db

        def debug_context():
            return inspect(_app_ctx_stack.top)
    '''
    result = run_codemods(source, "app-context-stack")
    assert result.new_text.count("_app_ctx_stack.top") == 2  # nothing moved
    messages = sorted(finding_messages(result))
    assert len(messages) == 2
    assert "11: app-context-stack: the context object itself is used here (_app_ctx_stack.top)" in messages[0]
    assert "5: app-context-stack: _app_ctx_stack.top is also used at line 11" in messages[1]


def test_storage_clashing_with_g_is_refused():
    source = '''
        from flask import g, _app_ctx_stack

        def remember():
            _app_ctx_stack.top.user = 1
            g.user = 2
            return _app_ctx_stack.top.user
    '''
    result = run_codemods(source, "app-context-stack")
    assert result.new_text == result.new_text and "_app_ctx_stack.top.user" in result.new_text
    assert finding_messages(result) == [
        f"{line}: app-context-stack: g.user is already used for something else in this module: "
        "move this per-context storage to flask.g by hand"
        for line in (5, 7)
    ]


def test_at_an_old_target_it_still_rewrites_and_reports_nothing_that_still_works():
    source = '''
        from flask import _app_ctx_stack

        def get_db(connect):
            _app_ctx_stack.top.db = connect()
            _app_ctx_stack.push(None)
            return _app_ctx_stack.top.db
    '''
    text, findings = run_at_target(source, "app-context-stack", (2, 0))
    assert "g.db = connect()" in text and "_app_ctx_stack.push(None)" in text
    assert findings == []  # push() still works on Flask 2.0
    text, findings = run_at_target(source, "app-context-stack", (2, 3))
    assert [line for line, _ in findings] == [6]


def test_a_session_scoped_by_the_stacks_ident_func_gets_the_replacement_that_works():
    source = (
        "from flask import _app_ctx_stack\nfrom sqlalchemy.orm import scoped_session, sessionmaker\n\n"
        "db_session = scoped_session(sessionmaker(), scopefunc=_app_ctx_stack.__ident_func__)\n"
    )
    result = run_codemods(source, "app-context-stack", dedent=False)
    assert result.new_text == source
    (message,) = finding_messages(result)
    assert message.startswith("4: ") and "__ident_func__ is gone since Flask 2.2" in message
    assert "needs no scopefunc for that, it is thread-local by default" in message
    # what the advice says, on the SQLAlchemy installed here: one session per thread
    import threading

    from sqlalchemy.orm import scoped_session, sessionmaker

    db_session = scoped_session(sessionmaker())
    first = db_session()
    assert db_session() is first
    other = []
    thread = threading.Thread(target=lambda: other.append(db_session()))
    thread.start()
    thread.join()
    assert other[0] is not first


def test_a_module_that_imports_flask_itself_keeps_its_own_spelling(tmp_path):
    """flask._app_ctx_stack.top.db becomes flask.g.db: no second import of what flask is."""
    source = (
        "import sqlite3\n\nimport flask\n\n\ndef get_db():\n"
        "    if flask._app_ctx_stack.top is None:\n        raise RuntimeError('no app context')\n"
        "    top = flask._app_ctx_stack.top\n    if not hasattr(top, 'db'):\n        top.db = sqlite3.connect(':memory:')\n"
        "    return top.db\n"
    )
    result = run_codemods(source, "app-context-stack", dedent=False)
    assert result.findings == []
    assert result.new_text == (
        "import sqlite3\n\nimport flask\n\n\ndef get_db():\n"
        "    if not flask.has_app_context():\n        raise RuntimeError('no app context')\n"
        "    if not hasattr(flask.g, 'db'):\n        flask.g.db = sqlite3.connect(':memory:')\n"
        "    return flask.g.db\n"
    )
    module = load_source(tmp_path, result.new_text)
    app = flask.Flask(__name__)
    with app.app_context():
        assert module.get_db() is module.get_db()
    with pytest.raises(RuntimeError, match="no app context"):
        module.get_db()


def test_the_gates():
    from flask_codemod.codemods import get_codemod

    codemod = get_codemod("app-context-stack")()
    assert not codemod.applies_to_file("from flask import g\n", "app.py")
    assert codemod.applies_to_file("from flask import _app_ctx_stack\n", "app.py")


def test_test_modules_are_upgraded_too_and_setup_py_never():
    """A removed API breaks a test run as it breaks the app: the upgrade codemods act on test
    modules (by their group, Codemod.acts_on, applied by the engine); packaging scripts never."""
    from flask_codemod.codemods import get_codemod

    source = "from flask import _app_ctx_stack\n\ndef f():\n    _app_ctx_stack.top.x = 1\n    return _app_ctx_stack.top.x\n"
    upgrades = ("app-context-stack", "sqlalchemy-2", "flask-sqlalchemy-3", "json-provider", "config-env", "before-first-request")
    for path in ("tests/test_app.py", "conftest.py", "app/tests/helpers.py", "test_views.py", "views_test.py"):
        for name in upgrades:
            assert get_codemod(name).acts_on_path(path), (name, path)
        result = run_codemods(source, "app-context-stack", path=path, dedent=False)
        assert "    g.x = 1\n" in result.new_text, path
    for name in upgrades:
        assert not get_codemod(name).acts_on_path("setup.py")
    script = "from setuptools import setup\n" + source  # what makes setup.py a packaging script
    packaging = run_codemods(script, "app-context-stack", path="setup.py", dedent=False)
    assert packaging.new_text == script and not packaging.findings
