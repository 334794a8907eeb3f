"""gunicorn-config: a write through flask's ``current_app`` is a write to the app, which the
worker process keeps from one request to the next (the realworld corpus, session 40: a hook
module setting ``current_app.jinja_loader`` for mobile requests only got a gunicorn.conf.py,
as names imported from flask were all read as the request's). ``from flask import current_app
as app`` and ``flask.current_app`` are the same app.

The findings say what is true: the app, through ``current_app`` (not "an imported name whose
kind is not told"); a client made on ``current_app.extensions`` the first time it is missing,
each worker its own, is kept as a cache in each process (cloudify-rest's AMQP client); and where
no command starts gunicorn at all, that comes first (discovery: the state found later would not
matter to a file nobody reads).
"""

from __future__ import annotations

import pytest

from helpers import finding_messages, forget_packages, import_package, run_codemods, write_package

FILES = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n"}

APP = """\
from flask import Flask, render_template

import hooks

app = Flask(__name__)
app.jinja_env.cache = None  # templates looked up again on each render, through the loader of the moment
app.before_request(hooks.pick_templates)


@app.get("/")
def index():
    return render_template("page.html")
"""

# the hook switches to the mobile templates for a mobile request and never back
HOOKS = """\
import os

from flask import current_app, request
from jinja2 import ChoiceLoader, FileSystemLoader

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")


def pick_templates():
    if "mobile" in request.user_agent.string.lower():
        current_app.jinja_loader = ChoiceLoader([FileSystemLoader(os.path.join(TEMPLATES, "mobile")), FileSystemLoader(TEMPLATES)])
"""

ROLE = """\
from functools import wraps

from flask import Flask, current_app, request

app = Flask(__name__)


def authenticated(f):
    @wraps(f)
    def decorated(*args, **kwargs):
        current_app.auth_role = request.args.get("role", "guest")
        return f(*args, **kwargs)

    return decorated


@app.get("/")
@authenticated
def index():
    return current_app.auth_role
"""

CLIENT = """\
from flask import Flask, current_app, request

app = Flask(__name__)


class Client:
    def __init__(self, tenant):
        self.tenant = tenant

    def publish(self, message):
        return message


def handler():
    if "amqp" not in current_app.extensions:
        current_app.extensions["amqp"] = Client(request.headers.get("X-Tenant"))
    return current_app.extensions["amqp"]


@app.post("/send")
def send():
    return handler().publish("hi")
"""


def run(source: str, files=None):
    result = run_codemods(source, "gunicorn-config", files={**FILES, **(files or {})}, path="app.py")
    assert result.error is None, result.error
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


def test_the_premise_a_desktop_request_after_a_mobile_one_gets_the_mobile_page(tmp_path, monkeypatch):
    """Run: the loader one request set on the app is what the next request of the process renders with."""
    name = write_package(tmp_path, {"__init__.py": "", "app.py": APP.replace("import hooks", "from . import hooks"), "hooks.py": HOOKS})
    (tmp_path / name / "templates" / "mobile").mkdir(parents=True)
    (tmp_path / name / "templates" / "page.html").write_text("desktop")
    (tmp_path / name / "templates" / "mobile" / "page.html").write_text("mobile")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        client = import_package(name, "app").app.test_client()
        assert client.get("/", headers={"User-Agent": "Firefox"}).text == "desktop"
        assert client.get("/", headers={"User-Agent": "Mobile Safari"}).text == "mobile"
        assert client.get("/", headers={"User-Agent": "Firefox"}).text == "mobile"  # kept by the process
    finally:
        forget_packages([name])


@pytest.mark.parametrize(
    "spelling",
    [
        ("from flask import current_app, request", "current_app.jinja_loader"),
        ("from flask import current_app as app, request", "app.jinja_loader"),
        ("import flask\nfrom flask import request", "flask.current_app.jinja_loader"),
    ],
    ids=["current_app", "current_app as app", "flask.current_app"],
)
def test_a_hook_that_writes_the_app_through_current_app_gets_no_file(spelling):
    imports, target = spelling
    hooks = HOOKS.replace("from flask import current_app, request", imports).replace("current_app.jinja_loader", target)
    result, created = run(APP, {"hooks.py": hooks})
    assert created == {}
    [message] = finding_messages(result)
    assert f"keeps values between requests in its process: {target} (the app, through flask's current_app)" in message, message
    assert f"hooks.py:{11 + imports.count(chr(10))}" in message and "a function a request runs" in message, message
    assert "kind is not told" not in message, message


def test_a_view_that_sets_an_attribute_of_the_app_through_current_app():
    result, created = run(ROLE)
    assert created == {}
    [message] = finding_messages(result)
    assert "current_app.auth_role (the app, through flask's current_app)" in message and "a function a request runs" in message, message


ALIASED = CLIENT.replace(
    """def handler():
    if "amqp" not in current_app.extensions:
        current_app.extensions["amqp"] = Client(request.headers.get("X-Tenant"))
    return current_app.extensions["amqp"]""",
    """def handler(app=None):
    if app is None:
        app = current_app
    if "amqp" not in app.extensions:
        client = Client(request.headers.get("X-Tenant"))
        app.extensions["amqp"] = {"client": client, "kind": "amqp"}
    return app.extensions["amqp"]["client"]""",
)


@pytest.mark.parametrize("source", [CLIENT, ALIASED], ids=["a call", "a dict of a call's result, through an alias"])
def test_a_client_made_on_the_apps_extensions_when_missing_is_a_cache_of_each_process(source):
    """Made the first time it is missing, by a call: each worker makes its own (the words of a
    container filled so); one made from nothing the request gives is no state at all."""
    assert source.count("Client(request") == 1
    result, created = run(source)
    assert created == {}
    [message] = finding_messages(result)
    assert "keeps a cache in each process: current_app.extensions (the app, through flask's current_app)" in message, message
    assert "kind is not told" not in message, message
    result, created = run(source.replace('Client(request.headers.get("X-Tenant"))', "Client(None)"))
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)


def test_where_no_command_starts_gunicorn_that_is_said_first():
    """No file would be read: the earliest reason; what the app keeps follows it."""
    result, created = run(ROLE, {"Procfile": "web: python app.py\n"})
    assert created == {}
    [message] = finding_messages(result)
    assert "no command seen here starts gunicorn" in message, message
    assert message.index("starts gunicorn") < message.index("besides, the app keeps values between requests"), message


@pytest.mark.parametrize(
    "body",
    [
        'current_app.config["JSON_SORT_KEYS"] = False',  # a constant under a constant key: every process alike
        "current_app.logger.info('hi')",  # a call that changes nothing
        "x = current_app.config.get('X')",  # a read
    ],
)
def test_what_keeps_nothing_in_the_app_still_gets_the_file(body):
    source = f"from flask import Flask, current_app\n\napp = Flask(__name__)\n\n\n@app.before_request\ndef hook():\n    {body}\n\n\n@app.get('/')\ndef index():\n    return 'hi'\n"
    result, created = run(source)
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)


def test_a_blueprint_hook_that_sets_the_loader_afresh_on_every_request_is_no_state():
    """The rule of ``app.jinja_loader`` set on every path of an app-wide hook, through ``current_app``."""
    source = (
        "from flask import Blueprint, Flask, current_app, request\nfrom jinja2 import FileSystemLoader\n\n"
        "bp = Blueprint('pages', __name__)\n\n\n@bp.before_app_request\ndef pick():\n"
        "    if 'mobile' in request.user_agent.string.lower():\n        current_app.jinja_loader = FileSystemLoader('mobile')\n"
        "    else:\n        current_app.jinja_loader = FileSystemLoader('templates')\n\n\n"
        "app = Flask(__name__)\napp.register_blueprint(bp)\n"
    )
    result, created = run(source)
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)

