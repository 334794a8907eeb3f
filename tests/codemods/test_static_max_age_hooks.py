"""static-max-age leaves an app alone when a hook run after every request already sets the
responses' Cache-Control: the app has a caching policy of its own, and the header its hook
writes replaces the one SEND_FILE_MAX_AGE_DEFAULT would give a static file."""

from __future__ import annotations

import textwrap

import pytest

from helpers import DEPLOYED, finding_messages, load_source, rewrite, run_codemods

STYLESHEET = {"static/site.css": "body { color: navy }\n"}
LINE = 'app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600\n'

HOOKED = '''
from flask import Flask, render_template

app = Flask(__name__)


@app.route("/")
def index():
    return render_template("index.html")


@app.after_request
def headers(response):
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
'''


def test_an_app_whose_hook_sets_cache_control_is_left_alone_with_a_finding(tmp_path):
    result = run_codemods(HOOKED, "static-max-age", files={**STYLESHEET, **DEPLOYED})
    assert result.new_text == textwrap.dedent(HOOKED)
    [message] = finding_messages(result)
    assert "sets Cache-Control on every response in a hook (app.py:14)" in message
    assert "SEND_FILE_MAX_AGE_DEFAULT left as it is" in message
    # the app's own policy already reaches its static files
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "site.css").write_text(STYLESHEET["static/site.css"])
    with load_source(tmp_path, textwrap.dedent(HOOKED), stem="hooked_site").app.test_client() as client:
        assert client.get("/static/site.css").cache_control.max_age == 300


@pytest.mark.parametrize(
    "hook",
    [
        "@app.after_request\ndef headers(response):\n    response.cache_control.max_age = 300\n    return response\n",
        "@app.after_request\ndef headers(response):\n    response.headers.set('cache-control', 'no-store')\n    return response\n",
        "def headers(response):\n    response.headers['Cache-Control'] = 'no-cache'\n    return response\n\n\napp.after_request(headers)\n",
    ],
    ids=["werkzeug-attribute", "headers-set", "registered-by-call"],
)
def test_other_spellings_of_the_hook_count(hook):
    source = textwrap.dedent(HOOKED).split("@app.after_request")[0] + hook
    result = run_codemods(source, "static-max-age", files={**STYLESHEET, **DEPLOYED}, dedent=False)
    assert result.new_text == source
    assert "in a hook" in finding_messages(result)[0]


def test_a_blueprint_hook_in_another_module_counts():
    site = textwrap.dedent(HOOKED).split("@app.after_request")[0]
    views = (
        "from flask import Blueprint\n\nbp = Blueprint('pages', __name__)\n\n\n"
        "@bp.after_app_request\ndef no_store(response):\n    response.headers['Cache-Control'] = 'no-store'\n    return response\n"
    )
    result = run_codemods(site, "static-max-age", files={**STYLESHEET, **DEPLOYED, "pages.py": views}, dedent=False)
    assert result.new_text == site
    assert "in a hook (pages.py:8)" in finding_messages(result)[0]


@pytest.mark.parametrize(
    "code",
    [
        # a view sets the header of its own response only
        '@app.route("/feed")\ndef feed():\n    response = make_response("")\n    response.headers["Cache-Control"] = "no-cache"\n    return response\n',
        # a hook that sets other headers
        '@app.after_request\ndef frame(response):\n    response.headers["X-Frame-Options"] = "DENY"\n    return response\n',
    ],
    ids=["view", "other-header"],
)
def test_near_misses_still_get_the_max_age(code):
    source = textwrap.dedent(HOOKED).split("@app.after_request")[0].replace("render_template", "make_response, render_template") + code
    assert LINE in rewrite(source, "static-max-age", files={**STYLESHEET, **DEPLOYED}, dedent=False)


API_ONLY_HOOK = (
    '@app.after_request\ndef api_headers(response):\n    if request.path.startswith("/api/"):\n'
    '        response.headers["Cache-Control"] = "no-store"\n    return response\n'
)


def test_a_hook_that_sets_cache_control_only_under_a_condition_is_not_said_to_reach_the_static_files():
    """A hook that writes the header for /api/ responses only leaves the static files alone:
    a certain reason (a report sent without its own max_age=) is the one the finding gives."""
    base = textwrap.dedent(HOOKED).split("@app.after_request")[0].replace("import Flask, render_template", "import Flask, render_template, request, send_file")
    source = base + '@app.route("/report")\ndef report():\n    return send_file("reports/today.csv")\n\n\n' + API_ONLY_HOOK
    result = run_codemods(source, "static-max-age", files={**STYLESHEET, **DEPLOYED}, dedent=False)
    assert result.new_text == source
    [message] = finding_messages(result)
    assert "sends files with send_file()/send_from_directory() and no max_age= (app.py:14)" in message


def test_a_conditional_hook_alone_still_holds_the_setting_back_as_a_possibility():
    base = textwrap.dedent(HOOKED).split("@app.after_request")[0].replace("import Flask, render_template", "import Flask, render_template, request")
    source = base + API_ONLY_HOOK
    result = run_codemods(source, "static-max-age", files={**STYLESHEET, **DEPLOYED}, dedent=False)
    assert result.new_text == source
    [message] = finding_messages(result)
    assert "sets Cache-Control in a hook run after every request, under a condition (app.py:15): it may reach" in message
