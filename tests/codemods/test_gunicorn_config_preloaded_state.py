"""gunicorn-config and a value made at import in a preloaded app: with ``--preload`` (or
``preload_app = True``) gunicorn imports the app once, in the arbiter, and forks every worker
from it — those it starts first and those that replace recycled ones — so a random secret key
made at import is one key for all of them. The "made anew in each process" reason does not hold
there; it still holds where some start of gunicorn does not preload, and for a value made after
the load (in a view or a hook, which runs in each worker)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest
from helpers import finding_messages, run_codemods

from flask_codemod import pipeline, project, writing
from flask_codemod.codemods import get_codemod

RANDOM_KEY_APP = """\
import secrets

from flask import Flask

app = Flask(__name__)
app.secret_key = secrets.token_hex(16)
"""
FACTORY_KEY_APP = """\
import os

from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.urandom(24)
    return app


app = create_app()
"""
HOOK_KEY_APP = """\
import os

from flask import Flask

app = Flask(__name__)


@app.before_request
def ensure_key():
    if not app.secret_key:
        app.secret_key = os.urandom(24)
"""
REQUIREMENTS = {"requirements.txt": "flask\ngunicorn\n"}
GUNICORN = os.path.join(os.path.dirname(sys.executable), "gunicorn")


def _run(source: str, launch: dict[str, str]):
    result = run_codemods(source, "gunicorn-config", files={**REQUIREMENTS, **launch})
    assert result.error is None, result.error
    return finding_messages(result), {e.key: e.value for e in result.project_edits if e.kind == "file"}


def _worker_keys(folder, *options: str) -> set[str]:
    """The secret key each of two gunicorn workers holds, read by a post_worker_init hook."""
    (folder / "keys").mkdir()
    (folder / "hooks.py").write_text(
        "import os\n\n\ndef post_worker_init(worker):\n"
        "    with open(os.path.join(os.environ['KEYS_DIR'], str(os.getpid())), 'w') as f:\n"
        "        f.write(worker.wsgi.secret_key)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN", "WEB_CONCURRENCY"))}
    env["KEYS_DIR"] = str(folder / "keys")
    usage = subprocess.run([GUNICORN, "--help"], capture_output=True, text=True, timeout=60).stdout
    quiet = ["--no-control-socket"] if "--no-control-socket" in usage else []  # no socket in $HOME
    command = [GUNICORN, "-c", "hooks.py", "-w", "2", *quiet, "-b", "127.0.0.1:0", *options, "app:app"]
    server = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while len(os.listdir(folder / "keys")) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=30)
    time.sleep(0.1)  # a hook that was still writing
    files = os.listdir(folder / "keys")
    assert len(files) == 2, "two workers started"
    return {(folder / "keys" / name).read_text() for name in files}


@pytest.mark.skipif(not os.path.exists(GUNICORN) or sys.platform == "win32", reason="needs gunicorn on a POSIX system")
def test_why_preloaded_workers_share_the_key_made_at_import(tmp_path):
    (tmp_path / "app.py").write_text(RANDOM_KEY_APP)
    assert len(_worker_keys(tmp_path, "--preload")) == 1
    shutil.rmtree(tmp_path / "keys")
    assert len(_worker_keys(tmp_path)) == 2, "without --preload each worker imports the app and makes its own"


@pytest.mark.parametrize(
    "launch",
    [
        {"Procfile": "web: gunicorn -w 4 --preload app:app\n"},
        {"Procfile": "web: gunicorn app:app\n", "gunicorn.conf.py": "preload_app = True\nworkers = 4\n"},
        {"Procfile": "web: gunicorn -c conf/web.py app:app\n", "conf/web.py": "preload_app = 'true'\n"},
        # the image holds the project's conf/web.py at /srv/conf/web.py (without the COPY it may not:
        # test_gunicorn_config_preload_file.py)
        {"Dockerfile": "FROM python\nCOPY conf /srv/conf\nCMD gunicorn -c /srv/conf/web.py app:app\n", "conf/web.py": "preload_app = True\n"},
        {"Dockerfile": 'FROM python\nENV GUNICORN_CMD_ARGS="--preload --timeout 90"\nCMD ["gunicorn", "app:app"]\n'},
    ],
)
def test_a_preloaded_app_shares_its_import_time_key_with_every_worker(launch):
    messages, _ = _run(RANDOM_KEY_APP, launch)
    assert not any("anew in each process" in message for message in messages), messages


def test_a_preloaded_start_gets_the_file_and_keeps_its_preload(tmp_path):
    """Behaviour: the written file sets no preload_app, so gunicorn still preloads the app
    exactly where the command line says so."""
    messages, created = _run(FACTORY_KEY_APP, {"Procfile": "web: gunicorn --preload app:app\n"})
    assert messages == [] and list(created) == ["gunicorn.conf.py"]
    assert "preload" not in created["gunicorn.conf.py"]
    if not os.path.exists(GUNICORN):
        pytest.skip("gunicorn is not installed in this environment")
    (tmp_path / "app.py").write_text(FACTORY_KEY_APP)
    (tmp_path / "requirements.txt").write_text("flask\ngunicorn\n")
    (tmp_path / "Procfile").write_text("web: gunicorn --preload app:app\n")
    results = [pipeline.process_file(str(tmp_path / "app.py"), [get_codemod("gunicorn-config")])]
    changes, _ = project.merge(results)
    assert [os.path.basename(change.path) for change in changes] == ["gunicorn.conf.py"]
    for change in changes:
        assert writing.write_project_file(change) is None
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN", "WEB_CONCURRENCY"))}
    for options, preloaded in ((["--preload"], "True"), ([], "False")):
        printed = subprocess.run(
            [GUNICORN, "--print-config", *options, "app:app"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
        )
        assert printed.returncode == 0, printed.stderr
        values = dict((n.strip(), v.strip()) for n, _, v in (line.partition("=") for line in printed.stdout.splitlines()))
        assert values["preload_app"] == preloaded and values["max_requests"] == "1000"


@pytest.mark.parametrize(
    "launch",
    [
        {"Procfile": "web: gunicorn -w 4 app:app\n"},
        {"Procfile": "web: gunicorn app:app\n", "gunicorn.conf.py": "preload_app = False\nworkers = 4\n"},
        {"Procfile": "web: gunicorn app:app\n", "gunicorn.conf.py": "import os\npreload_app = os.environ.get('PRELOAD')\n"},
        # a GUNICORN_CMD_ARGS of another compose service is not this start's environment
        {
            "docker-compose.yml": "services:\n  web:\n    command: gunicorn app:app\n  worker:\n"
            "    command: gunicorn --preload other:app\n    environment:\n      GUNICORN_CMD_ARGS: --preload\n",
        },
        # nothing starts gunicorn: nothing says it preloads
        {},
    ],
)
def test_a_start_that_does_not_preload_keeps_the_finding(launch):
    messages, created = _run(RANDOM_KEY_APP, launch)
    assert created == {}
    assert any("its secret key anew in each process" in message for message in messages), messages


def test_starts_that_disagree_name_the_one_that_does_not_preload():
    messages, created = _run(
        RANDOM_KEY_APP,
        {"Procfile": "web: gunicorn --preload app:app\n", "Dockerfile": "FROM python\nCMD gunicorn -w 2 app:app\n"},
    )
    assert created == {}, "the file would be read by both starts"
    [message] = messages
    assert "anew in each process" in message and "nothing generated" in message
    assert "started without --preload by Dockerfile, while Procfile preloads it" in message


@pytest.mark.parametrize("source, shared", [(FACTORY_KEY_APP, True), (HOOK_KEY_APP, False)])
def test_a_preload_shares_what_is_made_while_the_app_loads_not_later(source, shared):
    """The app factory runs while gunicorn loads the app, in the arbiter; a hook runs in
    each worker, after the fork."""
    messages, created = _run(source, {"Procfile": "web: gunicorn --preload app:app\n"})
    assert (list(created) == ["gunicorn.conf.py"]) is shared
    assert any("anew in each process" in m and "after the preload" in m for m in messages) is not shared, messages
