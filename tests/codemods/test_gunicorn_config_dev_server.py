"""gunicorn-config on a project that lists gunicorn among its requirements (or installs it in
its image) but whose own command files start the app with Flask's development server (a
Makefile's ``run:`` target, a compose service running ``flask run``): nothing shows anyone
starting gunicorn, so no gunicorn.conf.py is written, and the finding names that start. A
command that starts no server (``python manage.py db upgrade``) shows nothing (the finding
then only says that nothing starts gunicorn), and a command that starts gunicorn wins."""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

APP = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/')\ndef index():\n    return 'hello'\n"
REQUIREMENTS = {"requirements.txt": "flask\ngunicorn==19.7.1\n"}


def created(files: dict[str, str]):
    result = run_codemods(APP, "gunicorn-config", files=files, path="app.py")
    assert result.error is None and result.new_text == APP
    return result, [e.key for e in result.project_edits if e.kind == "file"]


@pytest.mark.parametrize(
    "name, text",
    [
        ("Makefile", ".PHONY: run\n\nrun:\n\t. venv/bin/activate; \\\n\tpython manage.py run\n"),
        ("docker-compose.yml", "services:\n  web:\n    build: .\n    command: flask run --host 0.0.0.0\n"),
        ("run.sh", "#!/bin/sh\nexport FLASK_APP=app.py\npython3 -m flask --app app run --debug\n"),
        ("Dockerfile", "FROM python:3.12\nCOPY . /srv\nCMD [\"python\", \"app.py\"]\n"),
    ],
)
def test_a_development_server_start_and_only_a_requirement_give_no_file(name, text):
    result, files = created({**REQUIREMENTS, name: text})
    assert files == []
    [message] = finding_messages(result)
    assert "only requirements.txt names gunicorn" in message and "development server" in message
    assert name in message and ("python" in message or "flask" in message)
    assert "command:" not in message


def test_commands_that_start_no_server_are_no_development_server():
    makefile = "migrate:\n\tpython manage.py db upgrade\n\ninstall:\n\tpip install -r requirements.txt\n"
    result, files = created({**REQUIREMENTS, "Makefile": makefile})
    assert files == []
    [message] = finding_messages(result)
    assert "requirements.txt names gunicorn, but no command seen here starts it" in message
    assert "development server" not in message


def test_an_image_that_only_installs_gunicorn_and_runs_the_development_server():
    dockerfile = "FROM python:3.12\nRUN pip install flask gunicorn\nCMD [\"flask\", \"run\", \"--host=0.0.0.0\"]\n"
    result, files = created({"requirements.txt": "flask\n", "Dockerfile": dockerfile})
    assert files == []
    [message] = finding_messages(result)
    assert "only Dockerfile names gunicorn, and the project starts the app with the development server" in message


def test_a_command_that_starts_gunicorn_wins_over_a_development_one():
    makefile = "run:\n\tpython manage.py run\n"
    _, files = created({**REQUIREMENTS, "Makefile": makefile, "Procfile": "web: gunicorn app:app\n"})
    assert files == ["gunicorn.conf.py"]
