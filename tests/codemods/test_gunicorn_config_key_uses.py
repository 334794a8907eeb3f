"""gunicorn-config: what a secret key made anew in each process is said to break (session 43,
sbc-auth-api). Its production config falls back to ``os.urandom(24)`` where ``SECRET_KEY`` is
not set, but the app keeps no session: logins are bearer tokens, its e-mail tokens are signed
with a key of their own. "A session made by one would be lost in the others" named a loss the
app cannot have. The finding (nothing generated either way) now says so where nothing in the
app's code or templates is seen to sign with the key, and keeps the session where something is.
"""

from __future__ import annotations

import pytest

from helpers import one_finding_and_files, session_in_another_process

FILES = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n"}

API = """\
import os

from flask import Flask, jsonify, request
from itsdangerous import URLSafeTimedSerializer

app = Flask(__name__)
app.config["SECRET_KEY"] = os.getenv("SECRET_KEY") or os.urandom(24)
TOKENS = URLSafeTimedSerializer(os.getenv("EMAIL_TOKEN_SECRET_KEY", "x"))


@app.get("/who")
def who():
    return jsonify(user=request.headers.get("Authorization", "nobody"))
"""

USES = {
    "session": ("from flask import session", "session.get('name', 'nobody')"),
    "flash": ("from flask import flash", "flash('hello') or 'ok'"),
    "a key read": ("from flask import current_app", "current_app.config['SECRET_KEY'][:0] or 'ok'"),
    "flask.session": ("import flask", "flask.session.get('name', 'nobody')"),
    "Flask-Login": ("from flask_login import LoginManager", "'ok'"),
}


def test_an_app_that_signs_nothing_with_its_key_is_not_said_to_lose_sessions():
    message, files = one_finding_and_files(API, "gunicorn-config", FILES)
    assert files == {}
    assert "anew in each process" in message and message.endswith("nothing generated")
    assert "a session made by one would be lost" not in message
    assert "whatever one signs with it would be refused by the others" in message
    assert "an extension may still" in message


@pytest.mark.parametrize("use", sorted(USES))
def test_an_app_that_uses_what_the_key_signs_keeps_the_session_words(use):
    imported, returned = USES[use]
    source = API.replace("from itsdangerous", f"{imported}\nfrom itsdangerous").replace(
        "return jsonify(user=request.headers.get(\"Authorization\", \"nobody\"))", f"return {returned}"
    )
    message, files = one_finding_and_files(source, "gunicorn-config", FILES)
    assert files == {}
    assert "a session made by one would be lost in the others" in message


def test_a_template_reading_the_session_keeps_the_session_words():
    files = {**FILES, "templates/base.html": "{% for m in get_flashed_messages() %}{{ m }}{% endfor %}\n"}
    message, _ = one_finding_and_files(API, "gunicorn-config", files)
    assert "a session made by one would be lost in the others" in message


def test_the_words_are_true_of_the_two_apps(tmp_path):
    # the session app: a second process with its own random key does not read the first's cookie
    session_app = (
        "import os\nfrom flask import Flask, request, session\napp = Flask(__name__)\n"
        "app.config['SECRET_KEY'] = os.getenv('SECRET_KEY') or os.urandom(24)\n"
        "@app.route('/who', methods=['GET', 'POST'])\ndef who():\n"
        "    if request.method == 'POST':\n        session['name'] = request.form['name']\n"
        "    return session.get('name', 'nobody')\n"
    )
    assert session_in_another_process(tmp_path, session_app) == "nobody"
    assert session_in_another_process(tmp_path, session_app, {"SECRET_KEY": "shared"}) == "ada"
