"""The one module that writes files: source files rewritten, project files, the patch, the
reports, and the result cache's entries.

Writing never touches the original file until the new content is complete on disk: the bytes
go to a temporary file next to it (``.flask-codemod-*.tmp``), which then replaces it with
``os.replace``. A failure (disk full, permissions), a Ctrl-C or a SIGTERM at any moment
leaves either the original or the complete new file, and no temporary file. A rewritten
source keeps its encoding, BOM, newlines and mode bits, and is skipped when its bytes changed
on disk since they were read.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
from typing import Iterator

from .results import FileResult, ProjectFileChange
from .sources import Source, SourceError, digest, read_bytes_or_none

TEMPORARY_PREFIX = ".flask-codemod-"
TEMPORARY_SUFFIX = ".tmp"
ENV_FILE_MODE = 0o600  # .env holds secrets: readable by its owner only


_DEFERRED_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold back Ctrl-C (SIGINT), SIGTERM and SIGHUP while the block runs, then deliver them.

    A write is a few system calls; letting it finish (or fail and clean up) before the
    signal takes effect means an interrupted or killed run never leaves a temporary file
    behind. Only the main thread can change signal handlers: elsewhere this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous: dict[int, object] = {}
    try:
        for number in _DEFERRED_SIGNALS:
            previous[number] = signal.signal(number, lambda signum, frame: received.append(signum))
    except (ValueError, OSError):  # pragma: no cover - not the main interpreter
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
        yield
        return
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
        for number in dict.fromkeys(received):  # each once, in the order they came
            _deliver(number, previous[number])


def _deliver(number: int, handler: object) -> None:
    """Act on a held-back signal as its own handler would have."""
    if handler is signal.default_int_handler or (handler is None and number == signal.SIGINT):
        raise KeyboardInterrupt
    if callable(handler):
        handler(number, None)
    elif handler == signal.SIG_DFL or handler is None:
        os.kill(os.getpid(), number)  # the default action (for SIGTERM: terminate), now


def atomic_write(path: str, data: bytes, *, mode: int | None = None) -> None:
    """Replace ``path`` by ``data`` all at once: a temporary file in the same directory, then
    ``os.replace``. The file keeps its permission bits (``mode`` for a new file) and, where
    allowed, its owner. A symbolic link stays a link: its target is written. On any failure,
    and on Ctrl-C, the original is untouched and no temporary file is left behind."""
    target = os.path.realpath(path)
    directory = os.path.dirname(target)
    with interrupts_deferred():
        try:
            current: os.stat_result | None = os.stat(target)
        except FileNotFoundError:
            current = None
        if current is not None and not stat.S_ISREG(current.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", path)
        fd, temporary = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX, dir=directory)
        try:
            try:
                view = memoryview(data)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
                os.fsync(fd)
            finally:
                os.close(fd)
            if current is not None:
                final_mode = stat.S_IMODE(current.st_mode)
            elif mode is not None:
                final_mode = mode
            else:
                umask = os.umask(0)
                os.umask(umask)
                final_mode = 0o666 & ~umask
            if current is not None and hasattr(os, "chown"):
                try:
                    os.chown(temporary, current.st_uid, current.st_gid)
                except OSError:
                    pass  # not allowed to give it away: the file becomes ours, as editors do
            os.chmod(temporary, final_mode)  # after chown, which may clear set-id bits
            os.replace(temporary, target)
        except BaseException:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            raise


def write_result(result: FileResult) -> str | None:
    """Write a changed file back atomically. Returns an error message, or None when written.

    The file is skipped when its bytes changed on disk since it was read.
    """
    assert result.new_text is not None
    current = read_bytes_or_none(result.path)
    if current is None:
        return "file disappeared before it could be written; skipped"
    if digest(current) != result.digest:
        return "file changed on disk since it was read; skipped"
    source = Source(result.old_text or "", result.encoding, result.bom, result.digest)
    try:
        atomic_write(result.path, source.encode(result.new_text))
    except SourceError as error:
        return str(error)
    except OSError as error:
        return f"cannot write: {error.strerror or error}; original left intact"
    return None


def write_project_file(change: ProjectFileChange) -> str | None:
    """Write one project file atomically; an error message or None."""
    try:
        data = change.new_text.encode("utf-8", errors="surrogateescape")
        if change.secret and os.path.isfile(change.path):
            # tighten the existing file first: the new one inherits its mode, and is never
            # readable by others, not even for the moment between the write and a chmod
            os.chmod(change.path, ENV_FILE_MODE)
        atomic_write(change.path, data, mode=change.new_file_mode)
        if change.secret:
            os.chmod(change.path, ENV_FILE_MODE)
    except OSError as error:
        return f"cannot write: {error.strerror or error}"
    return None


def write_text(path: str, text: str) -> None:
    """A patch or a report, as UTF-8, atomically; OSError when it cannot be written."""
    atomic_write(path, text.encode("utf-8", errors="surrogateescape"))


def write_private(path: str, data: bytes, *, prefix: str = "entry-", suffix: str = ".part") -> None:
    """One of the tool's own files (a cache entry): written in full under a temporary name in
    its folder, then renamed into place, so a reader never sees half of it. Not synced to disk
    (a lost entry is only a cache miss) and no mode to keep."""
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=prefix, suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
