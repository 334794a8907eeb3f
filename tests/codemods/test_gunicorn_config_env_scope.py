"""gunicorn-config: a ``GUNICORN_CMD_ARGS`` makes a start preload only where it surely applies
to that start — set unconditionally, before it, in its own scope (its Dockerfile stage or a
stage that stage is built FROM, its Procfile line, its script outside any ``if``/loop/function);
a start whose environment may be another counts as not preloading, and the finding stays."""

from __future__ import annotations

import pytest
from helpers import finding_messages, run_codemods

APP = """\
import os

from flask import Flask

app = Flask(__name__)
app.secret_key = os.urandom(24)
"""
REQUIREMENTS = {"requirements.txt": "flask\ngunicorn\n"}


def _made_anew(files: dict[str, str]) -> bool:
    """Whether the codemod says the key is made anew in each worker (a start does not preload);
    then it writes no gunicorn.conf.py."""
    result = run_codemods(APP, "gunicorn-config", files={**REQUIREMENTS, **files})
    assert result.error is None, result.error
    anew = any("its secret key anew in each process" in message for message in finding_messages(result))
    if anew:
        written = [edit.path for edit in result.project_edits]
        assert not any(path.endswith("gunicorn.conf.py") for path in written), written
    return anew


@pytest.mark.parametrize(
    "files",
    [
        # an earlier build stage's ENV is not the final image's
        {
            "Dockerfile": 'FROM python:3.11 AS test\nENV GUNICORN_CMD_ARGS="--preload"\nRUN pytest\n\n'
            'FROM python:3.11-slim\nCOPY . /app\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]\n'
        },
        # a RUN's export ends with the RUN
        {"Dockerfile": 'FROM python\nRUN export GUNICORN_CMD_ARGS="--preload"\nCMD gunicorn app:app\n'},
        # a Procfile line's own environment is that of its command only
        {
            "Procfile": 'web: GUNICORN_CMD_ARGS="--access-logfile -" gunicorn app:app\n',
            "Dockerfile": 'FROM python\nCMD ["gunicorn", "--preload", "app:app"]\n',
        },
        # another Procfile line is another process
        {"Procfile": 'release: export GUNICORN_CMD_ARGS="--preload"\nweb: gunicorn app:app\n'},
        # set only on some runs of the script
        {
            "run.sh": '#!/bin/sh\nif [ "$APP_ENV" = "production" ]; then\n    export GUNICORN_CMD_ARGS="--preload"\nfi\n'
            "exec gunicorn --bind 0.0.0.0:8000 app:app\n"
        },
        {"run.sh": '#!/bin/sh\n[ -n "$PROD" ] && export GUNICORN_CMD_ARGS="--preload"\nexec gunicorn app:app\n'},
        {"run.sh": '#!/bin/sh\nsetup() {\n  export GUNICORN_CMD_ARGS="--preload"\n}\nexec gunicorn app:app\n'},
        # set after the start
        {"run.sh": '#!/bin/sh\ngunicorn app:app &\nexport GUNICORN_CMD_ARGS="--preload"\nwait\n'},
        # a shell variable not exported: gunicorn sees it only if the caller exported it
        {"run.sh": '#!/bin/sh\nGUNICORN_CMD_ARGS="--preload"\nexec gunicorn app:app\n'},
        {"run.sh": '#!/bin/sh\nGUNICORN_CMD_ARGS="--preload"; gunicorn app:app\n'},
        # each line of a make recipe runs in a shell of its own
        {"Makefile": 'run:\n\texport GUNICORN_CMD_ARGS="--preload"\n\tgunicorn app:app\n'},
        {"Makefile": 'ifeq ($(ENV),prod)\nexport GUNICORN_CMD_ARGS = --preload\nendif\n\nrun:\n\tgunicorn app:app\n'},
        # files whose scopes are not known here (from a review): a script of no known kind,
        # a Justfile's recipe lines (each its own shell), a supervisord.conf's programs
        {"docker/start": '#!/bin/sh\nGUNICORN_CMD_ARGS="--preload"\nexec gunicorn --bind 0.0.0.0:8000 app:app\n'},
        {"Justfile": 'run:\n    export GUNICORN_CMD_ARGS="--preload"\n    gunicorn app:app\n'},
        {
            "supervisord.conf": '[program:api]\nenvironment=GUNICORN_CMD_ARGS="--preload"\n'
            "command=gunicorn --preload --bind 0.0.0.0:8000 app:app\n\n"
            "[program:web]\ncommand=gunicorn --bind 0.0.0.0:8001 app:app\n"
        },
    ],
)
def test_a_gunicorn_cmd_args_that_may_not_apply_keeps_the_finding(files):
    assert _made_anew(files)


@pytest.mark.parametrize(
    "files",
    [
        {
            "Dockerfile": 'FROM python:3.11 AS base\nENV GUNICORN_CMD_ARGS="--preload"\n\n'
            'FROM base\nCOPY . /app\nCMD ["gunicorn", "app:app"]\n'
        },
        {"Procfile": 'web: GUNICORN_CMD_ARGS="--preload" gunicorn app:app\n'},
        {"Procfile": 'web: export GUNICORN_CMD_ARGS="--preload" && gunicorn app:app\n'},
        {"Procfile": 'web: env GUNICORN_CMD_ARGS="--preload" gunicorn app:app\n'},
        {
            "docker-compose.yml": "services:\n  web:\n    build: .\n"
            '    command: sh -c "export GUNICORN_CMD_ARGS=--preload && gunicorn app:app"\n'
        },
        {"Makefile": 'export GUNICORN_CMD_ARGS = --preload\n\nrun:\n\tgunicorn app:app\n'},
        {"Makefile": 'run:\n\texport GUNICORN_CMD_ARGS="--preload"; gunicorn app:app\n'},
        {
            "run.sh": '#!/bin/sh\nif [ -z "$PORT" ]; then\n    PORT=8000\nfi\nexport GUNICORN_CMD_ARGS="--preload"\n'
            "exec gunicorn -b 0.0.0.0:$PORT app:app\n"
        },
    ],
)
def test_a_gunicorn_cmd_args_that_surely_applies_preloads(files):
    assert not _made_anew(files)
