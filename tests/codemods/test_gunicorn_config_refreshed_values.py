"""gunicorn-config: a value a function refreshes onto the app from nothing the request gives
(response-operations-ui's ``refresh_cache()``: the survey list fetched from the survey service
onto ``current_app`` when a minute has passed). Session 41 counted it as no state because the
function's name says cache; a name is not evidence. What the function does decides: each worker
keeps its own copy, made when it last refreshed it, so where the copy is fetched from a service
or a database, workers answer from different data (run below with Flask's test client: two
workers, the source changed between their refreshes); where what it is made from cannot be
read, that it is the same for every worker cannot be shown. Both: nothing generated, and the
finding says which."""

from __future__ import annotations

import pytest

from helpers import finding_messages, forget_packages, import_package, run_codemods, write_package

FILES = {"requirements.txt": "flask\ngunicorn\nrequests\n", "Procfile": "web: gunicorn app:app\n"}

REFRESHED = """\
import time

import requests
from flask import Flask, current_app as app

flask_app = Flask(__name__)
SURVEY_URL = "http://surveys.internal/surveys"


def get_surveys_list():
    response = requests.get(SURVEY_URL, timeout=10)
    return response.json()


def get_surveys():
    return {survey["id"]: survey["name"] for survey in get_surveys_list()}


def check_cache():
    if not hasattr(app, "surveys_time") or time.monotonic() - app.surveys_time > 60:
        refresh_cache()


def refresh_cache():
    app.surveys = get_surveys()
    app.surveys_time = time.monotonic()


@flask_app.get("/surveys/<survey_id>")
def survey(survey_id):
    check_cache()
    return app.surveys[survey_id]
"""


def run(source: str, files=None):
    result = run_codemods(source, "gunicorn-config", files={**FILES, **(files or {})}, path="app.py")
    assert result.error is None, result.error
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


def test_the_premise_two_workers_answer_from_different_data(tmp_path, monkeypatch):
    """Two workers (two imports of the app), the service's survey renamed between their refreshes:
    within the minute, one answers with the old name and the other with the new one."""
    served = {"s1": "Survey one"}

    class Response:
        def __init__(self):
            self.data = [{"id": key, "name": value} for key, value in served.items()]

        def json(self):
            return self.data

    workers = []
    names = []
    for _ in range(2):
        name = write_package(tmp_path, {"__init__.py": "", "app.py": REFRESHED})
        names.append(name)
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        for name in names:
            module = import_package(name, "app")
            monkeypatch.setattr(module.requests, "get", lambda url, timeout: Response())
            workers.append(module.flask_app.test_client())
        assert workers[0].get("/surveys/s1").text == "Survey one"
        served["s1"] = "Survey one (renamed)"
        assert workers[1].get("/surveys/s1").text == "Survey one (renamed)"
        assert workers[0].get("/surveys/s1").text == "Survey one"  # its own copy, until its next refresh
    finally:
        forget_packages(names)


@pytest.mark.parametrize("function", ["refresh_cache", "reload_surveys"])
def test_a_refresh_fetched_from_the_network_gets_no_file_whatever_the_function_is_named(function):
    result, created = run(REFRESHED.replace("refresh_cache", function))
    assert created == {}
    [message] = finding_messages(result)
    assert "app.surveys (the app, through flask's current_app)" in message, message
    assert "from what get_surveys() returns" in message, message
    assert "requests.get" in message and "app.py:11" in message, message  # where it is fetched, followed through the module
    assert "workers would answer from different data" in message, message
    assert "must run one worker" not in message, message


def test_a_refresh_whose_source_cannot_be_read_says_so():
    source = REFRESHED.replace("app.surveys = get_surveys()", "app.surveys = surveys_of(SURVEY_URL)").replace(
        "import requests\n", "import requests\nfrom catalogue import surveys_of\n"
    )
    result, created = run(source)
    assert created == {}
    [message] = finding_messages(result)
    assert "from what surveys_of() returns" in message, message
    assert "cannot be told" in message, message


def test_a_refresh_that_stores_what_the_request_gives_is_state_kept_between_requests():
    source = REFRESHED.replace("app.surveys = get_surveys()", "app.surveys = request.args.to_dict()").replace(
        "from flask import Flask, current_app as app", "from flask import Flask, current_app as app, request"
    )
    result, created = run(source)
    assert created == {}
    [message] = finding_messages(result)
    assert "keeps values between requests in its process: app.surveys" in message, message
    assert "returns" not in message, message


# the same app, its surveys built by the module from constants alone
CONSTANTS = REFRESHED.replace(
    """def get_surveys_list():
    response = requests.get(SURVEY_URL, timeout=10)
    return response.json()


def get_surveys():
    return {survey["id"]: survey["name"] for survey in get_surveys_list()}
""",
    """def get_surveys():
    return dict(sorted({"s1": "Survey one"}.items()))
""",
).replace("import requests\n", "")
assert "requests" not in CONSTANTS


def test_a_refresh_the_module_builds_from_constants_alone_keeps_the_file():
    """Session 41's case, decided by what ``get_surveys()`` does (constants only, the same in
    every worker; the clock read that times it too), not by the name ``refresh_cache``."""
    result, created = run(CONSTANTS)
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)
    result, created = run(CONSTANTS.replace("refresh_cache", "reload_surveys"))
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)


def test_a_refresh_from_a_file_is_not_told_the_same_for_every_worker():
    """A file may be written while the app runs (sso-dashboard downloads its apps.yml): not shown alike."""
    source = CONSTANTS.replace('return dict(sorted({"s1": "Survey one"}.items()))', 'return dict(line.split("=") for line in open("surveys.txt"))')
    result, created = run(source)
    assert created == {}
    [message] = finding_messages(result)
    assert "from what get_surveys() returns" in message and "cannot be told" in message, message


def test_a_value_made_where_it_is_found_missing_is_not_said_to_be_refreshed():
    """aleph: ``if not hasattr(SETTINGS, "_archive"): SETTINGS._archive = init_archive()``, a
    client made once per process, is no refresh: the finding does not speak of copies."""
    source = REFRESHED.replace(
        "def refresh_cache():\n    app.surveys = get_surveys()\n",
        "def refresh_cache():\n    if not hasattr(app, \"surveys\"):\n        app.surveys = get_surveys()\n",
    )
    result, created = run(source)
    assert created == {}
    messages = finding_messages(result)
    assert not any("app.surveys (" in m and "returns" in m for m in messages), messages


def test_a_refresh_a_view_of_another_module_reaches_through_the_module_is_run_by_a_request():
    """response-operations-ui: a view's helper calls ``get_survey_name()`` of the controllers
    module, which calls ``check_cache()``, which calls ``refresh_cache()``: a request runs it."""
    controllers = REFRESHED.replace('flask_app = Flask(__name__)\n', "").replace("Flask, ", "").split("@flask_app.get")[0]
    controllers += "\n\ndef get_survey_name(survey_id):\n    check_cache()\n    return app.surveys[survey_id]\n"
    views = (
        "from flask import Flask\n\nfrom controllers import get_survey_name\n\nflask_app = Flask(__name__)\n\n\n"
        "@flask_app.get('/surveys/<survey_id>')\ndef survey(survey_id):\n    return get_survey_name(survey_id)\n"
    )
    result, created = run(views, {"controllers.py": controllers})
    assert created == {}
    [message] = finding_messages(result)
    assert "keeps values between requests in its process: app.surveys" in message, message
    assert "by a function a request runs" in message and "requests.get at controllers.py:" in message, message


def test_a_write_no_request_is_seen_to_make_is_not_said_to_be_refreshed():
    """maple-bbs: ``login_manager.login_message = _("Please login ...")`` in ``init_app``: set
    once, no refresh; the finding does not speak of copies made when it last refreshed."""
    source = REFRESHED.replace("    check_cache()\n    return app.surveys[survey_id]", "    return app.surveys[survey_id]")
    result, created = run(source)
    assert created == {}
    [message] = finding_messages(result)
    assert "no request is seen to run" in message and "refreshed" not in message, message
