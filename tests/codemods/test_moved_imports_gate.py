"""The gates of moved-imports: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases
from upgrade_checks import AcceptedCasesAreActedOn


class TestGates(AcceptedCasesAreActedOn, GateCases):
    NAME = "moved-imports"
    REJECTED = [
        ("from flask import Flask, render_template\napp = Flask(__name__)\n", "app.py"),
        ("import jinja2\nenv = jinja2.Environment()\n", "templating.py"),
        ("import flask\n\ndef view():\n    flask.abort(flask.redirect('/'))\n", "views.py"),
        ("'''Notes about werkzeug and flask.ext.'''\nx = 1\n", "notes.py"),
        # names that never moved, from where they live
        ("from werkzeug.security import generate_password_hash\nh = generate_password_hash('x')\n", "models.py"),
        ("from werkzeug.utils import secure_filename\nfrom werkzeug.exceptions import NotFound\n", "views.py"),
        ("from werkzeug.middleware.proxy_fix import ProxyFix\nw = ProxyFix(app, x_for=1)\n", "wsgi.py"),
        # a packaging script: upgrade codemods never act there
        ("from flask.ext.testing import TestCase\n", "setup.py"),
    ]
    ACCEPTED = [
        ("from flask.ext.sqlalchemy import SQLAlchemy\n", "app.py"),
        ("import werkzeug\nx = werkzeug.secure_filename(y)\n", "uploads.py"),
        ("import flask as f\nx = f.Markup(y)\n", "views.py"),
        ("from jinja2 import escape as e\n", "filters.py"),
        ("from flask import *\nx = Markup(y)\n", "star.py"),
        ("from flask.helpers import safe_join\n", "files.py"),
        ("from werkzeug import wrappers\nclass R(wrappers.BaseRequest):\n    pass\n", "wrappers.py"),
        ("import werkzeug.contrib.fixers\nw = werkzeug.contrib.fixers.ProxyFix(app)\n", "wsgi.py"),
        ("from werkzeug.contrib.cache import SimpleCache\n", "cache.py"),
        ("from werkzeug.middleware.proxy_fix import ProxyFix\nw = ProxyFix(app, num_proxies=1)\n", "wsgi.py"),
        # test code is upgraded too: a legacy import breaks the tests as surely as the app
        ("from flask.ext.testing import TestCase\n", "tests/test_views.py"),
    ]
