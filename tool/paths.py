"""Where things are: the root rules, found by one walk up the folders, and the two forms in
which the tool writes a path.

Every question of the kind "which folder is this file's ..." is answered here, and only here,
for each file the same way, wherever the run starts:

- ``repository_root``: the git work tree (the nearest folder holding ``.git``): where
  ``.gitignore`` files apply from, what ``--commit`` and ``--changed-since`` work on, the
  base of reports and patches, what a batch's repository is, and the outer bound of the
  other rules;
- ``project_root``: the file's project, where its project-level edits go (``.env``,
  ``.env.example``, ``.gitignore``, declared requirements), the Flask version it targets is
  read, and what its result cache entries are kept under (see ``project_root``);
- ``user_cache_dir``: where the result cache lives, outside every project;
- ``config_folders``: the folders whose ``pyproject.toml`` may hold the file's
  ``[tool.flask-codemod]`` table (the nearest table wins: tool/config.py).
"""

from __future__ import annotations

import contextlib
import os
import re
from typing import Iterator, Sequence

import platformdirs

REPOSITORY_MARKER = ".git"
# A folder holding one of these is a Python project (a setup.py only when it is a packaging
# script: pgAdmin's web/setup.py, which creates a database, is not).
PROJECT_FILES = ("pyproject.toml", "setup.cfg")
SETUP_SCRIPT = "setup.py"
REQUIREMENTS_FILE = "requirements.txt"
PACKAGE_MARKER = "__init__.py"
CACHE_DIR_VARIABLE = "FLASK_CODEMOD_CACHE_DIR"


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
    """The project of a file: where its project-level edits go.

    Looking from the file's folder up to the root of its git work tree (the outer bound; no
    bound outside a repository):

    1. the nearest folder that is a Python project: it holds a ``pyproject.toml`` or
       ``setup.cfg`` with project metadata (not only other tools' settings: a subfolder's
       ``setup.cfg`` of ``[flake8]`` makes no project), or a ``setup.py`` that is a packaging
       script (it uses setuptools or distutils);
    2. else the outermost folder that holds ``requirements.txt`` (inside a repository; the
       nearest outside one): a requirements file in a subfolder of another
       (``etc/requirements.txt``) does not make a project of its own;
    3. else the root of the git work tree;
    4. else (outside a repository) the file's own folder, or, for a module of a package, the
       folder that holds its outermost package (a package is never a project of its own:
       ``pkg/db.py`` imports ``pkg.models``, which only the folder above can spell).

    Other files (``.env``, ``.gitignore``, ``package.json``, a ``setup.py`` that is a
    script, a ``setup.cfg`` or ``pyproject.toml`` of tool settings only) never make a folder a project: a subfolder holding them is part of the project
    above it.
    """
    folder = os.path.dirname(os.path.abspath(file_path))
    if _roots is None:
        return _project_root_of_folder(folder)
    root = _roots.get(folder)
    if root is None:
        root = _roots[folder] = _project_root_of_folder(folder)
    return root


_roots: dict[str, str] | None = None  # folder -> its project root, within project_roots_remembered
_facts: dict[str, tuple[bool, bool, bool]] | None = None  # folder -> _folder_facts, within it too


@contextlib.contextmanager
def project_roots_remembered() -> Iterator[None]:
    """Within the block, ``project_root`` finds each folder's project once: for a part of a
    run that creates no project file (no ``pyproject.toml``, ``setup.cfg``, ``setup.py``,
    ``requirements.txt``, ``__init__.py`` or ``.git`` appears or goes)."""
    global _roots, _facts
    outer = _roots, _facts
    if _roots is None:
        _roots, _facts = {}, {}
    try:
        yield
    finally:
        _roots, _facts = outer


def remember_project_roots_afresh() -> None:
    """``project_roots_remembered`` from now on, forgetting what was remembered: for a worker
    process at the start of each pass it works for (a pass creates no project file)."""
    global _roots
    _roots = {}


def _project_root_of_folder(folder: str) -> str:
    chain: list[tuple[str, tuple[bool, bool, bool]]] = []  # up to the root of the work tree
    for current in folders_up(folder):
        chain.append((current, _folder_facts(current)))
        if chain[-1][1][2]:
            break
    for current, (python_project, _, _) in chain:
        if python_project:
            return current
    with_requirements = [current for current, (_, requirements, _) in chain if requirements]
    bounded = chain[-1][1][2]
    if with_requirements:
        return with_requirements[-1] if bounded else with_requirements[0]
    if bounded:
        return chain[-1][0]
    while holds(folder, (PACKAGE_MARKER,)) and os.path.dirname(folder) != folder:
        folder = os.path.dirname(folder)
    return folder


def _folder_facts(folder: str) -> tuple[bool, bool, bool]:
    """Whether ``folder`` is a Python project, holds ``requirements.txt``, holds ``.git``:
    within ``project_roots_remembered``, found once per folder (the folders above the files
    of a run are shared by many)."""
    known = _facts.get(folder) if _facts is not None else None
    if known is None:
        known = (is_python_project(folder), holds(folder, (REQUIREMENTS_FILE,)), holds(folder, (REPOSITORY_MARKER,)))
        if _facts is not None:
            _facts[folder] = known
    return known


# The sections or tables that hold a project's metadata (what it is, what it needs, how it is
# built), by file; a file of other tools' settings only (``[flake8]``, ``[tool:pytest]``,
# ``[tool.black]``) declares no project.
_PROJECT_TABLES = {
    "pyproject.toml": re.compile(rb"(?m)^[ \t]*\[[ \t]*(?:project|build-system|tool\.poetry)[ \t]*[\].]"),
    "setup.cfg": re.compile(rb"(?m)^[ \t]*\[[ \t]*(?:metadata|options)[ \t]*[\].]"),
}


def is_python_project(folder: str) -> bool:
    """Whether ``folder`` holds a project file (rule 1 of ``project_root``): a
    ``pyproject.toml`` or ``setup.cfg`` that holds project metadata, or a packaging script."""
    if any(_declares_a_project(os.path.join(folder, name), name) for name in PROJECT_FILES):
        return True
    head = _head_of(os.path.join(folder, SETUP_SCRIPT), 64 * 1024)
    return head is not None and (b"setuptools" in head or b"distutils" in head)


def _declares_a_project(path: str, name: str) -> bool:
    """Whether the file ``name`` at ``path`` holds project metadata (``[project]``,
    ``[build-system]``, Poetry's table; ``[metadata]`` or ``[options]`` of setup.cfg). One
    that cannot be read counts, as any file of that name did before it was read."""
    if not os.path.lexists(path):
        return False
    text = _head_of(path, 1024 * 1024)
    return text is None or _PROJECT_TABLES[name].search(text) is not None


def _head_of(path: str, size: int) -> bytes | None:
    """The first ``size`` bytes of the regular file at ``path``; None when there is no such
    file or it cannot be read (a FIFO or a device by that name is never opened)."""
    if not os.path.isfile(path):
        return None
    try:
        with open(path, "rb") as handle:
            return handle.read(size)
    except OSError:
        return None


def user_cache_dir() -> str:
    """Where the result cache lives: ``$FLASK_CODEMOD_CACHE_DIR`` when set, else the user's
    cache directory (platformdirs: ``~/.cache/flask-codemod`` on Linux,
    ``~/Library/Caches/flask-codemod`` on macOS), never inside the project."""
    chosen = os.environ.get(CACHE_DIR_VARIABLE, "").strip()
    return os.path.abspath(os.path.expanduser(chosen)) if chosen else platformdirs.user_cache_dir("flask-codemod", appauthor=False)


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
