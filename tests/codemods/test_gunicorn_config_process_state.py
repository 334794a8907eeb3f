"""gunicorn-config and the values every worker must share: an app whose secret key or
server-side session folder is made anew in each process (a random key, a fresh temporary
folder) works as gunicorn runs it now — one worker, never replaced — and loses its users'
sessions once there are several workers, or the one is recycled. No file then."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from helpers import finding_messages, run_codemods

REQUIREMENTS = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n"}


def created_files(source: str, files: dict[str, str]):
    result = run_codemods(source, "gunicorn-config", files=files)
    assert result.error is None, result.error
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


RANDOM_KEY_APP = """\
import os

from flask import Flask, session

app = Flask(__name__)
app.secret_key = os.urandom(24)


@app.post("/login")
def login():
    session["user"] = "ada"
    return "ok"


@app.get("/me")
def me():
    return session.get("user", "nobody")
"""


def test_a_key_made_in_each_process_does_not_sign_for_another(tmp_path):
    """Why: two processes that import the same app (two gunicorn workers, or a worker and
    the one that replaces it) — a session cookie the first signed is no session in the
    second."""
    (tmp_path / "app.py").write_text(RANDOM_KEY_APP)
    first = (
        "import app; c = app.app.test_client(); c.post('/login');"
        "print(c.get('/me').get_data(as_text=True), c.get_cookie('session').value)"
    )
    second = (
        "import sys, app; c = app.app.test_client(); c.set_cookie('session', sys.argv[1]);"
        "print(c.get('/me').get_data(as_text=True))"
    )
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1"}
    made = subprocess.run([sys.executable, "-c", first], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    user, cookie = made.stdout.split()
    assert user == "ada"  # within the process, the session holds
    other = subprocess.run([sys.executable, "-c", second, cookie], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert other.returncode == 0, other.stderr
    assert other.stdout.strip() == "nobody"


@pytest.mark.parametrize(
    "source, files, named",
    [
        (RANDOM_KEY_APP, {}, "secret key"),
        ("from flask import Flask\nimport secrets\n\napp = Flask(__name__)\napp.config['SECRET_KEY'] = secrets.token_hex(16)\n", {}, "secret key"),
        ("from flask import Flask\nimport uuid\n\napp = Flask(__name__)\napp.config.update(SECRET_KEY=uuid.uuid4().hex)\n", {}, "secret key"),
        (
            "import os\nfrom flask import Flask\n\napp = Flask(__name__)\n"
            "app.config['SECRET_KEY'] = os.environ.get('SECRET_KEY') or os.urandom(16)\n",
            {},
            "secret key",
        ),
        (
            "import os\nfrom flask import Flask\n\napp = Flask(__name__)\n"
            "app.config.from_mapping({'SECRET_KEY': os.urandom(8), 'DEBUG': False})\n",
            {},
            "secret key",
        ),
        (
            "import random\nimport string\nfrom flask import Flask\n\napp = Flask(__name__)\n"
            "app.secret_key = ''.join(random.choice(string.ascii_letters) for _ in range(32))\n",
            {},
            "secret key",
        ),
        (
            "from flask import Flask\nfrom settings import Config\n\napp = Flask(__name__)\napp.config.from_object(Config)\n",
            {"settings.py": "from tempfile import mkdtemp\n\n\nclass Config:\n    SESSION_TYPE = 'filesystem'\n    SESSION_FILE_DIR = mkdtemp()\n"},
            "session folder",
        ),
    ],
)
def test_a_value_made_anew_in_each_process_gets_no_file(source, files, named):
    result, created = created_files(source, {**REQUIREMENTS, **files})
    assert created == {}
    [message] = finding_messages(result)
    assert named in message and "anew in each process" in message and "nothing generated" in message


@pytest.mark.parametrize(
    "source, files",
    [
        # one value for every process: from the environment, or a constant
        ("import os\nfrom flask import Flask\n\napp = Flask(__name__)\napp.secret_key = os.environ['SECRET_KEY']\n", {}),
        ("from flask import Flask\n\napp = Flask(__name__)\napp.config['SESSION_FILE_DIR'] = '/var/lib/shop/sessions'\n", {}),
        # a random key for the development server only: gunicorn never runs it
        (
            "import os\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == '__main__':\n"
            "    app.secret_key = os.urandom(24)\n    app.run()\n",
            {},
        ),
        # randomness bound to other names, and a random key in the tests
        ("import os\nfrom flask import Flask\n\napp = Flask(__name__)\nNONCE = os.urandom(8)\n", {}),
        ("from flask import Flask\n\napp = Flask(__name__)\n", {"tests/test_app.py": "import os\nSECRET_KEY = os.urandom(4)\n"}),
    ],
)
def test_values_every_process_shares_still_get_the_file(source, files):
    result, created = created_files(source, {**REQUIREMENTS, **files})
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)
    assert "anew in each process" not in " ".join(finding_messages(result))


def test_the_finding_names_the_place():
    files = {**REQUIREMENTS, "config.py": textwrap.dedent("""\
        import os


        class Config:
            SECRET_KEY = os.urandom(32)
    """)}
    result, created = created_files("from flask import Flask\n\napp = Flask(__name__)\napp.config.from_object('config.Config')\n", files)
    assert created == {}
    [message] = finding_messages(result)
    assert "config.py:5" in message and "urandom" in message
