"""config-env: code that switched on ENV == "development" raises on Flask 3 (app.env is gone)
or silently never switches (FLASK_ENV is ignored); after the rewrite it follows debug mode,
which FLASK_DEBUG controls."""

from __future__ import annotations

import os

import pytest

from helpers import SAMPLES, assert_left_alone, assert_refused, finding_messages, load_source, rewrite, run_at_target, run_codemods


def _sample(name: str) -> str:
    with open(os.path.join(SAMPLES, "config-env", name), encoding="utf-8") as handle:
        return handle.read()


@pytest.fixture
def environment(monkeypatch):
    for name in ("FLASK_DEBUG", "FLASK_ENV"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_debug_switches_follow_flask_debug_after_the_rewrite(tmp_path, environment):
    before = _sample("debug_switches.before.py")
    with pytest.raises(AttributeError, match="env"):
        load_source(tmp_path, before)
    after = rewrite(before, "config-env", dedent=False)

    environment.setenv("FLASK_DEBUG", "1")
    development = load_source(tmp_path, after)
    assert development.app.config["TEMPLATES_AUTO_RELOAD"] is True
    assert "SESSION_COOKIE_SECURE" not in development.app.config or not development.app.config["SESSION_COOKIE_SECURE"]
    with development.app.app_context():
        assert development.asset_url("site") == "/static/site.js"

    environment.delenv("FLASK_DEBUG")
    production = load_source(tmp_path, after)
    assert production.app.config["TEMPLATES_AUTO_RELOAD"] is None
    assert production.app.config["SESSION_COOKIE_SECURE"] is True
    with production.app.app_context():
        assert production.asset_url("site") == "/static/site.min.js"


def test_a_config_class_reading_flask_env_reads_flask_debug(tmp_path, environment):
    after = rewrite(_sample("settings.before.py"), "config-env", dedent=False)
    environment.setenv("FLASK_ENV", "development")  # what the old deployment set: ignored now
    assert load_source(tmp_path, after).Config.DEBUG is False
    environment.setenv("FLASK_DEBUG", "true")
    assert load_source(tmp_path, after).Config.DEBUG is True


def test_the_served_app_behaves_as_its_environment_says_driven_by_the_test_client(tmp_path, environment):
    # a view built on the sample's asset_url, and a session cookie: Secure only in production
    before = _sample("debug_switches.before.py").replace(
        'if __name__ == "__main__":',
        '@app.route("/")\ndef index():\n    from flask import session\n    session["seen"] = True\n'
        '    return asset_url("site")\n\n\nif __name__ == "__main__":',
    )
    environment.setenv("FLASK_ENV", "development")  # what the old deployment set
    with pytest.raises(AttributeError, match="env"):  # Flask 3: app.env is gone
        load_source(tmp_path, before)
    after = rewrite(before, "config-env", dedent=False)

    environment.setenv("FLASK_DEBUG", "1")
    response = load_source(tmp_path, after).app.test_client().get("/")
    assert response.get_data(as_text=True) == "/static/site.js"
    assert "Secure" not in response.headers["Set-Cookie"]

    environment.delenv("FLASK_DEBUG")
    response = load_source(tmp_path, after).app.test_client().get("/")
    assert response.get_data(as_text=True) == "/static/site.min.js"
    assert "Secure" in response.headers["Set-Cookie"]


@pytest.mark.parametrize(
    "source, message",
    [
        ("from flask import Flask\napp = Flask(__name__)\nname = app.env.upper()\n", "use app.debug"),
        ("from flask import Flask\napp = Flask(__name__)\nif app.env == 'staging':\n    pass\n", "use app.debug"),
        ("from flask import Flask\napp = Flask(__name__)\nprod = app.env == 'development'\n", "use app.debug"),
        ("import os\nos.environ.setdefault('FLASK_ENV', 'development')\n", "setting it has no effect"),
        ("from flask import Flask\napp = Flask(__name__)\napp.config.update(ENV='development')\n", "no effect"),
        # unset FLASK_ENV meant development here; unset FLASK_DEBUG means off
        ("import os\nDEBUG = os.environ.get('FLASK_ENV', 'development') == 'development'\n", "its default makes an unset"),
        # since 2.3 this is always the default: reported, never silent
        ("from flask import Flask\napp = Flask(__name__)\nlog_dir = app.config.get('ENV', 'production') + '/logs'\n", "use app.debug"),
        ("import os\nDEBUG = os.getenv('FLASK_ENV', default=MODE) == 'development'\n", "its default makes an unset"),
    ],
)
def test_uses_that_are_not_about_debug_mode_are_reported(source, message):
    assert_refused("config-env", source, message)


@pytest.mark.parametrize(
    "source",
    [
        _sample("not_flask.before.py"),
        "from flask import Flask\napp = Flask(__name__)\nif app.debug:\n    pass\n# no app.env here\n",
        "import flask\nfrom flask import Flask\napp = Flask(__name__)\n"
        "if flask.__version__ < '2.2':\n    dev = app.env == 'development'\n",
    ],
)
def test_foreign_modern_and_guarded_code_is_byte_identical(source):
    assert_left_alone("config-env", source)


def test_a_default_that_is_not_development_keeps_the_meaning(monkeypatch):
    source = "import os\nDEBUG = os.environ.get('FLASK_ENV', 'production') == 'development'\n"
    after = rewrite(source, "config-env", dedent=False)
    assert after.endswith("DEBUG = get_debug_flag()\n")
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("FLASK_ENV", raising=False)
    before_value, after_value = {}, {}
    exec(source, before_value)
    exec(after, after_value)
    assert before_value["DEBUG"] is after_value["DEBUG"] is False


def test_the_debug_flag_name_taken_is_reported():
    source = "import os\nget_debug_flag = None\nDEBUG = os.environ.get('FLASK_ENV') == 'development'\n"
    result = run_codemods(source, "config-env", dedent=False)
    assert result.new_text == source and "means something else" in finding_messages(result)[0]


def test_an_older_target_gets_findings_only():
    text, findings = run_at_target(_sample("debug_switches.before.py"), "config-env", (2, 1), dedent=False)
    assert text == _sample("debug_switches.before.py")
    assert len(findings) == 4 and all("from Flask 2.2 on" in message for _, message in findings)


def test_the_gates():
    from flask_codemod.codemods import get_codemod

    codemod = get_codemod("config-env")()
    assert not codemod.applies_to_file("import os\nos.environ.get('HOME')\n", "app.py")
    assert codemod.applies_to_file("if app.env == 'development': pass\n", "app.py")
