"""http-timeout: the projects nested inside a project, whose waits are not its own.

A folder is a project when it holds a project file (rule 1 of ``tool/paths.project_root``,
read the same way here): a ``pyproject.toml`` or ``setup.cfg`` with project
metadata, or a ``setup.py`` that uses setuptools or distutils. Its files are listed with the
project above it (the walk lists every file below a root), but what they do is their own
project's: DFIR Kuiper vendors volatility3 in ``kuiper/app/parsers/vol_Parser/`` (its own
``setup.py``), whose ``development/compare-vol.py`` runs ``subprocess.run(..., timeout=420)``;
that wait became the timeout written on Kuiper's own health push, as if Kuiper waited it.

Read through the reader (``project_files``, ``read_file``), so the result cache sees it.
"""

from __future__ import annotations

import re
from typing import Any

from ._project_answers import remembered

# The sections or tables that hold a project's metadata, by file, as tool/paths reads them
PROJECT_TABLES = {
    "pyproject.toml": r"(?m)^[ \t]*\[[ \t]*(?:project|build-system|tool\.poetry)[ \t]*[\].]",
    "setup.cfg": r"(?m)^[ \t]*\[[ \t]*(?:metadata|options)[ \t]*[\].]",
}
SETUP_SCRIPT = "setup.py"
# what a packaging ``setup.py`` names (one that names neither is a module of the app)
PACKAGING_LIBRARIES = ("setuptools", "distutils")

_TABLES = {name: re.compile(pattern) for name, pattern in PROJECT_TABLES.items()}


def nested_project_folders(reader: Any) -> tuple[str, ...]:
    """The folders below the project's root (``"vendor/lib/"``, with their ``/``) that are
    projects of their own, kept per project (``_project_answers``); none without a listing."""
    return remembered(reader, ("projects nested in the project",), _nested)


def in_nested_project(path: str, folders: tuple[str, ...]) -> bool:
    """Whether ``path`` (from the project's root) lies in one of ``folders``."""
    return any(path.startswith(folder) for folder in folders)


def _nested(reader: Any) -> tuple[str, ...]:
    listing = reader.project_files()
    if listing is None:
        return ()
    found = set()
    for path in listing.every_file:
        folder, _, name = path.rpartition("/")
        if not folder or (name not in _TABLES and name != SETUP_SCRIPT):
            continue
        text = reader.read_file(listing.relative(path))
        if _declares(name, text):
            found.add(folder + "/")
    return tuple(sorted(found))


def _declares(name: str, text: str | None) -> bool:
    """As ``tool/paths.is_python_project`` reads the file: a metadata file that cannot be
    read counts, a ``setup.py`` that cannot be read does not."""
    if name == SETUP_SCRIPT:
        return text is not None and any(library in text for library in PACKAGING_LIBRARIES)
    return text is None or _TABLES[name].search(text) is not None
