"""A batch pool's worker does each repository's work in a fresh fork of itself.

A worker that went through many repositories holds memory it no longer uses and cannot give
back: CPython keeps each 1 MiB arena of its allocator as long as one object lives in it, so
after a large project the worker stays as large as that project made it, and the next
project's working set comes on top (README, Performance: sessions 29 and 30). Dropping what
it kept of the projects it finished (tool/projects_kept.py) frees the objects, not the
arenas. A process that never did that work has none of it: so a worker of a batch's pool
(tool/batch_pool.py) does none of the work itself. It forks a child, hands it the chunks of
the projects it is given, and when a chunk's files belong to none of the projects of the
chunk before (``ProjectsSeen``: where a worker would drop what it kept), it ends that child
and forks another. Each child starts as the worker started, a fork of the main process
after it imported the codemods and LibCST, so it inherits them instead of importing them
(CPython's collector is told to leave those inherited objects alone, ``gc.freeze``, so that a
child's collections do not copy their pages).

What a repository costs the pool is then one fork and what a child derives afresh that a
long-lived worker kept across projects; a child computes what the worker computed
(``process_chunk_of_pass``, tool/pool.py), and each chunk's results come back pickled, as
the pool's own do. A child that dies (a native crash in the parser, the out-of-memory
killer) takes its worker with it, so the pool breaks as it did when a worker died, and the
files not done are done again, each alone; a worker that ends (the pool stopped, or killed)
ends its child with it. When a benchmark asks (tool/peaks.py), each child reports its own
peak as a ``worker`` when it ends, as the worker does.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from typing import Any, NoReturn, Sequence

from . import pool
from .peaks import report_peak
from .pipeline import Job
from .projects_kept import ProjectsSeen
from .results import FileResult


def process_chunk_in_a_fork(pass_id: Any, names: Sequence[str], jobs: Sequence[Job]) -> list[FileResult]:
    """``pool.process_chunk_of_pass(pass_id, names, jobs)``, computed by this worker's child:
    the one that did the chunk before when the files are of the same projects, else a new
    one (the other ended)."""
    global _child
    if _projects_seen.moved_on([job.path for job in jobs]) or _child is None:
        end_child()
        _load_once(names)
        _child = _Child()
    return _child.ask((pass_id, list(names), list(jobs)))


def _load_once(names: Sequence[str]) -> None:
    """Import the codemods of ``names`` here, once each, before a child is forked: every child
    inherits them (the main process may not have loaded them before this worker was forked:
    ``BatchPool.fork_workers``)."""
    wanted = [name for name in names if name not in _loaded]
    if wanted:
        pool.load_before_forking(wanted)
        _loaded.update(wanted)


_loaded: set[str] = set()  # the codemods this worker loaded before forking its children


def end_child() -> None:
    """End this worker's child, if it has one, after the chunk it is computing."""
    global _child
    if _child is not None:
        child, _child = _child, None
        child.end()


_projects_seen = ProjectsSeen()  # the projects of the chunk this worker handed on last
_child: Any = None  # this worker's child, a _Child (None: none now)
_ends_with_worker = False  # whether this worker ends its child when it ends


class _Child:
    """A fork of this process that computes the chunks it is sent, in turn, until it is ended."""

    def __init__(self) -> None:
        global _ends_with_worker
        from multiprocessing import Pipe, util  # lazy: only in a batch pool's workers

        if not _ends_with_worker:
            util.Finalize(None, end_child, exitpriority=1)  # before the worker reports its own peak
            _ends_with_worker = True
        gc.freeze()  # what both have now stays where it is: the child's collections do not copy it
        here, there = Pipe()
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - the child: measured through its results
            here.close()
            _serve(there, parent)
        there.close()
        self._connection = here

    def ask(self, request: tuple[Any, list[str], list[Job]]) -> list[FileResult]:
        try:
            self._connection.send(request)
            done, answer = self._connection.recv()
        except (EOFError, OSError):  # the child died: so does this worker, and the pool breaks
            _died_with_child(self.pid)
        if not done:
            raise answer
        return answer

    def end(self) -> None:
        try:
            self._connection.send(None)
        except OSError:  # already gone
            pass
        self._connection.close()
        os.waitpid(self.pid, 0)


def _died_with_child(pid: int) -> NoReturn:
    """This worker ends as its child did (the pool then does the files not done, each alone)."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:  # pragma: no cover - already waited for
        status = 0
    if os.WIFSIGNALED(status):
        signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
        os.kill(os.getpid(), os.WTERMSIG(status))
    os._exit(1)


def _serve(connection: Any, parent: int) -> None:  # pragma: no cover - runs in the child
    """The child's life: compute each chunk sent, send its results back; end when told to, or
    when its worker is gone."""
    _die_with(parent)
    code = 0
    try:
        while True:
            try:
                request = connection.recv()
            except (EOFError, OSError):
                break
            if request is None:
                break
            try:
                answer: tuple[bool, Any] = (True, pool.process_chunk_of_pass(*request))
            except Exception as error:  # as the pool does: the chunk's files get the error
                answer = (False, error)
            try:
                connection.send(answer)
            except (EOFError, OSError):
                break
            except Exception as error:  # e.g. a result that cannot be pickled
                connection.send((False, RuntimeError(f"{type(error).__name__}: {error}")))
        report_peak("worker")
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _die_with(parent: int) -> None:  # pragma: no cover - runs in the child
    """This child is killed when its worker ends (Linux); it ends anyway once it finds its
    connection closed."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes  # lazy: only in a batch pool's child, on Linux

            set_parent_death_signal = 1  # PR_SET_PDEATHSIG
            ctypes.CDLL(None).prctl(set_parent_death_signal, signal.SIGKILL, 0, 0, 0)
        except (ImportError, OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the worker ended before this child could ask
        os._exit(0)
