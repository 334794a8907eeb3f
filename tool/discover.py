"""Paths on the command line → the Python files to process.

Directories are walked honouring every ``.gitignore`` from the repository root down, and
skipping version-control folders, virtualenvs, ``node_modules``, ``build``, ``dist`` and
``__pycache__``. Symbolic links to directories are not followed (no loop can hang the walk),
nor links to files outside the walked tree; a file reached twice (given twice, through a
link or a hard link) is processed once. A file named explicitly is always processed,
whatever its name or ignore rules.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field

import pathspec

from .paths import repository_root

EXCLUDED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".eggs",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".flask-codemod-cache",
        "node_modules",
        "build",
        "dist",
        "__pycache__",
        "site-packages",
    }
)


@dataclass
class Discovery:
    files: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # paths that do not exist: a usage error
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): unreadable dirs


def _is_virtualenv(directory: str) -> bool:
    return os.path.isfile(os.path.join(directory, "pyvenv.cfg"))


class _IgnoreRules:
    """The .gitignore files that apply to one directory: (base dir, spec) pairs."""

    def __init__(self, rules: tuple[tuple[str, pathspec.PathSpec], ...] = ()) -> None:
        self.rules = rules

    def extended_with(self, directory: str) -> "_IgnoreRules":
        spec = _load_gitignore(directory)
        return _IgnoreRules(self.rules + ((directory, spec),)) if spec is not None else self

    def ignores(self, path: str, is_dir: bool) -> bool:
        ignored = False
        for base, spec in self.rules:
            relative = os.path.relpath(path, base)
            if relative.startswith(".."):
                continue
            relative = relative.replace(os.sep, "/") + ("/" if is_dir else "")
            result = spec.check_file(relative)
            if result.include is not None:
                ignored = result.include
        return ignored


def _load_gitignore(directory: str) -> pathspec.PathSpec | None:
    try:
        with open(os.path.join(directory, ".gitignore"), encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _rules_above(directory: str) -> _IgnoreRules:
    """The .gitignore files between the repository root and ``directory`` (inclusive)."""
    directory = os.path.abspath(directory)
    root = repository_root(directory)
    if root is None:
        chain = [directory]
    else:
        chain = []
        current = directory
        while True:
            chain.append(current)
            if current == root:
                break
            current = os.path.dirname(current)
        chain.reverse()
    rules = _IgnoreRules()
    for folder in chain:
        rules = rules.extended_with(folder)
    return rules


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
            _walk(given, add, found)
        elif os.path.lexists(given):
            found.errors.append((given, _why_not_a_file(given)))
        else:
            found.missing.append(given)
    return found


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _walk(top: str, add, found: Discovery) -> None:
    top_rules = _rules_above(top)
    real_top = os.path.realpath(top)
    stack: list[tuple[str, _IgnoreRules]] = [(top, top_rules)]
    while stack:
        directory, rules = stack.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            found.errors.append((directory, f"cannot list directory: {error.strerror or error}"))
            continue
        subdirectories = []
        for entry in entries:
            path = entry.path if directory != "." else entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name in EXCLUDED_DIRS or _is_virtualenv(entry.path):
                        continue
                    if rules.ignores(entry.path, is_dir=True):
                        continue
                    subdirectories.append(path)
                elif entry.name.endswith(".py") and entry.is_file():
                    # A link to a file outside the tree is not ours to rewrite (black agrees).
                    if entry.is_symlink() and not _inside(os.path.realpath(entry.path), real_top):
                        continue
                    if not rules.ignores(entry.path, is_dir=False):
                        add(path)
            except OSError:
                continue
        for sub in reversed(subdirectories):
            stack.append((sub, rules.extended_with(sub)))
