"""config-env: where the app sets its own ENV config value (a config class, update(),
``app.config["ENV"] = ...``, a settings module loading itself), a read of ``config["ENV"]``
reads that value, which Flask keeps in app.config on every version: it says nothing about
debug mode, so it is not rewritten into ``app.debug`` (and not reported as removed). Where the
app never sets ENV, the read is Flask's own and is rewritten as before."""

from __future__ import annotations

import pytest

from helpers import load_source, run_at_target

_READ = 'if app.config["ENV"] == "development":\n    app.config["EXPLAIN_TEMPLATE_LOADING"] = True\n'

# the reviewer's case: ENV beside DEBUG in a config class loaded with from_object
_BESIDE_DEBUG = (
    "from flask import Flask\n\n\n"
    'class Config:\n    DEBUG = False\n    ENV = "development"\n\n\n'
    "app = Flask(__name__)\napp.config.from_object(Config)\n" + _READ
)
# ENV set by a subscript assignment in the module
_SUBSCRIPT = 'from flask import Flask\n\napp = Flask(__name__)\napp.config["ENV"] = "development"\n' + _READ
# ENV set only in a subclass that does not set DEBUG
_SUBCLASS = (
    "from flask import Flask\n\n\n"
    "class Config:\n    DEBUG = False\n\n\n"
    'class DevConfig(Config):\n    ENV = "development"\n\n\n'
    "app = Flask(__name__)\napp.config.from_object(DevConfig)\n" + _READ
)
_UPDATE = 'from flask import Flask\n\napp = Flask(__name__)\napp.config.update(ENV="development", DEBUG=False)\n' + _READ
# a settings module that loads its own names
_SELF_LOADED = 'from flask import Flask\n\nENV = "development"\nDEBUG = False\napp = Flask(__name__)\napp.config.from_object(__name__)\n' + _READ
_GET = _BESIDE_DEBUG.replace('app.config["ENV"] ==', 'app.config.get("ENV") ==')
_OWN = [_BESIDE_DEBUG, _SUBSCRIPT, _SUBCLASS, _UPDATE, _SELF_LOADED, _GET]


@pytest.fixture
def environment(monkeypatch):
    for name in ("FLASK_DEBUG", "FLASK_ENV"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize("target", [(3, 0), (2, 2), None])
@pytest.mark.parametrize("source", _OWN)
def test_a_read_of_the_apps_own_env_is_left_as_it_is(source, target):
    text, found = run_at_target(source, "config-env", target, dedent=False)
    assert text == source
    read_line = source.count("\n", 0, source.index("if app.config")) + 1
    assert read_line not in [line for line, _ in found], found


@pytest.mark.parametrize("source", [_BESIDE_DEBUG, _UPDATE, _SELF_LOADED, _GET])
def test_at_flask_3_nothing_is_said_about_the_apps_own_env_beside_or_read(source):
    assert run_at_target(source, "config-env", (3, 0), dedent=False) == (source, [])


def test_the_write_in_a_subclass_without_debug_is_still_reported_but_its_read_kept():
    text, found = run_at_target(_SUBCLASS, "config-env", (3, 0), dedent=False)
    assert text == _SUBCLASS and [line for line, _ in found] == [9]


@pytest.mark.parametrize("source", _OWN)
def test_the_program_keeps_its_behaviour(tmp_path, environment, source):
    before = load_source(tmp_path, source).app
    assert before.debug is False and before.config["EXPLAIN_TEMPLATE_LOADING"] is True
    text, _ = run_at_target(source, "config-env", (3, 0), dedent=False)
    after = load_source(tmp_path, text).app
    assert after.config["EXPLAIN_TEMPLATE_LOADING"] is True


def test_where_the_app_never_sets_env_the_read_is_rewritten_as_before():
    source = "from flask import Flask\n\napp = Flask(__name__)\napp.config.from_mapping({'TESTING': False})\n" + _READ
    text, found = run_at_target(source, "config-env", (3, 0), dedent=False)
    assert text == source.replace('app.config["ENV"] == "development"', "app.debug") and found == []


def test_an_env_in_a_class_that_is_no_config_does_not_count():
    source = "from flask import Flask\n\n\nclass Mode:\n    ENV = 'x'\n\n\napp = Flask(__name__)\n" + _READ
    text, _ = run_at_target(source, "config-env", (3, 0), dedent=False)
    assert "if app.debug:" in text


def test_app_env_of_an_app_that_sets_its_own_env_is_reported_not_turned_into_debug(tmp_path, environment):
    # up to 2.2 app.env was app.config["ENV"]: the app's own "development", while DEBUG is False
    source = _BESIDE_DEBUG.replace('app.config["ENV"] ==', "app.env ==")
    text, found = run_at_target(source, "config-env", (3, 0), dedent=False)
    assert text == source
    assert len(found) == 1 and found[0][0] == 11 and 'app.config["ENV"]' in found[0][1], found
    # what the finding advises keeps the program's behaviour on Flask 3
    advised = load_source(tmp_path, source.replace("app.env ==", 'app.config["ENV"] ==')).app
    assert advised.config["EXPLAIN_TEMPLATE_LOADING"] is True
