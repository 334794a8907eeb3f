"""The gates of static-max-age: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

import ast
import os

import pytest

from flask_codemod import engine
from flask_codemod.codemods import Context, get_codemod
from gate_checks import GateCases, opened, output_of, read
from helpers import SAMPLES, sample_reader


class TestGates(GateCases):
    NAME = "static-max-age"
    REJECTED = [
        # flask imported, no app created here
        (
            "'''Flask helpers.'''\nfrom flask import Flask, current_app\n\ndef name():\n    return current_app.name\n",
            "helpers.py",
        ),
        ("class Flask:\n    pass\n\napp = Flask()\n", "fake.py"),
    ]
    ACCEPTED = [
        ("from flask import Flask as F\napp: F = F(__name__)\n", "app.py"),
        ("import flask\n\ndef create_app():\n    app = flask.Flask(__name__)\n    return app\n", "factory.py"),
    ]


@pytest.mark.parametrize("target, asked", [((1, 1), False), ((1, 0), False), ((2, 0), True), ((3, 1), True), (None, True)])
def test_the_project_gate_asks_for_a_flask_without_a_default_max_age(target, asked):
    """Flask 1.x sends static files with a 12 hour max-age itself: for such a target the file
    is not parsed, and rightly (the codemod, gates open, does nothing with an app that has
    static files)."""
    codemod = get_codemod(TestGates.NAME)()
    assert engine.wants_project(codemod, ast.parse(""), Context("app.py", None, None, target)) is asked
    path = os.path.join(SAMPLES, TestGates.NAME, "module_level_app.before.py")  # static/ beside it
    source = read(path)
    result = engine.transform_text(
        source, [opened(get_codemod(TestGates.NAME))], path="app.py", read_file=sample_reader(path), target_version=target
    )
    assert (output_of(result, source, {TestGates.NAME}) != []) is asked
