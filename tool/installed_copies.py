"""Libraries installed into a folder of the project, known by the records the installer left
beside them (tool/walk.py skips them).

``pip install -t lib`` (App Engine's way, and anyone's who ships dependencies in the tree)
writes each distribution's files into the folder and, beside them, its record of what it
wrote: ``<name>-<version>.dist-info/RECORD`` (paths relative to the folder, first field of
each line), or for an old setuptools install ``<name>-<version>.egg-info/installed-files.txt``
(paths relative to the egg-info folder, so ``../package/module.py``). An entry of the folder
that such a record names (the first part of a listed path) is a copy of another project: the
next install overwrites it.

What is not a record of installed files: the ``*.egg-info`` a develop install (``pip install
-e .``) writes for the project itself holds ``SOURCES.txt`` and ``top_level.txt`` only, so the
project's own package is never taken for a copy; a record's path that leaves the folder
(a script in ``../../bin``) names nothing in it.

Read from the disk, as text; nothing imported.
"""

from __future__ import annotations

import os
from typing import Iterable

_RECORDS = ((".dist-info", "RECORD", ""), (".egg-info", "installed-files.txt", ".."))


def holds_records(names: Iterable[str]) -> bool:
    """Whether a folder with these entry names may hold installers' records (cheap: names)."""
    return any(name.endswith((".dist-info", ".egg-info")) for name in names)


def installed_entries(directory: str, names: Iterable[str]) -> set[str]:
    """The entries of ``directory`` (whose entry names are ``names``) that a record of
    installed files there names: packages and modules written by an installer."""
    names = set(names)
    installed: set[str] = set()
    for name in names:
        for suffix, record, prefix in _RECORDS:
            if name.endswith(suffix):
                installed.update(_first_parts(os.path.join(directory, name, record), prefix))
    return installed & names - {name for name in names if name.endswith((".dist-info", ".egg-info"))}


def _first_parts(record: str, prefix: str) -> set[str]:
    """The first part of each path ``record`` lists that lies in the folder holding the
    record's folder: for a path relative to that folder (``prefix`` empty), its first part;
    for one relative to the record's folder, the part after one leading ``..``."""
    try:
        with open(record, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return set()
    parts = set()
    for line in lines:
        path = line.split(",", 1)[0].strip().replace("\\", "/")
        pieces = [piece for piece in path.split("/") if piece not in ("", ".")]
        if prefix:
            if len(pieces) < 2 or pieces[0] != prefix:
                continue
            pieces = pieces[1:]
        if pieces and pieces[0] != "..":
            parts.add(pieces[0])
    return parts
