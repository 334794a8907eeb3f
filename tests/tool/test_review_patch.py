"""--diff-file: a patch `git apply` accepts on a pristine copy, giving exactly the tree `apply`
gives (.env aside, which never enters a patch)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess

import pytest

import review_support

from flask_codemod.cli import app

FAKES = "fake-rename,fake-env"


run = review_support.apply_command


def tree(folder) -> dict[str, bytes]:
    out = {}
    for path in glob.glob(os.path.join(folder, "**", "*"), recursive=True) + glob.glob(os.path.join(folder, "**", ".*"), recursive=True):
        if os.path.isfile(path) and "/.git/" not in path and "/.flask-codemod-cache/" not in path and not path.endswith(".patch"):
            out[os.path.relpath(path, folder)] = open(path, "rb").read()
    return out


@pytest.fixture
def repos(tmp_path, monkeypatch):
    review_support.install(monkeypatch)
    original = tmp_path / "original"
    review_support.sample_repo(original)
    (original / "pkg").mkdir()
    (original / "pkg" / "crlf.py").write_bytes(b"x = old_api\r\ny = 2\r\n")
    (original / "pkg" / "no_newline.py").write_bytes(b"z = old_api")
    (original / ".gitignore").write_text("*.log\n")
    review_support.git(original, "add", "-A")
    review_support.git(original, "commit", "-q", "-m", "more")
    pristine = tmp_path / "pristine"
    shutil.copytree(original, pristine)
    return original, pristine


@pytest.mark.parametrize("where", ["root", "elsewhere"])
def test_patch_applies_to_a_pristine_copy_and_gives_the_apply_tree(repos, tmp_path, monkeypatch, where):
    original, pristine = repos
    patch = tmp_path / "change.patch"
    monkeypatch.chdir(original if where == "root" else tmp_path)
    result = run("--select", FAKES, "--diff-file", str(patch), str(original))
    assert result.exit_code == 0, result.stderr
    text = patch.read_text()
    assert "diff --git a/app.py b/app.py" in text and "--- a/app.py" in text and "+++ b/app.py" in text
    assert "diff --git a/pkg/crlf.py b/pkg/crlf.py" in text
    assert "--- /dev/null\n+++ b/.env.example" in text  # a new file, in git's format
    assert "+++ b/.gitignore" in text
    assert ".env b/.env\n" not in text and "+SECRET_KEY=s3cr3t" not in text  # .env never

    check = subprocess.run(["git", "apply", "--check", str(patch)], cwd=pristine, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    subprocess.run(["git", "apply", str(patch)], cwd=pristine, check=True)
    applied, expected = tree(pristine), tree(original)
    assert expected.pop(".env").startswith(b"SECRET_KEY=")
    assert applied == expected
    assert applied["pkg/crlf.py"] == b"x = new_api\r\ny = 2\r\n"


def test_patch_from_a_dry_run_equals_the_patch_of_a_real_run(repos, tmp_path):
    original, _ = repos
    run("--dry-run", "--select", FAKES, "--diff-file", str(tmp_path / "dry.patch"), str(original))
    assert subprocess.run(["git", "-C", str(original), "status", "--porcelain"], capture_output=True, text=True).stdout == ""
    run("--select", FAKES, "--diff-file", str(tmp_path / "real.patch"), str(original))
    assert (tmp_path / "dry.patch").read_text() == (tmp_path / "real.patch").read_text()
    # and it is what git itself sees as the change (.env is ignored by the new .gitignore)
    review_support.git(original, "add", "-A")
    staged = review_support.git(original, "diff", "--cached", "--stat")
    assert ".env " not in staged and ".env.example" in staged


def test_patch_file_that_cannot_be_written_is_an_error(repos, tmp_path):
    """A missing folder is created (issue 17); a folder that is a file cannot be, even for root."""
    original, _ = repos
    (tmp_path / "a-file").write_text("not a folder\n")
    result = run("--dry-run", "--select", FAKES, "--diff-file", str(tmp_path / "a-file" / "x.patch"), str(original))
    assert result.exit_code == 3
    assert "cannot write the patch" in result.stderr
