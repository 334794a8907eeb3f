"""Git-aware runs: --commit (one commit per codemod) and --changed-since REF."""

from __future__ import annotations

import shutil

import pytest

import review_support
from review_support import git

from flask_codemod.cli import app

FAKES = "fake-rename,fake-env,fake-noop"


run = review_support.apply_command


@pytest.fixture
def repo(tmp_path, monkeypatch):
    return review_support.installed_sample_repo(tmp_path, monkeypatch)


def test_commit_makes_one_commit_per_codemod_that_changed_something(repo, tmp_path):
    twin = tmp_path / "twin"
    shutil.copytree(repo, twin)
    start = git(repo, "rev-parse", "HEAD").strip()

    result = run("--commit", "--select", FAKES, str(repo))
    assert result.exit_code == 0, result.stderr
    log = git(repo, "log", "--format=%s", f"{start}..HEAD").splitlines()
    # newest first; fake-noop changed nothing: no commit
    assert log == ["fake-env: Read the secret key from the environment.", "fake-rename: Rename old_api to new_api."]
    body = git(repo, "log", "-1", "--format=%B", "HEAD~1")
    assert "The old name was deprecated" in body and "flask-codemod apply --select fake-rename" in body
    assert git(repo, "status", "--porcelain") == ""  # everything committed; .env is ignored

    # each commit holds exactly its codemod's change
    first = git(repo, "show", "--format=", "--name-only", "HEAD~1").split()
    second = git(repo, "show", "--format=", "--name-only", "HEAD").split()
    assert sorted(first) == ["app.py", "helpers.py"]
    assert sorted(second) == [".env.example", ".gitignore", "app.py"]
    assert "new_api" in git(repo, "show", "HEAD~1:app.py") and "os.environ" not in git(repo, "show", "HEAD~1:app.py")
    assert ".env" not in git(repo, "ls-files").split()

    # combined, they are exactly what a plain apply does
    assert run("--select", FAKES, str(twin)).exit_code == 0
    git(twin, "add", "-A")
    assert git(repo, "diff", start, "HEAD") == git(twin, "diff", "--cached", start)
    assert (repo / ".env").read_text() == (twin / ".env").read_text()


def test_commit_refuses_a_dirty_work_tree(repo):
    (repo / "helpers.py").write_text(review_support.HELPERS + "# my own edit\n")
    head = git(repo, "rev-parse", "HEAD")
    result = run("--commit", "--select", FAKES, str(repo))
    assert result.exit_code == 2
    assert "dirty" in result.stderr and "--allow-dirty" in result.stderr
    assert git(repo, "rev-parse", "HEAD") == head
    assert "old_api" in (repo / "app.py").read_text()  # nothing written either


def test_commit_refuses_untracked_files_too(repo):
    (repo / "new.py").write_text("x = 1\n")
    assert run("--commit", "--select", FAKES, str(repo)).exit_code == 2


def test_allow_dirty_commits_anyway(repo):
    (repo / "notes.txt").write_text("mine\n")
    result = run("--commit", "--allow-dirty", "--select", FAKES, str(repo))
    assert result.exit_code == 0, result.stderr
    assert len(git(repo, "log", "--format=%h").splitlines()) == 3
    assert git(repo, "status", "--porcelain").strip() == "?? notes.txt"  # left alone


def test_commit_with_nothing_to_change_makes_no_commit(repo):
    head = git(repo, "rev-parse", "HEAD")
    assert run("--commit", "--select", "fake-noop", str(repo)).exit_code == 0
    assert git(repo, "rev-parse", "HEAD") == head


@pytest.mark.parametrize("args", [("--commit", "--dry-run"), ("--commit", "--check"), ("--allow-dirty",)])
def test_commit_option_combinations_are_usage_errors(repo, args):
    assert run(*args, "--select", FAKES, str(repo)).exit_code == 2


def test_commit_outside_git_is_a_usage_error(tmp_path, monkeypatch):
    review_support.install(monkeypatch)
    review_support.sample_repo(tmp_path / "plain", with_git=False)
    result = run("--commit", "--select", FAKES, str(tmp_path / "plain"))
    assert result.exit_code == 2 and "git" in result.stderr


def test_changed_since_only_touches_changed_and_new_files(repo):
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "helpers.py").write_text(review_support.HELPERS + "\n")  # modified, not staged
    (repo / "fresh.py").write_text("value = old_api\n")  # untracked
    result = run("--select", "fake-rename", "--changed-since", base, str(repo))
    assert result.exit_code == 0, result.stderr
    assert "new_api" in (repo / "helpers.py").read_text()
    assert "new_api" in (repo / "fresh.py").read_text()
    assert "old_api(path)" in (repo / "app.py").read_text()  # unchanged since base: not touched
    assert "2 files scanned" in result.stderr


def test_changed_since_a_committed_change(repo):
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "app.py").write_text(review_support.APP + "\nextra = old_api\n")
    git(repo, "commit", "-qam", "edit app")
    result = run("--check", "--select", "fake-rename", "--changed-since", base, str(repo))
    assert result.exit_code == 1
    assert "app.py" in result.stderr and "helpers.py" not in result.stderr


def test_changed_since_unknown_ref_is_a_usage_error(repo):
    result = run("--select", "fake-rename", "--changed-since", "no-such-ref", str(repo))
    assert result.exit_code == 2 and "no-such-ref" in result.stderr


def test_every_commit_subject_fits_72_characters(repo):
    """git's convention, which the real codemods' summaries overrun (issue 17): the subject is
    cut at a clause, else at a word with an ellipsis, and the whole summary opens the body."""
    from flask_codemod.codemods import all_codemods
    from flask_codemod.commits import commit_message, commit_subject

    for cls in all_codemods():
        subject = commit_subject(cls)
        assert len(subject) <= 72 and subject.startswith(f"{cls.NAME}: "), subject
        message = commit_message(cls, "flask-codemod apply .")
        assert message.splitlines()[0] == subject
        if subject != f"{cls.NAME}: {' '.join(cls.SUMMARY.split())}":
            assert " ".join(message.split("\n\n")[1].split()) == " ".join(cls.SUMMARY.split())
    (repo / "files.py").write_text("def read(p):\n    return open(p).read()\n\n\ndef fetch(url):\n    import requests\n    return requests.get(url)\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "more")
    start = git(repo, "rev-parse", "HEAD").strip()
    result = run("--commit", "--select", "open-with,http-timeout", str(repo))
    assert result.exit_code == 0, result.output
    subjects = git(repo, "log", "--format=%s", f"{start}..HEAD").splitlines()
    assert subjects == ["http-timeout: Add a timeout, the one the code already uses, to…", "open-with: Wrap bare open() calls in with-blocks"]
