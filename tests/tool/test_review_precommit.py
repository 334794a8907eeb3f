"""The pre-commit hook: `pre-commit try-repo` with the hook `flask-codemod` fails while a
change is pending.

pre-commit installs a hook from a COMMITTED revision of its repository (try-repo adds
uncommitted changes to tracked files only, not new files), so the test commits a snapshot of
this working tree's package (pyproject.toml, README, tool/, codemods/, .pre-commit-hooks.yaml)
into a temporary repository and tries that: what is tested is exactly the code under test.
try-repo always builds the hook's virtualenv afresh (its store is a temporary folder), which
installs the package and its dependencies from PyPI: about a minute, so it is done once; the
hook's command line itself is checked on clean and changed code without pre-commit, below.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys

import pytest
import yaml

import review_support

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PRE_COMMIT = os.path.join(os.path.dirname(sys.executable), "pre-commit")

SAMPLE = """\
import requests


def read(path):
    return open(path).read()


def fetch(url):
    return requests.get(url).text
"""


def _hook() -> dict:
    with open(os.path.join(REPO, ".pre-commit-hooks.yaml")) as handle:
        hooks = yaml.safe_load(handle)
    (hook,) = [h for h in hooks if h["id"] == "flask-codemod"]
    return hook


def _snapshot_package(target) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        if os.path.exists(os.path.join(REPO, name)):
            shutil.copy2(os.path.join(REPO, name), target / name)
    for folder in ("tool", "codemods"):
        shutil.copytree(os.path.join(REPO, folder), target / folder, ignore=ignore)
    review_support.git_repo(target)


@pytest.fixture
def sample(tmp_path):
    import flask_codemod

    folder = tmp_path / "sample"
    folder.mkdir()
    (folder / "app.py").write_text(SAMPLE)
    if not flask_codemod.apply(folder / "app.py").changed:
        pytest.skip("no registered codemod changes the sample file")
    review_support.git_repo(folder)
    return folder


def test_hook_definition_is_check_mode_for_python_files():
    hook = _hook()
    assert hook["language"] == "python" and hook["types"] == ["python"]
    assert shlex.split(hook["entry"])[:3] == ["flask-codemod", "apply", "--check"]


def test_hook_entry_fails_on_pending_change_and_passes_once_applied(sample):
    """What pre-commit runs: the entry with the staged Python files as arguments."""
    import flask_codemod

    command = [os.path.join(os.path.dirname(sys.executable), "flask-codemod"), *shlex.split(_hook()["entry"])[1:], "app.py"]
    pending = subprocess.run(command, cwd=sample, capture_output=True, text=True, timeout=300)
    assert pending.returncode == 1 and "would change app.py" in pending.stderr
    assert (sample / "app.py").read_text() == SAMPLE
    assert flask_codemod.apply(sample, dry_run=False).exit_code == 0
    clean = subprocess.run(command, cwd=sample, capture_output=True, text=True, timeout=300)
    assert clean.returncode == 0, clean.stderr


def test_pre_commit_try_repo_fails_while_a_change_is_pending(sample, tmp_path):
    if not os.path.exists(PRE_COMMIT):
        pytest.skip("pre-commit is not installed in this environment (pip install pre-commit)")
    hook_repo = tmp_path / "hook"
    hook_repo.mkdir()
    _snapshot_package(hook_repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(
        [PRE_COMMIT, "try-repo", str(hook_repo), "flask-codemod", "--all-files", "--verbose"],
        cwd=sample,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "flask-codemod" in output and "Failed" in output
    assert "would change app.py" in output  # our check found the pending change
    assert (sample / "app.py").read_text() == SAMPLE  # check mode: nothing written
