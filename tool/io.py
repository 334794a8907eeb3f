"""Reading source files exactly as they are, and writing them back atomically.

A file is decoded by its PEP 263 cookie (or UTF-8), its BOM remembered; newlines are not
translated, so CRLF, CR and mixed files keep every byte LibCST does not rewrite.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import stat
import tempfile
import tokenize
from dataclasses import dataclass


class SourceError(Exception):
    """A file that cannot be read or decoded; the message is the reason, without the path."""


@dataclass(frozen=True)
class Source:
    text: str
    encoding: str
    bom: bool
    digest: str  # sha256 of the bytes as read, to notice a change on disk before writing

    def encode(self, text: str) -> bytes:
        """The bytes to write for ``text`` in this file's encoding (and BOM)."""
        try:
            data = text.encode(self.encoding)
        except UnicodeEncodeError as error:
            raise SourceError(f"the new text cannot be encoded as {self.encoding}: {error.reason}") from None
        return codecs.BOM_UTF8 + data if self.bom else data


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode(data: bytes) -> Source:
    """Decode source bytes the way Python does (BOM, coding cookie, else UTF-8)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        raise SourceError(f"cannot decode: {error.msg}") from None
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
    return Source(text, encoding, bom, digest(data))


def read_source(path: str) -> Source:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except IsADirectoryError:
        raise SourceError("is a directory") from None
    except FileNotFoundError:
        raise SourceError("no such file") from None
    except PermissionError:
        raise SourceError("permission denied") from None
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror or error}") from None
    return decode(data)


def read_bytes_or_none(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def atomic_write(path: str, data: bytes, *, mode: int | None = None) -> None:
    """Replace ``path`` by ``data`` all at once: a temporary file in the same directory, then
    ``os.replace``. The file keeps its permission bits (``mode`` for a new file). On any
    failure the original is untouched and no temporary file is left behind."""
    directory = os.path.dirname(os.path.abspath(path))
    try:
        current_mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        current_mode = None
    fd, temporary = tempfile.mkstemp(prefix=".flask-codemod-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        final_mode = current_mode if current_mode is not None else mode
        if final_mode is None:
            umask = os.umask(0)
            os.umask(umask)
            final_mode = 0o666 & ~umask
        os.chmod(temporary, final_mode)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
