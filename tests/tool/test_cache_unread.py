"""A Job that needs no text of an unchanged file (``Job.unchanged_text`` False: the command
line's dry run and ``--check`` with no report and the diff format) takes an entry whose
source stamp holds without reading the file, when the entry says no codemod changed the
file, failed on it or asked for a project edit (tool/cache.py). Any other Job or entry reads
the file as before; a rewrite is never served a stale result; what the run prints is what a
run without the cache prints."""

from __future__ import annotations

import os
import shutil

import pytest
from typer.testing import CliRunner

import flask_codemod
from flask_codemod import cache, cache_entries, cache_reads, pool
from flask_codemod.cli import app
from flask_codemod.request import ApplyRequest, texts_of_unchanged_files_needed
from helpers import SAMPLES
from test_cache_listing import user_cache  # noqa: F401 (a user cache of each test's own, enabled)
from test_cache_stamps import CLEAN, LEAKY, PAST  # (of the same size: a rewrite can keep the size)
from test_cache_stamps import _write as write


@pytest.fixture
def reads(monkeypatch):
    """The sources the cache reads on a look-up (absolute paths); stamps taken at once."""
    monkeypatch.setattr(cache_reads, "_RACY_NS", 0)  # (a ctime is now: utime cannot set it back)
    seen: list[str] = []
    real = cache.read_bytes_or_none

    def reading(path):
        seen.append(os.path.abspath(path))
        return real(path)

    monkeypatch.setattr(cache, "read_bytes_or_none", reading)
    return seen


def _write(path, text):
    write(path, text, PAST)


def _run(path, unchanged_text):
    jobs = pool.plain_jobs([str(path)], ["open-with"], {}, unchanged_text=unchanged_text)
    return list(pool.process_jobs(jobs, workers=1))[0]


def _cold(path):
    with cache.disabled():
        return _run(path, True)


def test_an_unchanged_file_is_not_read_when_its_text_is_not_needed(tmp_path, reads):
    path = tmp_path / "clean.py"
    _write(path, CLEAN)
    first = _run(path, True)
    assert not first.changed and first.old_text == CLEAN
    reads.clear()
    textless = _run(path, False)
    assert reads == [] and not textless.parsed
    assert (textless.old_text, textless.new_text, textless.changed, textless.error) == (None, None, False, None)
    assert (textless.findings, textless.rewrites, textless.project_edits) == (first.findings, first.rewrites, first.project_edits)
    assert (textless.encoding, textless.bom, textless.digest) == (first.encoding, first.bom, first.digest)
    with_text = _run(path, True)
    assert reads == [str(path)] and with_text.old_text == with_text.new_text == CLEAN


def test_a_changed_file_is_read(tmp_path, reads):
    path = tmp_path / "leaky.py"
    _write(path, LEAKY)
    first = _run(path, False)
    reads.clear()
    again = _run(path, False)
    assert reads == [str(path)] and again.changed and (again.old_text, again.new_text) == (first.old_text, first.new_text)


def test_a_rewrite_that_keeps_size_and_mtime_is_seen_by_a_job_that_needs_no_text(tmp_path, reads):
    path = tmp_path / "module.py"
    _write(path, CLEAN)
    assert not _run(path, False).changed
    _write(path, LEAKY)  # size and mtime as stored; the ctime moved
    result = _run(path, False)
    cold = _cold(path)
    assert result.changed and (result.old_text, result.new_text, result.rewrites) == (cold.old_text, cold.new_text, cold.rewrites)


def test_a_file_changed_in_the_racy_window_is_read(tmp_path, reads, monkeypatch):
    path = tmp_path / "clean.py"
    path.write_text(CLEAN)  # now: its stamp is not kept
    monkeypatch.setattr(cache_reads, "_RACY_NS", 3 * 10**9)
    _run(path, False)
    reads.clear()
    assert not _run(path, False).changed and reads == [str(path)]


@pytest.mark.parametrize(
    "stored, unread",
    [
        ({"unchanged": True, "error": None, "project_edits": []}, True),
        ({"unchanged": False, "error": None, "project_edits": []}, False),
        ({"unchanged": True, "error": "1:0: syntax error", "project_edits": []}, False),
        ({"unchanged": True, "error": None, "project_edits": [["dotenv-config", "env", "K", "v", True, "", 1]]}, False),
    ],
)
def test_only_an_unchanged_result_without_error_or_project_edit_goes_unread(stored, unread):
    assert cache_entries.unchanged_without_edits(stored) is unread


@pytest.mark.parametrize(
    "settings, needed",
    [
        ({"dry_run": True}, False),
        ({"check": True}, False),
        ({"dry_run": True, "reports": ["r.json"]}, True),
        ({"check": True, "output_format": "json"}, True),
        ({"dry_run": True, "output_format": "github"}, True),
        ({}, True),  # it writes
        ({"interactive": True}, True),
    ],
)
def test_which_runs_need_the_texts_of_unchanged_files(settings, needed):
    assert texts_of_unchanged_files_needed(ApplyRequest(["."], **settings)) is needed


def test_the_python_api_keeps_the_text_of_an_unchanged_file(tmp_path, reads):
    path = tmp_path / "clean.py"
    _write(path, CLEAN)
    flask_codemod.apply([str(path)], select=["open-with"])
    (result,) = flask_codemod.apply([str(path)], select=["open-with"]).results
    assert not result.changed and result.old_text == result.new_text == CLEAN


def test_a_warm_dry_run_reads_only_changed_files_and_prints_what_a_cold_run_prints(tmp_path, reads):
    project = tmp_path / "legacy"
    shutil.copytree(os.path.join(SAMPLES, "legacy_app"), project)
    (project / "pyproject.toml").write_text("[project]\nname = 'legacy'\n")
    for folder, _, names in os.walk(project):
        for name in names:
            os.utime(os.path.join(folder, name), ns=(PAST, PAST))
    runner = CliRunner()

    def run(*extra):
        result = runner.invoke(app, ["apply", "-j", "1", "--no-color", str(project), *extra], catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    for mode in ("--dry-run", "--check"):
        cold = run(mode, "--no-cache")
        run(mode)  # fills the cache
        reads.clear()
        assert run(mode) == cold
        if mode == "--dry-run":  # the changed files alone were read: those the diff shows
            shown = sorted(line[len("+++ b/"):] for line in cold[1].splitlines() if line.startswith("+++ b/") and line.endswith(".py"))
            assert shown and sorted(path.lstrip("/") for path in reads) == shown
        else:
            assert reads and len(reads) < len([n for _, _, names in os.walk(project) for n in names if n.endswith(".py")])
    report = tmp_path / "report.json"
    cold_report = (run("--dry-run", "--no-cache", "--report", str(report)), report.read_text())
    assert (run("--dry-run", "--report", str(report)), report.read_text()) == cold_report


def test_a_warm_dry_run_shows_the_diff_the_cache_kept_without_comparing_the_texts(tmp_path, reads, monkeypatch):
    """A miss keeps the hunks of the file's diff with its entry; a hit shows them as they
    are (the diff of a project file, .env.example or requirements, is still made)."""
    from flask_codemod import diffs

    project = tmp_path / "legacy"
    shutil.copytree(os.path.join(SAMPLES, "legacy_app"), project)
    (project / "pyproject.toml").write_text("[project]\nname = 'legacy'\n")
    compared: list[str] = []
    real = diffs.diff_hunks
    monkeypatch.setattr(diffs, "diff_hunks", lambda old, new: compared.append(old) or real(old, new))
    runner = CliRunner()

    def run(*extra):
        result = runner.invoke(app, ["apply", "--dry-run", "-j", "1", "--no-color", str(project), *extra], catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    cold = run("--no-cache")
    assert run() == cold  # fills the cache
    compared.clear()
    assert run() == cold
    modules = {path.read_text() for path in project.rglob("*.py")}
    assert compared and not modules & set(compared)


def test_a_result_gives_the_hunks_it_knows_only_for_its_own_texts():
    from dataclasses import replace

    from flask_codemod.results import FileResult

    result = FileResult("a.py", old_text="a\n", new_text="b\n", diff=("a\n", "b\n", "@@ -1 +1 @@\n-a\n+b\n"))
    assert result.hunks() == "@@ -1 +1 @@\n-a\n+b\n"
    assert replace(result, new_text="c\n").hunks() is None  # (an interactive review keeps part of a change)
    assert replace(result, new_text="a\n").hunks() is None  # (a write that failed)
    assert FileResult("a.py", old_text="a\n", new_text="b\n").hunks() is None


def test_a_warm_dry_run_that_reads_no_unchanged_file_still_sees_every_change(tmp_path, reads):
    """With every stamp kept (none in the racy window), what an entry depends on besides its
    file is still checked: a template, the project's .env, its configuration, a new module
    (the listing); each warm run prints what a run without the cache prints."""
    project = tmp_path / "legacy"
    shutil.copytree(os.path.join(SAMPLES, "legacy_app"), project)
    (project / "pyproject.toml").write_text("[project]\nname = 'legacy'\n")

    def settle():  # every file's stamp outside the racy window
        for folder, _, names in os.walk(project):
            for name in names:
                os.utime(os.path.join(folder, name), ns=(PAST, PAST))

    runner = CliRunner()

    def run(*extra):
        result = runner.invoke(app, ["apply", "--dry-run", "-j", "1", "--no-color", str(project), *extra], catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    def changes(edit):
        edit()
        settle()
        cold = run("--no-cache")
        assert run() == cold
        return cold

    settle()
    first = changes(lambda: None)
    about = project / "templates" / "about.html"
    templated = changes(lambda: about.write_text(about.read_text().replace("{{ changelog }}", "{{ changelog }} {{ request.args }}")))
    with_env = changes(lambda: (project / ".env").write_text("SECRET_KEY=other\n"))
    configured = changes(lambda: (project / "pyproject.toml").write_text("[project]\nname = 'legacy'\n\n[tool.flask-codemod]\nskip = [\"cache-views\"]\n"))
    listed = changes(lambda: (project / "shop" / "extra_views.py").write_text("import requests\nrequests.get('http://x')\n"))
    assert len({first, templated, with_env, configured, listed}) == 5


@pytest.mark.parametrize("workers", [1, 2])
def test_a_computed_result_holds_no_text_the_job_does_not_need(tmp_path, workers):
    """Computed (no cache), a result has the shape a hit gives the same Job: no text of an
    unchanged file without error or project edit when the Job needs none (what a worker
    sends back of most files), the texts of a changed file, every text a Job that asks for
    them needs."""
    clean, leaky = tmp_path / "clean.py", tmp_path / "leaky.py"
    _write(clean, CLEAN)
    _write(leaky, LEAKY)

    def computed(unchanged_text):
        jobs = pool.plain_jobs([str(clean), str(leaky)], ["open-with"], {}, unchanged_text=unchanged_text)
        with cache.disabled():
            return list(pool.process_jobs(jobs, workers=workers))

    kept, textless = computed(True), computed(False)
    assert (kept[0].old_text, kept[0].new_text) == (CLEAN, CLEAN)
    assert (textless[0].old_text, textless[0].new_text, textless[0].changed) == (None, None, False)
    assert (textless[0].findings, textless[0].digest, textless[0].encoding) == (kept[0].findings, kept[0].digest, kept[0].encoding)
    assert textless[1].changed and (textless[1].old_text, textless[1].new_text) == (kept[1].old_text, kept[1].new_text) == (LEAKY, kept[1].new_text)
