"""The gates of flask-script: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases, gates_at, missed_at_targets, sample_texts
from upgrade_checks import AcceptedCasesAreActedOn


class TestGates(AcceptedCasesAreActedOn, GateCases):
    NAME = "flask-script"
    REJECTED = [
        # only mentioned in a comment
        ("# flask_script\nx = 1\n", "manage.py"),
        # a packaging script: upgrade codemods never act there
        ("from setuptools import setup\nfrom flask_script import Manager\n", "setup.py"),
    ]
    ACCEPTED = [
        ("from flask.ext.script import Manager\n", "manage.py"),
        ("import flask_script\n", "manage.py"),
        ("from flask.ext import script\n", "manage.py"),
        ("import flask.ext.script as fs\n", "manage.py"),
        # test code is reported too
        ("from flask_script import Manager\n", "tests/test_manage.py"),
    ]


# -- the project gate: the target version ---------------------------------------------------------------

# real-world shapes: a manage.py on Flask-Script (CTFd, flask-base, flasky, overholt), guarded
# imports, flask.ext spellings, a test module
TARGET_CASES = [
    ("from flask_migrate import MigrateCommand\nfrom flask_script import Manager\n\nmanager = Manager(app)\n", "manage.py"),
    ("from flask.ext.script import Manager, Shell\nfrom app import create_app\n", "manage.py"),
    ("from flask.ext import script\n", "manage.py"),
    ("import flask_script.commands as commands\n", "manage.py"),
    ("try:\n    from flask_script import Manager\nexcept ImportError:\n    Manager = None\n", "manage.py"),
    ("def main():\n    from flask_script import Manager\n    Manager(app).run()\n", "cli.py"),
    ("from flask_script import Manager\n", "tests/test_manage.py"),
    *[(source, path) for source, path in TestGates.ACCEPTED + TestGates.REJECTED],
]


def test_the_gates_let_through_every_case_it_reports_at_every_target() -> None:
    assert missed_at_targets("flask-script", TARGET_CASES + sample_texts("flask-script")) == []


def test_before_flask_2_0_the_project_gate_says_no() -> None:
    """Flask-Script runs there: nothing to report, so nothing is parsed (a pinned Flask 1.x
    project's manage.py)."""
    source, path = TARGET_CASES[0]
    assert not gates_at("flask-script", source, path, (1, 1))
    assert gates_at("flask-script", source, path, (2, 0)) and gates_at("flask-script", source, path, None)
