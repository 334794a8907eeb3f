"""Reading source files exactly as they are (writing them back is tool/writing.py's job).

A file is decoded by its PEP 263 cookie (or UTF-8), its BOM remembered; newlines are not
translated, so CRLF, CR and mixed files keep every byte LibCST does not rewrite. A ``Source``
also knows how to encode a new text the way the file was (encoding, BOM).
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import io
import os
import stat
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
        return _read_to_end(fd, info.st_size)
    except OSError as error:
        raise SourceError(_reason(error, "read")) from None
    finally:
        os.close(fd)


def _read_to_end(fd: int, size: int) -> bytes:
    """Every byte left to read from ``fd``, a file ``size`` bytes long when it was stat-ed:
    in one piece while it keeps that size, read until a read finds its end."""
    chunks = []
    while chunk := os.read(fd, size + 1 if not chunks else 1 << 16):
        chunks.append(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_source(path: str) -> Source:
    return decode(read_bytes(path))


def read_bytes_or_none(path: str) -> bytes | None:
    try:
        return read_bytes(path)
    except SourceError:
        return None


def read_text(path: str) -> str:
    """A project file (``.env``, ``.gitignore``, requirements) as text; "" when it is missing.
    Bytes that are not UTF-8 are kept as they are (surrogate escapes) for writing back."""
    data = read_bytes_or_none(path)
    return "" if data is None else data.decode("utf-8", errors="surrogateescape")


# Byte-order marks and the codec that reads past each (UTF-32-LE's mark begins with UTF-16-LE's).
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def marked_encoding(data: bytes) -> str | None:
    """The encoding a text file's byte-order mark names (``utf-8``, ``utf-16``, ``utf-32``);
    None when it starts with none."""
    for mark, encoding in _MARKS:
        if data.startswith(mark):
            return encoding
    return None


def decode_text(data: bytes) -> str | None:
    """Another file of the project as text, read the way pip and editors read it: UTF-16 or
    UTF-32 by its byte-order mark (the mark dropped), anything else as UTF-8 (a UTF-8 mark
    kept, as U+FEFF); None when the bytes are no text in that encoding."""
    encoding = marked_encoding(data)
    try:
        return data.decode(encoding if encoding in ("utf-16", "utf-32") else "utf-8")
    except UnicodeDecodeError:
        return None


def read_declared(path: str) -> str:
    """A dependency file's text, for what it declares (never for writing back): decoded as
    ``decode_text`` does, its UTF-8 mark dropped; bytes that are no text as ``read_text``
    keeps them. "" when it is missing."""
    data = read_bytes_or_none(path)
    if data is None:
        return ""
    text = decode_text(data)
    if text is None:
        return data.decode("utf-8", errors="surrogateescape")
    return text.removeprefix("\ufeff")


def append_lines(text: str, lines: list[str]) -> str:
    """``text`` with ``lines`` added at its end, in its own newline style."""
    if not lines:
        return text
    newline = "\r\n" if "\r\n" in text else "\n"
    if text and not text.endswith(("\n", "\r")):
        text += newline
    return text + "".join(line + newline for line in lines)
