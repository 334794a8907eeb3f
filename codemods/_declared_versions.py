"""The versions of a library a project declares it runs with.

An upgrade rewrite whose new form needs a library release (``sqlalchemy.orm.declarative_base``
needs SQLAlchemy 1.4) is made only when every release the project allows has it. What the
project allows is read from the files it declares its dependencies in, through
``ctx.read_file`` (nothing is installed, imported or run):

- requirements files with well-known names (``requirements.txt``, ``requirements.in``,
  ``requirements/base.txt`` ...): one PEP 508 requirement a line;
- ``setup.cfg``: ``install_requires`` of ``[options]``;
- ``pyproject.toml``: ``[project] dependencies``;
- ``Pipfile``'s ``[packages]``, and the lock files ``Pipfile.lock`` (its ``default``
  packages) and ``poetry.lock``: the release a lock pins is what an install from it gets,
  whatever range the declaration beside it allows (as for the target Flask version).

They are looked for next to the transformed file, then one folder up at a time: the first
folder whose files name the library holds the project's declaration. As for the target Flask
version, the release that counts is the **lowest** one a declaration allows (``>=1.3,<1.5`` →
1.3: the code must run there); a declaration with no lower bound allows the newest release
it admits (``SQLAlchemy<1.4`` admits nothing from 1.4 on).
"""

from __future__ import annotations

import configparser
import json
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version as PackageVersion

if TYPE_CHECKING:
    from ._base import Context

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

Release = tuple[int, int]

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
# operators whose version is a lower bound of what they allow
_LOWER_BOUNDS = ("==", "===", ">=", "~=", ">")


def _requirement_lines(text: str) -> Iterator[str]:
    """A requirements file's requirements: comments, options and continuations left out."""
    for line in text.replace("\\\n", " ").splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith(("#", "-")):
            yield line


def _setup_cfg_lines(text: str) -> Iterator[str]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return
    yield from _requirement_lines(parser.get("options", "install_requires", fallback=""))


def _pyproject_lines(text: str) -> Iterator[str]:
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeError):
        return
    project = data.get("project")
    dependencies = project.get("dependencies") if isinstance(project, dict) else None
    if isinstance(dependencies, list):
        yield from (item for item in dependencies if isinstance(item, str))


def _pipfile_lines(text: str) -> Iterator[str]:
    """``name = "*"``, ``name = ">=1.3"`` or ``name = {version = ...}`` of ``[packages]``."""
    try:
        packages = tomllib.loads(text).get("packages")
    except (tomllib.TOMLDecodeError, UnicodeError):
        return
    yield from _pinned_lines(packages.items() if isinstance(packages, dict) else ())


def _pinned_lines(entries) -> Iterator[str]:
    for name, value in entries:
        version = value.get("version") if isinstance(value, dict) else value
        if isinstance(name, str) and isinstance(version, str):
            yield name if version.strip() == "*" else name + version.strip()


@lru_cache(maxsize=8)  # a lock is long and asked about once per library and rewrite
def _lock_lines(text: str) -> tuple[str, ...]:
    """``Pipfile.lock``'s ``default`` packages (JSON, ``"version": "==1.3.24"``; ``develop`` is
    not what the app runs with), or ``poetry.lock``'s ``[[package]]`` entries (TOML)."""
    if text.lstrip().startswith("{"):
        try:
            default = json.loads(text).get("default")
        except (ValueError, AttributeError):
            return ()
        return tuple(_pinned_lines(default.items() if isinstance(default, dict) else ()))
    try:
        packages = tomllib.loads(text).get("package")
    except (tomllib.TOMLDecodeError, UnicodeError):
        return ()
    entries = [(p.get("name"), p.get("version")) for p in packages if isinstance(p, dict)] if isinstance(packages, list) else []
    return tuple(f"{name}=={version.strip()}" for name, version in entries if isinstance(name, str) and isinstance(version, str))


_READERS = tuple((name, _requirement_lines) for name in REQUIREMENTS_FILES) + (
    ("setup.cfg", _setup_cfg_lines),
    ("pyproject.toml", _pyproject_lines),
    ("Pipfile", _pipfile_lines),
    ("Pipfile.lock", _lock_lines),
    ("poetry.lock", _lock_lines),
)


def declared_specifiers(ctx: Context, distribution: str) -> list[SpecifierSet]:
    """The specifiers the project declares for ``distribution`` (empty: it names it nowhere)."""
    wanted = canonicalize_name(distribution)
    for level in range(FOLDERS_UP + 1):
        found: list[SpecifierSet] = []
        for name, lines in _READERS:
            text = ctx.read_file("../" * level + name)
            if not text:
                continue
            for line in lines(text):
                try:
                    requirement = Requirement(line)
                except InvalidRequirement:
                    continue
                if canonicalize_name(requirement.name) == wanted:
                    found.append(requirement.specifier)
        if found:
            return found
    return []


def lowest_release(specifier: SpecifierSet) -> Release | None:
    """The lowest release series ``specifier`` allows, as (major, minor): the highest of its
    lower bounds (``>=1.3,<1.5`` → (1, 3)); None when it has none."""
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
    release = max(floors).release + (0,)
    return (release[0], release[1])


def allows_below(ctx: Context, distribution: str, release: Release) -> bool:
    """True when the project's declared requirement on ``distribution`` allows a release
    older than ``release`` as its lowest (``SQLAlchemy>=1.3``, ``SQLAlchemy==1.3.24``), or
    admits nothing from ``release`` on (``flask-sqlalchemy<3``): a form new in ``release``
    would break that project. False when the project does not declare it."""
    for specifier in declared_specifiers(ctx, distribution):
        floor = lowest_release(specifier)
        if floor is not None:
            if floor < release:
                return True
        elif not specifier.contains(f"{release[0]}.{release[1]}.0", prereleases=True):
            return True
    return False
