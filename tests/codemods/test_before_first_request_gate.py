"""The gates of before-first-request: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "before-first-request"
    REJECTED = [
        # another request hook
        ("from flask import Flask\n\napp = Flask(__name__)\n\n@app.before_request\ndef load_user():\n    pass\n", "app.py"),
        # a packaging script: no codemod acts on it (Codemod.acts_on)
        (
            "from setuptools import setup\nfrom flask import Flask\n\napp = Flask(__name__)\n\n@app.before_first_request\ndef setup():\n    pass\n",
            "setup.py",
        ),
    ]
    ACCEPTED = [
        # a test module: upgrades act on tests too (a removed API breaks them as well)
        (
            "from flask import Flask\n\napp = Flask(__name__)\n\n@app.before_first_request\ndef setup():\n    pass\n",
            "tests/conftest.py",
        ),
        ("from flask import Flask\n\napp = Flask(__name__)\n\n@app.before_first_request\ndef setup():\n    pass\n", "app.py"),
        ("from flask import Blueprint\n\nbp = Blueprint('x', __name__)\n\n@bp.before_app_first_request\ndef setup():\n    pass\n", "views.py"),
    ]
