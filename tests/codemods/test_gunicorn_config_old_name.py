"""gunicorn-config beside a gunicorn settings file under the old name ``gunicorn.conf``:
gunicorn's own docs of the 0.x/19.x years passed a file of that name with ``-c``. A project
that keeps its settings there gets a finding, not a second settings file beside its own. A
``gunicorn.conf`` that is no settings file (an upstart job, a supervisor program) says
nothing about gunicorn's settings and is no reason to hold back."""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

APP = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route('/')\ndef index():\n    return 'hi'\n"
REQUIREMENTS = "Flask==0.12.2\ngunicorn==19.9.0\n"
DOCKERFILE = 'FROM python:3.6\nWORKDIR /srv\nCMD ["gunicorn", "-b", "0.0.0.0:8000", "site:app"]\n'
# a settings file of the project's own: Python assignments of gunicorn settings
OWN_SETTINGS = "loglevel = 'info'\nworkers = 2\nbind = '127.0.0.1:8000'\nworker_class = 'gevent'\n"
UPSTART_JOB = (
    "description \"shop web server\"\nstart on runlevel [2345]\nstop on runlevel [!2345]\n"
    "respawn\nchdir /srv/shop\nexec gunicorn --workers 3 site:app\n"
)
SUPERVISOR_PROGRAM = "[program:shop]\ncommand=/srv/venv/bin/gunicorn site:app\ndirectory=/srv/shop\n"


def run(files: dict[str, str]):
    result = run_codemods(APP, "gunicorn-config", files=files, path="site.py")
    assert result.error is None and result.new_text == APP
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


def test_settings_under_the_old_name_are_the_projects_own():
    result, created = run({"requirements.txt": REQUIREMENTS, "Dockerfile": DOCKERFILE, "gunicorn.conf": OWN_SETTINGS})
    assert created == {}
    assert finding_messages(result) == [
        "3: gunicorn-config: the project has gunicorn.conf, but no gunicorn command seen here loads it with -c; "
        "it may be passed by something this codemod cannot see, so no gunicorn.conf.py was generated"
    ]


@pytest.mark.parametrize("other", [UPSTART_JOB, SUPERVISOR_PROGRAM, "", "not python ((\n", "import os\n"])
def test_a_gunicorn_conf_that_holds_no_settings_does_not_hold_back(other):
    _, created = run({"requirements.txt": REQUIREMENTS, "Dockerfile": DOCKERFILE, "gunicorn.conf": other})
    assert list(created) == ["gunicorn.conf.py"]
