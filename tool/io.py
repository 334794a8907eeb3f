"""Reading source files exactly as they are, and writing them back atomically.

A file is decoded by its PEP 263 cookie (or UTF-8), its BOM remembered; newlines are not
translated, so CRLF, CR and mixed files keep every byte LibCST does not rewrite.

Writing never touches the original file until the new content is complete on disk: the bytes
go to a temporary file next to it (``.flask-codemod-*.tmp``), which then replaces it with
``os.replace``. A failure (disk full, permissions), a Ctrl-C or a SIGTERM at any moment
leaves either the original or the complete new file, and no temporary file.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import hashlib
import io
import os
import signal
import stat
import tempfile
import threading
import tokenize
from dataclasses import dataclass
from typing import Iterator

TEMPORARY_PREFIX = ".flask-codemod-"
TEMPORARY_SUFFIX = ".tmp"


class SourceError(Exception):
    """A file that cannot be read or decoded; the message is the reason, without the path."""


@dataclass(frozen=True)
class Source:
    text: str
    encoding: str
    bom: bool
    digest: str  # sha256 of the bytes as read, to notice a change on disk before writing
    # False when decoding and encoding again would not give back the very same bytes (a few
    # legacy codecs have several byte spellings for one character): such a file is never
    # rewritten, since the untouched parts would change too.
    round_trips: bool = True

    def encode(self, text: str) -> bytes:
        """The bytes to write for ``text`` in this file's encoding (and BOM)."""
        try:
            data = text.encode(self.encoding)
        except UnicodeEncodeError as error:
            raise SourceError(f"the new text cannot be encoded as {self.encoding}: {error.reason}") from None
        except LookupError:  # pragma: no cover - decode() already checked the codec
            raise SourceError(f"unknown encoding {self.encoding!r}") from None
        return codecs.BOM_UTF8 + data if self.bom else data


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode(data: bytes) -> Source:
    """Decode source bytes the way Python does (BOM, coding cookie, else UTF-8)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        if "invalid or missing encoding declaration" in error.msg:
            # no cookie and not UTF-8 in the first lines: say where, as for later lines
            body = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
            try:
                body.decode("utf-8")
            except UnicodeDecodeError as problem:
                offset = problem.start + len(data) - len(body)
                raise SourceError(f"cannot decode as utf-8: invalid byte at offset {offset}") from None
        raise SourceError(f"cannot decode: {error.msg}") from None
    except LookupError:  # pragma: no cover - detect_encoding reports unknown codecs itself
        raise SourceError("cannot decode: unknown encoding") from None
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if bom else data
    if encoding == "utf-8-sig":
        encoding = "utf-8"
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as error:
        raise SourceError(
            f"cannot decode as {encoding}: invalid byte at offset {error.start + (3 if bom else 0)}"
        ) from None
    except LookupError:
        raise SourceError(f"unknown encoding {encoding!r}") from None
    round_trips = True
    if encoding != "utf-8":  # strict UTF-8 always round-trips; legacy codecs may not
        try:
            round_trips = text.encode(encoding) == body
        except (UnicodeError, LookupError):
            round_trips = False
    return Source(text, encoding, bom, digest(data), round_trips)


def _reason(error: OSError, verb: str) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    if isinstance(error, PermissionError):
        return "permission denied"
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    return f"cannot {verb}: {error.strerror or error}"


def read_bytes(path: str) -> bytes:
    """The bytes of the regular file ``path``; SourceError (with the reason) otherwise.

    Opened without blocking, so that a FIFO or a device that took a source file's name can
    never hang the run: anything but a regular file is refused.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise SourceError(_reason(error, "read")) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SourceError("is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise SourceError("not a regular file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with open(fd, "rb", closefd=False) as handle:
            return handle.read()
    except OSError as error:
        raise SourceError(_reason(error, "read")) from None
    finally:
        os.close(fd)


def read_source(path: str) -> Source:
    return decode(read_bytes(path))


def read_bytes_or_none(path: str) -> bytes | None:
    try:
        return read_bytes(path)
    except SourceError:
        return None


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
