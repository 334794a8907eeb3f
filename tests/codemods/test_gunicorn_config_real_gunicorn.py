"""gunicorn-config with the real tool and the real gunicorn: the file written to disk, which
gunicorn accepts and reads by itself, the command line still winning; and the option explained."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from flask_codemod import pipeline, project, writing
from flask_codemod.cli import app as cli
from flask_codemod.codemods import get_codemod

APP = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/')\ndef index():\n    return 'hello'\n"
GUNICORN = os.path.join(os.path.dirname(sys.executable), "gunicorn")


def _tool(folder) -> list[project.ProjectFileChange]:
    codemods = [get_codemod("gunicorn-config")]
    results = [pipeline.process_file(str(folder / "app.py"), codemods)]
    assert all(r.error is None and not r.changed for r in results)
    changes, messages = project.merge(results)
    assert messages == []
    for change in changes:
        assert writing.write_project_file(change) is None
    return changes


def _gunicorn(folder, *args: str, environ: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN", "WEB_CONCURRENCY"))}
    env.update(environ or {})
    return subprocess.run(
        [GUNICORN, *args], cwd=folder, env=env, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.skipif(not os.path.exists(GUNICORN), reason="gunicorn is not installed in this environment")
def test_gunicorn_accepts_the_generated_file_and_the_command_line_still_wins(tmp_path):
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / "requirements.txt").write_text("flask\ngunicorn\n")
    (tmp_path / "Procfile").write_text("web: gunicorn --timeout 120 app:app\n")

    changes = _tool(tmp_path)
    assert [os.path.basename(c.path) for c in changes] == ["gunicorn.conf.py"]
    assert (tmp_path / "gunicorn.conf.py").exists()
    assert _tool(tmp_path) == [], "a second run creates nothing"

    checked = _gunicorn(tmp_path, "--check-config", "-c", "gunicorn.conf.py", "app:app")
    assert checked.returncode == 0, checked.stderr

    # gunicorn reads the file by itself from its working folder, with the environment overrides;
    # the command line still wins over the file (--max-requests), and the Procfile's option,
    # which the file leaves out, still applies (--timeout)
    printed = _gunicorn(
        tmp_path, "--print-config", "--timeout", "120", "--max-requests", "7", "app:app", environ={"GUNICORN_WORKERS": "3"}
    )
    assert printed.returncode == 0, printed.stderr
    values = dict(
        (name.strip(), value.strip()) for name, _, value in (line.partition("=") for line in printed.stdout.splitlines())
    )
    assert (values["workers"], values["threads"], values["graceful_timeout"]) == ("3", "1", "30")
    assert (values["max_requests"], values["max_requests_jitter"], values["timeout"]) == ("7", "100", "120")


def test_option_is_explained():
    explained = CliRunner().invoke(cli, ["explain", "gunicorn-config"], catch_exceptions=False)
    assert explained.exit_code == 0
    for option in ("threads", "timeout", "graceful_timeout", "max_requests", "max_requests_jitter"):
        assert option in explained.stdout
