"""The walk over a folder: which files the tool sees below it.

One rule, used by both readers of a folder tree: the command line's walk of the folders it is
given (tool/discover.py, Python files) and the listing of a project's files that codemods may
ask for (``Context.project_files``, served by tool/pipeline.py).

- Every ``.gitignore`` applies, from the repository root down to the folder walked.
- Version-control folders, virtualenvs (any folder holding ``pyvenv.cfg``), tool caches,
  the folders front-end package managers install into (``node_modules``, Bower's
  ``bower_components``), ``build``, ``dist``, ``__pycache__`` and ``site-packages`` are skipped.
- Copies of libraries the project ships (vendored) are skipped: a folder below the walked one
  that holds a copy of Flask or Werkzeug (``lib/flask/``, ``lib/werkzeug/``: the package, its
  app, context and globals modules, or its server and WSGI modules) is a vendor folder, as
  Google App Engine's ``lib/`` is, and nothing in it is the project's code to rewrite (its
  other packages are copies too); where the walked folder itself holds such a copy, only the
  copy is skipped. So is a folder the project names as one of copies (``_vendor``, ``vendor``,
  ``third_party``) whose modules import nothing of the project's own code outside it
  (tool/folders_of_copies.py: graphite-api's ``graphite_api/_vendor/whisper.py``), and a
  repository of another project copied whole into such a folder or ``lib/`` (packaged on its
  own, with a CI configuration only a repository's root has: parked's ``lib/airtable_wrapper/``).
  So are the
  packages and modules an installer's record in their folder lists (``pip install -t lib``:
  a ``*.dist-info/RECORD`` or ``*.egg-info/installed-files.txt``, tool/installed_copies.py).
- Symbolic links to folders are not followed (no loop can hang the walk), nor links to files
  outside the walked tree.
"""

from __future__ import annotations

import os
import time
from typing import Callable, Iterator

from . import pass_stats
from .codemods._vendored_copies import named_for_copies
from .folders_of_copies import is_copied_repository, is_folder_of_copies
from .installed_copies import holds_records, installed_entries
from .gitignore_rules import IgnoreRules, rules_above
from .paths import folders_up, repository_root

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
        "bower_components",  # Bower's node_modules (kuiper's static/bower_components: a map converter script)
        "build",
        "dist",
        "__pycache__",
        "site-packages",
    }
)

# (folder, reason) for a folder that could not be listed
OnError = Callable[[str, str], None]

# A library's package, known by modules no project of its own would hold together (Flask
# from 0.9 on, Werkzeug from 0.x to 3.x): its folder is a vendored copy.
_LIBRARY_COPIES = {
    "flask": ("__init__.py", "app.py", "ctx.py", "globals.py"),
    "werkzeug": ("__init__.py", "serving.py", "wsgi.py", "exceptions.py"),
}


def _library_copies(directory: str, names: set[str]) -> list[str]:
    """The entries of ``directory`` (whose entry names are ``names``) that are copies of a
    library of ``_LIBRARY_COPIES``: a folder with that library's name and modules."""
    return [
        name
        for name, modules in _LIBRARY_COPIES.items()
        if name in names and all(os.path.isfile(os.path.join(directory, name, module)) for module in modules)
    ]


def _copies(top: str, folder: str, seen: WalkSeen | None) -> bool:
    """Whether ``folder`` is a folder of other projects' code (tool/folders_of_copies.py),
    the folders read for it noted in ``seen``."""
    read: list[str] = []
    copies = is_folder_of_copies(top, os.path.realpath(folder), read)
    if seen is not None:
        seen.folders.extend(read)
    return copies


def _is_virtualenv(directory: str) -> bool:
    return os.path.isfile(os.path.join(directory, "pyvenv.cfg"))


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def is_python(name: str) -> bool:
    return name.endswith(".py")


class WalkSeen:
    """What a walk's result depended on besides the ``.gitignore`` files above ``top``: each
    folder it listed and each ``.gitignore`` it read in them (absolute paths), each folder it
    skipped as a virtualenv (its ``pyvenv.cfg`` decided), and whether it met something whose
    answer no folder's stamp holds (a symbolic link with a wanted name: its target may change
    anywhere; an entry that could not be examined)."""

    def __init__(self) -> None:
        self.folders: list[str] = []
        self.gitignores: list[str] = []
        self.virtualenvs: list[str] = []
        self.unsure = False


def walk_files(
    top: str,
    on_error: OnError | None = None,
    *,
    wanted: Callable[[str], bool] = is_python,
    seen: WalkSeen | None = None,
) -> Iterator[str]:
    """The files below folder ``top`` whose name is ``wanted`` (Python files by default), in a
    stable order (each folder's entries by name, depth first), spelled from ``top`` as given
    (``top`` itself left out when it is ``.``). ``on_error`` hears of each folder that could
    not be listed; ``seen`` (when given) notes what the walk depended on."""
    real_top = os.path.realpath(top)
    # (the folder as spelled from top, the same as an absolute path, the rules that apply in
    # it, whether they include its own .gitignore: those of its parent, until it is listed)
    stack: list[tuple[str, str, IgnoreRules, bool]] = [(top, os.path.abspath(top), rules_above(top), True)]
    while stack:
        directory, absolute, rules, complete = stack.pop()
        if seen is not None:
            seen.folders.append(absolute)
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            if on_error is not None:
                on_error(directory, f"cannot list directory: {error.strerror or error}")
            continue
        if directory != top and is_copied_repository(os.path.basename(os.path.dirname(absolute)), {entry.name for entry in entries}):
            continue  # another project's repository, copied into the project's folder of libraries
        copies = _library_copies(absolute, {entry.name for entry in entries if entry.name in _LIBRARY_COPIES})
        if copies:
            if seen is not None:  # their modules decided: a change in these folders changes their mtime
                seen.folders.extend(os.path.join(absolute, name) for name in copies)
            if directory != top:
                continue  # a vendor folder: every package in it is a copy
            entries = [entry for entry in entries if entry.name not in copies]
        if holds_records(entry.name for entry in entries):  # libraries pip installed here (``-t lib``)
            installed = installed_entries(absolute, [entry.name for entry in entries])
            if seen is not None:  # their records decided: a new install changes their folders' mtime
                seen.folders.extend(entry.path for entry in entries if holds_records((entry.name,)))
            entries = [entry for entry in entries if entry.name not in installed]
        if not complete and any(entry.name.lower() == ".gitignore" for entry in entries):
            rules = rules.extended_with(absolute)  # (a folder without one: nothing to read)
            if seen is not None:
                seen.gitignores.append(os.path.join(absolute, ".gitignore"))
        subdirectories = []
        within = os.path.join(absolute, "")  # + an entry's name: os.path.join(absolute, name), once per folder
        for entry in entries:
            path = entry.path if directory != "." else entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name in EXCLUDED_DIRS:
                        continue
                    if named_for_copies(entry.name) and _copies(real_top, within + entry.name, seen):
                        continue  # a folder of other projects' code (``_vendor/``)
                    if _is_virtualenv(entry.path):
                        if seen is not None:
                            seen.virtualenvs.append(within + entry.name)
                        continue
                    if rules.ignores(within + entry.name, is_dir=True):
                        continue
                    subdirectories.append((path, within + entry.name))
                elif wanted(entry.name):
                    if entry.is_symlink() and seen is not None:
                        seen.unsure = True  # (its target, wherever it is, decides)
                    if not entry.is_file():
                        continue
                    # A link to a file outside the tree is not ours to rewrite (black agrees).
                    if entry.is_symlink() and not _inside(os.path.realpath(entry.path), real_top):
                        continue
                    if not rules.ignores(within + entry.name, is_dir=False):
                        yield path
            except OSError:
                if seen is not None:
                    seen.unsure = True
                continue
        for sub, sub_absolute in reversed(subdirectories):
            stack.append((sub, sub_absolute, rules, False))


def python_files(top: str, on_error: OnError | None = None, *, seen: WalkSeen | None = None) -> Iterator[str]:
    """The Python files below folder ``top`` (see walk_files): the command line's walk."""
    return walk_files(top, on_error, seen=seen)


# A project holds at most this many files worth listing (a bound for a tree that is mostly
# data): the listing stops there.
MAX_PROJECT_FILES = 20000
RACY_NS = 3 * 10**9  # a change this recent may be followed by another in the same clock tick
# root -> (the folders and .gitignore files the listing depends on, with their mtimes; the listing)
_LISTINGS: dict[str, tuple[tuple[tuple[str, int], ...], tuple[str, ...]]] = {}


def project_listing(root: str) -> tuple[str, ...]:
    """Every file of the project at ``root`` (any kind: modules, a Procfile, settings files),
    relative to it with ``/`` separators, sorted; walked as the command line walks folders.

    Remembered per root while no folder of it (nor a ``.gitignore``) changes: every file a
    codemod transforms may ask, and a folder's mtime changes whenever an entry is added,
    removed or renamed in it. Within a pass (tool/pass_stats.py), checked once per root."""
    root = os.path.abspath(root)
    remembered = _LISTINGS.get(root)
    this_pass = pass_stats.current()  # in a pass, checked once (tool/pass_stats.py)
    checked = this_pass.listings_checked if this_pass is not None else set()
    if remembered is not None and (root in checked or stamps_unchanged(remembered[0])):
        checked.add(root)
        return remembered[1]
    files: list[str] = []
    seen = WalkSeen()
    folders = seen.folders
    # the walk spells each file as ``os.path.join(root, relative)`` (``root``: absolute,
    # normalised): what follows the prefix is its ``os.path.relpath`` from ``root``
    prefix = len(os.path.join(root, ""))
    for path in walk_files(root, wanted=lambda name: True, seen=seen):
        if len(files) >= MAX_PROJECT_FILES:
            break
        files.append(path[prefix:].replace(os.sep, "/"))
    above = list(folders_up(root, within_repository=True))[1:] if repository_root(root) else []
    watched = sorted(folders) + [os.path.join(folder, ".gitignore") for folder in sorted(folders) + above]
    stamps = tuple((path, _mtime(path)) for path in watched)
    listing = tuple(sorted(files))
    # A folder changed in the last seconds may change again within its clock's tick, leaving
    # its mtime as it was (git's "racy" entries): such a listing is not remembered.
    if stamps and max(stamp for _, stamp in stamps) < time.time_ns() - RACY_NS:
        _LISTINGS[root] = (stamps, listing)
        checked.add(root)
    else:
        _LISTINGS.pop(root, None)
        checked.discard(root)
    return listing


Stamps = tuple[tuple[str, int], ...]


def forget_listings() -> None:
    """Drop every remembered listing (a batch that moves on to other projects: the next
    asker walks again)."""
    _LISTINGS.clear()


def listing_stamps(root: str, listing: tuple[str, ...] | None = None) -> Stamps | None:
    """What the listing of ``root`` that ``project_listing`` last gave depends on: each folder
    walked and each ``.gitignore`` that applies, with its mtime (nanoseconds; -1: absent);
    None when that listing was not remembered (a folder changed in the last seconds), or is
    not ``listing`` (when given)."""
    remembered = _LISTINGS.get(os.path.abspath(root))
    if remembered is None or listing is not None and remembered[1] != listing:
        return None
    return remembered[0]


def stamps_unchanged(stamps: Stamps) -> bool:
    """Whether no folder or ``.gitignore`` of ``stamps`` changed since: then the listing they
    came with is still the project's."""
    return all(_mtime(path) == stamp for path, stamp in stamps)


def _mtime(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return -1
