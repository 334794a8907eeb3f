"""A batch that writes nothing into its repositories computes every repository's first pass in
one pool (tool/batch_pool.py): what it shows is what the batch shows with one worker, a
worker that dies costs only its file, a small repository goes to one worker whole, and the
result cache fills as it does repository by repository."""

from __future__ import annotations

import glob
import json
import multiprocessing
import os

import pytest
from typer.testing import CliRunner

import review_support
from flask_codemod import cache_pack, pool
from flask_codemod.batch_pool import BatchPool, repository_chunks
from flask_codemod.cli import app
from flask_codemod.codemods import Codemod
from flask_codemod.pipeline import Job
from robustness import support
from robustness.test_pool import DiesOnce, Segfault, arm_dies_once

pytestmark = pytest.mark.skipif(
    multiprocessing.get_start_method(allow_none=False) != "fork",
    reason="the test codemods reach the workers by fork",
)


def _apply(*args: str):
    return CliRunner().invoke(app, ["apply", "--no-color", *args], catch_exceptions=False)


@pytest.fixture
def three(tmp_path, monkeypatch):
    """Three repositories (``two`` without fake-env, ``three`` with a broken configuration) and
    a path that is none."""
    one, two = review_support.installed_two_repositories(tmp_path, monkeypatch)
    third = tmp_path / "three"
    review_support.sample_repo(third)
    (third / "pyproject.toml").write_text("[tool.flask-codemod\nselect = \n")
    return [str(one), str(tmp_path / "missing"), str(third), str(two)]


@pytest.fixture
def pools(monkeypatch):
    started = []
    new_pool = pool.new_pool
    monkeypatch.setattr(pool, "new_pool", lambda *args: started.append(args) or new_pool(*args))
    return started


@pytest.mark.parametrize("mode", ["--dry-run", "--check"])
def test_a_batch_shows_with_two_workers_what_it_shows_with_one(three, pools, mode):
    alone = _apply(mode, "--no-cache", "-j", "1", *three)
    assert pools == []
    together = _apply(mode, "--no-cache", "-j", "2", *three)
    assert (together.exit_code, together.stdout, together.stderr) == (alone.exit_code, alone.stdout, alone.stderr)
    assert "invalid TOML" in together.stderr and "no such directory" in together.stderr
    assert len(pools) == 1, "one pool for the batch"


def test_a_batch_that_writes_computes_each_repository_at_its_turn(three, pools, tmp_path):
    result = _apply("--no-cache", "-j", "2", *three)
    assert result.exit_code == 3 and "new_api" in (tmp_path / "one" / "app.py").read_text()
    assert len(pools) == 2, "a pool for each repository that has files to process"


def test_a_report_written_inside_a_repository_keeps_the_batch_in_its_order(three, pools, tmp_path):
    """A report of one repository lands in the work tree of another (which might read it):
    each repository is computed only when its turn comes."""
    result = _apply("--dry-run", "--no-cache", "-j", "2", "--report", str(tmp_path / "two" / "report.json"), *three)
    assert result.exit_code == 3 and (tmp_path / "two" / "report-one.json").exists()
    assert len(pools) == 2


def _files(folder, count: int, special: dict[int, str] | None = None) -> list[str]:
    os.makedirs(folder, exist_ok=True)
    (folder / "requirements.txt").write_text("flask\n")
    paths = []
    for i in range(count):
        path = folder / f"m{i:03}.py"
        path.write_text(f"old_value = {i}\n" + (special or {}).get(i, ""))
        paths.append(str(path))
    return paths


def _jobs(paths, names) -> list[Job]:
    return [Job(path, tuple(names)) for path in paths]


def test_a_worker_that_dies_costs_only_its_file(tmp_path, monkeypatch):
    arm_dies_once(monkeypatch, str(tmp_path / "died"))
    support.register_test_codemods(monkeypatch.setattr, extra=(Segfault, DiesOnce))
    names = [support.MarkOld.NAME, Segfault.NAME, DiesOnce.NAME]
    # first[5] is never reached in the batch's pool (first[4], in its chunk, kills the worker
    # first); in the pool that isolates suspects it is in flight when first[4] kills a worker
    # again, started (its worker dies of it) or not (then it is run alone): either way not
    # the culprit
    first = _files(tmp_path / "first", 30, {4: "crash_here = 1\n", 5: "die_once = 1\n", 20: "die_once = 1\n"})
    second = _files(tmp_path / "second", 30, {7: "die_once = 2\n"})
    with BatchPool([_jobs(first, names), _jobs(second, names)], 2) as shared:
        shared.start()
        results = [list(shared.results(0)), list(shared.results(1))]
    assert [[r.path for r in rs] for rs in results] == [first, second], "one result per file, in order"
    errors = {r.path: r.error for rs in results for r in rs if r.error}
    assert errors == {first[4]: "crashed the parser (signal SIGSEGV); file left unchanged"}
    assert results[1][7].new_text == "new_value = 7\ndie_once = 2\n"
    assert os.path.exists(DiesOnce.marker), "a worker died of a file that is not the culprit"
    assert multiprocessing.active_children() == []


class NamesItsWorker(Codemod):
    """Test only: a finding naming the process that transformed the file."""

    NAME = "batch-names-worker"
    SUMMARY = "Test only: the worker."
    ORDER = 9_996
    TRIGGERS = ("old_value",)

    def transform(self, module, ctx):
        ctx.finding(None, str(os.getpid()), line=1)
        return module


def test_a_small_repository_goes_to_one_worker_whole(tmp_path, monkeypatch):
    support.register_test_codemods(monkeypatch.setattr, extra=(NamesItsWorker,))
    repositories = [_files(tmp_path / f"repo{i}", 4) for i in range(12)]
    with BatchPool([_jobs(paths, [NamesItsWorker.NAME]) for paths in repositories], 2) as shared:
        shared.start()
        workers = [{r.findings[0].message for r in shared.results(i)} for i in range(len(repositories))]
    assert len(workers[0]) == 1 and len(workers[1]) == 1, workers
    assert str(os.getpid()) not in set().union(*workers)


def test_a_repository_is_cut_only_when_big_against_what_is_left():
    jobs = [Job(f"m{i}.py", ()) for i in range(100)]
    assert repository_chunks(jobs[:30], 1000, 2) == [jobs[:30]]
    chunks = repository_chunks(jobs, 100, 2)
    assert [job for chunk in chunks for job in chunk] == jobs, "every file once, in order"
    sizes = [len(chunk) for chunk in chunks]
    assert sizes[0] == 12 and sizes == sorted(sizes, reverse=True) and sizes[-1] == 1
    assert repository_chunks([], 10, 2) == []


def test_the_cache_a_batch_fills_is_packed_and_answers_the_next(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_CODEMOD_CACHE_DIR", str(tmp_path / "cache"))
    support.register_test_codemods(monkeypatch.setattr)
    repositories = [_files(tmp_path / f"repo{i}", 12) for i in range(4)]
    passes = [_jobs(paths, [support.MarkOld.NAME]) for paths in repositories]
    with BatchPool(passes, 2) as shared:
        shared.start()
        cold = [list(shared.results(i)) for i in range(len(passes))]
    assert glob.glob(str(tmp_path / "cache" / "**" / "??" / "*.json"), recursive=True) == [], "every entry packed"
    packs = glob.glob(str(tmp_path / "cache" / "**" / cache_pack.PACK), recursive=True)
    assert sorted(len(json.load(open(p))["entries"]) for p in packs) == [12] * 4
    with BatchPool(passes, 2) as shared:
        shared.start()
        warm = [list(shared.results(i)) for i in range(len(passes))]
    assert [[r.new_text for r in rs] for rs in warm] == [[r.new_text for r in rs] for rs in cold]
    assert not any(r.parsed for rs in warm for r in rs) and all(r.parsed for rs in cold for r in rs)


def test_leaving_the_batch_on_an_interrupt_stops_the_workers(tmp_path, monkeypatch):
    support.register_test_codemods(monkeypatch.setattr)
    repositories = [_files(tmp_path / f"repo{i}", 40) for i in range(3)]
    with pytest.raises(KeyboardInterrupt):
        with BatchPool([_jobs(paths, [support.MarkOld.NAME]) for paths in repositories], 2) as shared:
            shared.start()
            next(shared.results(0))
            raise KeyboardInterrupt  # what Ctrl-C raises in the main process
    assert multiprocessing.active_children() == []


def test_a_pass_results_are_held_by_the_pool_only_until_given(tmp_path, monkeypatch):
    """The batch shows its repositories in turn: once a pass's results are given, the pool
    keeps no reference to them (the main process holds one repository's results at a time, not
    every repository's until the batch ends), and they are not given twice."""
    import gc
    import weakref

    support.register_test_codemods(monkeypatch.setattr)
    repositories = [_files(tmp_path / f"repo{i}", 6) for i in range(3)]
    with BatchPool([_jobs(paths, [support.MarkOld.NAME]) for paths in repositories], 2) as shared:
        shared.start()
        given = list(shared.results(0))
        assert [r.new_text for r in given] == [f"new_value = {i}\n" for i in range(6)]
        held = [weakref.ref(result) for result in given]
        del given
        gc.collect()
        assert [ref() for ref in held] == [None] * 6, "the pool still holds a pass it gave"
        with pytest.raises(ValueError):
            shared.results(0)
        assert [r.path for r in shared.results(1)] == repositories[1]


def test_a_batch_holds_no_repository_it_has_shown(three, pools, monkeypatch):
    """A batch planned ahead shows its repositories in turn; once one is shown, what its run
    gathered (every file's result, the patch) serves no later repository: the main process
    holds one repository's results at a time, not every one's until the batch ends."""
    import gc
    import weakref

    from flask_codemod import batch

    shown: list[weakref.ref] = []
    alive_at_each_turn = []
    run_project = batch.run_project

    def counted(*args, **kwargs):
        gc.collect()
        alive_at_each_turn.append(sum(ref() is not None for ref in shown))
        outcome = run_project(*args, **kwargs)
        shown.extend(weakref.ref(result) for result in outcome.results)
        return outcome

    monkeypatch.setattr(batch, "run_project", counted)
    result = _apply("--dry-run", "--no-cache", "-j", "2", *three)
    assert result.exit_code == 3 and len(pools) == 1
    assert len(alive_at_each_turn) == 2 and shown, "two repositories planned and shown"
    assert alive_at_each_turn == [0, 0], "a repository shown before is still held"


def test_a_batch_forks_its_workers_before_it_plans(three, monkeypatch):
    """Every fork of the batch's pool (its workers, and the forks they make for each
    repository) starts as the main process is when the pool starts: started after the batch
    planned every repository, each inherited every plan (notifications-api's fork 270 MB over
    the real-world corpus, 239 MB alone). The workers are made before the first plan, and
    the batch still shows what it shows with one worker."""
    from flask_codemod import batch

    events: list[str] = []
    new_pool, planned = pool.new_pool, batch._planned
    monkeypatch.setattr(pool, "new_pool", lambda *args: events.append("pool") or new_pool(*args))
    monkeypatch.setattr(batch, "_planned", lambda *args: events.append("plan") or planned(*args))
    together = _apply("--dry-run", "--no-cache", "-j", "2", *three)
    assert events[0] == "pool" and events.count("pool") == 1 and events.count("plan") == 4, events
    monkeypatch.setattr(pool, "new_pool", new_pool)
    alone = _apply("--dry-run", "--no-cache", "-j", "1", *three)
    assert (together.exit_code, together.stdout, together.stderr) == (alone.exit_code, alone.stdout, alone.stderr)
