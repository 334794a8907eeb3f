"""The versions of a library a project declares it runs with, and whether it declares the
library at all.

An upgrade rewrite whose new form needs a library release (``sqlalchemy.orm.declarative_base``
needs SQLAlchemy 1.4) is made only when every release the project allows has it. What the
project allows is read from the files it declares its dependencies in, through
``ctx.read_file`` (nothing is installed, imported or run):

- the runtime requirements lists, as the Flask target reads them (``tool/target.py``): the
  folder's ``requirements*.txt`` and ``requirements*.in`` and every list below its
  ``requirements/`` (``requirements/kozmic.txt``, one list per Python or system,
  ``requirements/python3/requirements.txt``), found in the project's listing (the well-known
  names, ``requirements.txt``, ``requirements/base.txt`` ..., without one), but not the
  development and test lists by their names (``requirements-dev.txt``, ``requirements/test.txt``):
  one PEP 508 requirement a line, and the lists they include (``-r base.txt``, ``-c constraints.txt``);
- ``setup.cfg`` and ``setup.py`` (a literal list, or a literal string split into lines, never
  run): ``install_requires``;
- ``pyproject.toml``: ``[project] dependencies`` and Poetry's ``[tool.poetry.dependencies]``;
- App Engine's ``app.yaml`` (python27 runtime): the releases its ``libraries:`` section has
  the runtime provide (``_app_engine_libraries``), pinned as a lock pins;
- ``Pipfile``'s ``[packages]``, and the lock files ``Pipfile.lock`` (its ``default``
  packages) and ``poetry.lock``, each beside what it locks (``_dependency_files.lock_in_use``);
- the lists the project's own commands install, whatever their names (``pip install -r
  etc/reqs.txt`` in a Makefile, a Dockerfile, tox.ini, .travis.yml: ``_install_commands``).
- where no folder's files name the library, the pins the project's setup scripts install
  (``pip install flask==0.9`` in a ``bootstrap.sh`` a Vagrantfile runs: ``_setup_scripts``);
- whatever the files say, a copy of the library the project ships in a vendor folder at its
  root (``lib/sqlalchemy/__init__.py`` with ``__version__ = '0.7.4'``, ``_vendored_copies``):
  the code imports that copy, so its release counts as one more declaration.

Each kind is parsed by ``_dependency_files``, as it is for the target Flask version, and a
lock decides as it says there: where a lock of a folder (those two, a constraints file, a
list pip-compile or uv compiled from the ``.in`` beside it) names the library, its pins alone
are the releases the project runs (an install gets them), whatever the declaration admits.

They are looked for next to the transformed file, then one folder up at a time up to the
project's root (the folder ``ctx.project_files()`` lists from; ``FOLDERS_UP`` folders when the
tool lists no project): the first folder whose files name the library holds the project's
declaration. A file above the root belongs to no project of this one: a monorepo's folder, a
parent checkout. As for the target Flask
version, the release that counts is the **lowest** one a declaration allows (``>=1.3,<1.5`` →
1.3: the code must run there); a declaration with no lower bound allows the newest release
it admits (``SQLAlchemy<1.4`` admits nothing from 1.4 on).

The releases a project can get are also those that install on every Python it declares
(``_declared_python``; ``_python_support`` holds, per library, the newest release pip installs
on each Python): where the project declares Python 3.4, an unpinned or lower-bounded
``SQLAlchemy`` gets 1.3.24 at most, and a form new in 1.4 is held back as it is for a project
that pins 1.3 (``_declared_releases.older_release``). A declaration whose lowest release is
already new enough (``SQLAlchemy>=1.4``) is taken at its word, whatever its Python: it
installs nothing older.
A library the project does not declare is held back the same way (it gets what pip installs).
So is a library whose companion the project pins below the companion's first release that
runs with the new one (``Flask-SQLAlchemy==2.1`` and an unpinned SQLAlchemy: older than 1.4;
``_companion_limits``).
A library a setup script of the project installs from the system's packages (``apt-get
install python-sqlalchemy``, or an RPM spec's ``Requires: python-wtforms``), and no
declaration bounds from below, may be any release the system ships, the oldest included: a
form new in a release is held back there too, unless the image a Dockerfile builds on names
a system whose release of it is known to have the form (``FROM fedora:24``: WTForms 2.0;
``_system_releases``).

Whether a project depends on a library at all is asked of the same files, the locks left out
(``locks=False``): they list what an install may pull in, not what the project chose (a
compiled list's ``.in`` source is read in its place); so are the development and test lists a
command installs (the code runs under them, the app does not need them).
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Iterable, Iterator, NamedTuple

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from ._dependency_files import (
    CONSTRAINTS,
    LOCKS,
    NAMED_KINDS,
    PROVIDED,
    REQUIREMENTS,
    as_installed,
    included_lists,
    is_compiled_list,
    lock_in_use,
    source_list,
    specifiers_in,
)
from ._install_commands import COMMAND_FILES, development_list, installed_lists
from ._code_kinds import SETUP_SCRIPT
from ._setup_read_lists import setup_read_lists
from ._setup_scripts import script_pins
from ._vendored_copies import Copy, vendored_copies

if TYPE_CHECKING:
    from ._base import Context

# a release series (major, minor), or a release (major, minor, micro) where the series is too coarse
Release = tuple[int, ...]

# how many folders above the transformed file's are searched
FOLDERS_UP = 4
REQUIREMENTS_FILES = (
    "requirements.txt",
    "requirements.in",
    "requirements/base.txt",
    "requirements/common.txt",
    "requirements/main.txt",
    "requirements/prod.txt",
    "requirements/production.txt",
)
# Each file read in a folder, with its kind. Every kind _dependency_files parses; of the
# requirements files, the runtime lists by their usual names (ctx.read_file reads a name, not
# a pattern): the others the project's listing names (``_listed_lists``).
_FILES = tuple((name, REQUIREMENTS) for name in REQUIREMENTS_FILES) + tuple((name, name) for name in NAMED_KINDS)
_LIST_SUFFIXES = (".txt", ".in")


class Declared(NamedTuple):
    """What one dependency file gives for one library."""

    file: str  # spelled with the folder prefix ``ctx.read_file`` takes
    distribution: str
    specifiers: list[SpecifierSet]
    pins: bool  # a lock: what an install gets (see ``_dependency_files.as_installed``)


def declarations(
    ctx: Context, folder: str, distributions: Iterable[str], *, locks: bool = True, development: bool = True
) -> Iterator[Declared]:
    """What each dependency file in ``folder`` gives for each of ``distributions`` it names,
    in the order the files are read. ``folder``: a prefix as ``ctx.read_file`` takes it
    (``""``, ``"../"``). ``locks=False`` leaves the locks out: what the project chose;
    ``development=False`` the development and test lists its commands install: what installs
    the app."""
    files = [*_FILES]
    seen = {name for name, _kind in files}
    for name in _listed_lists(ctx, folder):
        if name not in seen:
            seen.add(name)
            files.append((name, REQUIREMENTS))
    for name in _commanded_lists(ctx, folder, chosen_only=not (locks and development)):
        if name not in seen:
            seen.add(name)
            files.append((name, REQUIREMENTS))
    for name, kind in files:  # grows by the lists a requirements file includes or is compiled from
        if kind in LOCKS and not locks:
            continue
        text = ctx.read_file(folder + name)
        if not text or not lock_in_use(kind, lambda beside: ctx.read_file(folder + beside)):
            continue
        pins = kind in LOCKS or kind in PROVIDED
        if kind == REQUIREMENTS:
            source = source_list(name)
            has_source = source is not None and bool(ctx.read_file(folder + source))
            pins = is_compiled_list(text, has_source)
            if has_source and source not in seen:
                seen.add(source)
                files.append((source, REQUIREMENTS))
        if pins and not locks and kind not in PROVIDED:
            continue
        for distribution in distributions:
            specifiers = specifiers_in(kind, text, distribution)
            if specifiers:
                yield Declared(folder + name, distribution, specifiers, pins)
        if kind in (REQUIREMENTS, CONSTRAINTS):
            for included, included_kind in included_lists(name, text):
                if included not in seen:
                    seen.add(included)
                    files.append((included, included_kind))


def _commanded_lists(ctx: Context, folder: str, *, chosen_only: bool) -> list[str]:
    """The lists the commands in ``folder`` install (``_install_commands``), and those its
    ``setup.py`` reads into ``install_requires`` (``_setup_read_lists``), relative to it;
    ``chosen_only`` leaves development and test lists out: what the code runs under, not what
    the project chose."""
    commanded = [
        listed
        for command in COMMAND_FILES
        for listed in installed_lists(command, ctx.read_file(folder + command) or "")
        if not (chosen_only and development_list(listed))
    ]
    return commanded + setup_read_lists(ctx.read_file(folder + SETUP_SCRIPT) or "")


def _listed_lists(ctx: Context, folder: str) -> list[str]:
    """The runtime requirements lists of ``folder`` the project's listing names, relative to
    it, whatever their names (none without a listing): its ``requirements*.txt`` and
    ``requirements*.in``, and every ``.txt``/``.in`` below its ``requirements/``
    (``requirements/kozmic.txt``, ``requirements/python3/requirements.txt``), as the Flask target
    reads them; not a development or test list (``requirements-dev.txt``, ``requirements/test.txt``,
    ``requirements/docs/app.txt``: ``_install_commands.development_list``)."""
    listing = ctx.project_files()
    if listing is None:
        return []
    base = posixpath.normpath(posixpath.join(posixpath.dirname(listing.this), folder))
    prefix = "" if base == "." else base + "/"
    found = []
    for path in _requirements_lists(listing.every_file):
        if not path.startswith(prefix):
            continue
        relative = path[len(prefix) :]
        if ("/" in relative and not relative.startswith("requirements/")) or development_list(relative):
            continue
        found.append(relative)
    return found


_lists_of: list = [None, ()]  # the last listing asked, and its requirements lists


def _requirements_lists(every_file: tuple[str, ...]) -> tuple[str, ...]:
    """The files of ``every_file`` a project may list requirements in: named ``requirements*``
    with a list's suffix, or below a ``requirements/`` folder (looked for once per listing: every
    file of a project asks)."""
    if _lists_of[0] is not every_file:
        _lists_of[:] = [
            every_file,
            tuple(
                path
                for path in every_file
                if path.endswith(_LIST_SUFFIXES)
                and (posixpath.basename(path).startswith("requirements") or "requirements/" in path)
            ),
        ]
    return _lists_of[1]


def nearest_declarations(
    ctx: Context, distributions: Iterable[str], *, locks: bool = True, development: bool = True
) -> dict[str, list[SpecifierSet]]:
    """The specifiers of each of ``distributions`` the nearest folder that declares any of them
    gives (the transformed file's folder, then each above it up to the project root): its locks'
    where one names it, else its declarations'. The ones it does not name are left out (empty:
    the project names none of them). Not above the project root. ``locks``, ``development``:
    see ``declarations``."""
    distributions = tuple(distributions)
    for level in range(levels_to_root(ctx) + 1):
        found: dict[str, list[tuple[bool, list[SpecifierSet]]]] = {}
        for declared in declarations(ctx, "../" * level, distributions, locks=locks, development=development):
            found.setdefault(declared.distribution, []).append((declared.pins, declared.specifiers))
        if found:
            return {distribution: [s for given in as_installed(each) for s in given] for distribution, each in found.items()}
    pinned = {distribution: script_pins(ctx, distribution) for distribution in distributions}
    return {distribution: [Requirement(pin.name).specifier for pin in pins] for distribution, pins in pinned.items() if pins}


def levels_to_root(ctx: Context) -> int:
    """How many folders above the transformed file's the project root is (the listing names
    the file's path from the root); ``FOLDERS_UP`` when the tool lists no project."""
    listing = ctx.project_files()
    return listing.this.count("/") if listing is not None else FOLDERS_UP


def declared_specifiers(ctx: Context, distribution: str, *, development: bool = True) -> list[SpecifierSet]:
    """The specifiers the project declares for ``distribution`` (empty: it names it nowhere),
    and the release of each copy of it the project ships in a vendor folder at its root
    (``lib/sqlalchemy/``: ``==0.7.4``, ``_vendored_copies``): the code imports that copy.
    ``development=False``: only the lists that install the app (``declarations``)."""
    declared = nearest_declarations(ctx, (distribution,), development=development).get(distribution, [])
    copies = [SpecifierSet(copy.requirement) for copy in shipped_copies(ctx, distribution)]
    return declared + copies if copies else declared


def shipped_copies(ctx: Context, distribution: str) -> list[Copy]:
    """The copies of ``distribution`` in the vendor folders at the project root (none when
    the tool lists no project: its root is not known)."""
    if ctx.project_files() is None:
        return []
    return list(vendored_copies(ctx.read_file, "../" * levels_to_root(ctx), distribution))
