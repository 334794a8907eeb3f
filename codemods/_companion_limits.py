"""Releases of a library that an older release of another library does not run with.

A project that pins one library (the companion) below the release that first ran with a
release of another one runs an older release of that other one, whatever its own
declaration admits: installed beside it, the newer release fails. ``older_release``
(``_declared_versions``) asks this table where the project's own declaration of the library
has no lower bound (unpinned, undeclared, or bounded from above only); a lower bound the
project declares for the library itself is taken at its word.

- Flask-SQLAlchemy before 2.5 edits the engine URL in place (``charset`` for MySQL, the
  absolute path of a SQLite file), and SQLAlchemy 1.4's URL is immutable: the app fails
  when it first connects (Flask-SQLAlchemy 2.5.0, "update to support SQLAlchemy 1.4").
- Flask-SQLAlchemy before 3.0.2 reads ``sqlalchemy.__all__``, which SQLAlchemy 2.0 no longer
  sets: the 2.x releases copy every name listed there onto the extension when it is created
  (``SQLAlchemy(app)`` raises ``AttributeError: module 'sqlalchemy' has no attribute
  '__all__'``), and 3.0.0 and 3.0.1 look each ``db.Column``-like name up there (the same error
  at the first one). 3.0.2 is the first release that runs with 2.0 (its changelog: "Update
  compatibility with SQLAlchemy 2", pallets-eco/flask-sqlalchemy issue 1122, fixed by pull
  request 1123). Nothing holds the two apart on install: the 2.x releases declare
  ``SQLAlchemy>=0.8.0`` (3.0.x: ``>=1.4.18``) and no upper bound, so a project that pins one
  of them and bounds SQLAlchemy nowhere gets 2.0 on a fresh install and does not start
  (reported in many projects since January 2023: the fix they made is ``SQLAlchemy<2``, or
  Flask-SQLAlchemy 3.0.2 or later). A project that pins such a release therefore runs a
  SQLAlchemy older than 2.0 wherever it runs at all. ``_declared_releases.held_below``
  answers it for a question about 2.0 itself: what 2.0 removed is no concern of a project
  that pins Flask-SQLAlchemy 2.x (it must move to 3.0.2 first, and the report of what 2.0
  removed belongs to that step).
"""

from __future__ import annotations

from typing import NamedTuple


class CompanionLimit(NamedTuple):
    """``companion`` releases before ``runs_from`` do not run with ``distribution`` from
    ``release`` on."""

    distribution: str
    release: tuple[int, ...]
    companion: str
    runs_from: tuple[int, ...]  # a series (2, 5) or a release (3, 0, 2)
    label: str  # the companion as its project spells it


LIMITS = (
    CompanionLimit("sqlalchemy", (1, 4), "flask-sqlalchemy", (2, 5), "Flask-SQLAlchemy"),
    CompanionLimit("sqlalchemy", (2, 0), "flask-sqlalchemy", (3, 0, 2), "Flask-SQLAlchemy"),
)


def limits_of(distribution: str, release: tuple[int, ...]) -> tuple[CompanionLimit, ...]:
    """The limits that hold ``distribution`` below a release at or before ``release``."""
    return tuple(
        limit
        for limit in LIMITS
        if limit.distribution == distribution and tuple(release)[: len(limit.release)] >= limit.release
    )
