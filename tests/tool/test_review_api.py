"""The Python API: flask_codemod.apply(paths, select=..., dry_run=True) returns what the CLI
reports."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import review_support

import flask_codemod
from flask_codemod.cli import app

FAKES = "fake-rename,fake-env"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    return review_support.installed_sample_repo(tmp_path, monkeypatch)


def test_api_returns_the_same_report_as_the_cli_and_writes_nothing(repo, tmp_path):
    before = {p: open(p, "rb").read() for p in map(str, repo.glob("*.py"))}
    outcome = flask_codemod.apply(repo, select=["fake-rename", "fake-env"])
    assert {p: open(p, "rb").read() for p in before} == before
    assert outcome.exit_code == 0 and outcome.changed
    cli = CliRunner().invoke(app, ["apply", "--dry-run", "-j", "1", "--select", FAKES, "--report", str(tmp_path / "r.json"), str(repo)])
    assert cli.exit_code == outcome.exit_code
    assert outcome.report() == json.loads((tmp_path / "r.json").read_text())
    assert outcome.summary.line() in cli.stderr
    assert "diff --git a/app.py b/app.py" in outcome.patch
    changed = {os.path.basename(r.path): r for r in outcome.results if r.changed}
    assert set(changed) == {"app.py", "helpers.py"}
    assert "new_api" in changed["helpers.py"].new_text


def test_api_writes_with_dry_run_false_and_check_gives_exit_1(repo):
    assert flask_codemod.apply(str(repo), select="fake-rename", check=True).exit_code == 1
    outcome = flask_codemod.apply([str(repo)], select="fake-rename", dry_run=False)
    assert outcome.exit_code == 0
    assert "new_api" in (repo / "helpers.py").read_text()
    assert flask_codemod.apply(str(repo), select="fake-rename", check=True).exit_code == 0


def test_api_options_are_typed_and_validated(repo):
    (repo / "tokens.py").write_text('API_TOKEN = "x"\n')
    outcome = flask_codemod.apply(repo / "tokens.py", select="fake-env", options={"fake-env": {"key": "API_TOKEN"}})
    assert 'os.environ["API_TOKEN"]' in outcome.results[0].new_text
    with pytest.raises(flask_codemod.UsageError):
        flask_codemod.apply(repo, select="nope")
    with pytest.raises(ValueError):
        flask_codemod.apply(repo, select="fake-env", options={"fake-env": {"key": 3}})
    with pytest.raises(ValueError):
        flask_codemod.apply(repo / "missing.py")


def test_no_submodule_shadows_the_api_function():
    """A submodule named `apply` would replace flask_codemod.apply once imported."""
    for info in pkgutil.iter_modules(flask_codemod.__path__):
        importlib.import_module(f"flask_codemod.{info.name}") if info.name != "__main__" else None
    assert callable(flask_codemod.apply) and not isinstance(flask_codemod.apply, type(sys))


def test_help_stays_light():
    """`flask-codemod --help` does not import libcst (the API is imported lazily)."""
    code = "import sys\nfrom flask_codemod.cli import app\nimport flask_codemod\nprint('libcst' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False", done.stderr
