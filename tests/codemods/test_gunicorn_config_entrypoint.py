"""gunicorn-config and a start of gunicorn in a script the Docker image runs as its entrypoint
(flaski:Dockerfile): the script is the image's own start, so a Dockerfile that copies named
files leaves a new gunicorn.conf.py out of the only place gunicorn starts — no file, a
finding. A compose file that mounts the folder into a container puts the file there, which
matters only where gunicorn may start: not in a service whose environment sets a variable to
another value than the one the script's ``if`` starts gunicorn under."""

from __future__ import annotations

import pytest
from helpers import finding_messages, run_codemods

from flask_codemod.codemods._gunicorn_config_entrypoint import entrypoint_programs
from flask_codemod.codemods._gunicorn_config_shell_guards import guards

APP = "from flask import Flask\n\napp = Flask(__name__)\n"
DOCKERFILE = (
    "FROM python:3.12\nCOPY requirements.txt app.py /srv/\nCOPY ops /srv/ops\nWORKDIR /srv\n"
    "ENTRYPOINT /srv/ops/web/boot-web.sh\n"
)
GUARDED = (
    "#!/bin/sh\nset -e\n"
    'if [ "$ROLE" = "migrate" ]; then\n  flask db upgrade\nelse\n'
    '  if [ "$ROLE" = "web" ]; then\n    gunicorn -w 3 app:app\n  elif [ "$ROLE" = "idle" ]; then\n'
    "    sleep infinity\n  fi\nfi\n"
)
PROJECT = {"requirements.txt": "flask\ngunicorn\n", "ops/web/boot-web.sh": GUARDED, "Dockerfile": DOCKERFILE}


def _compose(role: str, mount: str = "./:/srv") -> str:
    return (
        "services:\n  web:\n    build:\n      context: ./\n    volumes:\n"
        f"      - {mount}\n    environment:\n      - ROLE={role}\n      - TOKEN=${{TOKEN}}\n"
    )


def _run(files: dict[str, str]):
    result = run_codemods(APP, "gunicorn-config", project={**PROJECT, **files})
    assert result.error is None, result.error
    return finding_messages(result), {e.key: e.value for e in result.project_edits if e.kind == "file"}


@pytest.mark.parametrize(
    "files",
    [
        {},  # no compose file at all
        {"docker-compose.yml": _compose("idle")},  # the mounted folder's container never starts gunicorn
        {"docker-compose.yml": _compose("idle").replace("- ROLE=idle", "ROLE: idle").replace("- TOKEN", "TOKEN:")},
    ],
)
def test_a_start_in_the_image_entrypoint_script_is_the_image_s_own(files):
    messages, created = _run(files)
    assert created == {}
    [message] = messages
    assert "requirements.txt, app.py, ops" in message and "nothing generated" in message


@pytest.mark.parametrize(
    "files",
    [
        # the mounted folder's container starts gunicorn, or may
        {"docker-compose.yml": _compose("web")},
        {"docker-compose.yml": _compose("${ROLE}")},
        {"docker-compose.yml": _compose("idle").replace("      context: ./\n", "      context: ./\n    command: sh ops/web/boot-web.sh\n")},
        # the script gives the variable its own value
        {"ops/web/boot-web.sh": "ROLE=web\n" + GUARDED, "docker-compose.yml": _compose("idle")},
        # the start is under no test the service settles
        {"ops/web/boot-web.sh": "gunicorn app:app\n", "docker-compose.yml": _compose("idle")},
        # the image runs another program; the script runs outside the image too
        {"Dockerfile": DOCKERFILE.replace("ENTRYPOINT /srv/ops/web/boot-web.sh", "CMD [\"python\", \"app.py\"]")},
        {"Procfile": "web: sh ops/web/boot-web.sh\n", "ops/web/boot-web.sh": "cd /elsewhere\ngunicorn app:app\n",
         "Dockerfile": DOCKERFILE.replace("ENTRYPOINT /srv/ops/web/boot-web.sh", "CMD gunicorn app:app")},
    ],
)
def test_where_gunicorn_may_read_the_file_it_is_written(files):
    messages, created = _run(files)
    assert list(created) == ["gunicorn.conf.py"], messages


def test_the_entrypoint_program_is_read_in_its_forms():
    assert entrypoint_programs("FROM a\nWORKDIR /srv\nCMD [\"bash\", \"boot.sh\"]\n") == ["/srv/boot.sh"]
    assert entrypoint_programs("FROM a\nWORKDIR /srv\nENTRYPOINT ./boot.sh\n") == ["/srv/boot.sh"]
    assert entrypoint_programs("FROM a\nCMD boot.sh\n") == []  # found on PATH
    assert entrypoint_programs("FROM a\nCMD [\"sh\", \"-c\", \"boot.sh\"]\n") == []
    assert entrypoint_programs("FROM a AS b\nCMD /x.sh\nFROM c\n") == []  # another stage's


def test_shell_guards_say_only_what_is_sure():
    script = (
        'if [[ "${MODE}" == prod ]] ; then\n  start\nelif [ "$MODE" = "dev" ]; then\n  start\nelse\n  start\nfi\n'
        "cat <<EOF\nfi\nEOF\nwhile true; do\n  start\ndone\n"
        'if [ -f x ] && [ "$MODE" = a ]; then start; fi\n'
    )
    assert guards(script, "boot.sh", lambda line: line.startswith("start")) == [
        {"MODE": "prod"}, {"MODE": "dev"}, {}, {}
    ]


def test_the_repository_s_own_folder_counts_as_copied_from_the_project(tmp_path):
    """No listing of the project holds .git, yet ``COPY .git`` copies the checkout's own."""
    from flask_codemod import pipeline
    from flask_codemod.codemods import get_codemod

    files = {**PROJECT, "app.py": APP, ".git/HEAD": "ref: refs/heads/main\n"}
    files["Dockerfile"] = DOCKERFILE.replace("WORKDIR", "COPY .git /srv/.git\nWORKDIR")
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    result = pipeline.process_file(str(tmp_path / "app.py"), [get_codemod("gunicorn-config")])
    assert result.error is None and not result.project_edits
    [finding] = result.findings
    assert "ops, .git" in finding.message and "nothing generated" in finding.message
