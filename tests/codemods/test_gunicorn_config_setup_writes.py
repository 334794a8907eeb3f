"""gunicorn-config: writes that keep nothing from one request for a later one (the realworld
corpus, session 37: a mod site's ``before_request`` hook that sets ``app.jinja_loader`` to the
mobile or the desktop templates on every request; a course site's ``Blueprint.record`` callback
that copies two settings into the blueprint's dict as the blueprint is registered).

- A write an app-wide ``before_request`` hook makes on every path, before anything reads the
  value, from nothing the value held: each request sets it afresh before its own view runs, so
  no request reads what an earlier one left. Under threads it is a race (another request's
  hook may set it between this one's hook and its view): a finding of its own, where a command
  line gives gunicorn threads or a worker class that serves requests side by side.
- A write made only in a function registered with ``Blueprint.record``/``record_once`` or
  ``before_first_request``: set-up, made in every process alike, not a value kept between
  requests.
"""

from __future__ import annotations

from helpers import finding_messages, run_codemods

MOBILE = """\
import os

from flask import Flask, g, render_template, request
from jinja2 import ChoiceLoader, FileSystemLoader

app = Flask(__name__)
app.jinja_env.cache = None  # templates looked up again on each render, through the loader of the moment
TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")


@app.before_request
def pick_templates():
    mobile = "mobile" in request.user_agent.string.lower()
    g.mobile = mobile
    if mobile:
        app.jinja_loader = ChoiceLoader([FileSystemLoader(os.path.join(TEMPLATES, "mobile")), FileSystemLoader(TEMPLATES)])
    else:
        app.jinja_loader = FileSystemLoader(TEMPLATES)


@app.get("/")
def index():
    return render_template("page.html")
"""

ONLY_WHEN_MOBILE = MOBILE.replace(
    """    else:
        app.jinja_loader = FileSystemLoader(TEMPLATES)
""",
    "",
)

FROM_ITS_OWN_VALUE = """\
from flask import Flask

app = Flask(__name__)
app.served = 0


@app.before_request
def count():
    app.served = app.served + 1


@app.get("/")
def index():
    return str(app.served)
"""

RECORDED = """\
from flask import Blueprint, Flask

endpoints = Blueprint("api", __name__)
endpoints.config = {}


@endpoints.record
def record_params(setup_state):
    app = setup_state.app
    endpoints.config["tz"] = app.config.get("TIMEZONE", "utc")
    endpoints.config["debug"] = app.debug


@endpoints.get("/tz")
def tz():
    return endpoints.config["tz"]


app = Flask(__name__)
app.register_blueprint(endpoints)
"""

# ``record`` of something that is no blueprint: whether it runs at set-up is not told
RECORDED_ELSEWHERE = RECORDED.replace("from flask import Blueprint, Flask", "from flask import Blueprint, Flask\nfrom metrics import recorder").replace(
    "@endpoints.record\n", "@recorder.record\n"
)

FIRST_REQUEST = """\
from flask import Flask

app = Flask(__name__)
app.tz = None


@app.before_first_request
def load_settings():
    app.tz = app.config.get("TIMEZONE", "utc")


@app.get("/tz")
def tz():
    return app.tz
"""

# the same function called by a view too: it writes at run time
FIRST_REQUEST_AND_A_VIEW = FIRST_REQUEST.replace('    return app.tz\n', '    load_settings()\n    return app.tz\n')

FILES = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n"}


def run(source: str, files=FILES):
    result = run_codemods(source, "gunicorn-config", files=files, path="app.py")
    assert result.error is None, result.error
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


def test_a_value_each_request_sets_afresh_before_its_view_is_no_state_between_requests():
    result, created = run(MOBILE)
    assert not any("between requests" in m for m in finding_messages(result)), finding_messages(result)
    assert list(created) == ["gunicorn.conf.py"]


def test_the_hook_does_serve_each_request_its_own_templates(tmp_path):
    """The premise, run: a desktop request after a mobile one gets the desktop page."""
    (tmp_path / "templates" / "mobile").mkdir(parents=True)
    (tmp_path / "templates" / "page.html").write_text("desktop")
    (tmp_path / "templates" / "mobile" / "page.html").write_text("mobile")
    namespace = {"__file__": str(tmp_path / "app.py"), "__name__": "kept_app"}
    exec(compile(MOBILE, str(tmp_path / "app.py"), "exec"), namespace)
    client = namespace["app"].test_client()
    assert client.get("/", headers={"User-Agent": "Mobile Safari"}).text == "mobile"
    assert client.get("/", headers={"User-Agent": "Firefox"}).text == "desktop"
    assert client.get("/", headers={"User-Agent": "Mobile Safari"}).text == "mobile"


def test_a_value_set_only_on_some_requests_is_read_by_later_ones():
    result, created = run(ONLY_WHEN_MOBILE)
    assert created == {}
    assert any("keeps values between requests in its process: app.jinja_loader" in m for m in finding_messages(result)), finding_messages(result)


def test_a_value_made_from_what_it_held_is_kept_between_requests():
    result, created = run(FROM_ITS_OWN_VALUE)
    assert created == {}
    assert any("keeps values between requests in its process: app.served" in m for m in finding_messages(result)), finding_messages(result)


def test_under_threads_the_value_set_afresh_is_a_race():
    files = {**FILES, "Procfile": "web: gunicorn --threads 4 app:app\n"}
    result, created = run(MOBILE, files)
    assert created == {}
    messages = finding_messages(result)
    assert any("app.jinja_loader" in m and "race" in m and "--threads 4" in m for m in messages), messages
    assert not any("keeps values between requests" in m for m in messages), messages


def test_a_blueprint_record_callback_is_set_up_not_state():
    result, created = run(RECORDED)
    assert not any("between requests" in m for m in finding_messages(result)), finding_messages(result)
    assert list(created) == ["gunicorn.conf.py"]


def test_a_record_decorator_of_something_else_is_not_known_to_run_at_set_up():
    result, created = run(RECORDED_ELSEWHERE)
    assert created == {}
    assert any("endpoints.config" in m and "between requests" in m for m in finding_messages(result)), finding_messages(result)


def test_a_before_first_request_function_is_set_up_not_state():
    result, created = run(FIRST_REQUEST, {"requirements.txt": "flask==2.2.5\ngunicorn\n", "Procfile": FILES["Procfile"]})
    assert not any("between requests" in m for m in finding_messages(result)), finding_messages(result)
    assert list(created) == ["gunicorn.conf.py"]


def test_a_before_first_request_function_a_view_calls_too_writes_at_run_time():
    result, created = run(FIRST_REQUEST_AND_A_VIEW, {"requirements.txt": "flask==2.2.5\ngunicorn\n", "Procfile": FILES["Procfile"]})
    assert created == {}
    assert any("app.tz" in m and "between requests" in m for m in finding_messages(result)), finding_messages(result)
