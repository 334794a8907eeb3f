"""The gates of before-first-request: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "before-first-request"
    # near misses: rejected, and rightly so (the codemod, gates open, does nothing with them)
    REJECTED = [
        # another request hook
        ("from flask import Flask\n\napp = Flask(__name__)\n\n@app.before_request\ndef load_user():\n    pass\n", "app.py"),
        # a test module (upgrade codemods act on application code only, for now)
        (
            "from flask import Flask\n\napp = Flask(__name__)\n\n@app.before_first_request\ndef setup():\n    pass\n",
            "tests/conftest.py",
        ),
    ]
    ACCEPTED = [
        ("from flask import Flask\n\napp = Flask(__name__)\n\n@app.before_first_request\ndef setup():\n    pass\n", "app.py"),
        ("from flask import Blueprint\n\nbp = Blueprint('x', __name__)\n\n@bp.before_app_first_request\ndef setup():\n    pass\n", "views.py"),
    ]
    # samples the codemod leaves alone without a word, which its gates reject
    REJECTED_SAMPLES = []
