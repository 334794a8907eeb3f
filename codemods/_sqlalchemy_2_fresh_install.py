"""sqlalchemy-2: a pinned Flask-SQLAlchemy that does not start on the SQLAlchemy a fresh
install of the project gets.

Flask-SQLAlchemy before 3.0.2 fails on SQLAlchemy 2.0 as its extension is created
(``SQLAlchemy(app)`` / ``SQLAlchemy()``: ``_companion_limits`` has the sources), and its
releases bound SQLAlchemy only from below. A project that pins such a release in the list
that installs the app, and bounds SQLAlchemy below 2.0 nowhere, gets 2.x from a fresh
install and does not start: the codemod can rewrite nothing of it (the fix is in the
dependency list), so each creation of the extension gets a finding that says what to pin
or upgrade. Reported only where every step is provable from the project's files:

- the pin: ``_declared_releases.held_below`` (the lists that install the app, locks included;
  a pin in a test or development list a command installs holds only the tests);
- SQLAlchemy: no declaration in any folder from the module's up to the project root (locks,
  constraints files, compiled lists, ``setup.py``, test lists included), no pin a setup script
  installs and no copy the project ships admits nothing from 2.0 on (``SQLAlchemy<2``,
  ``==1.4.52``), and no setup script installs the system's package of it;
- the Python: the newest one the project declares (``_declared_python``; none: any) gets
  SQLAlchemy 2.0 or later from pip (``_python_support``): on Python 3.6 pip installs 1.4.54,
  with which Flask-SQLAlchemy 2.5 runs; so does the image of each stage of the project's
  Dockerfiles that runs ``pip install`` (``FROM python:3.5-slim``: 1.3.24; another image's
  Python is not known: not provable).

Where the project asks for SQLAlchemy 2.0 or later itself (``SQLAlchemy>=2.0`` beside
``Flask-SQLAlchemy==2.5.1``), no install starts: the finding says to move Flask-SQLAlchemy.
"""

from __future__ import annotations

import ast
import posixpath
import re

import libcst as cst
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from ._ast_facts import facts
from ._base import Context
from ._companion_limits import CompanionLimit
from ._declared_python import declared_python_range
from ._declared_releases import admits_nothing_from, held_below, lowest_release
from ._declared_versions import declarations, levels_to_root, shipped_copies
from ._python_support import newest_installable
from ._setup_scripts import installs_from_system, script_pins
from ._sqlalchemy import FSA
from ._upgrade_support import Names
from ._version_guards import is_guarded, unguarded_calls

SQLALCHEMY_2 = (2, 0)
FSA_ROOTS = frozenset(name.split(".", 1)[0] for name in FSA)
# FROM python:3.5-slim, FROM --platform=linux/amd64 docker.io/library/python:3.11 AS build
_PYTHON_IMAGE = re.compile(r"(?i)\s*(?:--\S+\s+)*(?:docker\.io/)?(?:library/)?python:(\d+)\.(\d+)")
_STAGE = re.compile(r"(?im)^FROM\b")  # each build stage starts with its FROM line
_PIP_INSTALL = re.compile(r"\bpip[\d.]*\s+install\b")
# below this, Flask-SQLAlchemy also edits the engine URL that SQLAlchemy 1.4 made immutable
_URL_EDITS_BEFORE = (1, 4)

ASKS_FOR_2 = (
    "Flask-SQLAlchemy {pinned} ({where}) fails on SQLAlchemy 2.0 as the extension is created (it reads "
    "sqlalchemy.__all__, which 2.0 no longer sets), and the project asks for SQLAlchemy 2.0 or later itself: "
    "move to Flask-SQLAlchemy 3.0.2 or later"
)
FRESH_INSTALL = (
    "Flask-SQLAlchemy {pinned} ({where}) fails on SQLAlchemy 2.0 as the extension is created (it reads "
    "sqlalchemy.__all__, which 2.0 no longer sets), and nothing in the project bounds SQLAlchemy below 2.0, "
    "so a fresh install gets 2.x{python}: pin {bound} beside it, or move to Flask-SQLAlchemy 3.0.2 or later"
)


def creates_extension(tree: ast.Module) -> bool:
    """Whether the module calls what may be Flask-SQLAlchemy's ``SQLAlchemy`` (resolved through
    its imports), outside a version guard."""
    found = facts(tree)
    return any(found.qualified(call.func) & FSA for call in unguarded_calls(tree))


def fresh_install_message(ctx: Context) -> str | None:
    """The finding for a creation of the extension where the project's pinned Flask-SQLAlchemy
    does not start on the SQLAlchemy a fresh install gets (see the module's docstring); None
    where that is not provable."""
    limit = held_below(ctx, "sqlalchemy", SQLALCHEMY_2)
    if limit is None or _bounds_below_2(ctx) or installs_from_system(ctx, "sqlalchemy") is not None:
        return None
    declared = declared_python_range(ctx)
    newest = declared[1] if declared is not None else None
    if newest is not None and _gets_1x(newest):
        return None  # the newest Python it declares gets a 1.x
    if any(_gets_1x(python) for python in _image_pythons(ctx)):
        return None  # the image a Dockerfile builds on gets a 1.x
    pinned, where = _companion_pin(ctx, limit)
    if any((lowest := lowest_release(specifier)) is not None and lowest >= SQLALCHEMY_2 for specifier in _sqlalchemy_specifiers(ctx)):
        return ASKS_FOR_2.format(pinned=pinned, where=where)
    floor = declared[0] if declared is not None else None
    python = (
        f" on Python {'.'.join(str(n) for n in newest)}"
        if newest is not None
        else " on Python 3.7 and later"
        if floor is not None and floor[:2] < (3, 7)
        else ""
    )
    url_edits = held_below(ctx, "sqlalchemy", _URL_EDITS_BEFORE) is not None
    bound = "SQLAlchemy<1.4 (releases before 2.5 edit the engine URL, which 1.4 made immutable)" if url_edits else "SQLAlchemy<2"
    return FRESH_INSTALL.format(pinned=pinned, where=where, python=python, bound=bound)


def report_fresh_install(names: Names, ctx: Context, parent, calls: list[cst.Call]) -> None:
    """A finding on each of ``calls`` that creates Flask-SQLAlchemy's extension (outside a
    version guard) where ``fresh_install_message`` has one."""
    created = [call for call in calls if names.qualified(call.func) & FSA and not is_guarded(call, parent)]
    message = fresh_install_message(ctx) if created else None
    for call in created if message is not None else ():
        ctx.finding(call, message)


def _gets_1x(python: tuple[int, ...]) -> bool:
    """Whether pip may get a SQLAlchemy older than 2.0 on ``python`` (``_python_support``;
    ``(0,)``: a Python not known)."""
    if python == (0,):
        return True
    installable = newest_installable("sqlalchemy", python, python)
    return installable is not None and installable[0][:2] < SQLALCHEMY_2


def _image_pythons(ctx: Context) -> list[tuple[int, ...]]:
    """The Pythons of the images whose build stages run ``pip install`` in the project's
    Dockerfiles, in any folder from the module's up to its root: an official image's
    (``FROM python:3.5-slim``), or ``(0,)`` for another image, whose Python the tool does not
    know (``phusion/baseimage:0.9.19`` installs Ubuntu 16.04's 3.5)."""
    found: list[tuple[int, ...]] = []
    for level in range(levels_to_root(ctx) + 1):
        text = ctx.read_file("../" * level + "Dockerfile") or ""
        for stage in _STAGE.split(text)[1:]:
            if _PIP_INSTALL.search(stage):
                match = _PYTHON_IMAGE.match(stage)
                found.append((int(match.group(1)), int(match.group(2))) if match is not None else (0,))
    return found


def _bounds_below_2(ctx: Context) -> bool:
    """Whether any declaration of SQLAlchemy the project makes, in any folder from the
    module's up to its root, or any pin its setup scripts install, or a copy it ships, admits
    nothing from 2.0 on."""
    return any(admits_nothing_from(specifier, SQLALCHEMY_2) for specifier in _sqlalchemy_specifiers(ctx))


def _sqlalchemy_specifiers(ctx: Context) -> list[SpecifierSet]:
    """Every declaration of SQLAlchemy the project makes, in any folder from the module's up
    to its root (locks, constraints and test lists included), the pins its setup scripts
    install and the copies it ships."""
    specifiers = [
        specifier
        for level in range(levels_to_root(ctx) + 1)
        for declared in declarations(ctx, "../" * level, ("sqlalchemy",))
        for specifier in declared.specifiers
    ]
    specifiers += [Requirement(pin.name).specifier for pin in script_pins(ctx, "sqlalchemy")]
    specifiers += [SpecifierSet(copy.requirement) for copy in shipped_copies(ctx, "sqlalchemy")]
    return specifiers


def _companion_pin(ctx: Context, limit: CompanionLimit) -> tuple[str, str]:
    """The companion's pin as the nearest folder that installs it spells it (``==2.4.0``), and
    the files it is in, relative to the project root where the tool lists the project."""
    listing = ctx.project_files()
    for level in range(levels_to_root(ctx) + 1):
        found = list(declarations(ctx, "../" * level, (limit.companion,), development=False))
        if found:
            pins = sorted({str(specifier) for declared in found for specifier in declared.specifiers})
            files = []
            for declared in found:
                path = declared.file
                if listing is not None:
                    path = posixpath.normpath(posixpath.join(posixpath.dirname(listing.this), path))
                if path not in files:
                    files.append(path)
            return " / ".join(pins), ", ".join(files)
    return f"older than {'.'.join(str(n) for n in limit.runs_from)}", "its declared requirement"
