"""A worker process that dies (a native crash in LibCST's parser, the out-of-memory killer)
loses no other file's result and does not stop the run: the files it may have held are
processed again, each alone in a fresh process, and the one that kills its process is
reported as ``path: crashed the parser (signal SIGSEGV)``.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import signal
import time

import pytest
from typer.testing import CliRunner

from flask_codemod import pool
from flask_codemod.cli import app
from flask_codemod.codemods import Codemod
from robustness import support

pytestmark = pytest.mark.skipif(
    multiprocessing.get_start_method(allow_none=False) != "fork",
    reason="the test codemods reach the workers by fork",
)


class Segfault(Codemod):
    """Test only: the process dies of SIGSEGV on a file that mentions ``crash_here`` — as
    LibCST's native parser does on pathological input."""

    NAME = "robustness-segfault"
    SUMMARY = "Test only: crash."
    ORDER = 9_999
    TRIGGERS = ("crash_here",)

    def transform(self, module, ctx):
        faulthandler.disable()  # pytest enables it: no traceback dump in the test output
        os.kill(os.getpid(), signal.SIGSEGV)
        time.sleep(5)  # pragma: no cover - the signal kills the process first


class DiesOnce(Codemod):
    """Test only: kills the pool worker it runs in the first time it meets ``die_once`` (a
    marker file says it already did): a crash that does not come from the file itself, as the
    out-of-memory killer's. Like that killer, it never strikes a file run alone (the pool's
    last resort to tell the culprit from the innocent): only a process started as a pool
    worker (``pool_worker``, set by ``arm_dies_once``) dies, so which files a broken pool
    leaves in flight does not decide what the test sees."""

    NAME = "robustness-dies-once"
    SUMMARY = "Test only: crash once."
    ORDER = 9_998
    TRIGGERS = ("die_once",)
    marker = ""
    pool_worker = False

    def transform(self, module, ctx):
        if self.pool_worker and not os.path.exists(self.marker):
            with open(self.marker, "w"):
                pass
            os.kill(os.getpid(), signal.SIGKILL)
        return module


def arm_dies_once(monkeypatch, marker: str) -> None:
    """``DiesOnce`` with its ``marker`` file, dying in the workers of the pools started from
    now on (their initializer marks them) and in no other process."""
    start_pool_worker = pool._start_pool_worker

    def started_as_pool_worker(names):
        DiesOnce.pool_worker = True  # in the forked worker only
        start_pool_worker(names)

    monkeypatch.setattr(DiesOnce, "marker", marker)
    monkeypatch.setattr(pool, "_start_pool_worker", started_as_pool_worker)


@pytest.fixture
def crashing(monkeypatch, tmp_path):
    arm_dies_once(monkeypatch, str(tmp_path / "died"))
    support.register_test_codemods(monkeypatch.setattr, extra=(Segfault, DiesOnce))
    return [support.MarkOld.NAME, Segfault.NAME, DiesOnce.NAME]


def _files(folder, count, special: dict[int, str]) -> list[str]:
    paths = []
    for i in range(count):
        path = folder / f"m{i:03}.py"
        path.write_text(f"old_value = {i}\n" + special.get(i, ""))
        paths.append(str(path))
    return paths


def test_a_crashing_file_costs_only_itself(tmp_path, crashing):
    paths = _files(tmp_path, 60, {7: "crash_here = 1\n", 41: "crash_here = 2\n"})
    results = list(pool.process_files(paths, crashing, workers=2))
    assert [r.path for r in results] == paths, "one result per file, in order"
    crashed = {r.path: r.error for r in results if r.error}
    assert crashed == {
        paths[7]: "crashed the parser (signal SIGSEGV); file left unchanged",
        paths[41]: "crashed the parser (signal SIGSEGV); file left unchanged",
    }
    for i, result in enumerate(results):
        if i not in (7, 41):
            assert result.new_text == f"new_value = {i}\n", result
    assert multiprocessing.active_children() == []


def test_a_worker_killed_once_loses_nothing(tmp_path, crashing):
    paths = _files(tmp_path, 30, {12: "die_once = 1\n"})
    results = list(pool.process_files(paths, crashing, workers=2))
    assert [r.path for r in results] == paths
    assert all(r.error is None for r in results), [r.error for r in results if r.error]
    assert results[12].new_text == "new_value = 12\ndie_once = 1\n"
    assert os.path.exists(DiesOnce.marker)


def test_every_file_crashing(tmp_path, crashing):
    paths = _files(tmp_path, 5, {i: "crash_here = 1\n" for i in range(5)})
    results = list(pool.process_files(paths, crashing, workers=2))
    assert [r.error for r in results] == ["crashed the parser (signal SIGSEGV); file left unchanged"] * 5


def test_the_command_line_reports_the_crash_and_writes_the_rest(tmp_path, crashing):
    paths = _files(tmp_path, 20, {3: "crash_here = 1\n"})
    result = CliRunner().invoke(app, ["apply", "--quiet", "--no-config", "-j", "2", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 3, result.output
    assert result.stderr.splitlines() == [f"{paths[3]}: crashed the parser (signal SIGSEGV); file left unchanged"]
    with open(paths[3]) as handle:
        assert handle.read() == "old_value = 3\ncrash_here = 1\n"
    for i, path in enumerate(paths):
        if i != 3:
            with open(path) as handle:
                assert handle.read() == f"new_value = {i}\n"


def test_interrupting_the_consumer_stops_the_workers(tmp_path, test_codemods):
    paths = _files(tmp_path, 200, {})
    stream = pool.process_files(paths, [support.MarkOld.NAME], workers=2)
    next(stream)
    started = time.monotonic()
    stream.close()  # what happens to the generator when Ctrl-C unwinds the run
    assert time.monotonic() - started < 10
    assert multiprocessing.active_children() == []


class LoadedBeforeForking(Codemod):
    """Test only: ``preload`` loads what its transform uses (here: notes the process that
    loaded it); each file gets a finding naming that process and the one that used it."""

    NAME = "robustness-preloaded"
    SUMMARY = "Test only: preload."
    ORDER = 9_997
    TRIGGERS = ("old_value",)
    loaded_in: list[int] = []

    @staticmethod
    def preload():
        LoadedBeforeForking.loaded_in.append(os.getpid())

    def transform(self, module, ctx):
        ctx.finding(None, f"{LoadedBeforeForking.loaded_in} {os.getpid()}", line=1)
        return module


def test_workers_use_what_the_main_process_loaded_before_forking(tmp_path, monkeypatch):
    """The codemods, and what a codemod's ``preload`` loads, are loaded once in the main
    process before the workers are forked, not again in each worker."""
    monkeypatch.setattr(LoadedBeforeForking, "loaded_in", [])
    support.register_test_codemods(monkeypatch.setattr, extra=(LoadedBeforeForking,))
    paths = _files(tmp_path, 40, {})
    results = list(pool.process_files(paths, [LoadedBeforeForking.NAME], workers=2))
    assert [r.path for r in results] == paths
    seen = [r.findings[0].message.split("] ") for r in results]
    assert {loaded for loaded, _ in seen} == {f"[{os.getpid()}"}, "loaded in this process only"
    assert str(os.getpid()) not in {used for _, used in seen}, "used in the workers"


def test_one_worker_loads_nothing_before_it_works(tmp_path, monkeypatch):
    """With one worker everything happens in this process: no pool, nothing loaded ahead."""
    monkeypatch.setattr(LoadedBeforeForking, "loaded_in", [])
    support.register_test_codemods(monkeypatch.setattr, extra=(LoadedBeforeForking,))
    monkeypatch.setattr(pool, "new_pool", lambda *args: pytest.fail("a pool was started"))
    paths = _files(tmp_path, 10, {})
    results = list(pool.process_files(paths, [LoadedBeforeForking.NAME], workers=1))
    assert [r.findings[0].message for r in results] == [f"[] {os.getpid()}"] * 10
