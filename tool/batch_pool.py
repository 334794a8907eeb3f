"""One worker pool for the first passes of a whole batch run (tool/batch.py).

A batch that writes nothing into its repositories (``--dry-run``, ``--check``) plans every
repository before it shows the first (tool/run.py's ``plan_project``), so the first pass of
every repository can be handed to one pool at once: no pool is started and stopped per
repository, no worker waits at the end of a small repository for the main process to reach
the next, and the files of one repository go to one worker where that is cheap.

A worker keeps by path, text and stamp what it derived from a project (the texts of its
modules, their trees, the project gates' answers: codemods/_project_memo.py), and another
worker on the same project derives it all again. So a repository is one task, handed whole to
one worker, unless it is big against what is left of the batch; then it is cut into chunks
that shrink as the batch nears its end (``repository_chunks``), so that both workers finish
together. A worker starts each pass (one group of one repository) as a worker of its own would
(tool/pool.py's ``process_chunk_of_pass``), in a fork of itself that serves only the projects
of the chunks it is given in a row (tool/worker_forks.py): what a repository left in memory
goes with that fork, not into the next repository's. The workers are forked before the batch
plans its repositories (``fork_workers``), so that no fork inherits the plans (about 30 MB
over the real-world corpus); a worker imports the codemods before its first fork instead.

The results of each pass come back in the order of its Jobs, through the result cache, as
``process_jobs`` gives them: the cache answers in the main process first, the workers get the
rest; each pass's results are given once and held no longer (the main process keeps one
repository's results at a time, not every one's until the batch ends). A worker that dies
breaks the pool: the passes whose files were not all done are done again, each file alone
(tool/pool.py's ``collected``); on Ctrl-C the pool is stopped at once.
"""

from __future__ import annotations

from typing import Any, Iterator, Sequence

from . import pool, worker_forks
from .pipeline import Job
from .results import FileResult

# A repository is cut into chunks of at most this share of what is left of the batch (in
# files, per worker): the batch's last chunks are small, so that no worker ends long alone.
_SHARE_PER_WORKER = 4


def repository_chunks(jobs: Sequence[Job], remaining: int, workers: int) -> list[list[Job]]:
    """``jobs`` (one repository's pass) as the pool's tasks, in order: all in one while they are
    few against the ``remaining`` files of the batch (these included), else chunks of
    ``remaining / (workers * _SHARE_PER_WORKER)`` files, shrinking as ``remaining`` does."""
    chunks: list[list[Job]] = []
    start = 0
    while start < len(jobs):
        size = max(1, remaining // (workers * _SHARE_PER_WORKER))
        if len(jobs) - start <= size:
            size = len(jobs) - start
        chunks.append(list(jobs[start : start + size]))
        start += size
        remaining -= size
    return chunks


class BatchPool:
    """The first passes of a batch (lists of Jobs, in the order the batch shows them),
    computed in one pool of up to ``workers`` processes; ``results(index)`` gives pass
    ``index`` as ``process_jobs`` would. Use it as a context manager: leaving it stops the
    pool (killing its workers when the block did not end normally)."""

    def __init__(self, passes: Sequence[Sequence[Job]], workers: int) -> None:
        self._passes = [list(jobs) for jobs in passes]
        self._workers = workers
        self._pool: Any = None
        self._started: list[tuple[list[Any], list[list[Job]], list[Any], list[str]] | None] = []

    def __enter__(self) -> BatchPool:
        return self

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        self._stop(kill=kind is not None)

    def fork_workers(self) -> None:
        """Start the pool's workers now, before the batch plans its repositories: each worker is
        a fork of the main process as it is at that moment, so it does not inherit every
        repository's plan (about 30 MB over the real-world corpus), and neither does any fork
        it makes for a repository (tool/worker_forks.py: a worker imports the codemods itself
        before its first such fork). Nothing is imported here: a batch the cache serves whole
        still imports no codemod's machinery, its idle workers are only stopped."""
        if self._pool is None and self._workers > 1:
            self._pool = pool.new_pool(self._workers, [])
            self._pool.submit(int).result()  # a pool started by fork makes all its workers at the first task

    def start(self, passes: Sequence[Sequence[Job]] | None = None) -> None:
        """Look each pass up in the cache, in order, and hand what it does not know to the
        pool as soon as it is known (the pool starts with the first such file, unless
        ``fork_workers`` started it before; ``passes``: the batch's, where they were not known
        when the pool was made)."""
        if passes is not None:
            self._passes = [list(jobs) for jobs in passes]
        everything = [job for jobs in self._passes for job in jobs]
        later = len(everything)
        for index, jobs in enumerate(self._passes):
            names = pool.codemod_names(jobs)
            pool.start_worker(names)  # the codemods' information, for the look-ups
            known = pool.looked_up(jobs)
            unknown = [job for job, result in zip(jobs, known) if result is None]
            later -= len(jobs)
            chunks = repository_chunks(unknown, len(unknown) + later, self._workers)
            if chunks and self._pool is None:
                every_name = pool.codemod_names(everything)
                pool.load_before_forking(every_name)
                self._pool = pool.new_pool(min(self._workers, len(unknown) + later), every_name)
            futures = [self._pool.submit(worker_forks.process_chunk_in_a_fork, index, names, chunk) for chunk in chunks]
            self._started.append((known, chunks, futures, names))

    def results(self, index: int) -> Iterator[FileResult]:
        """Pass ``index``'s results, one per Job, in order (as ``process_jobs`` yields them);
        given once: the pool holds them no longer (the batch shows each repository in turn
        and drops its results then, so the main process never holds every repository's)."""
        started, self._started[index] = self._started[index], None
        if started is None:
            raise ValueError(f"the results of pass {index} were already given")
        known, chunks, futures, names = started
        computed = pool.collected(chunks, futures, names, self._workers, lambda: self._stop(kill=True)) if chunks else None
        return pool.merged(self._passes[index], known, computed)

    def _stop(self, *, kill: bool) -> None:
        if self._pool is not None:
            pool.stop_pool(self._pool, kill=kill)
