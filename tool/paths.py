"""Where things are: the root rules, found by one walk up the folders, and the two forms in
which the tool writes a path.

Every question of the kind "which folder is this file's ..." is answered here, and only here:

- ``repository_root``: the git work tree (the nearest folder holding ``.git``): where
  ``.gitignore`` files apply from, what ``--commit`` and ``--changed-since`` work on, the
  base of reports and patches, what a batch's repository is;
- ``project_root``: where the project-level edits go (``.env``, ``.env.example``,
  ``.gitignore``, declared requirements): the nearest folder with a project marker;
- ``cache_root``: where the result cache keeps a file's entries;
- ``config_folders``: the folders searched for a ``[tool.flask-codemod]`` table (tool/config.py).

They are the rules of today, kept as they were: each is one line over ``nearest`` (or
``folders_up``), so making them one rule is a change in this module alone.
"""

from __future__ import annotations

import os
from typing import Iterator, Sequence

REPOSITORY_MARKER = ".git"
PROJECT_MARKERS = (".git", "pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", ".env")
CACHE_DIR = ".flask-codemod-cache"
CACHE_MARKERS = (".git", "pyproject.toml", CACHE_DIR)


def folders_up(folder: str, *, within_repository: bool = False) -> Iterator[str]:
    """``folder`` (absolute) and the folders above it, nearest first; with
    ``within_repository``, the walk ends at the first folder that holds ``.git``."""
    current = os.path.abspath(folder)
    while True:
        yield current
        parent = os.path.dirname(current)
        if parent == current or within_repository and holds(current, (REPOSITORY_MARKER,)):
            return
        current = parent


def holds(folder: str, markers: Sequence[str]) -> bool:
    return any(os.path.exists(os.path.join(folder, marker)) for marker in markers)


def nearest(folder: str, markers: Sequence[str]) -> str | None:
    """The nearest of ``folder`` and the folders above it that holds one of ``markers``."""
    return next((current for current in folders_up(folder) if holds(current, markers)), None)


def folder_of(path: str) -> str:
    """``path`` itself when it is a folder, else the folder it is in (absolute)."""
    path = os.path.abspath(path)
    return path if os.path.isdir(path) else os.path.dirname(path)


def repository_root(path: str) -> str | None:
    """The git work tree of ``path`` (a file or a folder), or None outside a repository."""
    return nearest(folder_of(path), (REPOSITORY_MARKER,))


def is_repository(folder: str) -> bool:
    """Whether ``folder`` is the root of a git work tree."""
    return os.path.isdir(folder) and holds(folder, (REPOSITORY_MARKER,))


def project_root(file_path: str) -> str:
    """The folder a file's project-level edits go to: the nearest folder above ``file_path``
    that looks like a project root; the file's own folder when none does."""
    folder = os.path.dirname(os.path.abspath(file_path))
    return nearest(folder, PROJECT_MARKERS) or folder


def cache_root(file_path: str) -> str | None:
    """The folder whose ``.flask-codemod-cache`` holds ``file_path``'s entries; None for a
    file in no project (it is not cached)."""
    return nearest(os.path.dirname(os.path.abspath(file_path)), CACHE_MARKERS)


def config_folders(path: str) -> Iterator[str]:
    """The folders whose ``pyproject.toml`` may configure ``path``, nearest first, up to the
    root of its git work tree."""
    return folders_up(folder_of(path), within_repository=True)


def report_base(paths: Sequence[str]) -> str:
    """What report and patch paths are relative to: the git work tree when every path is
    inside the same one, else the current folder."""
    roots = {repository_root(p) for p in paths}
    if len(roots) == 1 and None not in roots:
        return roots.pop()  # type: ignore[return-value]
    return os.getcwd()


def relative_to(path: str, base: str) -> str:
    """``path`` relative to ``base``, with ``/`` separators (patches, reports, commits)."""
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
    return relative.replace(os.sep, "/")


def display_path(path: str) -> str:
    """``path`` as the terminal shows it: relative to the current folder when it is below it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative
