"""Project files the tool adds lines to (``.env``, its example, ``.gitignore``), read for
appending: their text as it is written back (UTF-8; a UTF-8 byte-order mark kept, bytes that
are no UTF-8 kept as they are), or the reason no line can be added there.

A line is added in UTF-8, in the file's own line ending, after its last line. That keeps
what the file's reader read before only when the reader reads UTF-8: git reads ``.gitignore``
byte by byte (its patterns in UTF-16 are no patterns it matches, and a UTF-8 line added after
them would make the file unreadable to the editor that saved it), and python-dotenv reads
``.env`` as UTF-8 only (``load_dotenv()`` raises on anything else). Such a file, and a path
that holds no file to read (a folder, a FIFO, a link to nothing, a file this user cannot
read), is left as it is, with the reason.
"""

from __future__ import annotations

import os

from .sources import SourceError, marked_encoding, read_bytes


def appendable_text(path: str, *, utf8_only: bool = False) -> tuple[str, str | None]:
    """``(text, None)``: the text of the file at ``path`` to add lines to ("" when there is
    none); ``("", reason)`` when lines cannot be added there. ``utf8_only``: the file's reader
    reads nothing but UTF-8 (python-dotenv), so bytes that are no UTF-8 are a reason too."""
    if not os.path.lexists(path):
        return "", None
    try:
        data = read_bytes(path)
    except SourceError as error:
        if os.path.islink(path) and not os.path.exists(path):
            return "", "is a symbolic link to a file that does not exist"
        return "", str(error)
    encoding = marked_encoding(data)
    if encoding in ("utf-16", "utf-32"):
        return "", f"is saved as {encoding.upper()}"
    if utf8_only:
        try:
            return data.decode("utf-8"), None
        except UnicodeDecodeError:
            return "", "is not UTF-8 text"
    return data.decode("utf-8", errors="surrogateescape"), None
