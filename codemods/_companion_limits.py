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
- Flask-SQLAlchemy before 3.0 copies every name of ``sqlalchemy.__all__`` onto the extension
  when it is imported, and SQLAlchemy 2.0 has no ``__all__``: the import fails (3.0 runs with
  2.0). ``_declared_versions.held_below`` answers it for a question about 2.0 itself: what
  2.0 removed is no concern of a project that pins Flask-SQLAlchemy 2.x.
"""

from __future__ import annotations

from typing import NamedTuple


class CompanionLimit(NamedTuple):
    """``companion`` releases before ``runs_from`` do not run with ``distribution`` from
    ``release`` on."""

    distribution: str
    release: tuple[int, ...]
    companion: str
    runs_from: tuple[int, ...]
    label: str  # the companion as its project spells it


LIMITS = (
    CompanionLimit("sqlalchemy", (1, 4), "flask-sqlalchemy", (2, 5), "Flask-SQLAlchemy"),
    CompanionLimit("sqlalchemy", (2, 0), "flask-sqlalchemy", (3, 0), "Flask-SQLAlchemy"),
)


def limits_of(distribution: str, release: tuple[int, ...]) -> tuple[CompanionLimit, ...]:
    """The limits that hold ``distribution`` below a release at or before ``release``."""
    return tuple(
        limit
        for limit in LIMITS
        if limit.distribution == distribution and tuple(release)[: len(limit.release)] >= limit.release
    )
