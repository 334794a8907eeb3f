"""The gates of config-env: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases
from helpers import real_code

from flask_codemod.codemods import config_env


class TestGates(GateCases):
    NAME = "config-env"
    REJECTED = [
        # words that start like the old names
        ("import os\n\nENVIRONMENT = os.environ.get('ENVIRONMENT', 'production')\n", "settings.py"),
        ("from flask import Flask\n\napp = Flask(__name__)\napp.environment = 'x'\napp.config['DEBUG'] = True\n", "app.py"),
        # a .env file name, or ENV in other text, is no read of the setting
        ("import os\nfrom dotenv import load_dotenv\n\nload_dotenv(os.path.join(os.getcwd(), '.env'))\n", "config.py"),
        ("import logging\n\nlogger = logging.getLogger('alembic.env')\n", "migrations/env.py"),
        ("print('set ENV=production in the environment')\n", "notes.py"),
        # ENV of what is not known to be an app: a test's app from a factory of the project,
        # an object's own env attribute, a plain settings module
        (
            "from conduit.app import create_app\n\ndef test_config():\n    app = create_app()\n"
            "    assert app.config['ENV'] == 'prod'\n",
            "tests/test_config.py",
        ),
        (
            "from flask import current_app\n\nclass Process:\n    def __init__(self):\n        self.env = dict()\n\n"
            "    def run(self, env):\n        env.update(self.env)\n        self.env['PGSSLMODE'] = current_app.name\n",
            "processes.py",
        ),
        ("ENV = 'production'\nSETTINGS = {'ENV': ENV}\n", "settings.py"),
        # a packaging script: no codemod acts on it (Codemod.acts_on)
        (
            "from setuptools import setup\nfrom flask import Flask\n\napp = Flask(__name__)\n\ndef test_env():\n    assert app.env == 'development'\n",
            "setup.py",
        ),
    ]
    ACCEPTED = [
        # a test module: upgrades act on tests too (a removed API breaks them as well)
        (
            "from flask import Flask\n\napp = Flask(__name__)\n\ndef test_env():\n    assert app.env == 'development'\n",
            "tests/test_config.py",
        ),
        ("from flask import Flask\n\napp = Flask(__name__)\nif app.config['ENV'] == 'development':\n    pass\n", "app.py"),
        ("import os\n\nDEBUG = os.getenv('FLASK_ENV') == 'development'\n", "settings.py"),
        ("class Config:\n    ENV = 'production'\n", "config.py"),
        ("import os\n\nif os.environ['FLASK_ENV'] == 'development':\n    pass\n", "boot.py"),
        ("from flask import Flask\n\napp = Flask(__name__)\napp.config.update(ENV='production')\n", "app.py"),
        ("from flask import Flask\n\napp = Flask(__name__)\napp.config.update({'ENV': 'production'})\n", "app.py"),
        ("from flask import current_app\n\ndef debug():\n    return current_app.config.get('ENV') == 'development'\n", "util.py"),
        # near misses of the rejections above: an app made here, current_app, a config class
        ("from flask import Flask as F\n\ndef make():\n    web = F(__name__)\n    return web.env\n", "factory.py"),
        ("import flask\n\ndef mode():\n    return flask.current_app.env\n", "util.py"),
        ("class DevConfig(object):\n    DEBUG = True\n    ENV = 'dev'\n", "settings.py"),
        # test code is upgraded too: it breaks like the app does
        (
            "from flask import Flask\n\napp = Flask(__name__)\n\ndef test_env():\n    assert app.env == 'development'\n",
            "tests/test_config.py",
        ),
    ]
    REJECTED_SAMPLES = ["not_flask"]


def test_the_text_gates_substring_test_keeps_every_text_its_pattern_matches():
    """The text gate tests for "ENV" or ".env" before its regex: each spelling the regex
    matches passes, and on real code the gate says what the regex alone says."""
    gate = config_env.ConfigEnv()
    for text in ("x = os.environ['FLASK_ENV']\n", "app.config['ENV']\n", 'c["ENV"]\n', "app.env\n", "ENV = 'dev'\n", "p = '.env'\n"):
        assert gate.applies_to_file(text, "app.py") is (config_env._TRIGGER.search(text) is not None), text
    for path in real_code(legacy_app=True):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        assert gate.applies_to_file(text, "app.py") is (config_env._TRIGGER.search(text) is not None), path
