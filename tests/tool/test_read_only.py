"""Writes respect permissions (issue 17): a file the user could not write in place is
reported ("read-only") and left untouched, though the atomic rename could go around the
permission. The rule holds for root too (tests run as root in CI, and root may write a
0444 file): no write bit at all, or no write permission for this user (os.access)."""

from __future__ import annotations

import os
import stat

from typer.testing import CliRunner

from flask_codemod import writing
from flask_codemod.cli import app

LEAKY = "def read(p):\n    return open(p).read()\n"
CLEAN = "def read(p):\n    with open(p) as f:\n        return f.read()\n"


def apply(*args: str):
    return CliRunner().invoke(app, ["apply", "-j", "1", "--no-cache", *args], catch_exceptions=False)


def test_a_read_only_file_is_reported_and_left_untouched(tmp_path):
    locked = tmp_path / "locked.py"
    locked.write_text(LEAKY)
    os.chmod(locked, 0o444)
    (tmp_path / "open.py").write_text(LEAKY)
    result = apply("--select", "open-with", str(tmp_path))
    assert result.exit_code == 3, result.output
    assert f"{locked}: read-only; left unchanged" in result.stderr.splitlines()
    assert locked.read_text() == LEAKY and stat.S_IMODE(os.stat(locked).st_mode) == 0o444
    assert (tmp_path / "open.py").read_text() == CLEAN
    assert "2 files scanned, 1 changed" in result.stderr  # the summary counts what was written


def test_a_file_this_user_may_not_write_is_read_only(tmp_path, monkeypatch):
    """Writable by its owner, but not by us (os.access says no): left untouched."""
    target = tmp_path / "theirs.py"
    target.write_text(LEAKY)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if str(path).endswith("theirs.py") and mode == os.W_OK else real_access(path, mode, **kw))
    assert writing.is_read_only(str(target))
    result = apply("--select", "open-with", str(target))
    assert result.exit_code == 3 and "read-only; left unchanged" in result.stderr
    assert target.read_text() == LEAKY


def test_a_read_only_project_file_is_not_written(tmp_path):
    (tmp_path / "requirements.txt").write_text("flask\n")
    (tmp_path / "settings.py").write_text('from flask import Flask\napp = Flask(__name__)\napp.config["SECRET_KEY"] = "s3cr3t-v4lue-x9"\n')
    ignore = tmp_path / ".gitignore"
    ignore.write_text("*.pyc\n")
    os.chmod(ignore, 0o444)
    result = apply("--select", "dotenv-config", str(tmp_path))
    assert f"{ignore}: read-only; left unchanged" in result.stderr.splitlines(), result.output
    assert ignore.read_text() == "*.pyc\n" and stat.S_IMODE(os.stat(ignore).st_mode) == 0o444
    assert result.exit_code == 3


def test_writable_files_are_not_read_only(tmp_path):
    target = tmp_path / "a.py"
    target.write_text("x = 1\n")
    for mode in (0o644, 0o600, 0o200):
        os.chmod(target, mode)
        assert not writing.is_read_only(str(target))
    for mode in (0o444, 0o400, 0o555):
        os.chmod(target, mode)
        assert writing.is_read_only(str(target))
    assert not writing.is_read_only(str(tmp_path / "missing.py"))
