"""The texts of the project's other files as ``ctx.read_file`` gives them (tool/pipeline.py's
``sibling_reader``), kept for the process while each file keeps its stamp.

A project gate reads the modules of its project once per file it is asked for: on a project of
n modules, n reads of each. A file is read again only when its stamp (``file_stamp``: size,
mtime, ctime, inode, device) is no longer the one it had before it was read; a file changed in
the last seconds (git's "racy" window) has no stamp and is always read. Each read is still a
call of the reader, which the result cache records as before (tool/cache_reads.py). The same
text also comes back as the same string, so what is derived from it and kept by its text
(codemods/_parsed_modules.py) is found without hashing it again.

Files read from many folders are spelled from each (``../pkg/db.py`` from ``app/``,
``../../pkg/db.py`` from ``app/views/``): within a pass, ``sibling_path`` spells every such
path from the reading folder's real path, so that each file is looked at (and kept) once,
not once per folder that reads it.
"""

from __future__ import annotations

import os
import stat
import time

from . import pass_stats
from .kept_within import KeptWithin
from .sources import decode_text, read_bytes_or_none
from .walk import RACY_NS

_MAX_CHARS = 64_000_000  # kept in all; past it, the texts kept so far are dropped
_MAX_TEXT = 2_000_000  # a longer file is not kept
_RACY_NS = RACY_NS
_texts: KeptWithin[str, tuple[list[int], str | None]] = KeptWithin(_MAX_CHARS, _MAX_TEXT)


def stamp_of(path: str, racy_ns: int = RACY_NS) -> list[int] | None:
    """What changes when the file at ``path`` (followed through links) is written, replaced or
    touched: size, mtime, ctime (which no program sets back), inode and device; None when it
    is absent, not a regular file, or changed in the last ``racy_ns`` nanoseconds."""
    return _stamps(path, racy_ns)[1]


def _stamps(path: str, racy_ns: int) -> tuple[bool, list[int] | None, list[int] | None]:
    """(whether ``path`` may be there to read, its stamp in the window ``racy_ns``, its stamp
    in this module's window), from one ``os.stat``: not there when it finds nothing at that
    path (opening it would fail too). Within a pass (tool/pass_stats.py), what the first
    look at ``path`` found."""
    this_pass = pass_stats.current()
    if this_pass is None:
        return _stat_stamps(path, racy_ns)
    key = (path, racy_ns)
    found = this_pass.stamps.get(key)
    if found is None:
        found = this_pass.stamps[key] = _stat_stamps(path, racy_ns)
    return found


def _stat_stamps(path: str, racy_ns: int) -> tuple[bool, list[int] | None, list[int] | None]:
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False, None, None
    except (OSError, ValueError):
        return True, None, None
    if not stat.S_ISREG(info.st_mode):
        return True, None, None
    changed = max(info.st_mtime_ns, info.st_ctime_ns)
    now = time.time_ns()
    stamp = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]
    return True, stamp if changed < now - racy_ns else None, stamp if changed < now - _RACY_NS else None


def sibling_path(folder: str, relative: str) -> str:
    """The path read for ``relative`` to the absolute ``folder``: within a pass, when it climbs
    only at its start (``../../pkg/db.py``) and names nothing else odd, the same file spelled
    from ``folder``'s real path (``..`` from a real path, with no link left in it, is where
    the system's climb from ``folder`` lands); else ``folder`` joined with ``relative``.
    Found once per pass for each (folder, relative)."""
    this_pass = pass_stats.current()
    if this_pass is None:
        return os.path.join(folder, relative)
    key = (folder, relative)
    found = this_pass.spellings.get(key)
    if found is None:
        found = this_pass.spellings[key] = _from_real_folder(this_pass, folder, relative)
    return found


def _from_real_folder(this_pass: pass_stats.PassStats, folder: str, relative: str) -> str:
    joined = os.path.join(folder, relative)
    if os.path.isabs(relative) or os.path.splitdrive(relative)[0]:
        return joined
    parts = relative.replace(os.altsep, os.sep).split(os.sep) if os.altsep else relative.split(os.sep)
    climbs = 0
    while climbs < len(parts) - 1 and parts[climbs] == "..":
        climbs += 1
    if any(part in ("", ".", "..") for part in parts[climbs:]):
        return joined  # "a/../b", "a/./b", "a/" (a file named "a" fails these), "": read as spelled
    real = this_pass.real_folders.get(folder, "")
    if real == "":
        found = os.path.realpath(folder)
        real = this_pass.real_folders[folder] = found if os.path.isdir(found) else None
    return os.path.normpath(os.path.join(real, relative)) if real is not None else joined


def file_text(path: str) -> str | None:
    """The text of the file at ``path`` (UTF-8, or UTF-16/UTF-32 by its byte-order mark:
    ``sources.decode_text``); None when it cannot be read or decoded."""
    there, _, stamp = _stamps(path, _RACY_NS)
    return _text(path, there, stamp)


def stamped_text(path: str, racy_ns: int) -> tuple[list[int] | None, str | None]:
    """``(stamp_of(path, racy_ns), file_text(path))`` from one ``os.stat``, the stamp taken
    before the file was read."""
    there, asked, stamp = _stamps(path, racy_ns)
    return asked, _text(path, there, stamp)


def _text(path: str, there: bool, stamp: list[int] | None) -> str | None:
    if not there:
        return None
    if stamp is not None:
        known = _texts.get(path)
        if known is not None and known[0] == stamp:
            return known[1]
    data = read_bytes_or_none(path)
    text = decode_text(data) if data is not None else None
    if stamp is not None and data is not None:
        _texts.keep(path, (stamp, text), len(data))
    return text


def forget() -> None:
    """Drop every text kept (the next read of each file reads it again)."""
    _texts.clear()
