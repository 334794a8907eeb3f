"""What dotenv-config's tests share: the projects they rewrite and start (written to a folder,
rewritten with the real command line, and started in a fresh interpreter: tests/codemods/
test_dotenv_config_projects.py, test_dotenv_installed.py), and a rewritten module run in this
process with the environment python-dotenv builds from the .env written for it."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap

from dotenv import dotenv_values
from typer.testing import CliRunner

from flask_codemod import project
from flask_codemod.cli import app as cli

START = """
import importlib, json, sys
module = importlib.import_module(sys.argv[1])
app = eval(sys.argv[2], {"module": module})
print(json.dumps({key: [type(value).__name__, repr(value)] for key, value in sorted(app.config.items())}))
"""


def make(root, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def apply(root):
    result = CliRunner().invoke(
        cli, ["apply", "-v", "--select", "dotenv-config", "-j", "1", "--no-config", str(root)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result


def start(root, module: str, expression: str, *, with_env: bool = True, script: str = START):
    """Start the app in a fresh interpreter, from another folder, with a clean environment;
    without ``with_env``, the project's .env is moved away first."""
    env_file = root / ".env"
    hidden = root / ".env.hidden"
    if not with_env and env_file.exists():
        env_file.rename(hidden)
    try:
        (root.parent / "start.py").write_text(script)
        return subprocess.run(
            [sys.executable, str(root.parent / "start.py"), module, expression],
            cwd="/",
            env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(root), "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"},
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        if hidden.exists():
            hidden.rename(env_file)


def config_of(done) -> dict:
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def edits(result):
    return {e.key: e for e in result.project_edits if e.kind == "env"}


def run_config(source: str, result, environ: dict[str, str]) -> dict:
    """Execute ``source`` (a module that builds ``app``) with ``environ`` as the whole
    environment, as it is after ``load_dotenv()`` read the ``.env`` of ``result``'s edits."""
    import flask

    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(environ)
    try:
        namespace: dict = {"__name__": "snippet", "load_dotenv": lambda: None}
        code = source.replace("from dotenv import load_dotenv\n", "")
        exec(compile(code, "snippet.py", "exec"), namespace)
        app = namespace["app"]
        assert isinstance(app, flask.Flask)
        return {k: (type(v), v) for k, v in app.config.items()}
    finally:
        os.environ.clear()
        os.environ.update(saved)


def dotenv_environ(result, extra: str = "") -> dict[str, str]:
    """The environment python-dotenv builds from the .env the tool writes for ``result``."""
    text = "".join(f"{e.key}={project.format_env_value(e.value)}\n" for e in edits(result).values())
    values = dotenv_values(stream=io.StringIO(text + extra))  # interpolated, as load_dotenv() does
    return {k: v for k, v in values.items() if v is not None}


def starts_the_same(tmp_path, files: dict[str, str], rewritten: str, expected: str, *, secret: str = "SECRET_KEY"):
    """The project of ``files`` rewritten (``rewritten``'s text then holds ``expected``)
    starts with the configuration it started with before, values and types, when its .env is
    there; without it, the moved ``secret`` stops the start, as the required read it became."""
    before, after = tmp_path / "before", tmp_path / "after"
    make(before, files)
    make(after, files)
    apply(after)
    assert expected in (after / rewritten).read_text()
    original = config_of(start(before, "app", "module.app"))
    assert config_of(start(after, "app", "module.app")) == original
    without = start(after, "app", "module.app", with_env=False)
    assert without.returncode != 0 and secret in without.stderr


# an app that loads its configuration from settings.py, the module ``on_settings`` rewrites
SETTINGS_APP = """\
from flask import Flask

app = Flask(__name__)
app.config.from_object("settings")
"""


def on_settings(settings: str, requirements: str = "flask\npython-dotenv\n"):
    """dotenv-config run on ``settings`` as the settings.py of SETTINGS_APP's project."""
    from helpers import run_codemods

    result = run_codemods(
        settings, "dotenv-config", path="settings.py", dedent=False, project={"app.py": SETTINGS_APP, "requirements.txt": requirements}
    )
    assert result.error is None
    return result


def both_ways(tmp_path, files, module, expression):
    """(config before, the run after with .env, the run after without .env, the apply result):
    the project ``files`` laid out twice under ``tmp_path``, one rewritten with the command line."""
    before, after = tmp_path / "before" / "project", tmp_path / "after" / "project"
    make(before, files)
    make(after, files)
    result = apply(after)
    return config_of(start(before, module, expression)), start(after, module, expression), start(
        after, module, expression, with_env=False
    ), result
