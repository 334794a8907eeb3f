"""gunicorn-config writes a gunicorn.conf.py only where a command of the project is seen to
start gunicorn. A requirement (or a Dockerfile that only installs gunicorn) says gunicorn is
installed, not which folder it is started in or which options it is given: nobody is shown
to read the file, so none is written and a finding says why."""

from __future__ import annotations

import pytest

from flask_codemod import pipeline, project
from flask_codemod.codemods import get_codemod
from flask_codemod.codemods._gunicorn_config_launch import read_launches
from helpers import finding_messages, run_codemods

APP = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/')\ndef index():\n    return 'hello'\n"


def run(files: dict[str, str], source: str = APP, path: str = "app.py"):
    result = run_codemods(source, "gunicorn-config", files=files, path=path)
    assert result.error is None and result.new_text == source
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


def test_a_pinned_requirement_and_nothing_that_starts_gunicorn_give_no_file():
    """A package app run by a script that calls app.run(), gunicorn pinned among the
    requirements, no Procfile, Dockerfile, script or unit: which folder gunicorn would start
    in, and with which options, is not shown anywhere."""
    package = "from flask import Flask\n\napp = Flask(__name__)\napp.config.from_object('config')\n"
    files = {
        "requirements.txt": "Flask==0.10.1\ngunicorn==17.5\nFlask-Login==0.2.9\n",
        "config.py": "DEBUG = False\nSECRET_KEY = 'change me'\n",
        "run.py": "from shop import app\napp.run(debug=True)\n",
    }
    result, created = run({f"../{name}": text for name, text in files.items()}, package, "shop/__init__.py")
    assert created == {} and result.rewrites == {}
    [message] = finding_messages(result)
    assert "../requirements.txt names gunicorn, but no command seen here starts it" in message
    assert message.endswith("no gunicorn.conf.py generated")


def _lay_out_repository(tmp_path, unit_folder: str):
    """A repository that keeps the Python app in a folder of its own (its requirements.txt
    makes it the project root), and a systemd unit that starts gunicorn with its own workers
    and threads."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    web = tmp_path / "web" / "python"
    web.mkdir(parents=True)
    (web / "app.py").write_text(APP)
    (web / "requirements.txt").write_text("flask\nmysqlclient\ngunicorn\n")
    unit = tmp_path / unit_folder
    unit.mkdir(parents=True, exist_ok=True)
    (unit / "shop.service").write_text(
        "[Service]\nWorkingDirectory=/srv/shop/web/python\n"
        "ExecStart=/srv/shop/web/python/venv/bin/gunicorn --workers=4 --threads=4 app:app -b 127.0.0.1:5000\n"
    )
    return web


def _tool(web):
    results = [pipeline.process_file(str(web / "app.py"), [get_codemod("gunicorn-config")])]
    assert all(r.error is None and not r.changed for r in results)
    changes, messages = project.merge(results)
    assert messages == []
    return changes, [f.message for r in results for f in r.findings]


def test_a_unit_outside_the_project_folder_is_not_seen_so_no_file(tmp_path):
    """The unit sits outside the project (a folder of the repository beside the app's): the
    codemod cannot read the options it passes (its own workers and threads, which win over
    the file), so a file written from the requirement alone would be mostly lines that never
    apply."""
    changes, findings = _tool(_lay_out_repository(tmp_path, "provisioning/systemd"))
    assert changes == []
    [message] = findings
    assert "requirements.txt names gunicorn, but no command seen here starts it" in message


def test_the_same_unit_inside_the_project_folder_is_a_start(tmp_path):
    web = _lay_out_repository(tmp_path, "web/python/deploy")
    changes, findings = _tool(web)
    assert findings == []
    [change] = changes
    assert change.path == str(web / "gunicorn.conf.py")
    assert "workers is set on the gunicorn command line (deploy/shop.service: --workers=4)" in change.new_text
    assert "threads is set on the gunicorn command line (deploy/shop.service: --threads=4)" in change.new_text


@pytest.mark.parametrize(
    "files, evidence",
    [
        # gunicorn installed by the image, which starts something this codemod cannot read
        ({"requirements.txt": "flask\n", "Dockerfile": "FROM python:3.12\nRUN pip install gunicorn\nCMD [\"./serve\"]\n"}, "Dockerfile"),
        # options for gunicorn, and no command that starts it
        (
            {"requirements.txt": "flask\ngunicorn\n", "docker-compose.yml": "services:\n  web:\n    image: shop\n"
             "    environment:\n      - GUNICORN_CMD_ARGS=--workers 3 --timeout 60\n"},
            "docker-compose.yml",
        ),
        ({"pyproject.toml": "[project]\nname = 'shop'\ndependencies = ['flask', 'gunicorn>=21']\n"}, "pyproject.toml"),
    ],
)
def test_no_command_that_starts_gunicorn_no_file(files, evidence):
    result, created = run(files)
    assert created == {}
    [message] = finding_messages(result)
    assert f"{evidence} names gunicorn, but no command seen here starts it" in message


@pytest.mark.parametrize(
    "name, text",
    [
        ("Procfile", "web: gunicorn app:app\n"),
        ("Dockerfile", "FROM python:3.12\nWORKDIR /srv\nCOPY . .\nCMD [\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"app:app\"]\n"),
        ("Dockerfile", "FROM python:3.12\nENTRYPOINT gunicorn --bind :8000 app:app\n"),
        ("docker-compose.yml", "services:\n  web:\n    build: .\n    command: gunicorn -b :8000 app:app\n"),
        ("app.yaml", "runtime: python312\nentrypoint: gunicorn -b :$PORT app:app\n"),
        ("start.sh", "#!/bin/sh\nexec gunicorn app:app\n"),
        ("Makefile", "serve:\n\tgunicorn --reload app:app\n"),
        ("deploy/shop.service", "[Service]\nWorkingDirectory=/srv/shop\nExecStart=/srv/venv/bin/gunicorn app:app\n"),
        ("deploy/supervisor.conf", "[program:shop]\ncommand=/srv/venv/bin/gunicorn app:app\n"),
        ("fly.toml", "[processes]\napp = \"gunicorn --bind :8080 app:app\"\n"),
        ("render.yaml", "services:\n  - type: web\n    startCommand: gunicorn app:app\n"),
        ("heroku.yml", "run:\n  web: gunicorn app:app\n"),
    ],
)
def test_every_kind_of_start_gets_the_file(name, text):
    result, created = run({"requirements.txt": "flask\ngunicorn\n", name: text})
    assert list(created) == ["gunicorn.conf.py"] and finding_messages(result) == []


def test_a_project_with_its_own_file_and_no_start_gets_no_finding():
    result, created = run({"requirements.txt": "gunicorn\n", "gunicorn.conf.py": "workers = 2\n"})
    assert created == {} and finding_messages(result) == []


@pytest.mark.parametrize(
    "source, text",
    [
        ("pyproject.toml", '[tool.poetry.dependencies]\ngunicorn = { version = "^22", extras = ["gevent"] }\n'),
        ("pyproject.toml", '[project]\ndependencies = ["gunicorn", "flask"]\n'),
        ("pyproject.toml", '[project]\ndependencies = [\n  "flask",\n  "gunicorn"\n]\n'),
        ("setup.cfg", "[options]\ninstall_requires =\n    gunicorn\n    flask\n"),
        ("tox.ini", "[testenv]\ndeps =\n    pytest\n    gunicorn\n"),
        ("environment.yml", "dependencies:\n  - flask\n  - gunicorn\n"),
    ],
)
def test_a_list_of_packages_is_no_start(source, text):
    """The project files read for command lines hold package lists too: gunicorn named in one
    is installed, not started."""
    mentioned, launches = read_launches(text, source)
    assert mentioned and launches == []
    result, created = run({"requirements.txt": "flask\ngunicorn\n", source: text})
    assert created == {} and "no command seen here starts it" in finding_messages(result)[0]


def test_a_task_runner_command_in_pyproject_is_a_start():
    text = '[tool.poe.tasks]\nserve = "gunicorn -w 2 app:app"\n'
    result, created = run({"requirements.txt": "flask\ngunicorn\n", "pyproject.toml": text})
    assert "workers is set on the gunicorn command line (pyproject.toml: -w 2)" in created["gunicorn.conf.py"]


COMMAND_MODULE = """\
import os

import click


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("options", nargs=-1, type=click.UNPROCESSED)
def serve(options):
    argv = ["gunicorn"] + list(options)
    argv.append("shop:app")
    os.execvp(argv[0], argv)
"""


def test_a_command_of_the_app_that_builds_the_gunicorn_command_and_runs_it():
    """The app's own command line execs gunicorn with what its user passes, from wherever it is
    run: a start from Python, which the finding names (as for ``subprocess.run(["gunicorn",
    ...])``), not a project where nothing starts gunicorn."""
    result, created = run({"requirements.txt": "flask\ngunicorn==20.0.4\n", "shop/commands.py": COMMAND_MODULE})
    assert created == {}
    [message] = finding_messages(result)
    assert "the project starts gunicorn from Python (shop/commands.py:9: runs the gunicorn command)" in message
    # a list of server names that is never run starts nothing
    names = 'import shutil\n\n\ndef servers():\n    names = ["gunicorn", "waitress"]\n    return [n for n in names if shutil.which(n)]\n'
    files = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n", "shop/servers.py": names}
    result, created = run(files)
    assert list(created) == ["gunicorn.conf.py"] and finding_messages(result) == []
