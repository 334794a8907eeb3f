"""The gates of config-env: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

import textwrap

from gate_checks import GateCases, accepts, gates_at, missed_at_targets, opened, output_of
from helpers import real_code

from flask_codemod import engine
from flask_codemod.codemods import config_env, get_codemod


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
        # FLASK_ENV read by another reader than os.environ (environs), or a dict literal's key
        # (an environment a test patches in): the planner reads only os.environ's
        (
            "from environs import Env\n\nenv = Env()\nenv.read_env()\nENV = env.str('FLASK_ENV', default='production')\n"
            "DEBUG = ENV == 'development'\n",
            "settings.py",
        ),
        (
            "import os\nfrom unittest import mock\n\ndef test_app():\n"
            "    with mock.patch.dict(os.environ, {'FLASK_ENV': 'development'}):\n        pass\n",
            "tests/conftest.py",
        ),
        # a config class that sets no ENV of its own (its subclass reads self.ENV: no app's)
        ("class Config(object):\n    DEBUG = False\n\n    def __init__(self):\n        if self.ENV == 'DEV':\n            self.DEBUG = True\n", "config.py"),
        # an app's other config keys, with ENV in a dict that is no app's config (linotp's conftest)
        (
            "from flask import current_app\n\nbase = {'ENV': 'testing', 'TESTING': True}\n\n"
            "def realm():\n    return current_app.config['ADMIN_REALM_NAME'], current_app.config.get('DEBUG')\n",
            "tests/conftest.py",
        ),
        # ENV in a class not named like a config class, or given to what is no config's update
        ("class Settings:\n    ENV = 'prod'\n", "settings.py"),
        ("from flask import Flask\n\napp = Flask(__name__)\napp.config.update(DEBUG=True)\nopts = {'ENV': 'x'}\n", "app.py"),
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
        # near misses of the FLASK_ENV rejections: os.environ's own readers, however imported
        ("from os import environ\n\nDEBUG = environ.get('FLASK_ENV') == 'development'\n", "settings.py"),
        ("from flask import current_app\n\nbase = {'ENV': 'testing'}\nmode = current_app.config['ENV']\n", "util.py"),
        ("import os as system\n\nDEBUG = system.getenv('FLASK_ENV') == 'development'\n", "settings.py"),
        ("import os\n\nos.environ.setdefault('FLASK_ENV', 'development')\n", "run.py"),
        ("from flask import Flask\n\napp = Flask(__name__)\napp.config.from_mapping({'ENV': 'prod'})\n", "app.py"),
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


# -- the project gate: writes beside the debug setting, at a target Flask that does not read them ---------

# each silent at the newest target, each reported at a target that reads ENV (1.0 to 2.2)
BESIDE_DEBUG = [
    ("class ProdConfig(Config):\n    ENV = 'prod'\n    DEBUG = False\n", "settings.py"),
    ("class Config(object):\n    ENV = 'DEV'\n    SECRET = 'x'\n    DEBUG: bool = False\n", "realms/config/__init__.py"),
    (
        "import os\n\ndef main():\n    os.environ['FLASK_ENV'] = 'development'\n    os.environ.setdefault('FLASK_DEBUG', '1')\n",
        "devserver.py",
    ),
    ("import os\n\nos.environ['FLASK_DEBUG'] = '1'\nos.environ.setdefault('FLASK_ENV', 'development')\n", "run.py"),
    ("from flask import Flask\n\napp = Flask(__name__)\napp.config.update(ENV='prod', DEBUG=False)\n", "app.py"),
    ("from flask import Flask\n\napp = Flask(__name__)\napp.config.update({'ENV': 'prod', 'DEBUG': False})\n", "app.py"),
]
# near misses: ENV and DEBUG apart (another class, a line shared, another function, another
# call), or a read of FLASK_ENV beside the write
APART_FROM_DEBUG = [
    ("class Config:\n    DEBUG = False\n\nclass ProdConfig(Config):\n    ENV = 'prod'\n", "settings.py"),
    ("class ProdConfig:\n    ENV = 'prod'\n    X = 1; DEBUG = False\n", "settings.py"),
    (
        "import os\n\ndef main():\n    os.environ['FLASK_ENV'] = 'development'\n\ndef debug():\n"
        "    os.environ.setdefault('FLASK_DEBUG', '1')\n",
        "devserver.py",
    ),
    (
        "import os\n\ndef main():\n    os.environ['FLASK_DEBUG'] = '1'\n    os.environ['FLASK_ENV'] = 'development'\n"
        "    return os.environ['FLASK_ENV']\n",
        "devserver.py",
    ),
    ("from flask import Flask\n\napp = Flask(__name__)\napp.config.update(ENV='prod')\napp.config.update(DEBUG=False)\n", "app.py"),
    ("from flask import Flask\n\napp = Flask(__name__)\napp.config.update({'ENV': 'prod'}, DEBUG=False)\n", "app.py"),
]


def _said(source: str, path: str, target) -> list[str]:
    """What config-env, gates open, does with ``source`` at the target Flask ``target``."""
    text = textwrap.dedent(source)
    result = engine.transform_text(text, [opened(get_codemod("config-env"))], path=path, target_version=target)
    return output_of(result, text, {"config-env"})


def test_writes_beside_the_debug_setting_pass_only_where_flask_still_reads_them():
    for source, path in BESIDE_DEBUG:
        assert _said(source, path, (2, 2)) and not _said(source, path, None), path
        assert accepts("config-env", source, path), path  # the tree gate cannot know the target
        assert not gates_at("config-env", textwrap.dedent(source), path, None), path
        assert gates_at("config-env", textwrap.dedent(source), path, (2, 2)), path
    assert missed_at_targets("config-env", BESIDE_DEBUG) == []


def test_writes_apart_from_the_debug_setting_pass_at_every_target():
    for source, path in APART_FROM_DEBUG:
        assert _said(source, path, None), path
        assert gates_at("config-env", textwrap.dedent(source), path, None), path
    assert missed_at_targets("config-env", APART_FROM_DEBUG) == []
