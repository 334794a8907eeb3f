"""Batch runs: many repositories, each with its own configuration, project edits and report;
a broken one never stops the others; the exit code is the worst."""

from __future__ import annotations

import json

import pytest

import review_support

from flask_codemod.cli import app

FAKES = "fake-rename,fake-env"


run = review_support.apply_command


@pytest.fixture
def repos(tmp_path, monkeypatch):
    # each has its own configuration: no fake-env in "two"
    return review_support.installed_two_repositories(tmp_path, monkeypatch)


def _rows(stderr: str) -> dict[str, list[str]]:
    lines = stderr.splitlines()
    start = max(i for i, line in enumerate(lines) if line.startswith("repository"))
    return {line.split()[0]: line.split() for line in lines[start + 1 :] if line.strip()}


@pytest.mark.parametrize("kind", ["file", "broken-link"])
def test_batch_over_three_repos_one_unreadable_reports_all_and_exits_3(repos, tmp_path, kind):
    """Unreadable in a way that holds for root too (tests run as root in CI: chmod does not stop
    root): a path that is a file, or a symbolic link to nowhere."""
    one, two = repos
    bad = tmp_path / "three"
    if kind == "file":
        bad.write_text("not a repository\n")
    else:
        bad.symlink_to(tmp_path / "nowhere")
    result = run("--report", str(tmp_path / "report.json"), str(one), str(two), str(bad))
    assert result.exit_code == 3, result.stderr
    rows = _rows(result.stderr)
    assert set(rows) == {str(one), str(two), str(bad)}
    assert rows[str(one)][6] == "0" and rows[str(two)][6] == "0" and rows[str(bad)][6] == "3"
    # the good ones were processed, each with its own configuration and project edits
    assert "new_api" in (one / "app.py").read_text() and "os.environ" in (one / "app.py").read_text()
    assert "new_api" in (two / "app.py").read_text() and "os.environ" not in (two / "app.py").read_text()
    assert (one / ".env").exists() and not (two / ".env").exists()
    # one report per repository, named after it, paths relative to it
    first = json.loads((tmp_path / "report-one.json").read_text())
    second = json.loads((tmp_path / "report-two.json").read_text())
    assert first["root"] == str(one) and second["root"] == str(two)
    assert {f["path"] for f in first["files"]} == {"app.py", "helpers.py"}
    assert [c["name"] for c in second["codemods"]] == ["fake-rename"]
    assert not (tmp_path / "report-three.json").exists()


def test_batch_repo_with_invalid_configuration_does_not_stop_the_others(repos, tmp_path):
    one, two = repos
    (two / "pyproject.toml").write_text("[tool.flask-codemod\nselect = \n")
    result = run("--check", "--select", FAKES, str(one), str(two))
    rows = _rows(result.stderr)
    assert rows[str(one)][6] == "1"  # --check found changes
    assert rows[str(two)][6] == "2" and "invalid TOML" in result.stderr
    assert result.exit_code == 2  # the worst


def test_repos_file_makes_a_batch_and_patch_files_are_per_repo(repos, tmp_path):
    one, two = repos
    listing = tmp_path / "repos.txt"
    listing.write_text(f"# my repositories\n{one}\n\ntwo\nmissing-repo\n")
    result = run("--dry-run", "--repos-file", str(listing), "--diff-file", str(tmp_path / "{repo}.patch"))
    assert result.exit_code == 3
    rows = _rows(result.stderr)
    assert set(rows) == {str(one), str(tmp_path / "two"), str(tmp_path / "missing-repo")}
    assert "no such directory" in " ".join(rows[str(tmp_path / "missing-repo")])
    assert "diff --git a/app.py b/app.py" in (tmp_path / "one.patch").read_text()
    assert "+++ b/.env.example" not in (tmp_path / "two.patch").read_text()  # fake-env skipped there
    assert "old_api(path)" in (one / "app.py").read_text()  # dry run


def test_paths_inside_one_project_are_not_a_batch(repos):
    one, _ = repos
    result = run("--check", "--select", FAKES, str(one / "app.py"), str(one / "helpers.py"))
    assert result.exit_code == 1
    assert "repository" not in result.stderr


def test_all_good_batch_exits_0(repos):
    one, two = repos
    result = run("--select", "fake-noop", str(one), str(two))
    assert result.exit_code == 0
    assert set(_rows(result.stderr)) == {str(one), str(two)}
