"""gunicorn-config and a secret key kept in a file (findings audit, session 32). satsale makes
its key at random only when its key file is missing, writes it there, and reads the file back
on every later start: later processes share that one key, so "makes its secret key anew in each
process" was not true of it. Workers started together while the file is missing (a first start,
or each start of a container that does not keep the file) may still each make their own, so
no file is generated, and the finding says that instead."""

from __future__ import annotations

import pytest
from helpers import one_finding_and_files, session_in_another_process

FILES = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n"}

KEY_FILE_APP = """\
import os

from flask import Flask, request, session

app = Flask(__name__)

if os.path.exists("key.txt"):
    with open("key.txt") as f:
        app.secret_key = f.read()
else:
    with open("key.txt", "w") as f:
        app.secret_key = os.urandom(16).hex()
        f.write(app.secret_key)


@app.route("/who", methods=["GET", "POST"])
def who():
    if request.method == "POST":
        session["name"] = request.form["name"]
    return session.get("name", "nobody")
"""


def _message(source: str) -> tuple[str, dict[str, str]]:
    return one_finding_and_files(source, "gunicorn-config", FILES)


def test_a_key_read_back_from_its_file_signs_for_a_later_process(tmp_path):
    """Why: once the file is there, a process that imports the app later reads the same key,
    so a session another process signed still holds."""
    assert session_in_another_process(tmp_path, KEY_FILE_APP) == "ada"


@pytest.mark.parametrize(
    "source",
    [
        KEY_FILE_APP,
        # the test turned round, and a pathlib path
        KEY_FILE_APP.replace('if os.path.exists("key.txt"):\n    with open("key.txt") as f:\n        app.secret_key = f.read()\nelse:\n',
                             'if not os.path.exists("key.txt"):\n').replace(
            '        f.write(app.secret_key)\n', '        f.write(app.secret_key)\nelse:\n    with open("key.txt", "r") as f:\n        app.secret_key = f.read()\n'
        ),
    ],
)
def test_a_key_kept_in_its_file_is_not_said_to_be_made_in_each_process(source):
    message, created = _message(source)
    assert created == {}  # workers started while the file is missing may still each make one
    assert "anew in each process" not in message
    assert "only while key.txt is missing (app.py:" in message and "os.urandom())" in message
    assert "later processes read it back" in message and "nothing generated" in message


@pytest.mark.parametrize(
    "old, new",
    [
        ('with open("key.txt", "w")', 'with open("other.txt", "w")'),  # written elsewhere than it is read from
        ('with open("key.txt") as f:\n        app.secret_key = f.read()', 'app.secret_key = "x"'),  # never read back
        ('with open("key.txt", "w") as f:', 'if True:'),  # never written
    ],
)
def test_a_key_not_both_written_and_read_back_is_still_made_in_each_process(old, new):
    assert old in KEY_FILE_APP
    message, created = _message(KEY_FILE_APP.replace(old, new))
    assert created == {}
    assert "its secret key anew in each process (app.py:" in message and "os.urandom())" in message
