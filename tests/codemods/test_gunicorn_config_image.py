"""gunicorn-config and a start inside a Docker image: gunicorn reads ./gunicorn.conf.py in the
container, so a file written beside the Dockerfile reaches it only when the image copies it.
A Dockerfile that copies named files and folders (``COPY server.py ./server.py``) leaves a new
file out (mailu:setup/Dockerfile): no file then, a finding says why. Where anything is in
doubt (the whole folder copied, a glob, another build context or stage, another start outside
the image, a compose file mounting the folder), the file is written as before."""

from __future__ import annotations

import pytest
from helpers import finding_messages, run_codemods

APP = "from flask import Flask\n\napp = Flask(__name__)\n"
NAMED_COPIES = (
    "FROM python:3.12\nWORKDIR /app\nCOPY static ./static\nCOPY app.py ./app.py\nCOPY [\"templates\", \"./templates\"]\n"
    "CMD gunicorn -w 4 -b :80 app:app\n"
)
PROJECT = {
    "requirements.txt": "flask\ngunicorn\n",
    "static/style.css": "body {}\n",
    "templates/index.html": "<p>hi</p>\n",
}


def _run(files: dict[str, str]):
    result = run_codemods(APP, "gunicorn-config", project={**PROJECT, **files})
    assert result.error is None, result.error
    return finding_messages(result), {e.key: e.value for e in result.project_edits if e.kind == "file"}


def test_a_dockerfile_that_copies_named_files_leaves_the_new_file_out_of_the_image():
    messages, created = _run({"Dockerfile": NAMED_COPIES})
    assert created == {}
    [message] = messages
    assert "static, app.py, templates" in message and "COPY" in message and "nothing generated" in message


@pytest.mark.parametrize(
    "files",
    [
        # the whole folder, or a glob that matches the file
        {"Dockerfile": "FROM python\nWORKDIR /app\nCOPY . .\nCMD gunicorn app:app\n"},
        {"Dockerfile": "FROM python\nADD ./ /srv\nCMD gunicorn app:app\n"},
        {"Dockerfile": "FROM python\nCOPY *.py ./\nCMD gunicorn app:app\n"},
        # another build context (python/ is no folder here), another stage, a variable
        {"Dockerfile": "FROM python\nCOPY python/ .\nCMD gunicorn app:app\n"},
        {"Dockerfile": "FROM python\nCOPY --from=build /src /app\nCMD gunicorn app:app\n"},
        {"Dockerfile": "FROM python\nCOPY $SRC /app\nCMD gunicorn app:app\n"},
        # nothing copied: the app comes from somewhere else
        {"Dockerfile": "FROM shop-base\nCMD gunicorn app:app\n"},
        # another start, outside the image; a compose file that mounts the folder
        {"Dockerfile": NAMED_COPIES, "Procfile": "web: gunicorn app:app\n"},
        {"Dockerfile": NAMED_COPIES, "deploy/run.sh": "gunicorn -w 2 app:app\n"},
        {"Dockerfile": NAMED_COPIES, "docker-compose.yml": "services:\n  web:\n    build: .\n    volumes:\n      - .:/app\n"},
        {
            "Dockerfile": NAMED_COPIES,
            "compose.yaml": "services:\n  web:\n    build: .\n    volumes:\n      - type: bind\n        source: ./\n        target: /app\n",
        },
    ],
)
def test_where_the_file_may_reach_gunicorn_it_is_written(files):
    messages, created = _run(files)
    assert list(created) == ["gunicorn.conf.py"], messages


def test_a_dockerfile_that_copies_the_file_by_name_carries_it_into_the_image():
    messages, created = _run({"Dockerfile": NAMED_COPIES.replace("COPY app.py", "COPY gunicorn.conf.py ./\nCOPY app.py")})
    assert list(created) == ["gunicorn.conf.py"], messages
