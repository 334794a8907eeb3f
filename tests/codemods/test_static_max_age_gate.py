"""The gates of static-max-age: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "static-max-age"
    # near misses: rejected, and rightly so (the codemod, gates open, does nothing with them)
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
    # samples the codemod leaves alone without a word, which its gates reject
    REJECTED_SAMPLES = []
