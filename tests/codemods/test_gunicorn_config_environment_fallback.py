"""gunicorn-config and a secret key made at random only where the environment gives none
(forty-third widening, session 42). Superdesk Newsroom's settings say
``SECRET_KEY = os.environ.get('SECRET_KEY', '').encode() or os.urandom(32)``; argon-dashboard
and sbc-pay-api read the key from the environment and set a random one under ``if not
SECRET_KEY:``. Each start that sets the variable gives every worker that one key, so the finding
"makes its secret key anew in each process ... give it one value from the environment first"
was not true of them: they do take it from the environment first. Whether every start sets it
is not known here, so nothing is generated, but the finding now says the key is made anew only
where that lookup gives none, and names it."""

from __future__ import annotations

import pytest
from helpers import one_finding_and_files, session_in_another_process

FILES = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n"}

APP = """\
import os

from flask import Flask, request, session

app = Flask(__name__)
app.secret_key = os.environ.get("SECRET_KEY", "").encode() or os.urandom(32)


@app.route("/who", methods=["GET", "POST"])
def who():
    if request.method == "POST":
        session["name"] = request.form["name"]
    return session.get("name", "nobody")
"""

SETTINGS_IF_NOT = """\
import os
import random
import string

from flask import Flask, request, session


class Config:
    SECRET_KEY = os.getenv("SECRET_KEY", None)
    if not SECRET_KEY:
        SECRET_KEY = "".join(random.choice(string.ascii_lowercase) for i in range(32))


app = Flask(__name__)
app.config.from_object(Config)


@app.route("/who")
def who():
    return session.get("name", "nobody")
"""


def _message(source: str) -> tuple[str, dict[str, str]]:
    return one_finding_and_files(source, "gunicorn-config", FILES)


def test_a_key_the_environment_gives_is_shared_by_every_process(tmp_path):
    """Why: with SECRET_KEY set, a second process reads the session the first one signed;
    without it, each makes its own key and the session is lost."""
    assert session_in_another_process(tmp_path, APP, {"SECRET_KEY": "one-key-for-all"}) == "ada"
    assert session_in_another_process(tmp_path, APP) == "nobody"


@pytest.mark.parametrize(
    "source, lookup",
    [
        (APP, 'os.environ.get(\'SECRET_KEY\', \'\').encode()'),
        # the random value as the lookup's default
        (APP.replace('os.environ.get("SECRET_KEY", "").encode() or os.urandom(32)',
                     'os.environ.get("SECRET_KEY", os.urandom(32))'), "os.environ.get('SECRET_KEY')"),
        (APP.replace('os.environ.get("SECRET_KEY", "").encode() or os.urandom(32)',
                     'os.getenv("SECRET_KEY", default=os.urandom(32).hex())'), "os.getenv('SECRET_KEY')"),
        # a random key set only when the value read before it is empty
        (SETTINGS_IF_NOT, "os.getenv('SECRET_KEY', None), read at line 9,"),
        (SETTINGS_IF_NOT.replace("if not SECRET_KEY:", "if SECRET_KEY is None:"), "os.getenv('SECRET_KEY', None), read at line 9,"),
    ],
)
def test_a_key_made_only_where_the_environment_gives_none_is_said_so(source, lookup):
    message, created = _message(source)
    assert created == {}  # a start that does not set it would still give each worker its own key
    assert f"anew in each process where {lookup} gives none (app.py:" in message, message
    assert "from the environment first" not in message
    assert "make sure every start sets it" in message and "nothing generated" in message


@pytest.mark.parametrize(
    "old, new",
    [
        # random first: the environment is never read
        ('os.environ.get("SECRET_KEY", "").encode() or os.urandom(32)', 'os.urandom(32) or os.environ.get("SECRET_KEY")'),
        # random whatever the environment says
        ('os.environ.get("SECRET_KEY", "").encode() or os.urandom(32)', 'os.environ.get("SALT", "").encode() + os.urandom(32)'),
        # the lookup's key is itself random
        ('os.environ.get("SECRET_KEY", "").encode() or os.urandom(32)', 'os.environ.get(os.urandom(2).hex(), "x")'),
    ],
)
def test_a_key_made_at_random_whatever_the_environment_says_is_still_made_in_each_process(old, new):
    message, created = _message(APP.replace(old, new))
    assert created == {}
    assert "its secret key anew in each process (app.py:" in message, message


def test_a_rebinding_under_another_name_s_test_is_still_made_in_each_process():
    source = SETTINGS_IF_NOT.replace("if not SECRET_KEY:", "if not os.getenv('DEBUG'):")
    message, _ = _message(source)
    assert "its secret key anew in each process (app.py:" in message, message


def test_a_fallback_key_a_later_config_file_may_set_names_both():
    """Newsroom's shape: the settings module's fallback key, then a settings.py loaded after it."""
    source = APP.replace(
        '@app.route("/who"', 'app.config.from_pyfile(os.path.join(os.getcwd(), "settings.py"), silent=True)\n\n\n@app.route("/who"'
    )
    message, created = _message(source)
    assert created == {}
    assert "where os.environ.get('SECRET_KEY', '').encode() gives none (app.py:6: os.urandom())" in message, message
    assert "and the config it loads afterwards sets none (from_pyfile(" in message
    assert "a start that sets neither would give each gunicorn worker its own" in message
