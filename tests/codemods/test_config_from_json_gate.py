"""The gates of config-from-json: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases
from upgrade_checks import AcceptedCasesAreActedOn


class TestGates(AcceptedCasesAreActedOn, GateCases):
    NAME = "config-from-json"
    REJECTED = [
        # from_json only in a comment and a string
        ("from flask import Flask\napp = Flask(__name__)\napp.config.from_file('a.json', load=j)  # was from_json\nx = 'from_json'\n", "app.py"),
        # a function named from_json, never an attribute
        ("from flask import Flask\napp = Flask(__name__)\napp.config.update(from_json('a.json'))\n", "app.py"),
        # a packaging script: upgrade codemods never act there
        ("from flask import Flask\napp = Flask(__name__)\napp.config.from_json('a.json')\n", "setup.py"),
    ]
    ACCEPTED = [
        ("import flask\napp = flask.Flask(__name__)\napp.config.from_json('a.json')\n", "app.py"),
        # not provably the app: a finding
        ("def setup(app):\n    app.config.from_json('a.json')\n", "factory.py"),
    ]
