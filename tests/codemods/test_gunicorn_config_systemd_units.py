"""gunicorn-config on a project that ships a systemd unit starting gunicorn. systemd runs a
service's commands in the root directory unless the unit sets ``WorkingDirectory=``
(systemd.exec(5)), as Upstart does a job without ``chdir``: gunicorn started there reads no
``gunicorn.conf.py`` of the project, so none is generated, and the finding names the unit.
With ``WorkingDirectory=``, or a command that changes folder itself, the unit is a start of
the project like any other."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

APP = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/')\ndef index():\n    return 'hello'\n"
REQUIREMENTS = {"requirements.txt": "flask\ngunicorn==20.1.0\n"}
UNIT = (
    "[Unit]\nDescription=shop\nAfter=network.target\n\n[Service]\nUser=shop\n{folder}"
    "ExecStart={command}\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n"
)
GUNICORN = "/srv/shop/venv/bin/gunicorn -w 3 -b 127.0.0.1:8000 app:app"


def created(unit: str, name: str = "deploy/shop.service"):
    result = run_codemods(APP, "gunicorn-config", files={**REQUIREMENTS, name: unit}, path="app.py")
    assert result.error is None and result.new_text == APP
    return result, [e.key for e in result.project_edits if e.kind == "file"]


def test_a_unit_without_a_working_directory_starts_gunicorn_where_no_file_is_read():
    result, files = created(UNIT.format(folder="", command=GUNICORN))
    assert files == []
    [message] = finding_messages(result)
    assert "deploy/shop.service" in message and "WorkingDirectory=" in message, message
    assert "no command seen here starts" not in message


def test_a_unit_with_a_working_directory_is_a_start_of_the_project():
    result, files = created(UNIT.format(folder="WorkingDirectory=/srv/shop\n", command=GUNICORN))
    assert files == ["gunicorn.conf.py"], finding_messages(result)


def test_a_unit_whose_shell_changes_folder_is_not_said_to_run_in_the_root():
    result, files = created(UNIT.format(folder="", command=f"/bin/sh -c 'cd /srv/shop && exec {GUNICORN}'"))
    assert not any("WorkingDirectory=" in message for message in finding_messages(result)), finding_messages(result)
