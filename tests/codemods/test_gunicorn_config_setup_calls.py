"""gunicorn-config: set-up functions and request hooks registered by a call, not a decorator
(session 37 left it: okpy's ``Blueprint.record`` callback was read only in its decorated form).
``bp.record(fn)``, ``bp.record_once(fn)`` and ``app.before_first_request(fn)`` register ``fn`` as
the decorators do: it runs as the app is set up, in every process alike, so what it writes is
no value kept between requests; ``app.before_request(fn)`` registers a request hook as
``@app.before_request`` does. Told by the object (a module-level ``Blueprint(...)`` or
``Flask(...)`` of flask), the function (a module-level ``def`` the name is bound to once) and
the call (a statement of the module, run as it is imported)."""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

RECORDED_BY_CALL = """\
from flask import Blueprint, Flask

endpoints = Blueprint("api", __name__)
endpoints.config = {}


def record_params(setup_state):
    app = setup_state.app
    endpoints.config["tz"] = app.config.get("TIMEZONE", "utc")
    endpoints.config["debug"] = app.debug


endpoints.record(record_params)


@endpoints.get("/tz")
def tz():
    return endpoints.config["tz"]


app = Flask(__name__)
app.register_blueprint(endpoints)
"""

FIRST_REQUEST_BY_CALL = """\
from flask import Flask

app = Flask(__name__)
app.tz = None


def load_settings():
    app.tz = app.config.get("TIMEZONE", "utc")


app.before_first_request(load_settings)


@app.get("/tz")
def tz():
    return app.tz
"""

HOOK_BY_CALL = """\
import os

from flask import Flask, g, render_template, request
from jinja2 import ChoiceLoader, FileSystemLoader

app = Flask(__name__)
app.jinja_env.cache = None
TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")


def pick_templates():
    mobile = "mobile" in request.user_agent.string.lower()
    g.mobile = mobile
    if mobile:
        app.jinja_loader = ChoiceLoader([FileSystemLoader(os.path.join(TEMPLATES, "mobile")), FileSystemLoader(TEMPLATES)])
    else:
        app.jinja_loader = FileSystemLoader(TEMPLATES)


app.before_request(pick_templates)


@app.get("/")
def index():
    return render_template("page.html")
"""

FILES = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n"}
OLD_FLASK = {"requirements.txt": "flask==2.2.5\ngunicorn\n", "Procfile": FILES["Procfile"]}


def run(source: str, files=FILES):
    result = run_codemods(source, "gunicorn-config", files=files, path="app.py")
    assert result.error is None, result.error
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


def _kept_between_requests(result, name: str) -> bool:
    return any(name in m and "between requests" in m for m in finding_messages(result))


@pytest.mark.parametrize(
    "source, files",
    [
        (RECORDED_BY_CALL, FILES),
        (RECORDED_BY_CALL.replace("endpoints.record(", "endpoints.record_once("), FILES),
        (FIRST_REQUEST_BY_CALL, OLD_FLASK),
    ],
    ids=["record", "record_once", "before_first_request"],
)
def test_a_set_up_function_registered_by_a_call_is_set_up_not_state(source: str, files) -> None:
    result, created = run(source, files)
    assert not any("between requests" in m for m in finding_messages(result)), finding_messages(result)
    assert list(created) == ["gunicorn.conf.py"]


def test_record_called_on_something_else_is_not_known_to_run_at_set_up() -> None:
    source = RECORDED_BY_CALL.replace("from flask import Blueprint, Flask", "from flask import Blueprint, Flask\nfrom metrics import recorder")
    result, created = run(source.replace("endpoints.record(record_params)", "recorder.record(record_params)"))
    assert created == {}
    assert _kept_between_requests(result, "endpoints.config")


def test_a_set_up_function_a_view_calls_too_writes_at_run_time() -> None:
    source = FIRST_REQUEST_BY_CALL.replace("    return app.tz\n", "    load_settings()\n    return app.tz\n")
    result, created = run(source, OLD_FLASK)
    assert created == {}
    assert _kept_between_requests(result, "app.tz")


def test_a_name_bound_again_before_the_call_is_not_known_to_be_that_function() -> None:
    source = FIRST_REQUEST_BY_CALL.replace(
        "app.before_first_request(load_settings)", "load_settings = app.route('/reload')(load_settings)\napp.before_first_request(load_settings)"
    )
    result, created = run(source, OLD_FLASK)
    assert created == {}
    assert _kept_between_requests(result, "app.tz")


def test_a_request_hook_registered_by_a_call_sets_the_value_afresh() -> None:
    result, created = run(HOOK_BY_CALL)
    assert not any("between requests" in m for m in finding_messages(result)), finding_messages(result)
    assert list(created) == ["gunicorn.conf.py"]


def test_the_recorded_callback_runs_as_the_blueprint_is_registered() -> None:
    """The premise, run: the call registers the callback as the decorator does."""
    namespace = {"__name__": "recorded_app"}
    exec(compile(RECORDED_BY_CALL, "app.py", "exec"), namespace)
    app = namespace["app"]
    assert namespace["endpoints"].config == {"tz": "utc", "debug": False}
    assert app.test_client().get("/tz").text == "utc"
