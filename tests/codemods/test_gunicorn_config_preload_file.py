"""gunicorn-config: which config file decides whether a start preloads the app.

gunicorn reads one config file per start: the one its command line passes with ``-c``, else the
one a ``GUNICORN_CMD_ARGS`` of its environment passes, else ``./gunicorn.conf.py``. A start
preloads (one secret key made at import is shared by every worker) when that file sets
``preload_app``; where the file cannot be known — a ``GUNICORN_CMD_ARGS`` of another file may or
may not be the start's environment, an absolute path may name a file outside the project — the
start counts as not preloading, and the finding stays."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from helpers import finding_messages, run_codemods

APP = """\
import secrets

from flask import Flask

app = Flask(__name__)
app.secret_key = secrets.token_hex(16)
"""
REQUIREMENTS = {"requirements.txt": "flask\ngunicorn\n"}
PRELOADS = "preload_app = True\n"
NO_PRELOAD = "workers = 2\n"
GUNICORN = os.path.join(os.path.dirname(sys.executable), "gunicorn")


def _made_anew(files: dict[str, str]) -> bool:
    """Whether the codemod says the key is made anew in each worker (the start does not preload)."""
    result = run_codemods(APP, "gunicorn-config", files={**REQUIREMENTS, **files})
    assert result.error is None, result.error
    return any("its secret key anew in each process" in message for message in finding_messages(result))


def _printed_preload(folder, arguments: list[str], cmd_args: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN", "WEB_CONCURRENCY"))}
    if cmd_args is not None:
        env["GUNICORN_CMD_ARGS"] = cmd_args
    done = subprocess.run([GUNICORN, "--print-config", *arguments, "app:app"], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    values = dict((n.strip(), v.strip()) for n, _, v in (line.partition("=") for line in done.stdout.splitlines()))
    return values["preload_app"]


@pytest.mark.skipif(not os.path.exists(GUNICORN) or sys.platform == "win32", reason="needs gunicorn on a POSIX system")
def test_why_a_config_file_in_gunicorn_cmd_args_replaces_the_default_one(tmp_path):
    (tmp_path / "app.py").write_text("def app(environ, start_response):\n    return []\n")
    (tmp_path / "gunicorn.conf.py").write_text(PRELOADS)
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "web.py").write_text(NO_PRELOAD)
    assert _printed_preload(tmp_path, [], None) == "True"
    assert _printed_preload(tmp_path, [], "-c conf/web.py") == "False", "./gunicorn.conf.py is not read then"
    (tmp_path / "conf" / "web.py").write_text(PRELOADS)
    (tmp_path / "gunicorn.conf.py").write_text(NO_PRELOAD)
    assert _printed_preload(tmp_path, [], "--config conf/web.py") == "True"
    assert _printed_preload(tmp_path, ["-c", "gunicorn.conf.py"], "-c conf/web.py") == "False", "the command line wins"


@pytest.mark.parametrize(
    "files",
    [
        {"Dockerfile": 'FROM python\nENV GUNICORN_CMD_ARGS="-c conf/web.py"\nCMD gunicorn app:app\n', "conf/web.py": PRELOADS},
        {"start.sh": 'export GUNICORN_CMD_ARGS="--config conf/web.py"\nexec gunicorn app:app\n', "conf/web.py": PRELOADS},
        {
            "docker-compose.yml": "services:\n  web:\n    command: gunicorn app:app\n    environment:\n"
            "      GUNICORN_CMD_ARGS: --config=conf/web.py\n",
            "conf/web.py": PRELOADS,
        },
        # the command line's -c wins over the environment's
        {
            "Procfile": "web: gunicorn -c conf/web.py app:app\n",
            "Dockerfile": 'FROM python\nENV GUNICORN_CMD_ARGS="-c conf/other.py"\n',
            "conf/web.py": PRELOADS,
            "conf/other.py": NO_PRELOAD,
        },
        # a GUNICORN_CMD_ARGS of another file may or may not apply: both files it may read preload
        {
            "Procfile": "web: gunicorn app:app\n",
            ".env": "GUNICORN_CMD_ARGS=-c conf/web.py\n",
            "gunicorn.conf.py": PRELOADS,
            "conf/web.py": PRELOADS,
        },
        # every environment the start may run with preloads
        {
            "Dockerfile": 'FROM python\nENV GUNICORN_CMD_ARGS="--preload"\nCMD gunicorn app:app\n',
            "docker-compose.yml": "services:\n  web:\n    build: .\n    environment:\n      GUNICORN_CMD_ARGS: --preload -t 60\n",
        },
        {
            "Procfile": "web: gunicorn --preload app:app\n",
            ".env": "GUNICORN_CMD_ARGS=-c conf/web.py\n",
            "conf/web.py": NO_PRELOAD,
        },
        # a container's absolute path, into which the Dockerfile copies the project
        {"Dockerfile": "FROM python\nWORKDIR /srv\nCOPY . .\nCMD gunicorn -c /srv/conf/web.py app:app\n", "conf/web.py": PRELOADS},
        {"Dockerfile": "FROM python\nCOPY . /srv\nCMD gunicorn -c /srv/conf/web.py app:app\n", "conf/web.py": PRELOADS},
        {
            "Dockerfile": "FROM python\nCOPY conf/web.py /etc/gunicorn.conf.py\nCOPY . /app\n"
            'CMD ["gunicorn", "-c", "/etc/gunicorn.conf.py", "app:app"]\n',
            "conf/web.py": PRELOADS,
        },
    ],
)
def test_the_config_file_the_start_reads_preloads(files):
    assert not _made_anew(files)


@pytest.mark.parametrize(
    "files",
    [
        # the environment's config file replaces ./gunicorn.conf.py
        {
            "Dockerfile": 'FROM python\nENV GUNICORN_CMD_ARGS="-c conf/web.py"\nCMD gunicorn app:app\n',
            "conf/web.py": NO_PRELOAD,
            "gunicorn.conf.py": PRELOADS,
        },
        {
            "docker-compose.yml": "services:\n  web:\n    command: gunicorn app:app\n    environment:\n"
            '      - "GUNICORN_CMD_ARGS=-c conf/web.py --timeout 60"\n',
            "conf/web.py": NO_PRELOAD,
            "gunicorn.conf.py": PRELOADS,
        },
        # a GUNICORN_CMD_ARGS of another file may be the start's environment
        {
            "Procfile": "web: gunicorn app:app\n",
            ".env": "GUNICORN_CMD_ARGS=-c conf/web.py\n",
            "gunicorn.conf.py": PRELOADS,
            "conf/web.py": NO_PRELOAD,
        },
        {
            "docker-compose.yml": "services:\n  web:\n    build: .\n    command: gunicorn app:app\n",
            "Dockerfile": 'FROM python\nENV GUNICORN_CMD_ARGS="--config conf/web.py"\n',
            "gunicorn.conf.py": PRELOADS,
        },
        # ... or may replace the one of the start's own file
        {
            "Dockerfile": 'FROM python\nENV GUNICORN_CMD_ARGS="-c conf/web.py"\nCMD gunicorn app:app\n',
            "docker-compose.yml": "services:\n  web:\n    build: .\n    environment:\n      GUNICORN_CMD_ARGS: --timeout 60\n",
            "conf/web.py": PRELOADS,
        },
        # a --preload of the start's own environment, which a compose service's may replace
        {
            "Dockerfile": 'FROM python\nENV GUNICORN_CMD_ARGS="--preload"\nCMD gunicorn app:app\n',
            "docker-compose.yml": "services:\n  web:\n    build: .\n    environment:\n      GUNICORN_CMD_ARGS: --timeout 60\n",
        },
        # an absolute path outside the project: not the project's gunicorn.conf.py
        {"Procfile": "web: gunicorn -c /etc/gunicorn.conf.py app:app\n", "gunicorn.conf.py": PRELOADS},
        {"Dockerfile": "FROM python\nCOPY . /app\nCMD gunicorn -c /etc/gunicorn.conf.py app:app\n", "gunicorn.conf.py": PRELOADS},
        {"Dockerfile": "FROM python\nCMD gunicorn -c /srv/conf/web.py app:app\n", "conf/web.py": PRELOADS},
        {"Dockerfile": 'FROM python\nENV GUNICORN_CMD_ARGS="-c /etc/gunicorn.conf.py"\nCMD gunicorn app:app\n', "gunicorn.conf.py": PRELOADS},
        # copied in a build stage that is not the image gunicorn runs in
        {
            "Dockerfile": "FROM python AS build\nCOPY . /srv\nFROM python\nCMD gunicorn -c /srv/conf/web.py app:app\n",
            "conf/web.py": PRELOADS,
        },
    ],
)
def test_a_config_file_not_known_to_preload_keeps_the_finding(files):
    assert _made_anew(files)
