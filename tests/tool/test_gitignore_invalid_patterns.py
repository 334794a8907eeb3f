"""A .gitignore line that pathspec rejects (a lone trailing backslash, a bare "!") is one git
reads as a pattern that matches nothing: the tool reads it the same way, and never fails on
the user's .gitignore."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from typer.testing import CliRunner

from flask_codemod.cli import app as cli

# written with Windows line ends, like the file that showed it (the walk's own cases are in
# test_discover.py)
BROKEN_GITIGNORE = "cache\\\r\n!\r\ngenerated/\r\n*.log\r\n"


APP = '''
import json
import os

from flask import Flask

app = Flask(__name__)


@app.route("/names")
def names():
    handle = open(os.path.join(os.path.dirname(__file__), "names.json"))
    data = json.load(handle)
    handle.close()
    return {"names": data}
'''


def test_a_project_with_such_a_gitignore_is_rewritten_and_still_runs(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    (root / ".gitignore").write_bytes(BROKEN_GITIGNORE.encode())
    (root / "app.py").write_text(textwrap.dedent(APP).lstrip())
    (root / "names.json").write_text('["ada", "grace"]')
    (root / "requirements.txt").write_text("flask\n")
    result = CliRunner().invoke(
        cli, ["apply", "--select", "open-with", "-j", "1", "--no-config", "--no-cache", str(root)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    source = (root / "app.py").read_text()
    assert "with open(" in source
    check = "import app; c = app.app.test_client(); r = c.get('/names'); print(r.status_code, r.get_json())"
    done = subprocess.run([sys.executable, "-c", check], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "200 {'names': ['ada', 'grace']}"


SETTINGS_APP = '''
from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "Jf8sL2pQ9xW4mZ7vHq3RkT6b"


@app.route("/")
def index():
    return "signed" if app.secret_key else "unsigned"
'''


def test_a_moved_secret_is_added_to_such_a_gitignore_once(tmp_path):
    runs = {}
    for name, gitignore in (("plain", BROKEN_GITIGNORE), ("listed", BROKEN_GITIGNORE + ".env\r\n")):
        root = tmp_path / name
        root.mkdir()
        (root / ".gitignore").write_bytes(gitignore.encode())
        (root / "app.py").write_text(textwrap.dedent(SETTINGS_APP).lstrip())
        (root / "requirements.txt").write_text("flask\npython-dotenv\n")
        result = CliRunner().invoke(
            cli, ["apply", "--select", "dotenv-config", "-j", "1", "--no-config", "--no-cache", str(root)],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
        runs[name] = (root / ".gitignore").read_bytes().decode().splitlines()
        assert "os.environ" in (root / "app.py").read_text()
        check = "import app; print(app.app.test_client().get('/').get_data(as_text=True))"
        done = subprocess.run([sys.executable, "-c", check], cwd=root, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "signed"
    assert runs["plain"] == ["cache\\", "!", "generated/", "*.log", ".env"]
    assert runs["listed"] == ["cache\\", "!", "generated/", "*.log", ".env"]
