"""gunicorn-config on a project that ships an Upstart job (``debian/upstart``, ``web.upstart``)
whose ``script``/``exec`` starts gunicorn. The job is a start of the project: the finding must
not say that no command starts gunicorn. Upstart runs a job in ``/`` unless a ``chdir`` stanza
names another folder, so without one gunicorn never reads a ``gunicorn.conf.py`` of the project:
nothing is generated, and the finding names the job. With ``chdir``, the job counts as any
other start of the project does."""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

APP = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/')\ndef index():\n    return 'hello'\n"
REQUIREMENTS = {"requirements.txt": "flask\ngunicorn==19.5.0\n", "Procfile": "web: python app.py --debug\n"}
JOB = (
    'description "shop"\n\nstart on runlevel [2345]\nrespawn\n{chdir}\nscript\n  set -a\n'
    "  /opt/venvs/shop/bin/python /opt/venvs/shop/bin/gunicorn -w 3 -t 5 -b 0.0.0.0:5000 app:app\n"
    "end script\n"
)


def created(files: dict[str, str]):
    result = run_codemods(APP, "gunicorn-config", files=files, path="app.py")
    assert result.error is None and result.new_text == APP
    return result, [e.key for e in result.project_edits if e.kind == "file"]


@pytest.mark.parametrize("name", ["debian/upstart", "debian/shop.upstart", "deploy/shop.upstart"])
def test_an_upstart_job_without_chdir_starts_gunicorn_where_no_file_is_read(name):
    result, files = created({**REQUIREMENTS, name: JOB.format(chdir="")})
    assert files == []
    [message] = finding_messages(result)
    assert "no command seen here starts" not in message
    assert name in message and "chdir" in message and "/" in message


def test_an_upstart_job_with_chdir_is_a_start_of_the_project():
    result, files = created({**REQUIREMENTS, "debian/upstart": JOB.format(chdir="chdir /srv/shop\n")})
    assert files == ["gunicorn.conf.py"]
    assert not any("no command seen here starts" in message for message in finding_messages(result))


def test_an_upstart_job_that_starts_no_gunicorn_changes_nothing():
    job = 'description "shop"\nexec /opt/venvs/shop/bin/python app.py\n'
    result, files = created({**REQUIREMENTS, "debian/upstart": job})
    assert files == []
    [message] = finding_messages(result)
    assert "development server" in message
