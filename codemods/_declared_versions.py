"""The versions of a library a project declares it runs with, and whether it declares the
library at all.

An upgrade rewrite whose new form needs a library release (``sqlalchemy.orm.declarative_base``
needs SQLAlchemy 1.4) is made only when every release the project allows has it. What the
project allows is read from the files it declares its dependencies in, through
``ctx.read_file`` (nothing is installed, imported or run):

- requirements files with well-known names (``requirements.txt``, ``requirements.in``,
  ``requirements/base.txt`` ..., and those names in a folder of ``requirements/``: one list
  per Python or system, ``requirements/python3/requirements.txt``): one PEP 508 requirement a line,
  and the lists they include (``-r base.txt``, ``-c constraints.txt``);
- ``setup.cfg`` and ``setup.py`` (a literal list, never run): ``install_requires``;
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
that pins 1.3 (``older_release``). A declaration whose lowest release is already new enough
(``SQLAlchemy>=1.4``) is taken at its word, whatever its Python: it installs nothing older.
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
from packaging.version import InvalidVersion, Version as PackageVersion

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
from ._companion_limits import CompanionLimit, limits_of
from ._declared_python import declared_python_range
from ._install_commands import COMMAND_FILES, development_list, installed_lists
from ._code_kinds import SETUP_SCRIPT
from ._setup_read_lists import setup_read_lists
from ._python_support import newest_installable
from ._setup_scripts import Installed, installs_from_system, script_pins
from ._vendored_copies import UNKNOWN, Copy, vendored_copies

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
# the names of those lists in a folder of requirements/ (requirements/python3/requirements.txt)
_RUNTIME_NAMES = frozenset({"requirements.txt", "requirements.in"} | {posixpath.basename(name) for name in REQUIREMENTS_FILES})
# operators whose version is a lower bound of what they allow
_LOWER_BOUNDS = ("==", "===", ">=", "~=", ">")
# Each file read in a folder, with its kind. Every kind _dependency_files parses; of the
# requirements files, the runtime lists by their usual names (ctx.read_file reads a name, not
# a pattern; tool/target.py, reading the disk, takes every requirements*.txt at the root).
_FILES = tuple((name, REQUIREMENTS) for name in REQUIREMENTS_FILES) + tuple((name, name) for name in NAMED_KINDS)


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
    files = [*_FILES, *((name, REQUIREMENTS) for name in _nested_lists(ctx, folder))]
    seen = {name for name, _kind in files}
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


def _nested_lists(ctx: Context, folder: str) -> list[str]:
    """The runtime lists in folders of ``folder``'s ``requirements/`` (``requirements/python3/
    requirements.txt``: one list per Python or system), relative to ``folder``; found in the
    project's listing (none without one)."""
    listing = ctx.project_files()
    if listing is None:
        return []
    base = posixpath.normpath(posixpath.join(posixpath.dirname(listing.this), folder))
    prefix = "requirements/" if base == "." else base + "/requirements/"
    return [path[len(prefix) - len("requirements/") :] for path in _runtime_lists(listing.every_file) if path.startswith(prefix) and path.count("/") > prefix.count("/")]


_lists_of: list = [None, ()]  # the last listing asked, and its runtime lists below a requirements/


def _runtime_lists(every_file: tuple[str, ...]) -> tuple[str, ...]:
    """The files of ``every_file`` named as a runtime list, in a folder below a ``requirements/``
    (looked for once per listing: every file of a project asks)."""
    if _lists_of[0] is not every_file:
        _lists_of[:] = [every_file, tuple(p for p in every_file if "requirements/" in p and posixpath.basename(p) in _RUNTIME_NAMES)]
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


def lowest_release(specifier: SpecifierSet) -> tuple[int, int] | None:
    """The lowest release series ``specifier`` allows, as (major, minor): the highest of its
    lower bounds (``>=1.3,<1.5`` → (1, 3)); None when it has none."""
    floor = lowest_version(specifier)
    return (floor[0], floor[1]) if floor is not None else None


def lowest_version(specifier: SpecifierSet) -> tuple[int, int, int] | None:
    """The lowest release ``specifier`` allows, as (major, minor, micro): the highest of its
    lower bounds (``==1.0.5`` → (1, 0, 5)); None when it has none."""
    floors = []
    for part in specifier:
        if part.operator not in _LOWER_BOUNDS:
            continue
        text = part.version[:-2] if part.version.endswith(".*") else part.version
        try:
            floors.append(PackageVersion(text))
        except InvalidVersion:
            continue
    if not floors:
        return None
    release = max(floors).release + (0, 0)
    return (release[0], release[1], release[2])


def allows_below(ctx: Context, distribution: str, release: Release) -> bool:
    """True when the project may run a release of ``distribution`` older than ``release``
    (``older_release``): a form new in ``release`` would break that project."""
    return older_release(ctx, distribution, release) is not None


class OlderRelease(NamedTuple):
    """Why a project may run a release older than the one a form needs: its requirement
    allows one (``floor`` None), or it declares Pythons from ``floor`` on, and on ``python``
    pip installs ``newest`` at most, or a setup script of it installs the system's package
    (``system``), whose release the tool cannot know, or it ships an older copy (``copy``)."""

    floor: tuple[int, ...] | None = None
    python: tuple[int, ...] = ()
    newest: Release = ()
    system: Installed | None = None  # the script that installs the system's package, and the package
    companion: CompanionLimit | None = None  # a library pinned below its first release that runs with ``release``
    copy: Copy | None = None  # the copy of it the project ships (``_vendored_copies``)

    def describe(self, library: str, release: Release) -> str:
        """``the project's requirement allows a SQLAlchemy older than 1.4`` / ``the project
        declares Python 3.4, where SQLAlchemy 1.3.24 is the newest that installs`` / ``the
        project declares Python 2.7 and later, and on 3.4 SQLAlchemy 1.3.24 is the newest that
        installs``."""
        if self.copy is not None:
            shipped = "a release not known" if self.copy.release == UNKNOWN else self.copy.release
            where = self.copy.path.lstrip("./")
            return f"the project ships its own copy of {library} ({where}: {shipped}), older than {_text(release)}"
        if self.system is not None:
            return (
                f"{self.system.script} {'requires' if self.system.script.endswith('.spec') else 'installs'} {library} "
                f"from the system's packages ({self.system.name}), "
                f"whose release may be older than {_text(release)}"
            )
        if self.companion is not None:
            return (
                f"the project's {self.companion.label} (older than {_text(self.companion.runs_from)}) "
                f"runs only with a {library} older than {_text(self.companion.release)}"
            )
        if self.floor is None:
            return f"the project's requirement allows a {library} older than {_text(release)}"
        if self.python[:2] == self.floor[:2]:
            return f"the project declares Python {_text(self.floor)}, where {library} {_text(self.newest)} is the newest that installs"
        return (
            f"the project declares Python {_text(self.floor)} and later, and on {_text(self.python)} {library} "
            f"{_text(self.newest)} is the newest that installs"
        )


def _text(version: tuple[int, ...]) -> str:
    return ".".join(str(n) for n in version)


def older_release(ctx: Context, distribution: str, release: Release) -> OlderRelease | None:
    """Why the project may run a release of ``distribution`` older than ``release``; None when
    it cannot. It ships a copy of an older release in a vendor folder; or its declared requirement allows one as its lowest (``SQLAlchemy>=1.3``,
    ``SQLAlchemy==1.3.24``) or admits nothing from ``release`` on (``flask-sqlalchemy<3``); or,
    unless every declaration's lowest release is ``release`` or newer, the oldest Python the
    project declares gets no release from ``release`` on (``python_requires='>=3.4'`` and an
    unpinned, or undeclared, SQLAlchemy: 1.3.24); or, unless every declaration has a lower
    bound, the project pins a companion library below its first release that runs with
    ``release`` (``Flask-SQLAlchemy==2.1``: a SQLAlchemy older than 1.4, ``_companion_limits``);
    or, unless every declaration has a lower bound, a setup script installs the system's
    package of it (``apt-get install python-sqlalchemy``: a release the tool cannot know,
    unless the Dockerfile's image names a system whose release of it is known,
    ``_system_releases``); or the project ships a copy of it older than ``release``
    (``lib/sqlalchemy/`` of 0.7.4, ``_vendored_copies``)."""
    for copy in shipped_copies(ctx, distribution):
        if specifier_allows_below(SpecifierSet(copy.requirement), release):
            return OlderRelease(copy=copy)
    specifiers = declared_specifiers(ctx, distribution)
    if any(specifier_allows_below(specifier, release) for specifier in specifiers):
        return OlderRelease()
    if specifiers and all(lowest_version(specifier) is not None for specifier in specifiers):
        return None  # each declaration's lowest release has the form (checked above)
    limit = held_below(ctx, distribution, release)
    if limit is not None:
        return OlderRelease(companion=limit)
    system = installs_from_system(ctx, distribution, release)
    if system is not None:
        return OlderRelease(system=system)
    declared = declared_python_range(ctx)
    floor = declared[0] if declared is not None else None
    installable = newest_installable(distribution, *(declared or (None,)))
    if installable is not None and installable[0][: len(release)] < tuple(release):
        return OlderRelease(floor, installable[1], installable[0])
    return None


def held_below(ctx: Context, distribution: str, release: Release) -> CompanionLimit | None:
    """The companion library the project pins below its first release that runs with
    ``distribution``'s ``release`` (``Flask-SQLAlchemy==2.1`` for SQLAlchemy 1.4), whatever
    ``distribution``'s own declaration says; None where it pins none so. Only the lists that
    install the app count: a pin in a test or development list a command installs beside it
    holds what the tests run, not what the app gets."""
    for limit in limits_of(distribution, release):
        pinned = declared_specifiers(ctx, limit.companion, development=False)
        if pinned and all(admits_nothing_from(specifier, limit.runs_from) for specifier in pinned):
            return limit
    return None


def specifier_allows_below(specifier: SpecifierSet, release: Release) -> bool:
    """Whether ``specifier``'s lowest release is older than ``release`` (a series, compared by
    (major, minor), or a release, compared by (major, minor, micro)), or it admits nothing
    from ``release`` on (see ``allows_below``)."""
    floor = lowest_version(specifier)
    if floor is not None:
        return floor[: len(release)] < tuple(release)
    first = ".".join(str(n) for n in (*release, 0, 0)[:3])
    return not specifier.contains(first, prereleases=True)


def admits_nothing_from(specifier: SpecifierSet, release: Release) -> bool:
    """Whether no version from ``release`` on (a series, ``(18, 0)``, or a release, ``(3, 0,
    2)``) satisfies ``specifier``: an exact pin below it (``==17.5``, ``==17.*``), a compatible
    release whose series ends before it (``~=17.5``), or an upper bound at or below it
    (``<18``, ``<=17.5``)."""
    bound = PackageVersion(".".join(str(n) for n in release))
    for part in specifier:
        text, operator = part.version, part.operator
        try:
            if text.endswith(".*") or operator == "~=":
                series = PackageVersion(text[:-2] if text.endswith(".*") else text).release
                kept = series if text.endswith(".*") else series[:-1]
                if operator in ("==", "~=") and kept and _next_series(kept) <= bound:
                    return True
                continue
            version = PackageVersion(text)
        except InvalidVersion:
            continue
        if operator in ("==", "===") and version < bound:
            return True
        if (operator == "<" and version <= bound) or (operator == "<=" and version < bound):
            return True
    return False


def _next_series(kept: tuple[int, ...]) -> PackageVersion:
    """The first version after the series ``kept`` (``(17,)`` → 18, ``(17, 5)`` → 17.6)."""
    return PackageVersion(".".join(str(n) for n in (*kept[:-1], kept[-1] + 1)))

