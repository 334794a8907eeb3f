"""gunicorn-config where a command line picks the worker class: ``threads`` only means something
to the sync worker (above 1 it becomes the threaded one) and to gthread; for gevent or eventlet
workers it is ignored, and the file's comment about switching to the threaded worker misleads
(openfec: ``bin/run.sh`` runs ``gunicorn ... -k gevent -w 4``). No ``threads`` is written there."""

from __future__ import annotations

import pytest

from helpers import run_codemods

APP = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/')\ndef index():\n    return 'hello'\n"


def created(procfile: str) -> str:
    result = run_codemods(APP, "gunicorn-config", files={"Procfile": procfile, "requirements.txt": "flask\n"}, dedent=False)
    assert result.error is None and result.new_text == APP
    return {e.key: e.value for e in result.project_edits if e.kind == "file"}["gunicorn.conf.py"]


def settings_of(text: str) -> dict[str, object]:
    """The settings gunicorn takes from the file (its environment variables unset)."""
    namespace: dict[str, object] = {}
    exec(compile(text, "gunicorn.conf.py", "exec"), namespace)
    return {k: v for k, v in namespace.items() if not k.startswith("_") and k not in ("os", "multiprocessing")}


@pytest.mark.parametrize("flag", ["-k gevent", "--worker-class eventlet", "--worker-class=gevent"])
def test_a_worker_class_without_threads_gets_no_threads_setting(flag):
    procfile = f"web: gunicorn {flag} --bind 0.0.0.0:$PORT app:app\n"
    text = created(procfile)
    assert "threads" not in settings_of(text)
    assert f"# threads: not set: the gunicorn command line picks a worker class without threads (Procfile: {flag})." in text
    assert "threaded worker" not in text
    assert {"workers", "timeout", "graceful_timeout", "max_requests", "max_requests_jitter"} <= set(settings_of(text))


@pytest.mark.parametrize("flag", ["", "-k sync", "--worker-class gthread"])
def test_threads_stays_for_the_workers_that_use_it(flag):
    procfile = f"web: gunicorn {flag} app:app\n".replace("  ", " ")
    assert settings_of(created(procfile))["threads"] == 1
