"""Paths on the command line → the Python files to process.

Directories are walked as tool/walk.py says (every ``.gitignore`` from the repository root
down; version-control folders, virtualenvs, ``node_modules``, ``build``, ``dist`` and
``__pycache__`` skipped; no symbolic link to a folder followed). A file reached twice (given
twice, through a link or a hard link) is processed once. A file named explicitly is always
processed, whatever its name or ignore rules.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field

from .walk import python_files


@dataclass
class Discovery:
    files: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # paths that do not exist: a usage error
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): unreadable dirs


def _identity(path: str) -> tuple:
    """What makes two spellings one file: device and inode (also for hard links)."""
    try:
        info = os.stat(path)
    except OSError:
        return ("path", os.path.realpath(path))
    return ("inode", info.st_dev, info.st_ino)


def _why_not_a_file(path: str) -> str:
    """The reason ``path`` (which exists as a name) is neither a file nor a directory."""
    try:
        info = os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop"
        if os.path.islink(path):
            return "broken symbolic link"
        return f"cannot read: {error.strerror or error}"
    if stat.S_ISFIFO(info.st_mode):
        return "not a regular file (a named pipe)"
    if stat.S_ISSOCK(info.st_mode):
        return "not a regular file (a socket)"
    return "not a regular file"


def discover(paths: list[str]) -> Discovery:
    found = Discovery()
    seen: set[tuple] = set()

    def add(path: str) -> None:
        key = _identity(path)
        if key not in seen:
            seen.add(key)
            found.files.append(path)

    for given in paths:
        if os.path.isfile(given):
            add(given)
        elif os.path.isdir(given):
            for path in python_files(given, on_error=lambda folder, reason: found.errors.append((folder, reason))):
                add(path)
        elif os.path.lexists(given):
            found.errors.append((given, _why_not_a_file(given)))
        else:
            found.missing.append(given)
    return found

