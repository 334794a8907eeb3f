"""app-context-stack: storage on the app context object that something else stores or reads
(an extension: Flask-JWT-Extended 3 keeps the loaded user there) stays where that other party
looks for it; only the project's own storage (stored and read back by the project) moves to g.

The behaviour is checked on Flask 3 with a stand-in for the removed ``flask._app_ctx_stack``
whose ``top`` is the current app context object, as Flask 2.2's stack gave it."""

from __future__ import annotations

import flask
import pytest
from flask.globals import _cv_app

from helpers import finding_messages, load_source, run_codemods


class _AppStack:
    """Flask 2.2's ``_app_ctx_stack``, as far as ``top`` goes."""

    @property
    def top(self):
        return _cv_app.get(None)


@pytest.fixture
def legacy_stack(monkeypatch):
    monkeypatch.setattr(flask, "_app_ctx_stack", _AppStack(), raising=False)


# what an extension of the Flask 2 years does: its own data on the app context object
EXTENSION = '''
from flask import _app_ctx_stack


def load_account(name):
    _app_ctx_stack.top.current_account = name
'''

# the project reads the extension's data back where the extension keeps it
APP = '''
from flask import Flask, _app_ctx_stack, request

from extension import load_account

app = Flask(__name__)


@app.before_request
def authenticate():
    load_account(request.args.get("user", "nobody"))


@app.route("/")
def whoami():
    return getattr(_app_ctx_stack.top, "current_account", None) or "anonymous"
'''


def test_a_name_the_project_only_reads_stays_on_the_context_and_the_app_keeps_working(tmp_path, legacy_stack):
    result = run_codemods(APP, "app-context-stack", path="app/views.py", project={"app/__init__.py": ""})
    assert result.new_text == APP.lstrip("\n") or result.new_text == APP
    assert finding_messages(result) == [
        "16: app-context-stack: _app_ctx_stack.top.current_account is not both stored and read by this project, "
        "so something else (an extension) reads or stores it there: on flask.g the two would not meet; move it by hand"
    ]

    (tmp_path / "extension.py").write_text(EXTENSION)
    kept = load_source(tmp_path, result.new_text).app.test_client()
    assert kept.get("/?user=ada").get_data(as_text=True) == "ada"
    # what moving the read to g did: the extension's data is not there
    moved = load_source(tmp_path, APP.replace("getattr(_app_ctx_stack.top,", "getattr(flask.g,").replace(
        "from flask import Flask", "import flask\nfrom flask import Flask"
    )).app.test_client()
    assert moved.get("/?user=ada").get_data(as_text=True) == "anonymous"


def test_a_test_fixture_resetting_the_extensions_data_does_not_make_it_the_projects():
    """A conftest that stores the name (to reset it) and the app that reads it: neither moves."""
    conftest = "from flask import _app_ctx_stack\n\n\ndef reset():\n    _app_ctx_stack.top.current_account = None\n"
    project = {"tests/conftest.py": conftest, "app/__init__.py": ""}
    app = run_codemods(APP, "app-context-stack", path="app/views.py", project=project)
    assert "_app_ctx_stack.top" in app.new_text and "g" not in app.new_text.split("import")[1]
    fixture = run_codemods(
        conftest, "app-context-stack", path="tests/conftest.py", project={"app/views.py": APP, "app/__init__.py": ""}
    )
    assert fixture.new_text == conftest
    assert len(finding_messages(fixture)) == 1


def test_storage_the_project_stores_in_one_module_and_reads_in_another_moves_in_both(tmp_path):
    store = (
        "from flask import _app_ctx_stack\n\n\ndef remember(name):\n    _app_ctx_stack.top.visitor = name\n"
    )
    read = "from flask import _app_ctx_stack\n\n\ndef visitor():\n    return getattr(_app_ctx_stack.top, 'visitor', None)\n"
    project = {"app/__init__.py": "", "app/store.py": store, "app/read.py": read}
    stored = run_codemods(store, "app-context-stack", path="app/store.py", project=project)
    reading = run_codemods(read, "app-context-stack", path="app/read.py", project=project)
    assert stored.new_text == "from flask import g\n\n\ndef remember(name):\n    g.visitor = name\n"
    assert reading.new_text == "from flask import g\n\n\ndef visitor():\n    return getattr(g, 'visitor', None)\n"
    assert stored.findings == [] and reading.findings == []

    (tmp_path / "store_mod.py").write_text(stored.new_text)
    (tmp_path / "read_mod.py").write_text(reading.new_text)
    module = load_source(
        tmp_path,
        "from flask import Flask\nimport read_mod, store_mod\n\napp = Flask(__name__)\n\n"
        "@app.route('/<name>')\ndef hello(name):\n    store_mod.remember(name)\n    return read_mod.visitor()\n",
    )
    assert module.app.test_client().get("/ada").get_data(as_text=True) == "ada"


@pytest.mark.parametrize("name", ["jwt_user", "expired_jwt", "babel_locale", "sqlalchemy_queries"])
def test_an_extensions_own_name_stays_even_where_the_project_stores_and_reads_it(name):
    source = f'''
        from flask import _app_ctx_stack

        def act_as_system(user):
            _app_ctx_stack.top.{name} = user
            return _app_ctx_stack.top.{name}
    '''
    result = run_codemods(source, "app-context-stack")
    assert result.new_text.count(f"_app_ctx_stack.top.{name}") == 2
    messages = finding_messages(result)
    assert len(messages) == 2 and all("where a Flask extension keeps its own data" in m for m in messages)


def test_the_tutorials_connection_is_stored_and_read_back_by_its_module_and_moves():
    source = '''
        from flask import _app_ctx_stack

        def get_db(connect):
            top = _app_ctx_stack.top
            if not hasattr(top, "db"):
                top.db = connect()
            return top.db
    '''
    result = run_codemods(source, "app-context-stack")
    assert "g.db = connect()" in result.new_text and "_app_ctx_stack" not in result.new_text
    assert result.findings == []
