"""Reports and counts say what happened (issue 17): report and patch folders are created as
needed, the batch table's columns mean what each repository's summary line says (project
files counted apart, and named), and only files actually written count as changed."""

from __future__ import annotations

import json
import os
import re

import pytest

import review_support

from flask_codemod.cli import app

SUMMARY = re.compile(r"^(\d+) files? scanned, (\d+) changed(?::[^;]*)?(?:; (\d+) project files?: ([^;]*))?; \d+ findings?")


def run(*args: str):
    return review_support.apply_command("--no-cache", *args)


@pytest.fixture
def repos(tmp_path, monkeypatch):
    return review_support.installed_two_repositories(tmp_path, monkeypatch)


def test_report_and_patch_folders_are_created(repos, tmp_path):
    one, two = repos
    result = run(
        "--select", "fake-rename,fake-env", "--report", "reports/{repo}.md", "--report", "out/json/{repo}.json",
        "--diff-file", "patches/{repo}.patch", str(one), str(two),
    )
    assert result.exit_code == 0, result.output
    for name in ("one", "two"):
        assert (tmp_path / "reports" / f"{name}.md").read_text().startswith("#")
        assert json.loads((tmp_path / "out" / "json" / f"{name}.json").read_text())["root"] == str(tmp_path / name)
        assert "diff --git a/app.py b/app.py" in (tmp_path / "patches" / f"{name}.patch").read_text()
    single = run("--dry-run", "--select", "fake-rename", "--report", "deep/er/r.json", str(one / "app.py"))
    assert single.exit_code == 0 and (tmp_path / "deep" / "er" / "r.json").exists()


def test_the_batch_table_counts_what_the_summaries_count(repos):
    one, two = repos
    result = run(str(one), str(two))
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    summaries = {}
    for index, line in enumerate(lines):
        if line.startswith("== "):
            following = next(l for l in lines[index + 1 :] if SUMMARY.match(l))
            summaries[line[3:]] = SUMMARY.match(following).groups()
    header = next(i for i, line in enumerate(lines) if line.startswith("repository"))
    assert lines[header].split() == ["repository", "files", "changed", "project", "findings", "errors", "exit"]
    rows = {line.split()[0]: line.split() for line in lines[header + 1 :] if line.strip()}
    for repo in (one, two):
        scanned, changed, project_count, project_names = summaries[str(repo)]
        row = rows[str(repo)]
        assert (row[1], row[2], row[3]) == (scanned, changed, project_count or "0")
    # one moved a secret: its project files are named apart from its Python files
    assert summaries[str(one)][1] == "2" and summaries[str(one)][2] == "3"
    assert summaries[str(one)][3] == ".env, .env.example, .gitignore"
    assert summaries[str(two)][2] is None  # fake-env is not selected there


def test_only_files_written_count_as_changed(tmp_path, monkeypatch):
    """A read-only file is not written: it is not counted, not in the patch, and an error in
    the report; the project edits its change asked for are not made."""
    review_support.install(monkeypatch)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "requirements.txt").write_text("flask\n")
    (tmp_path / "writable.py").write_text("a = old_api(1)\n")
    locked = tmp_path / "locked.py"
    locked.write_text('import json\nSECRET_KEY = "abc"\nb = old_api(2)\n')
    os.chmod(locked, 0o444)
    result = run(
        "--select", "fake-rename,fake-env", "--report", str(tmp_path / "r.json"), "--diff-file", str(tmp_path / "c.patch"), str(tmp_path)
    )
    assert result.exit_code == 3
    assert "2 files scanned, 1 changed: fake-rename 1; 0 findings" in result.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["totals"]["files_changed"] == 1
    assert {f["path"]: f["status"] for f in report["files"]} == {"locked.py": "error", "writable.py": "changed"}
    assert report["project_files"] == []
    patch = (tmp_path / "c.patch").read_text()
    assert "a/writable.py" in patch and "locked.py" not in patch and ".env" not in patch
    assert not (tmp_path / ".env").exists() and locked.read_text().endswith("b = old_api(2)\n")
