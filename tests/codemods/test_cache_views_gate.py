"""The gates of cache-views: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "cache-views"
    # near misses: rejected, and rightly so (the codemod, gates open, does nothing with them)
    REJECTED = [
        # a router that is not a Flask app, in a module without flask
        (
            "from fastapi import APIRouter\nrouter = APIRouter()\n\n@router.get('/')\ndef index():\n    return {}\n",
            "api.py",
        ),
    ]
    ACCEPTED = [
        ("from . import bp\n\n@bp.route('/')\ndef index():\n    return 'x'\n", "views.py"),
        ("from flask import Flask\nweb = Flask(__name__)\n\n@web.get('/')\ndef index():\n    return 'x'\n", "site.py"),
        ("def index():\n    return 'x'\n\nsite.add_url_rule('/', 'index', index)\n", "site.py"),
    ]
    # samples the codemod leaves alone without a word, which its gates reject
    REJECTED_SAMPLES = []
