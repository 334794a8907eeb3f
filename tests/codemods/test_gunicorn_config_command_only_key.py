"""gunicorn-config and a secret key drawn in a command-line command (session 43, mwdb-core).
``mwdb-core configure`` calls ``create_configuration``, which renders ``secret_key=token_hex(16)``
into ``mwdb.ini`` once; the server reads the key from that file, the same in every worker. The
finding said the app "makes its secret key anew in each process (mwdb/cli/configuration.py:61:
token_hex())": a value made in a function that only commands call is made in the command's
process, never in a worker. A function also called elsewhere, or handed on, is still read."""

from __future__ import annotations

import subprocess
import sys

from helpers import finding_messages, run_codemods, session_in_another_process

FILES = {"requirements.txt": "flask\ngunicorn\nclick\n", "Procfile": "web: gunicorn app:app\n"}

APP = """\
from flask import Flask, request, session

app = Flask(__name__)
app.config.from_pyfile("settings.cfg")


@app.route("/who", methods=["GET", "POST"])
def who():
    if request.method == "POST":
        session["name"] = request.form["name"]
    return session.get("name", "nobody")
"""

CLI = """\
from secrets import token_hex

import click


def render(**options):
    return "SECRET_KEY = %r\\n" % options["secret_key"]


def create_configuration():
    with open("settings.cfg", "w") as f:
        f.write(render(secret_key=token_hex(16)))


@click.group()
def cli():
    pass


@cli.command("configure")
def configure():
    create_configuration()
"""


def _messages(app=APP, cli=CLI):
    result = run_codemods(app, "gunicorn-config", path="app.py", project={**FILES, "app.py": app, "cli.py": cli})
    assert result.error is None
    return finding_messages(result)


def test_a_key_drawn_only_in_a_command_is_not_made_in_each_process():
    assert not any("anew in each process" in message for message in _messages())


def test_a_function_also_called_as_the_app_loads_is_still_read():
    app = APP.replace('app.config.from_pyfile("settings.cfg")', 'from cli import create_configuration\n\ncreate_configuration()\napp.config.from_pyfile("settings.cfg")')
    assert any("anew in each process (cli.py:" in message for message in _messages(app=app))


def test_a_function_handed_on_is_still_read():
    app = APP.replace('app.config.from_pyfile("settings.cfg")', 'from cli import create_configuration\n\napp.before_request(create_configuration)\napp.config.from_pyfile("settings.cfg")')
    assert any("anew in each process (cli.py:" in message for message in _messages(app=app))


def test_the_key_the_command_wrote_is_every_process_key(tmp_path):
    (tmp_path / "cli.py").write_text(CLI)
    done = subprocess.run([sys.executable, "-c", "from cli import cli; cli(['configure'])"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert (tmp_path / "settings.cfg").exists(), done.stderr
    assert session_in_another_process(tmp_path, APP) == "ada"
