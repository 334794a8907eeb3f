"""The worker pool: Jobs in, one FileResult each out, in the order of the Jobs.

With more than one worker the files are processed in a pool of processes, each Job through
the result cache (tool/cache.py) and the per-file pipeline. A worker that dies (a native
crash in the parser, the out-of-memory killer) loses nothing: the files it may have been
working on are processed again, each alone in a fresh process, and the one that kills its
process is reported as ``crashed the parser (signal …)``. On Ctrl-C the workers are stopped
at once (they only read, so nothing is lost) and KeyboardInterrupt propagates.
"""

from __future__ import annotations

import dataclasses
import os
import signal
from typing import TYPE_CHECKING, Any, Callable, Iterator, Sequence

from . import cache
from .collector_pace import pace_worker
from .codemod_info import info
from .codemods import get_codemod
from .paths import remember_project_roots_afresh
from .peaks import report_peak_at_exit
from .pipeline import Job
from .projects_kept import ProjectsSeen, forget_projects
from .results import FileResult, Options, describe_error

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# The codemod instances of this process (a worker, or the main process when it works alone),
# by name: made once per run, not once per file, and only once a file is not in the cache (a
# warm run imports no codemod, nor LibCST).
_instances: dict[str, Any] = {}


def start_worker(names: Sequence[str]) -> None:
    global _instances
    for name in names:
        info(name)  # an unknown name raises here
    _instances = {}
    _infos.clear()  # (the registry may have changed: tests extend it)
    _selections.clear()


def _instance(name: str) -> Any:
    made = _instances.get(name)
    if made is None:
        made = _instances[name] = get_codemod(name)()
    return made


def _start_pool_worker(names: Sequence[str]) -> None:
    # Ctrl-C reaches the whole process group: the main process handles it (stops the pool,
    # lets no write happen half-way); workers must not die printing tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    cache.remember_in_this_process()  # a worker lives one pass
    pace_worker()  # inherited when forked (tool/collector_pace.py)
    report_peak_at_exit("worker")  # when a benchmark asks (tool/peaks.py)
    start_worker(names)


def _process(job: Job, looked_up: bool = False) -> FileResult:
    if not looked_up:
        hit = _cached(job)
        if hit is not None:
            return _shown(job, hit)
    result = cache.process_job(job, [_instance(name) for name in job.codemods], looked_up=True)
    return _shown(job, _as_needed(job, result))


def _as_needed(job: Job, result: FileResult) -> FileResult:
    """``result`` without the file's text when the Job needs none (``Job.unchanged_text``) and
    no codemod changed the file, failed on it or asked for a project edit: what the result
    cache answers such a Job, and all a worker need send back of most files."""
    if job.unchanged_text or result.changed or result.problems() or result.project_edits or result.old_text is None:
        return result
    return dataclasses.replace(result, old_text=None, new_text=None, resume=None)


def _cached(job: Job) -> FileResult | None:
    """The cache's result for ``job``, asked with the codemods' information (not imported)."""
    names = tuple(job.codemods)
    infos = _selections.get(names)
    if infos is None:
        infos = _selections[names] = [_infos.get(name) or _info(name) for name in names]
    return cache.cached_result(job, infos)


_infos: dict[str, Any] = {}  # this process's codemod information, by name
_selections: dict[tuple[str, ...], list[Any]] = {}  # the same, for each tuple of names a Job runs


def _info(name: str) -> Any:
    _infos[name] = found = info(name)
    return found


def _shown(job: Job, result: FileResult) -> FileResult:
    return dataclasses.replace(result, env_shown=job.env_shown) if job.env_shown else result


def _process_chunk(jobs: Sequence[Job]) -> list[FileResult]:
    return [_process(job, looked_up=True) for job in jobs]


_pass: Any = None  # the pass this worker of a batch pool last worked for (tool/batch_pool.py)


def process_chunk_of_pass(pass_id: Any, names: Sequence[str], jobs: Sequence[Job]) -> list[FileResult]:
    """``_process_chunk`` in a worker that serves many passes (a batch's pool: one per
    repository): on the first chunk of a pass, the worker starts that pass as a worker of its
    own would (what one pass remembered is not trusted by the next); what it keeps by the
    files' texts and stamps stays while its chunks are of the same projects, and is dropped
    when a chunk's files belong to none of those of the chunk before (tool/projects_kept.py)."""
    global _pass
    if pass_id != _pass:
        cache.remember_in_this_process()
        remember_project_roots_afresh()
        start_worker(names)
        _pass = pass_id
    if _projects_seen.moved_on([job.path for job in jobs]):
        forget_projects()
    return _process_chunk(jobs)


_projects_seen = ProjectsSeen()  # the projects of the chunk this worker of a batch pool did last


def process_jobs(jobs: Sequence[Job], *, workers: int = 1) -> Iterator[FileResult]:
    """Yield one FileResult per Job, in the order of ``jobs``, with up to ``workers``
    processes. A codemod name no codemod has raises UsageError before any file is read."""
    jobs = list(jobs)
    names = codemod_names(jobs)
    workers = max(1, min(workers, len(jobs)))
    start_worker(names)  # an unknown name raises here, not in every worker
    if workers == 1:
        with cache.one_run():
            for job in jobs:
                yield _process(job)
        cache.pack_entries()
        return
    known = looked_up(jobs)
    unknown = [job for job, result in zip(jobs, known) if result is None]
    if unknown:
        load_before_forking(names)
    computed = _run_pool(unknown, names, min(workers, len(unknown))) if unknown else None
    yield from merged(jobs, known, computed)


def codemod_names(jobs: Sequence[Job]) -> list[str]:
    """The codemods ``jobs`` name, each once, in the order first named."""
    return list(dict.fromkeys(name for job in jobs for name in job.codemods))


def looked_up(jobs: Sequence[Job]) -> list[FileResult | None]:
    """The cache's result for each Job (None: unknown), asked in this process: a look-up
    costs less than handing a file to a worker and its result back, so workers get only the
    files the cache does not know."""
    with cache.one_run():
        return [_cached(job) for job in jobs]


def merged(jobs: Sequence[Job], known: Sequence[FileResult | None], computed: Iterator[FileResult] | None) -> Iterator[FileResult]:
    """One FileResult per Job, in order: the cache's (``known``) where it had one, else the
    next of ``computed`` (the others, in order); the pass's entries packed at its end."""
    try:
        for job, result in zip(jobs, known):
            yield _shown(job, result) if result is not None else next(computed)  # type: ignore[arg-type]
        if computed is not None:
            next(computed, None)  # past its last result: its pool ends as a finished one (workers exit, not killed)
        cache.pack_entries()
    finally:
        if computed is not None:
            computed.close()


def load_before_forking(names: Sequence[str]) -> None:
    """Import the codemods (and LibCST with them) here, once, when workers are forked: each
    inherits them instead of importing them again (a batch that writes starts a pool per
    repository). A codemod's ``preload()``, when it has one, loads what it would otherwise load on first
    use (a library it imports lazily)."""
    import multiprocessing  # lazy: a run with one worker, or one the cache serves, starts no pool

    if multiprocessing.get_start_method() != "fork":
        return
    for name in names:
        preload = getattr(get_codemod(name), "preload", None)
        if preload is not None:
            preload()


def process_files(
    paths: Sequence[str],
    codemod_names: Sequence[str],
    options: Options | None = None,
    *,
    workers: int = 1,
    target_of: Callable[[str], tuple[int, int] | None] | None = None,
) -> Iterator[FileResult]:
    """``process_jobs`` for the plain Jobs of ``paths`` (``plain_jobs``)."""
    return process_jobs(plain_jobs(paths, codemod_names, options, target_of=target_of), workers=workers)


def plain_jobs(
    paths: Sequence[str],
    codemod_names: Sequence[str],
    options: Options | None = None,
    *,
    target_of: Callable[[str], tuple[int, int] | None] | None = None,
    unchanged_text: bool = True,
) -> list[Job]:
    """A Job for each of ``paths``: the same codemods and options for each; ``target_of(path)``:
    the Flask version that file must run on (default: None, the newest known);
    ``unchanged_text``: ``Job.unchanged_text``. A codemod name no codemod has raises
    UsageError, even when there is no file."""
    names = tuple(codemod_names)
    for name in names:
        info(name)
    settings = {name: dict(values) for name, values in (options or {}).items()}
    target = target_of or (lambda path: None)
    return [Job(path, names, settings, target_version=target(path), unchanged_text=unchanged_text) for path in paths]


def new_pool(workers: int, names: list[str]) -> ProcessPoolExecutor:
    from concurrent.futures import ProcessPoolExecutor  # lazy: a run with one worker, or one the cache serves, starts no pool

    return ProcessPoolExecutor(max_workers=workers, initializer=_start_pool_worker, initargs=(names,))


def stop_pool(pool: ProcessPoolExecutor, *, kill: bool) -> None:
    """Shut ``pool`` down; with ``kill``, without waiting for the files in progress (workers
    only read, so stopping them can lose nothing)."""
    if kill:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            try:
                process.terminate()
            except Exception:  # pragma: no cover - already gone
                pass
    try:
        pool.shutdown(wait=True, cancel_futures=True)
    except OSError:  # pragma: no cover - its pipes already closed by a broken pool
        pass


def _run_pool(jobs: list[Job], names: list[str], workers: int) -> Iterator[FileResult]:
    # small chunks: the few files that are parsed cost seconds, the rest nothing, so large
    # chunks would leave one worker idle while another works through a run of heavy files
    chunksize = max(1, min(8, len(jobs) // (workers * 8)))
    chunks = [jobs[i : i + chunksize] for i in range(0, len(jobs), chunksize)]
    pool = new_pool(workers, names)
    finished = False
    try:
        futures = [pool.submit(_process_chunk, chunk) for chunk in chunks]
        yield from collected(chunks, futures, names, workers, lambda: stop_pool(pool, kill=True))
        finished = True
    finally:
        stop_pool(pool, kill=not finished)


def collected(chunks: list[list[Job]], futures: list[Any], names: list[str], workers: int, stop: Callable[[], None]) -> Iterator[FileResult]:
    """The results of ``chunks``, in order, from their ``futures`` in a pool. When a worker
    died (the pool broke: ``stop`` kills what is left of it), the chunks done keep their
    results and the others are done again, each file alone (``_run_isolating``)."""
    from concurrent.futures import CancelledError  # lazy: a run with one worker, or one the cache serves, starts no pool
    from concurrent.futures.process import BrokenProcessPool

    for position, future in enumerate(futures):
        try:
            results = future.result()
        except (BrokenProcessPool, CancelledError):
            break
        except Exception as error:  # e.g. a result that cannot be pickled
            results = [FileResult(job.path, error=f"internal error: {describe_error(error)}") for job in chunks[position]]
        yield from results
    else:
        return
    stop()
    redo = [job for chunk, future in zip(chunks[position:], futures[position:]) if not _succeeded(future) for job in chunk]
    recovered = _run_isolating(redo, names, workers)
    try:
        for chunk, future in zip(chunks[position:], futures[position:]):
            if _succeeded(future):
                yield from future.result()
            else:
                for _ in chunk:
                    yield next(recovered)
    finally:
        recovered.close()  # stops its pool now, not whenever it is garbage-collected


def _succeeded(future: Any) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _run_isolating(jobs: list[Job], names: list[str], workers: int) -> Iterator[FileResult]:
    """Like the pool, one file per task and at most ``workers`` in flight, so that when a
    worker dies only those few are suspects: each is run again alone, in its own process,
    which tells the culprit (and its signal) from the innocent."""
    from concurrent.futures import FIRST_COMPLETED, wait  # lazy: a run with one worker, or one the cache serves, starts no pool
    from concurrent.futures.process import BrokenProcessPool

    done: dict[int, FileResult] = {}
    following = 0
    queue = list(range(len(jobs)))
    queue.reverse()
    while queue:
        pool = new_pool(workers, names)
        broken = False
        try:
            in_flight: dict[Any, int] = {}
            while (queue or in_flight) and not broken:
                while queue and len(in_flight) < workers:
                    index = queue.pop()
                    in_flight[pool.submit(_process, jobs[index])] = index
                ready, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in ready:
                    try:
                        done[in_flight[future]] = future.result()
                    except BrokenProcessPool:
                        broken = True
                        continue
                    except Exception as error:
                        index = in_flight[future]
                        done[index] = FileResult(jobs[index].path, error=f"internal error: {describe_error(error)}")
                    del in_flight[future]
                while following in done:
                    yield done.pop(following)
                    following += 1
        finally:
            stop_pool(pool, kill=True)
        for index in sorted(in_flight.values()) if broken else ():
            done[index] = _run_alone(jobs[index], names)
        while following in done:
            yield done.pop(following)
            following += 1


def _run_alone(job: Job, names: list[str]) -> FileResult:
    """Process one file in a process of its own; if that process dies, say how."""
    import multiprocessing  # lazy: a run with one worker, or one the cache serves, starts no pool

    context = multiprocessing.get_context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_alone_main, args=(sender, job, names), daemon=True)
    process.start()
    sender.close()
    try:
        try:
            result = receiver.recv()
        except (EOFError, OSError):
            result = None
        process.join()
    finally:
        receiver.close()
        if process.is_alive():  # interrupted while waiting
            process.terminate()
            process.join()
    if isinstance(result, FileResult):
        return result
    code = process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        return FileResult(job.path, error=f"crashed the parser (signal {name}); file left unchanged")
    return FileResult(job.path, error=f"crashed the worker process (exit status {code}); file left unchanged")


def _alone_main(sender: Any, job: Job, names: list[str]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    report_peak_at_exit("worker")  # when a benchmark asks (tool/peaks.py)
    try:
        cache.remember_in_this_process()
        start_worker(names)
        result = _process(job)
    except BaseException as error:
        result = FileResult(job.path, error=f"internal error: {describe_error(error)}")
    sender.send(result)
    sender.close()


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


# -- writing ---------------------------------------------------------------------------------
