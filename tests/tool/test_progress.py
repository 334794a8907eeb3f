"""Progress without a terminal (a CI log, a pipe): a line on stderr each time the interval has
passed, nothing on a run shorter than that. The clock is the test's: nothing sleeps, and no
test depends on how fast this machine is."""

from __future__ import annotations

import io
import re

from typer.testing import CliRunner

import review_support

from flask_codemod import terminal
from flask_codemod.cli import app
from flask_codemod.request import ApplyRequest
from flask_codemod.run import run_project
from flask_codemod.terminal import Output

LINE = re.compile(r"^flask-codemod: (\d+) of (\d+) files done, (\d+) s$")


class Clock:
    """A clock that moves ``step`` seconds each time it is read."""

    def __init__(self, step: float) -> None:
        self.now = 1000.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def _project(folder, files: int) -> None:
    folder.mkdir()
    for index in range(files):
        (folder / f"module_{index:02}.py").write_text(f"value = old_api({index})\n")


def _run(folder, clock: Clock, *, progress: bool = True) -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    request = ApplyRequest(paths=[str(folder)], select=["fake-rename"], dry_run=True, progress=progress, use_config=False, quiet=True)
    run_project(request, Output(stdout, stderr, clock=clock, progress_every=10.0))
    return stdout.getvalue(), stderr.getvalue()


def test_a_slow_run_prints_a_line_every_ten_seconds_or_so(tmp_path, monkeypatch):
    review_support.install(monkeypatch)
    _project(tmp_path / "slow", 12)
    stdout, stderr = _run(tmp_path / "slow", Clock(step=4.0))  # each file takes 4 s
    lines = stderr.splitlines()
    assert lines and all(LINE.match(line) for line in lines), lines
    done = [int(LINE.match(line)[1]) for line in lines]
    elapsed = [int(LINE.match(line)[3]) for line in lines]
    assert {LINE.match(line)[2] for line in lines} == {"12"}
    assert done == sorted(done) and done[-1] < 12  # no line for the last file: the run ends
    assert all(later - earlier >= 10 for earlier, later in zip(elapsed, elapsed[1:]))
    assert elapsed[0] >= 10
    assert "flask-codemod:" not in stdout  # progress never goes to stdout


def test_a_fast_run_prints_no_progress(tmp_path, monkeypatch):
    review_support.install(monkeypatch)
    _project(tmp_path / "fast", 12)
    _, stderr = _run(tmp_path / "fast", Clock(step=0.1))  # the whole run within 10 s
    assert stderr == ""


def test_no_progress_when_not_asked(tmp_path, monkeypatch):
    review_support.install(monkeypatch)
    _project(tmp_path / "slow", 12)
    _, stderr = _run(tmp_path / "slow", Clock(step=4.0), progress=False)
    assert stderr == ""


def test_the_command_line_prints_progress_lines_without_a_terminal(tmp_path, monkeypatch):
    """The command line asks for progress unless --quiet; its stderr here is no terminal, so
    it gets lines (an interval of 0: every file but the last)."""
    review_support.install(monkeypatch)
    _project(tmp_path / "project", 5)
    monkeypatch.setattr(terminal, "PROGRESS_EVERY", 0.0)
    args = ["apply", "-j", "1", "--no-config", "--dry-run", "--select", "fake-rename", str(tmp_path / "project")]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    progress = [line for line in result.stderr.splitlines() if line.startswith("flask-codemod: ")]
    assert [LINE.match(line)[1] for line in progress] == ["1", "2", "3", "4"]
    quiet = CliRunner().invoke(app, [*args[:1], "--quiet", *args[1:]], catch_exceptions=False)
    assert "files done" not in quiet.stderr
