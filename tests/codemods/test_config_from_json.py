"""config-from-json: Config.from_json, removed in Flask 2.1."""

from __future__ import annotations

import pytest

from helpers import run_codemods
from upgrade_checks import LeftAlone, Refusals, Rewrites, at_target, legacy_and_upgraded

NAME = "config-from-json"

APP = "from flask import Flask\n\napp = Flask(__name__)\n"

LEGACY_APP = '''
from flask import Flask

app = Flask(__name__)
app.config.from_json("settings.json")
LOCAL = app.config.from_json("local.json", silent=True)
FOLDER = app.config.from_json("a_folder", True)
'''

SETTINGS = '{"SECRET_KEY": "s3cr\\u00e9t", "PORT": 8080, "RATIO": 0.5, "DEBUG": false, "HOSTS": ["a", "b"], ' \
    '"LIMITS": {"max": 3}, "NOTHING": null, "lower": 1}'

PROBE = '''
import os
os.makedirs("a_folder", exist_ok=True)
keys = ("SECRET_KEY", "PORT", "RATIO", "DEBUG", "HOSTS", "LIMITS", "NOTHING", "lower")
config = legacy.app.config
print(json.dumps({
    "values": {key: [config.get(key), type(config.get(key)).__name__] for key in keys},
    "local": legacy.LOCAL, "folder": legacy.FOLDER,
}))
'''


def test_the_legacy_app_fails_today_and_after_the_rewrite_loads_what_from_json_loaded(tmp_path):
    files = {"app.py": LEGACY_APP, "settings.json": SETTINGS}
    before, after = legacy_and_upgraded(tmp_path, NAME, files, PROBE)
    assert before == {"error": "AttributeError: 'Config' object has no attribute 'from_json'"}
    # what from_json set: the file's JSON, upper-case keys only, each value of its JSON type
    assert after["values"] == {
        "SECRET_KEY": ["s3cr\u00e9t", "str"], "PORT": [8080, "int"], "RATIO": [0.5, "float"], "DEBUG": [False, "bool"],
        "HOSTS": [["a", "b"], "list"], "LIMITS": [{"max": 3}, "dict"], "NOTHING": [None, "NoneType"],
        "lower": [None, "NoneType"],
    }
    # silent=True: a missing file and a directory are skipped, and the call returns False
    assert after["local"] is False and after["folder"] is False


def test_silent_does_not_swallow_a_broken_file(tmp_path):
    legacy = APP + "\n\ndef again():\n    return app.config.from_json('broken.json', silent=True)\n"
    files = {"app.py": legacy, "broken.json": "{'no': json}"}
    _, after = legacy_and_upgraded(tmp_path, NAME, files, "print(json.dumps(outcome(legacy.again)))\n")
    assert after == "JSONDecodeError"  # as from_json: only a missing file or a directory is skipped


class TestUpgrade(Rewrites, Refusals, LeftAlone):
    NAME = NAME
    REWRITES = [
        (APP + "app.config.from_json('a.json')\n", "from flask import Flask, json\n\napp = Flask(__name__)\napp.config.from_file('a.json', load=json.load)\n"),
        (APP + "app.config.from_json('a.json', True)\n", "from flask import Flask, json\n\napp = Flask(__name__)\napp.config.from_file('a.json', load=json.load, silent=True)\n"),
        (APP + "app.config.from_json(silent=s, filename=p)\n", "from flask import Flask, json\n\napp = Flask(__name__)\napp.config.from_file(silent=s, filename=p, load=json.load)\n"),
        ("import flask\napp = flask.Flask(__name__)\napp.config.from_json(\n    'a.json',  # the defaults\n)\n",
         "import flask\napp = flask.Flask(__name__)\napp.config.from_file(\n    'a.json',  # the defaults\n    load=flask.json.load,\n)\n"),
        ("import json\nfrom flask import Flask\n\n\ndef create():\n    app = Flask(__name__)\n    app.config.from_json(p)\n    return app, json.dumps(1)\n",
         "import json\nfrom flask import Flask\n\nimport flask\n\n\ndef create():\n    app = Flask(__name__)\n    app.config.from_file(p, load=flask.json.load)\n    return app, json.dumps(1)\n"),
        ("from flask import Flask, json as j\n\napp = Flask(__name__)\napp.config.from_json('a.json')\n",
         "from flask import Flask, json as j\n\napp = Flask(__name__)\napp.config.from_file('a.json', load=j.load)\n"),
    ]
    REFUSED = [
        ("def setup(app):\n    app.config.from_json('a.json')\n", "if app.config is Flask's Config"),
        (APP + "app = make()\napp.config.from_json('a.json')\n", "if app.config is Flask's Config"),
        ("from flask import current_app\n\n\ndef f():\n    return current_app.config.from_json(p)\n", "if current_app.config is Flask's Config"),
        ("from flask import Flask\n\n\nclass App(Flask):\n    def setup(self):\n        self.config.from_json('a.json')\n", "if self.config is Flask's Config"),
        ("from flask import Flask\n\n\nclass App(Flask):\n    pass\n\n\napp = App(__name__)\napp.config.from_json('a.json')\n", "if app.config is Flask's Config"),
        (APP + "app.config = Settings(app.root_path)\napp.config.from_json('a.json')\n", "if app.config is Flask's Config"),
        (APP + "Flask.config_class = Settings\napp.config.from_json('a.json')\n", "if app.config is Flask's Config"),
        (APP + "setattr(app, name, value)\napp.config.from_json('a.json')\n", "if app.config is Flask's Config"),
        (APP + "app.config.from_json(*paths)\n", "its arguments are not (path[, silent])"),
        (APP + "app.config.from_json('a.json', silent=True, deep=True)\n", "its arguments are not (path[, silent])"),
        ("class Settings:\n    @staticmethod\n    def load(self):\n        self.config.from_json('a.json')\n", "if self.config is Flask's Config"),
        (APP + "import json\nflask = 1\napp.config.from_json('a.json')\n", "flask.json cannot be named here"),
    ]
    LEFT_ALONE = [
        pytest.param(APP + "settings.from_json('a.json')\n", id="not-a-config"),
        pytest.param(APP + "app.config.from_file('a.json', load=json.load)\n", id="modern"),
        pytest.param("import flask\napp = flask.Flask(__name__)\nif flask.__version__ < '2.0':\n    app.config.from_json('a.json')\n", id="guarded"),
    ]


def test_only_where_from_file_exists_and_findings_only_where_from_json_is_gone() -> None:
    legacy = APP + "app.config.from_json('a.json')\n"
    assert at_target(legacy, NAME, (1, 1)) == (legacy, [])
    assert "from_file('a.json', load=json.load)" in at_target(legacy, NAME, (2, 0))[0]
    foreign = "def setup(app):\n    app.config.from_json('a.json')\n"
    assert at_target(foreign, NAME, (2, 0)) == (foreign, [])
    assert len(at_target(foreign, NAME, (2, 1))[1]) == 1


def test_setup_py_never() -> None:
    legacy = APP + "app.config.from_json('a.json')\n"
    packaging = "from setuptools import setup\n" + legacy  # a setup.py that runs setuptools
    assert run_codemods(packaging, NAME, path="setup.py").new_text == packaging
