"""The newest release of a library that installs on each Python: what pip gives a project there.

A library drops old Pythons as it moves on (its ``python_requires``): on Python 3.4 pip
installs SQLAlchemy 1.3.24, however unpinned the requirement. So the releases a project can
get of a library are those that install on every Python it declares (``_declared_python``):
an unpinned or lower-bounded requirement gets, on the project's oldest Pythons, the newest
release that installs there, not the newest release.

Where the figures come from: each library's own metadata on PyPI, the ``Requires-Python`` of
every release file, as pip reads it: ``pip --isolated index versions LIBRARY --python-version
X.Y`` (December 2026) names the newest release pip would install on Python X.Y. A release
that declares no ``Requires-Python`` (most before 2018) counts as installing everywhere,
as it does for pip. Pythons newer than the last column get the newest release.
"""

from __future__ import annotations

Python = tuple[int, int]
Release = tuple[int, ...]

# the Pythons of the table, oldest first
PYTHONS: tuple[Python, ...] = ((2, 6), (2, 7), (3, 3), (3, 4), (3, 5), (3, 6), (3, 7), (3, 8), (3, 9), (3, 10))
# Python 3.0 to 3.3 saw little use and many libraries exclude them (``!=3.3.*``): a project
# declaring an older Python (``>=2.7``) is not taken to run on them; one whose floor is one of
# them is.
_LITTLE_USED = frozenset({(3, 0), (3, 1), (3, 2), (3, 3)})

# distribution (lower case, ``-``) → the newest release pip installs on each of PYTHONS
_NEWEST: dict[str, tuple[str, ...]] = {
    #                  2.6       2.7       3.3       3.4       3.5       3.6       3.7       3.8       3.9       3.10
    "flask": ("1.0.3", "1.1.4", "1.0.3", "1.0.4", "1.1.4", "2.0.3", "2.2.5", "3.0.3", "3.1.3", "3.1.3"),
    "werkzeug": ("0.14.1", "1.0.1", "0.14.1", "0.16.1", "1.0.1", "2.0.3", "2.2.3", "3.0.6", "3.1.9", "3.1.9"),
    "sqlalchemy": ("1.2.19", "1.4.54", "1.2.19", "1.3.24", "1.3.24", "1.4.54", "2.0.58", "2.0.58", "2.0.58", "2.0.58"),
    "flask-sqlalchemy": ("2.3.2", "2.5.1", "2.3.2", "2.5.1", "2.5.1", "2.5.1", "3.0.5", "3.1.1", "3.1.1", "3.1.1"),
    "flask-wtf": ("0.14.3", "0.14.3", "0.14.3", "0.14.3", "0.14.3", "1.0.1", "1.1.1", "1.2.1", "1.2.2", "1.3.0"),
    "wtforms": ("2.3.3", "2.3.3", "2.3.3", "2.3.3", "2.3.3", "3.0.0", "3.0.1", "3.1.2", "3.2.1", "3.2.2"),
    "flask-login": ("0.5.0", "0.5.0", "0.5.0", "0.5.0", "0.5.0", "0.5.0", "0.6.3", "0.6.3", "0.6.3", "0.6.3"),
    "jinja2": ("2.10.3", "2.11.3", "2.10.3", "2.10.3", "2.11.3", "3.0.3", "3.1.6", "3.1.6", "3.1.6", "3.1.6"),
    "itsdangerous": ("0.24", "1.1.0", "0.24", "1.1.0", "1.1.0", "2.0.1", "2.1.2", "2.2.0", "2.2.0", "2.2.0"),
}


def _release(text: str) -> Release:
    return tuple(int(part) for part in text.split("."))


def declared_pythons(floor: tuple[int, ...], newest: tuple[int, ...] | None = None) -> list[Python]:
    """The Pythons of the table a project whose oldest declared Python is ``floor`` runs on:
    ``floor`` and every newer one, up to ``newest`` when it names one (3.0 to 3.3 only when
    the floor is one of them)."""
    lowest = (floor + (0,))[:2]
    highest = (newest + (0,))[:2] if newest is not None else PYTHONS[-1]
    return [python for python in PYTHONS if lowest <= python <= highest and (python == lowest or python not in _LITTLE_USED)]


def newest_installable(
    distribution: str, floor: tuple[int, ...] | None, newest_python: tuple[int, ...] | None = None
) -> tuple[Release, Python] | None:
    """The newest release of ``distribution`` that installs on every Python from ``floor`` on
    (up to ``newest_python`` when the project names its newest one: ``python_range``; the oldest of the newest ones pip installs on each), as (major, minor, micro), with the
    oldest Python that gets it (the one that holds the project back); None when
    no floor is declared, the library is not in the table, or the floor is newer than its
    Pythons (the newest release then)."""
    newest = _NEWEST.get(distribution.lower().replace("_", "-"))
    if floor is None or newest is None:
        return None
    pythons = declared_pythons(floor, newest_python)
    if not pythons:  # a floor newer than the table: the newest release
        return None
    return min((_release(newest[PYTHONS.index(python)]), python) for python in pythons)
