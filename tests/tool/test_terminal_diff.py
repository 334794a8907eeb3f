"""The terminal diff of --dry-run masks a moved secret only where it leaves the code: an
unrelated line that holds the same string stays readable; ``--show-secrets`` shows it all; and
the patch for ``git apply`` is one flag away (``--diff-file``), which the diff says when it
masked something."""

from __future__ import annotations

import subprocess

from typer.testing import CliRunner

import review_support

from flask_codemod.cli import app
from flask_codemod.diffs import mask_secrets

APP = '''\
import json

DEFAULT_USER = "admin-2024"
SECRET_KEY = "admin-2024"


def greeting():
    return "hello admin-2024"
'''


def _project(tmp_path, monkeypatch):
    review_support.install(monkeypatch)
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "app.py").write_text(APP)
    review_support.git_repo(folder)
    monkeypatch.chdir(folder)
    return folder


def _dry_run(*args: str):
    return CliRunner().invoke(app, ["apply", "-j", "1", "--dry-run", "--select", "fake-env", *args, "."], catch_exceptions=False)


def test_only_the_moved_assignment_is_masked(tmp_path, monkeypatch):
    _project(tmp_path, monkeypatch)
    result = _dry_run()
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert '-SECRET_KEY = "********"' in lines
    assert '+SECRET_KEY = os.environ["SECRET_KEY"]' in lines
    assert ' DEFAULT_USER = "admin-2024"' in lines  # unrelated, the same string: readable
    assert "--diff-file FILE writes a patch for git apply" in result.stderr


def test_show_secrets_shows_the_moved_value(tmp_path, monkeypatch):
    _project(tmp_path, monkeypatch)
    result = _dry_run("--show-secrets")
    assert '-SECRET_KEY = "admin-2024"' in result.stdout.splitlines()


def test_the_patch_is_one_flag_away_and_applies(tmp_path, monkeypatch):
    folder = _project(tmp_path, monkeypatch)
    patch = tmp_path / "change.patch"
    result = _dry_run("--diff-file", str(patch))
    assert result.exit_code == 0
    assert "writes a patch" not in result.stderr  # it was asked for
    assert '-SECRET_KEY = "admin-2024"' in patch.read_text()
    subprocess.run(["git", "apply", str(patch)], cwd=folder, check=True)
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in (folder / "app.py").read_text()
    assert not (folder / ".env").exists()  # the patch never holds .env


def test_masking_leaves_context_and_added_lines_and_masks_every_removed_spelling():
    diff = (
        "diff --git a/app.py b/app.py\n--- a/app.py\n+++ b/app.py\n@@ -1,4 +1,4 @@\n"
        ' USER = "pw-1234"\n'
        '-KEY = "pw-1234"\n'
        "-TOKEN = '''pw-\n"
        "-1234'''\n"
        '+KEY = os.environ["KEY"]\n'
        '+GREETING = "pw-1234"\n'
    )
    masked = mask_secrets(diff, ["pw-1234", "pw-\n1234"])
    assert masked.splitlines() == [
        "diff --git a/app.py b/app.py",
        "--- a/app.py",
        "+++ b/app.py",
        "@@ -1,4 +1,4 @@",
        ' USER = "pw-1234"',
        '-KEY = "********"',
        "-TOKEN = '''********",
        "-********'''",
        '+KEY = os.environ["KEY"]',
        '+GREETING = "pw-1234"',
    ]
