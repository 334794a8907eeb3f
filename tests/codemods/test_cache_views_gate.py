"""The gates of cache-views: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "cache-views"
    REJECTED = [
        # a router that is not a Flask app, in a module without flask
        (
            "from fastapi import APIRouter\nrouter = APIRouter()\n\n@router.get('/')\ndef index():\n    return {}\n",
            "api.py",
        ),
        # test code: never touched, never reported
        (
            "from flask import Flask, render_template\napp = Flask(__name__)\n\n@app.route('/')\n"
            "def index():\n    return render_template('about.html')\n",
            "tests/test_views.py",
        ),
        ("from flask import Flask\napp = Flask(__name__)\n\n@app.route('/')\ndef index():\n    return 'x'\n", "conftest.py"),
    ]
    ACCEPTED = [
        ("from . import bp\n\n@bp.route('/')\ndef index():\n    return 'x'\n", "views.py"),
        ("from flask import Flask\nweb = Flask(__name__)\n\n@web.get('/')\ndef index():\n    return 'x'\n", "site.py"),
        ("def index():\n    return 'x'\n\nsite.add_url_rule('/', 'index', index)\n", "site.py"),
    ]
