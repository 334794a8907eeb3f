"""The gates of app-attributes: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases
from upgrade_checks import AcceptedCasesAreActedOn


class TestGates(AcceptedCasesAreActedOn, GateCases):
    NAME = "app-attributes"
    REJECTED = [
        ("from flask import Flask\napp = Flask(__name__)\napp.config['USE_X_SENDFILE'] = True\n", "app.py"),
        ("session_cookie_name = 'x'\n", "settings.py"),
        # a packaging script: upgrade codemods never act there
        ("from setuptools import setup\nfrom flask import request\nx = request.is_xhr\n", "setup.py"),
    ]
    ACCEPTED = [
        ("from flask import request as r\nx = r.is_xhr\n", "views.py"),
        ("from flask import request\nx = request.charset\n", "views.py"),
        ("from flask import Request\nclass Latin(Request):\n    charset = 'latin-1'\n", "app.py"),
        ("import flask\nflask.current_app.session_cookie_name = 'x'\n", "app.py"),
        ("from flask import Flask\nclass A(Flask):\n    use_x_sendfile = True\n", "app.py"),
        # test code is upgraded too
        ("from flask import request\nx = request.is_xhr\n", "conftest.py"),
    ]
