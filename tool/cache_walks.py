"""The command line's walks of folders (tool/walk.py), kept in the result cache's folder, so
that a re-run on a tree none of whose folders changed does not walk it again.

A walk's result depends on the names in the folders it listed, on the ``.gitignore`` files
that applied (those it read in its folders, and those of the folders above: which of them
apply depends on where a ``.git`` is), and on the ``pyvenv.cfg`` of each folder it skipped as
a virtualenv. A folder's mtime changes whenever an entry is added to it, removed or renamed
(git's untracked cache relies on the same), and its ctime when its permissions change; a
mount on a folder gives it another inode. So a walk is kept with the stamp of each folder it
listed or skipped as a virtualenv (mtime, ctime, inode, device), the stamp of each
``.gitignore`` it depended on (size, mtime, ctime, inode, device; or its absence), and whether
each folder above holds a ``.git``; a re-run whose stamps are all the same gets the same files
without walking.

Not kept: a walk that met a symbolic link with a wanted name (its target may change in a
folder no stamp covers), an entry it could not examine, or a folder it could not list; and a
walk any of whose stamps changed in the racy window before it started (git's "racy" entries: a
change in the same clock tick as the stamp would leave the stamp as it was). A file's identity
(device and inode, for the run to process each file once) is kept with it: a file replaced
under its name changes its folder's mtime.

With the cache off (``--no-cache``) nothing is read or kept. A damaged or foreign record is a
walk.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from typing import Any

from . import cache
from .paths import REPOSITORY_MARKER, folders_up
from .walk import RACY_NS, OnError, WalkSeen, python_files
from .writing import write_private

RECORD_FORMAT = 1
FOLDER = "walks"
_RACY_NS = RACY_NS
_IGNORE_FILE = ".gitignore"

Identity = tuple  # ("inode", device, inode), or ("path", its real path) when it cannot be stat-ed


def file_identity(path: str) -> Identity:
    """What makes two spellings one file: device and inode (also for hard links)."""
    try:
        info = os.stat(path)
    except OSError:
        return ("path", os.path.realpath(path))
    return ("inode", info.st_dev, info.st_ino)


def python_files_with_identities(top: str, on_error: OnError) -> list[tuple[str, Identity]]:
    """``walk.python_files(top, on_error)``, each with its ``file_identity``: from the walk
    kept for ``top`` when none of its stamps changed."""
    if not cache.enabled():
        return [(path, file_identity(path)) for path in python_files(top, on_error)]
    record = _record_path(top)
    kept = _kept_walk(record, top)
    if kept is not None:
        return kept
    started = time.time_ns()
    repositories = _repositories_above(top)  # (before the walk: a .git made during it is seen)
    seen = WalkSeen()
    errors: list[tuple[str, str]] = []

    def noted(folder: str, reason: str) -> None:
        errors.append((folder, reason))
        on_error(folder, reason)

    found = [(path, file_identity(path)) for path in python_files(top, noted, seen=seen)]
    if not errors and not seen.unsure:
        stamps = _stamps_of(top, seen)
        if stamps["repositories"] == repositories and _settled(stamps, started):
            _keep(record, top, stamps, found)
    return found


def _record_path(top: str) -> str:
    spelled = json.dumps([top, os.path.abspath(top)])  # (files are spelled from top as given)
    name = hashlib.sha256(spelled.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return os.path.join(cache.version_folder(), FOLDER, name + ".json")


# -- stamps ------------------------------------------------------------------------------------

Stamps = dict[str, Any]  # "folders", "files": [[path, stamp or None]], "repositories": [[folder, holds .git]]


def _stamps_of(top: str, seen: WalkSeen) -> Stamps:
    above = list(folders_up(os.path.abspath(top)))
    return {
        "folders": [[folder, _folder_stamp(folder)] for folder in seen.folders + seen.virtualenvs],
        "files": [[path, _file_stamp(path)] for path in seen.gitignores + [os.path.join(f, _IGNORE_FILE) for f in above]],
        "repositories": _repositories_above(top),
    }


def _repositories_above(top: str) -> list[list[Any]]:
    """Whether each of ``top`` and the folders above it holds a ``.git``."""
    return [[folder, _holds_repository(folder)] for folder in folders_up(os.path.abspath(top))]


def _folder_stamp(path: str) -> list[int] | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return [info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


def _file_stamp(path: str) -> list[int] | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


def _holds_repository(folder: str) -> bool:
    return os.path.exists(os.path.join(folder, REPOSITORY_MARKER))


def _settled(stamps: Stamps, started: int) -> bool:
    """Whether every stamp was last changed before the racy window that ends when the walk
    started (a folder that could not be stat-ed is not settled)."""
    limit = started - _RACY_NS
    for folder, stamp in stamps["folders"]:
        if stamp is None or max(stamp[0], stamp[1]) >= limit:
            return False
    return all(stamp is None or max(stamp[1], stamp[2]) < limit for _, stamp in stamps["files"])


def _unchanged(stamps: Any) -> bool:
    if type(stamps) is not dict:
        return False
    folders, files, repositories = stamps.get("folders"), stamps.get("files"), stamps.get("repositories")
    if type(folders) is not list or type(files) is not list or type(repositories) is not list or not folders:
        return False
    return (
        all(_folder_stamp(path) == stamp for path, stamp in folders)
        and all(_file_stamp(path) == stamp for path, stamp in files)
        and all(_holds_repository(folder) is holds for folder, holds in repositories)
    )


# -- the record ----------------------------------------------------------------------------------


def _kept_walk(record: str, top: str) -> list[tuple[str, Identity]] | None:
    try:
        with open(record, "rb") as handle:
            data = json.loads(handle.read().decode("utf-8"))
        if type(data) is not dict or data.get("format") != RECORD_FORMAT or data.get("top") != top:
            return None
        if data.get("absolute") != os.path.abspath(top) or not _unchanged(data.get("stamps")):
            return None
        found = []
        for path, device, inode in data["files"]:
            if type(path) is not str or type(device) is not int or type(inode) is not int:
                return None
            found.append((path, ("inode", device, inode)))
        return found
    except Exception:  # absent, damaged, foreign: walk
        return None


def _keep(record: str, top: str, stamps: Stamps, found: list[tuple[str, Identity]]) -> None:
    if any(identity[0] != "inode" for _, identity in found):
        return  # (a file that could not be stat-ed: not kept)
    data = {
        "format": RECORD_FORMAT,
        "top": top,
        "absolute": os.path.abspath(top),
        "stamps": stamps,
        "files": [[path, identity[1], identity[2]] for path, identity in found],
    }
    try:
        os.makedirs(os.path.dirname(record), exist_ok=True)
        write_private(record, json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii"), prefix="walk-")
    except Exception:  # a read-only cache folder: walk again next time
        pass
