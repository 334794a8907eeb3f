"""The gates of teardown: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "teardown"
    # near misses: rejected, and rightly so (the codemod, gates open, does nothing with them)
    REJECTED = [
        # flask, but nothing that opens a connection; a connection, but no flask
        ("from flask import Flask\napp = Flask(__name__)\n\n@app.after_request\ndef after(r):\n    return r\n", "app.py"),
        ("import sqlite3\n\ndef load():  # not a flask module\n    return sqlite3.connect('x.db')\n", "db.py"),
        ("import flask\n\ndef handler(signal):\n    signal.disconnect(handler)\n", "signals.py"),
    ]
    ACCEPTED = [
        (
            "import sqlite3\nfrom flask import Flask, g\n\ndef get_db():\n    g.db = sqlite3.connect('x')\n    return g.db\n",
            "app.py",
        ),
        ("from sqlite3 import connect as sq\nfrom flask import g\n\ndef get_db():\n    g.db = sq('x')\n", "app.py"),
        ("import flask_sqlalchemy\nfrom sqlalchemy.orm import scoped_session\nSession = scoped_session(f)\n", "db.py"),
    ]
    # samples the codemod leaves alone without a word, which its gates reject
    REJECTED_SAMPLES = ["flask_sqlalchemy_app", "flask_sqlalchemy_factory"]
