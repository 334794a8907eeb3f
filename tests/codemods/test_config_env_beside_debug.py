"""config-env: an ENV (or FLASK_ENV) written right beside the debug setting is the app's own
environment name, not a stand-in for debug mode. Flask 2.3+ still carries a config key the app
sets itself (from_object copies it, templates read ``config.ENV``), and the process environment
still holds FLASK_ENV for whatever else reads it: "setting it has no effect" would be false
there, and the advice (set debug mode with FLASK_DEBUG) is already followed."""

from __future__ import annotations

import pytest
from flask import Flask, render_template_string

from helpers import assert_left_alone, assert_refused, run_at_target

_CLASSES = (
    "class Config:\n    SECRET_KEY = 'x'\n\n\n"
    "class ProdConfig(Config):\n    ENV = 'prod'\n    DEBUG = False\n\n\n"
    "class DevConfig(Config):\n    ENV = 'dev'\n    DEBUG = True\n"
)


def test_an_env_name_beside_debug_in_a_config_class_is_the_apps_own_and_still_carried():
    namespace: dict = {}
    exec(_CLASSES, namespace)
    app = Flask(__name__)
    app.config.from_object(namespace["ProdConfig"])
    with app.app_context():  # Flask 3 carries the key: the app's templates still see it
        assert render_template_string("{{ 'live' if config.ENV == 'prod' else 'test' }}") == "live"
    assert_left_alone("config-env", _CLASSES)


@pytest.mark.parametrize(
    "source",
    [
        # a development launcher: the library it serves reads FLASK_ENV; debug mode is set the current way
        "import os\n\n\nif __name__ == '__main__':\n    os.environ['FLASK_ENV'] = 'development'\n"
        "    os.environ.setdefault('FLASK_DEBUG', '1')\n",
        "import os\n\n\ndef launch():\n    os.environ.setdefault('FLASK_ENV', 'development')\n"
        "    os.environ['FLASK_DEBUG'] = '1'\n",
        "from flask import Flask\napp = Flask(__name__)\napp.config.update(ENV='staging', DEBUG=False)\n",
    ],
)
def test_a_flask_env_written_beside_flask_debug_is_left_alone(source):
    assert_left_alone("config-env", source)


@pytest.mark.parametrize(
    "source",
    [
        # no debug setting beside it: the write may still stand for debug mode
        "class DevConfig:\n    ENV = 'development'\n\n\nclass ProdConfig:\n    DEBUG = False\n",
        # FLASK_DEBUG set elsewhere than the function that writes FLASK_ENV
        "import os\n\n\ndef launch():\n    os.environ['FLASK_ENV'] = 'development'\n\n\n"
        "def other():\n    os.environ['FLASK_DEBUG'] = '1'\n",
    ],
)
def test_a_write_without_the_debug_setting_beside_it_is_still_reported(source):
    assert_refused("config-env", source, "setting it has no effect")


@pytest.mark.parametrize("target", [(2, 0), (2, 2)])
def test_below_flask_2_3_the_write_beside_debug_still_feeds_app_env_and_is_reported(target):
    text, found = run_at_target(_CLASSES, "config-env", target, dedent=False)
    assert text == _CLASSES and [line for line, _ in found] == [6, 11]
    assert all("it still sets app.env" in message for _, message in found)


def test_before_flask_1_0_which_never_read_env_the_name_beside_debug_is_the_apps_own():
    # the config object switches its own debug mode on its own name
    source = (
        "class Config:\n    ENV = 'DEV'\n    DEBUG = False\n\n"
        "    def __init__(self):\n        if self.ENV == 'DEV':\n            self.DEBUG = True\n"
    )
    assert run_at_target(source, "config-env", (0, 12), dedent=False) == (source, [])
