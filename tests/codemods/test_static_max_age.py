"""static-max-age: through the real engine, and what the rewritten app really sends."""

from __future__ import annotations

import textwrap

import pytest
from typer.testing import CliRunner

from flask_codemod.cli import app as cli
from helpers import DEPLOYED, assert_left_alone, finding_messages, load_source, rewrite, run_codemods

STATIC_APP = '''
from flask import Flask, send_from_directory

app = Flask(__name__)


@app.get("/favicon.css")
def favicon():
    return send_from_directory(app.static_folder, "app.css")
'''


def _load(folder, source: str):
    """Import ``source`` from ``folder``, next to its ``static/`` folder."""
    return load_source(folder, source, stem="static_app")


@pytest.fixture
def site(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "app.css").write_text("body { color: teal }\n")
    return tmp_path


def test_static_files_carry_a_max_age_after_the_rewrite(site):
    before = textwrap.dedent(STATIC_APP)
    result = run_codemods(before, "static-max-age", dedent=False)
    after = result.new_text
    assert 'app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600\n' in after

    with _load(site, before).app.test_client() as client:
        response = client.get("/static/app.css")
        assert response.status_code == 200
        assert response.cache_control.max_age is None  # Flask >= 2.0: no max-age by default

    with _load(site, after).app.test_client() as client:
        response = client.get("/static/app.css")
        assert response.status_code == 200 and response.data == b"body { color: teal }\n"
        assert response.cache_control.max_age == 3600
        assert "max-age=3600" in response.headers["Cache-Control"]
        # a file sent from the static folder without max_age= follows the same default, as meant
        assert client.get("/favicon.css").cache_control.max_age == 3600
    assert finding_messages(result) == []


DYNAMIC_APP = STATIC_APP.replace("send_from_directory(app.static_folder, \"app.css\")", "send_file(__file__)").replace(
    "send_from_directory", "send_file"
)


def test_an_app_that_sends_changing_files_without_max_age_is_left_alone(site):
    """SEND_FILE_MAX_AGE_DEFAULT would let browsers keep a file that changes behind its URL
    (here the module itself): the code stays, a finding names the call."""
    source = textwrap.dedent(DYNAMIC_APP)
    result = run_codemods(source, "static-max-age", dedent=False)
    assert result.new_text == source
    [message] = finding_messages(result)
    assert "the app sends files with send_file()/send_from_directory() and no max_age= (app.py:9)" in message
    with _load(site, source).app.test_client() as client:
        assert client.get("/favicon.css").cache_control.max_age is None


def test_changing_files_sent_from_another_module_count_too(site):
    admin = "from flask import send_from_directory\n\ndef log():\n    return send_from_directory('/var/log/shop', 'app.log')\n"
    result = run_codemods(STATIC_APP, "static-max-age", files={**DEPLOYED, "admin.py": admin, "static/app.css": "x"})
    assert result.new_text == textwrap.dedent(STATIC_APP)
    assert "(admin.py:4)" in finding_messages(result)[0]
    # with its own max-age, or sent from the static folder, a file is no reason to stay away
    for call in ("send_from_directory('/var/log/shop', 'app.log', max_age=0)", "send_from_directory(STATIC_DIR, 'robots.txt')"):
        other = f"from flask import send_from_directory\n\ndef log():\n    return {call}\n"
        changed = rewrite(STATIC_APP, "static-max-age", files={**DEPLOYED, "admin.py": other, "static/app.css": "x"})
        assert "SEND_FILE_MAX_AGE_DEFAULT" in changed


UPLOADS = """
import os

from flask import current_app, send_from_directory


def download(full_path):
    max_age = current_app.get_send_file_max_age(full_path)
    folder, name = os.path.split(full_path)
    return send_from_directory(folder, name, max_age=max_age)
"""


def test_a_max_age_asked_of_the_app_for_a_changing_file_is_the_default_too(site):
    """``max_age=app.get_send_file_max_age(path)`` passes the app's default on: an upload sent
    that way would be kept by browsers for the new max-age as well. The code stays, a
    finding names the call; asked for a file of the static folder, it is no reason to stay."""
    app_source = textwrap.dedent(STATIC_APP)
    result = run_codemods(app_source, "static-max-age", dedent=False, files={**DEPLOYED, "uploads.py": UPLOADS, "static/app.css": "x"})
    assert result.new_text == app_source
    assert "(uploads.py:8)" in finding_messages(result)[0]
    static_ask = UPLOADS.replace("get_send_file_max_age(full_path)", "get_send_file_max_age('static/app.css')")
    assert "SEND_FILE_MAX_AGE_DEFAULT" in rewrite(app_source, "static-max-age", files={**DEPLOYED, "uploads.py": static_ask, "static/app.css": "x"})
    # what the rewrite would have done: the upload, sent with the default, gets the max-age
    (site / "report.txt").write_text("draft\n")
    after = app_source.replace("app = Flask(__name__)\n", 'app = Flask(__name__)\napp.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600\n')
    for source, max_age in ((app_source, None), (after, 3600)):
        module = _load(site, source)
        uploads = load_source(site, textwrap.dedent(UPLOADS), stem="uploads_module")
        with module.app.test_request_context():
            response = uploads.download(str(site / "report.txt"))
            assert response.cache_control.max_age == max_age
            response.close()


def test_an_app_whose_static_folder_holds_nothing_is_left_alone():
    """A JSON API: Flask registers /static, but the project has no file there to cache."""
    api = "from flask import Flask\n\napp = Flask(__name__)\n\n@app.get('/items')\ndef items():\n    return []\n"
    files = {**DEPLOYED, "app.py": api, "models.py": "x = 1\n"}
    assert run_codemods(api, "static-max-age", files=files).new_text == api
    files["static/app.js"] = "let x = 1;\n"
    assert "SEND_FILE_MAX_AGE_DEFAULT" in rewrite(api, "static-max-age", files=files)
    # a folder of its own: public/, above the module
    custom = api.replace("Flask(__name__)", "Flask(__name__, static_folder='../public')")
    assert run_codemods(custom, "static-max-age", files={"app.py": custom, "static/x.css": ""}).new_text == custom
    assert "SEND_FILE_MAX_AGE_DEFAULT" in rewrite(custom, "static-max-age", files={**DEPLOYED, "app.py": custom, "../public/x.css": ""})


@pytest.mark.parametrize("target, changed", [((1, 1), False), ((2, 0), True), (None, True)])
def test_flask_before_2_0_already_sends_a_max_age(target, changed):
    """Flask 1.x sends static files with a 12 hour max-age: an hour would only lower it."""
    from flask_codemod.codemods import get_codemod
    from flask_codemod.engine import transform_text

    source = textwrap.dedent(STATIC_APP)
    result = transform_text(source, [get_codemod("static-max-age")], path="app.py", target_version=target)
    assert ("SEND_FILE_MAX_AGE_DEFAULT" in result.new_text) is changed


def test_a_max_age_the_project_sets_elsewhere_is_left_alone():
    config = "class Config:\n    SEND_FILE_MAX_AGE_DEFAULT = 300\n"
    result = run_codemods(STATIC_APP, "static-max-age", files={"config.py": config})
    assert result.new_text == textwrap.dedent(STATIC_APP) and result.findings == []


def test_the_option_sets_the_max_age(site):
    after = rewrite(STATIC_APP, "static-max-age", options={"static-max-age": {"seconds": 86400}})
    assert 'app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 86400\n' in after
    with _load(site, after).app.test_client() as client:
        assert client.get("/static/app.css").cache_control.max_age == 86400


def test_factory_gets_it_after_the_app_is_created_and_before_loaded_config(site):
    source = """
        from flask import Flask

        OVERRIDES = {}


        def create_app():
            app = Flask(__name__)
            app.config["SECRET_KEY"] = "dev"
            app.config.update(OVERRIDES)
            return app
    """
    result = run_codemods(source, "static-max-age")
    assert (
        '    app.config["SECRET_KEY"] = "dev"\n'
        '    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600\n'
        "    app.config.update(OVERRIDES)\n"
    ) in result.new_text
    assert finding_messages(result) == [
        "10: static-max-age: the config is also loaded from elsewhere here (update()): cannot tell whether it sets "
        "SEND_FILE_MAX_AGE_DEFAULT; the inserted default comes before it, so a value set there still wins"
    ]
    assert _load(site, result.new_text).create_app().config["SEND_FILE_MAX_AGE_DEFAULT"] == 3600
    overridden = result.new_text.replace("OVERRIDES = {}", "OVERRIDES = {'SEND_FILE_MAX_AGE_DEFAULT': 5}")
    with _load(site, overridden).create_app().test_client() as client:
        assert client.get("/static/app.css").cache_control.max_age == 5


@pytest.mark.parametrize(
    "creation",
    [
        "app = Flask(__name__, static_folder=None)",
        "app = Flask(__name__, None, None)",
    ],
)
def test_apps_without_static_folder_are_left_alone(creation):
    source = f"from flask import Flask\n\n{creation}\n"
    assert_left_alone("static-max-age", source)


@pytest.mark.parametrize(
    "setting",
    [
        'app.config.from_mapping(SEND_FILE_MAX_AGE_DEFAULT=60)',
        'app.config["SEND_FILE_MAX_AGE_DEFAULT"] = timedelta(hours=1)',
        "app.send_file_max_age_default = 60",
        "app.get_send_file_max_age = lambda filename: 60",
    ],
)
def test_a_module_that_configures_the_max_age_is_left_alone(setting):
    source = f"from datetime import timedelta\nfrom flask import Flask\n\napp = Flask(__name__)\n{setting}\n"
    assert_left_alone("static-max-age", source)


def test_a_flask_lookalike_is_not_an_app():
    source = "from myframework import Flask\n\napp = Flask(__name__)\n"
    assert rewrite(source, "static-max-age") == source


def test_runs_with_upload_limit_in_one_pass_and_stays_put():
    source = """
        from flask import Flask, request

        app = Flask(__name__)
        app.config["SECRET_KEY"] = "dev"
        app.register_blueprint(object())

        @app.post("/up")
        def up():
            return str(len(request.files))
    """
    once = rewrite(source, "upload-limit", "static-max-age")
    assert (
        'app.config["SECRET_KEY"] = "dev"\n'
        'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024\n'
        'app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600\n'
        "app.register_blueprint(object())\n"
    ) in once
    # all codemods, twice: nothing more changes
    everything = rewrite(once, dedent=False)
    assert rewrite(everything, dedent=False) == everything
    assert everything.count("SEND_FILE_MAX_AGE_DEFAULT") == 1 and everything.count("MAX_CONTENT_LENGTH") == 1


def test_option_is_explained():
    explained = CliRunner().invoke(cli, ["explain", "static-max-age"], catch_exceptions=False)
    assert explained.exit_code == 0 and "seconds" in explained.stdout and "3600" in explained.stdout
