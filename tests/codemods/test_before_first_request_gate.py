"""The gates of before-first-request: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "before-first-request"
    # near misses: rejected, and rightly so (the codemod, gates open, does nothing with them)
    REJECTED = [
        # another request hook
        ("from flask import Flask\n\napp = Flask(__name__)\n\n@app.before_request\ndef load_user():\n    pass\n", "app.py"),
        # a packaging script: upgrade codemods never act there
        ("from flask import Flask\n\napp = Flask(__name__)\n\n@app.before_first_request\ndef setup():\n    pass\n", "setup.py"),
    ]
    ACCEPTED = [
        ("from flask import Flask\n\napp = Flask(__name__)\n\n@app.before_first_request\ndef setup():\n    pass\n", "app.py"),
        ("from flask import Blueprint\n\nbp = Blueprint('x', __name__)\n\n@bp.before_app_first_request\ndef setup():\n    pass\n", "views.py"),
        # test code is upgraded too: it breaks like the app does
        (
            "from flask import Flask\n\napp = Flask(__name__)\n\n@app.before_first_request\ndef setup():\n    pass\n",
            "tests/conftest.py",
        ),
    ]
    # samples the codemod leaves alone without a word, which its gates reject
    REJECTED_SAMPLES = []
