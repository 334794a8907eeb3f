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
        # the flags of other objects, which the planner does not take for Flask-Login's user: a
        # user kept on g, a current_user of the project's own, a local named so
        ("from flask import g\nfrom flask_login import current_user\n\nok = g.current_user.is_authenticated()\n", "auth.py"),
        ("from .auth import current_user\n\nok = current_user.is_active()\n", "views.py"),
        # a star import, which the planner's qualified names do not resolve (recordtrac)
        ("from flask_login import *\n\nok = current_user.is_active()\n", "views.py"),
        ("import flask_login\n\ndef check(user):\n    current_user = user\n    return current_user.is_anonymous()\n", "checks.py"),
    ]
    ACCEPTED = [
        ("from flask_login import current_user\n\nok = current_user.is_authenticated()\n", "views.py"),
        ("import flask_login\n\nok = flask_login.current_user.is_anonymous()\n", "views.py"),
        ("from flask.ext.login import current_user\n\nok = not current_user.is_active()\n", "views.py"),
        # near misses of the rejections above: current_user reached through a module's name
        ("from flask.ext import login\n\nok = login.current_user.is_authenticated()\n", "views.py"),
        ("import flask_login as fl\nfrom flask import g\n\nok = fl.current_user.is_active() and g.user\n", "views.py"),
    ]
