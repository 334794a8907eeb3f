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
        # a project's own from_json, on a class or an object (no .config before it)
        ("from .models import Comment\n\ndef new(data):\n    return Comment.from_json(data).save()\n", "api/comments.py"),
        ("def load(settings, text):\n    settings.from_json(text)\n", "settings.py"),
        # a packaging script: upgrade codemods never act there
        ("from setuptools import setup\nfrom flask import Flask\napp = Flask(__name__)\napp.config.from_json('a.json')\n", "setup.py"),
    ]
    ACCEPTED = [
        ("import flask\napp = flask.Flask(__name__)\napp.config.from_json('a.json')\n", "app.py"),
        # not provably the app: a finding
        ("def setup(app):\n    app.config.from_json('a.json')\n", "factory.py"),
        ("from flask import current_app\n\ndef setup():\n    current_app.config.from_json(name)\n", "factory.py"),
    ]
