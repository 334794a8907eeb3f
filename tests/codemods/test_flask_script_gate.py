"""The gates of flask-script: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases
from upgrade_checks import AcceptedCasesAreActedOn


class TestGates(AcceptedCasesAreActedOn, GateCases):
    NAME = "flask-script"
    REJECTED = [
        # only mentioned in a comment
        ("# flask_script\nx = 1\n", "manage.py"),
        # a packaging script: upgrade codemods never act there
        ("from flask_script import Manager\n", "setup.py"),
    ]
    ACCEPTED = [
        ("from flask.ext.script import Manager\n", "manage.py"),
        ("import flask_script\n", "manage.py"),
        ("from flask.ext import script\n", "manage.py"),
        ("import flask.ext.script as fs\n", "manage.py"),
        # test code is reported too
        ("from flask_script import Manager\n", "tests/test_manage.py"),
    ]
