"""A batch pool's worker does each repository's work in a fresh fork of itself
(tool/worker_forks.py): what a process kept of the repositories it finished is gone when it
starts the next (even what no repository drops), the chunks of one repository's projects go
to one fork, and the batch shows what it shows with one worker and what each repository shows
alone, in the same order."""

from __future__ import annotations

import multiprocessing
import os

import pytest
from typer.testing import CliRunner

import review_support
from flask_codemod import worker_forks
from flask_codemod.batch_pool import BatchPool
from flask_codemod.cli import app
from flask_codemod.codemods import Codemod
from flask_codemod.pipeline import Job
from robustness import support

pytestmark = pytest.mark.skipif(
    multiprocessing.get_start_method(allow_none=False) != "fork",
    reason="the test codemods reach the workers by fork",
)


class NamesWhatItsProcessSaw(Codemod):
    """Test only: a finding naming the process that transformed the file and every repository
    that process transformed a file of (kept for the process's life, never dropped)."""

    NAME = "forks-names-seen"
    SUMMARY = "Test only: what the process saw."
    ORDER = 9_995
    TRIGGERS = ("old_value",)
    seen: set[str] = set()

    def transform(self, module, ctx):
        NamesWhatItsProcessSaw.seen.add(module.code.split("\n", 1)[0])
        ctx.finding(None, f"{os.getpid()} {' '.join(sorted(NamesWhatItsProcessSaw.seen))}", line=1)
        return module


def _repository(folder, name: str, count: int) -> list[str]:
    os.makedirs(folder, exist_ok=True)
    (folder / "requirements.txt").write_text("flask\n")
    paths = []
    for i in range(count):
        path = folder / f"m{i:03}.py"
        path.write_text(f"# {name}\nold_value = {i}\n")
        paths.append(str(path))
    return paths


def _seen(results) -> list[tuple[str, str]]:
    """(process, repositories it saw) for each result."""
    return [tuple(result.findings[0].message.split(" ", 1)) for result in results]  # type: ignore[misc]


def test_a_repository_is_computed_by_a_fork_that_saw_no_other(tmp_path, monkeypatch):
    support.register_test_codemods(monkeypatch.setattr, extra=(NamesWhatItsProcessSaw,))
    names = [NamesWhatItsProcessSaw.NAME, support.MarkOld.NAME]
    repositories = [_repository(tmp_path / f"repo{i}", f"repo{i}", 3 + i) for i in range(6)]
    with BatchPool([[Job(path, tuple(names)) for path in paths] for paths in repositories], 2) as shared:
        shared.start()
        results = [list(shared.results(i)) for i in range(len(repositories))]
    assert [[r.path for r in rs] for rs in results] == repositories, "one result per file, in order"
    assert all(r.new_text == open(r.path).read().replace("old_value", "new_value") for rs in results for r in rs)
    processes: set[str] = set()
    for i, rs in enumerate(results):
        seen = _seen(rs)
        assert {saw for _, saw in seen} == {f"# repo{i}"}, "a process that saw only this repository"
        assert processes.isdisjoint(process for process, _ in seen), "no process serves two repositories"
        processes |= {process for process, _ in seen}
    assert str(os.getpid()) not in processes
    assert NamesWhatItsProcessSaw.seen == set(), "nothing computed in this process"
    assert multiprocessing.active_children() == []


def test_the_chunks_of_one_big_repository_share_a_fork_while_its_worker_has_no_other(tmp_path, monkeypatch):
    support.register_test_codemods(monkeypatch.setattr, extra=(NamesWhatItsProcessSaw,))
    names = [NamesWhatItsProcessSaw.NAME]
    big = _repository(tmp_path / "big", "big", 120)
    with BatchPool([[Job(path, tuple(names)) for path in big]], 2) as shared:
        shared.start()
        seen = _seen(shared.results(0))
    assert {saw for _, saw in seen} == {"# big"}
    assert 1 <= len({process for process, _ in seen}) <= 2, "a fork for each of the two workers, kept across its chunks"


def test_an_error_in_a_fork_is_the_chunks_error(tmp_path, monkeypatch):
    support.register_test_codemods(monkeypatch.setattr)
    paths = _repository(tmp_path / "repo", "repo", 2)

    def fails(*args):
        raise ValueError("broken on purpose")

    monkeypatch.setattr(worker_forks.pool, "process_chunk_of_pass", fails)  # the forks inherit it
    with BatchPool([[Job(path, (support.MarkOld.NAME,)) for path in paths]], 2) as shared:
        shared.start()
        results = list(shared.results(0))
    assert [r.path for r in results] == paths
    assert all(r.error == "internal error: ValueError: broken on purpose" for r in results), [r.error for r in results]


def test_a_batch_of_many_repositories_shows_what_each_shows_alone(tmp_path, monkeypatch):
    review_support.install(monkeypatch)
    folders = []
    for i in range(5):
        folder = tmp_path / f"repo{i}"
        review_support.sample_repo(folder)
        (folder / f"extra{i}.py").write_text(f"old_api_{i} = old_api()\n")
        folders.append(str(folder))
    monkeypatch.chdir(tmp_path)

    def apply(*args):
        result = CliRunner().invoke(app, ["apply", "--dry-run", "--no-cache", "--no-color", *args], catch_exceptions=False)
        return result.exit_code, result.stdout

    alone = [apply("-j", "1", folder) for folder in folders]
    together = apply("-j", "2", *folders)
    assert together == apply("-j", "1", *folders)
    assert together[1] == "".join(stdout for _, stdout in alone) and "new_api" in together[1]
