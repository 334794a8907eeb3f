"""gunicorn-config on a project whose requirements name gunicorn and whose only start of it is
in a script the rule's launch files do not name (mwdb-core: ``docker/start.sh``, run by the
image's ``CMD``, ends in ``exec /app/venv/bin/gunicorn`` with no argument, its options and app
in the ``gunicorn.conf.py`` copied beside it). "No command seen here starts it" was false: the
finding names the script's start and the project's own gunicorn.conf.py, and nothing is
generated (the folder the script runs in is not told)."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

APP = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/')\ndef index():\n    return 'hello'\n"
REQUIREMENTS = {"requirements.txt": "flask\ngunicorn==20.1.0\n"}
START = '#!/bin/sh\necho "Configuring"\n/app/venv/bin/mwdb-core configure --quiet basic && exec /app/venv/bin/gunicorn\n'
DOCKERFILE = 'FROM python:3.8-alpine\nCOPY docker/ /app/\nWORKDIR /app\nCMD ["/app/start.sh"]\n'
CONF = 'wsgi_app = "app:app"\nbind = "0.0.0.0:8080"\nworkers = 4\n'


def run(files: dict[str, str]):
    result = run_codemods(APP, "gunicorn-config", files=files, path="app.py")
    assert result.error is None and result.new_text == APP
    return result, [e.key for e in result.project_edits if e.kind == "file"]


def test_a_script_that_starts_gunicorn_bare_is_named():
    files = {**REQUIREMENTS, "deploy/docker/Dockerfile": DOCKERFILE, "docker/start.sh": START, "docker/gunicorn.conf.py": CONF}
    result, created = run(files)
    assert created == []
    [message] = finding_messages(result)
    assert "no command seen here starts it" not in message
    assert "docker/start.sh starts it (exec /app/venv/bin/gunicorn), but that file is none of the launch files" in message
    assert "docker/gunicorn.conf.py" in message


def test_without_its_own_config_file_the_script_is_still_named():
    result, created = run({**REQUIREMENTS, "docker/start.sh": START})
    assert created == []
    [message] = finding_messages(result)
    assert "docker/start.sh starts it (exec /app/venv/bin/gunicorn), but that file is none of the launch files" in message
    assert "gunicorn.conf.py of its own" not in message


def test_a_package_mention_is_no_start():
    files = {**REQUIREMENTS, "docker/install.sh": "#!/bin/sh\npip install gunicorn\nwhich gunicorn\n"}
    result, created = run(files)
    assert created == []
    [message] = finding_messages(result)
    assert "requirements.txt names gunicorn, but no command seen here starts it" in message


def test_a_dependency_table_key_is_no_start():
    files = {"pyproject.toml": '[tool.poetry.dependencies]\ngunicorn = "^22"\n'}
    result, created = run(files)
    [message] = finding_messages(result)
    assert "pyproject.toml names gunicorn, but no command seen here starts it" in message
