"""The gates of flask-login-properties: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases
from upgrade_checks import AcceptedCasesAreActedOn


class TestGates(AcceptedCasesAreActedOn, GateCases):
    NAME = "flask-login-properties"
    REJECTED = [
        # already a property read
        ("from flask_login import current_user\n\nok = current_user.is_authenticated\n", "views.py"),
        # a method of something else, no current_user anywhere
        ("def run(watcher):\n    return watcher.is_active()\n", "monitor.py"),
        # a call with an argument
        ("from flask_login import current_user\n\nx = current_user.is_active(1)\n", "views.py"),
    ]
    ACCEPTED = [
        ("from flask_login import current_user\n\nok = current_user.is_authenticated()\n", "views.py"),
        ("import flask_login\n\nok = flask_login.current_user.is_anonymous()\n", "views.py"),
        ("from flask.ext.login import current_user\n\nok = not current_user.is_active()\n", "views.py"),
    ]
