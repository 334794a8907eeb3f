"""Paths on the command line → the Python files to process.

Directories are walked as tool/walk.py says (every ``.gitignore`` from the repository root
down; version-control folders, virtualenvs, ``node_modules``, ``bower_components``, ``build``, ``dist``,
``__pycache__`` and folders of vendored libraries skipped; no symbolic link to a folder followed). A file reached twice (given
twice, through a link or a hard link) is processed once. A file named explicitly is always
processed, whatever its name or ignore rules. A folder's walk is kept in the result cache
(tool/cache_walks.py) while none of its folders changes.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field

from .cache_walks import file_identity, python_files_with_identities


@dataclass
class Discovery:
    files: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # paths that do not exist: a usage error
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): unreadable dirs


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

    def add(path: str, key: tuple) -> None:
        if key not in seen:
            seen.add(key)
            found.files.append(path)

    for given in paths:
        if os.path.isfile(given):
            add(given, file_identity(given))
        elif os.path.isdir(given):
            for path, key in python_files_with_identities(given, lambda folder, reason: found.errors.append((folder, reason))):
                add(path, key)
        elif os.path.lexists(given):
            found.errors.append((given, _why_not_a_file(given)))
        else:
            found.missing.append(given)
    return found

