"""The releases of a library a project's declarations (``_declared_versions``) let it run:
the lowest one a specifier allows, whether a specifier admits nothing from a release on, and
why the project may run a release older than the one a new form needs (``older_release``:
its requirement, the Pythons it declares, a setup script that installs the system's package,
a companion library pinned below, or a copy of the library it ships). Read through
``ctx.read_file``: nothing is installed, imported or run."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version as PackageVersion

from ._companion_limits import CompanionLimit, limits_of
from ._declared_python import declared_python_range
from ._declared_versions import Release, declared_specifiers, shipped_copies
from ._python_support import newest_installable
from ._setup_scripts import Installed, installs_from_system
from ._vendored_copies import UNKNOWN, Copy

if TYPE_CHECKING:
    from ._base import Context

# operators whose version is a lower bound of what they allow
_LOWER_BOUNDS = ("==", "===", ">=", "~=", ">")


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
    ``distribution``'s own declaration says; None where it pins none so."""
    for limit in limits_of(distribution, release):
        pinned = declared_specifiers(ctx, limit.companion)
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
