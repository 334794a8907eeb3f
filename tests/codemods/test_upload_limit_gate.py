"""The gates of upload-limit: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "upload-limit"
    REJECTED = [
        # an app that does not read uploads (the word only in a name)
        ("from flask import Flask\napp = Flask(__name__)\n\ndef list_files():\n    return []\n", "app.py"),
        (
            "from flask import Blueprint, request\nbp = Blueprint('u', __name__)\n\n@bp.post('/')\ndef up():\n    return request.files['f'].filename\n# Flask\n",
            "views.py",
        ),
    ]
    ACCEPTED = [
        (
            "from flask import Flask, request\napp = Flask(__name__)\n\n@app.post('/')\ndef up():\n    return request.files['f'].filename\n",
            "app.py",
        ),
        ("import flask\napp = flask.Flask(__name__)\napp.register_blueprint(files_bp)\n", "app.py"),
    ]
    # samples the codemod leaves alone without a word, which its gates reject
    REJECTED_SAMPLES = ["no_uploads"]
