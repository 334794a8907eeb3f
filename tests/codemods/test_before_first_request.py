"""before-first-request: the decorator raises AttributeError on Flask 3; after the rewrite the
function runs once, at setup, inside an app context, and the app serves as before."""

from __future__ import annotations

import os
import sqlite3

import pytest

from helpers import SAMPLES, assert_left_alone, assert_refused, finding_messages, load_source, rewrite, run_at_target, run_codemods


def _sample(name: str) -> str:
    with open(os.path.join(SAMPLES, "before-first-request", name), encoding="utf-8") as handle:
        return handle.read()


def test_a_module_level_app_sets_up_at_import(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = _sample("module_app.before.py")
    with pytest.raises(AttributeError, match="before_first_request"):
        load_source(tmp_path, before)
    module = load_source(tmp_path, rewrite(before, "before-first-request", dedent=False))
    # the table exists before any request: the function ran at setup
    with sqlite3.connect(tmp_path / "todo.db") as connection:
        assert connection.execute("SELECT name FROM sqlite_master WHERE name = 'todos'").fetchone() == ("todos",)
    assert module.app.test_client().get("/").get_data(as_text=True) == "todo"


FACTORY = '''
from flask import Flask, current_app

CALLS = []


def create_app():
    app = Flask(__name__)
    app.config["NAME"] = "shop"

    @app.before_first_request
    def create_tables():
        CALLS.append(("tables", current_app.config["NAME"]))

    app.before_first_request(warm_cache)

    @app.route("/")
    def index():
        return str(len(CALLS))

    return app


def warm_cache():
    CALLS.append(("cache", current_app.config["NAME"]))
'''


def test_a_factory_sets_up_before_it_returns_the_app(tmp_path):
    with pytest.raises(AttributeError):
        load_source(tmp_path, FACTORY).create_app()
    after = rewrite(FACTORY, "before-first-request", dedent=False)
    assert "    with app.app_context():\n        create_tables()\n        warm_cache()\n\n    return app\n" in after
    module = load_source(tmp_path, after)
    app = module.create_app()
    # in registration order, in the app's context, before any request, once
    assert module.CALLS == [("tables", "shop"), ("cache", "shop")]
    client = app.test_client()
    assert client.get("/").get_data(as_text=True) == "2"
    assert client.get("/").get_data(as_text=True) == "2"


def test_a_blueprint_registered_in_the_module(tmp_path):
    after = rewrite(_sample("blueprint_same_module.before.py"), "before-first-request", dedent=False)
    module = load_source(tmp_path, after)
    assert module.app.config["PERMISSIONS"] == {"admin": ["read", "write"]}


@pytest.mark.parametrize(
    "source, reason",
    [
        (
            "from flask import Flask, request\napp = Flask(__name__)\n\n@app.before_first_request\n"
            "def remember():\n    app.config['HOST'] = request.host\n",
            "it uses request",
        ),
        (
            "from flask import Flask, url_for\napp = Flask(__name__)\n\n@app.before_first_request\n"
            "def links():\n    app.config['HOME'] = home()\n\ndef home():\n    return url_for('index')\n",
            "url_for (through home())",
        ),
        (
            "from flask import Flask\napp = Flask(__name__)\n\n@app.before_first_request\nasync def warm():\n    pass\n",
            "async",
        ),
        ("from .app import app\n\n@app.before_first_request\ndef init():\n    pass\n", "not created in this module"),
        (
            "from flask import Flask\n\ndef make():\n    app = Flask(__name__)\n\n    @app.before_first_request\n"
            "    def init():\n        pass\n\n    if app:\n        return app\n",
            "does not end with `return app`",
        ),
        # a second return: the function would not run on that path
        (
            "from flask import Flask\n\ndef make(testing=False):\n    app = Flask(__name__)\n\n"
            "    @app.before_first_request\n    def init():\n        pass\n\n    if testing:\n        return app\n"
            "    app.config['READY'] = True\n    return app\n",
            "also returns at line 11",
        ),
        # the main block sets up more before it serves: that ran before the first request
        (
            "from flask import Flask\napp = Flask(__name__)\n\ndef create_db():\n    pass\n\n"
            "@app.before_first_request\ndef load_rows():\n    pass\n\n"
            "if __name__ == '__main__':\n    create_db()\n    app.run()\n",
            "sets up more (line 12) before it serves",
        ),
        # templates and the logged-in user belong to a request
        (
            "from flask import Flask, render_template\napp = Flask(__name__)\n\n@app.before_first_request\n"
            "def prerender():\n    app.config['HOME'] = render_template('home.html')\n",
            "it uses render_template",
        ),
        (
            "from flask import Flask\nfrom flask_login import current_user\napp = Flask(__name__)\n\n"
            "@app.before_first_request\ndef who():\n    app.config['FIRST'] = current_user.get_id()\n",
            "it uses current_user",
        ),
    ],
)
def test_what_cannot_move_to_setup_is_reported(source, reason):
    assert_refused("before-first-request", source, reason)


@pytest.mark.parametrize(
    "source",
    [
        _sample("guarded.before.py"),
        "from flask import Flask\napp = Flask(__name__)\n\ndef init():\n    pass\n\n"
        "with app.app_context():\n    init()\n# before_first_request is gone\n",
    ],
)
def test_guarded_and_modern_code_is_byte_identical(source):
    assert_left_alone("before-first-request", source)


def test_a_function_imported_from_a_neighbour_that_needs_a_request_is_reported():
    source = (
        "from flask import Flask\n\nfrom .hosts import remember_host, load_defaults\n\napp = Flask(__name__)\n\n\n"
        "@app.before_first_request\ndef setup():\n    load_defaults()\n    remember_host()\n"
    )
    hosts = (
        "from flask import current_app, request as incoming\n\n\ndef load_defaults():\n"
        "    current_app.config.setdefault('PAGE_SIZE', 20)\n\n\ndef remember_host():\n    _store(_host())\n\n\n"
        "def _host():\n    return incoming.host\n\n\ndef _store(host):\n    current_app.config['HOST'] = host\n"
    )
    result = run_codemods(source, "before-first-request", files={"hosts.py": hosts}, dedent=False)
    assert result.new_text == source
    (message,) = finding_messages(result)
    assert "it uses incoming (through _host()) (through hosts.remember_host())" in message
    # without the request-bound helper, the same setup moves
    harmless = hosts.replace("return incoming.host", "return 'localhost'")
    moved = rewrite(source, "before-first-request", files={"hosts.py": harmless}, dedent=False)
    assert "with app.app_context():\n    setup()\n" in moved


def test_an_older_target_gets_a_finding_only():
    source = _sample("module_app.before.py")
    text, findings = run_at_target(source, "before-first-request", (2, 1), dedent=False)
    assert text == source and [line for line, _ in findings] == [9]
    assert "the target Flask version still has it" in findings[0][1]


def test_the_gates():
    from flask_codemod.codemods import get_codemod

    codemod = get_codemod("before-first-request")()
    assert not codemod.applies_to_file("from flask import Flask\n", "app.py")
    assert codemod.applies_to_file("@app.before_first_request\ndef f(): pass\n", "app.py")
