"""Flask versions: which one the code must run on, and whether a form exists there.

The tool puts the target on ``Context.target_version`` as ``(major, minor)``: from
``--target-version``, the project's configuration or its declared Flask requirement. ``None``
means "the newest Flask this tool knows". Upgrade codemods ask two questions of it:

- ``available(ctx, since)``: does a new form that appeared in Flask ``since`` exist at the
  target? A rewrite is made only then.
- ``removed(ctx, removed_in)``: is an old form removed at (or before) the target? Then a form
  that cannot be rewritten mechanically deserves a finding.

Versions of Werkzeug, Flask-SQLAlchemy and SQLAlchemy are not targeted separately: a Flask
version implies the Werkzeug it requires, and the database libraries are judged by the forms
their current releases accept, held back where the project's declared requirement allows a
release without the new form, or the oldest Python it declares gets none with it
(``_declared_versions``, ``_python_support``). The target Flask itself is, for an unpinned
requirement, the newest that installs on every Python the project declares (tool/target.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._base import Context

Version = tuple[int, int]

# The Flask release series this tool knows, oldest first; the newest is the default target.
RELEASES: tuple[Version, ...] = ((0, 10), (0, 11), (0, 12), (1, 0), (1, 1), (2, 0), (2, 1), (2, 2), (2, 3), (3, 0), (3, 1))
# The newest Flask release whose changes this tool knows.
NEWEST_KNOWN: Version = RELEASES[-1]

# The lowest Werkzeug each Flask release requires (from Flask's declared dependencies).
WERKZEUG_FOR_FLASK: dict[Version, Version] = {
    (1, 0): (0, 14),
    (1, 1): (0, 15),
    (2, 0): (2, 0),
    (2, 1): (2, 0),
    (2, 2): (2, 2),
    (2, 3): (2, 3),
    (3, 0): (3, 0),
    (3, 1): (3, 1),
}


@dataclass(frozen=True)
class LegacyForm:
    """One row of an upgrade codemod's catalogue: ``flask-codemod explain`` lists them, and
    the README's upgrade table is generated from them (tool/catalogue.py). The same meaning
    for every upgrade codemod:

    - ``old``, ``new``: the legacy form and what replaces it, in Markdown: code between
      single backticks, which the README shows as code and ``explain`` drops;
    - ``deprecated``, ``removed``: the library and release (``"Flask 2.2"``, ``"Werkzeug
      2.3"``, ``"Flask-SQLAlchemy 3.0"``); ``""`` when it never was (a form that is only
      deprecated, or removed without a deprecation);
    - ``safety``: what the codemod does with the form — ``"safe"``, a rewrite that keeps
      the behaviour; ``"review"``, a rewrite that changes it on purpose (a reviewer must
      read it; the codemod's own ``SAFETY`` is then ``"review"`` too); ``"finding"``, never
      rewritten: the code stays, and a finding names ``new``;
    - ``since``: the Flask version from which the rewrite is made (its new form exists
      there; for an older target the form is not rewritten, and the codemod's documentation
      says whether it is reported); ``(0, 0)``: at any target. A ``"finding"`` row is never rewritten: its ``since`` is
      not used and stays ``(0, 0)``.
    """

    old: str
    new: str
    deprecated: str
    removed: str
    safety: str
    since: Version = (0, 0)


def target(ctx: Context) -> Version:
    """The Flask version the code must run on."""
    return ctx.target_version or NEWEST_KNOWN


def available(ctx: Context, since: Version) -> bool:
    """True when a form added in Flask ``since`` exists at the target version."""
    return target(ctx) >= since

def removed(ctx: Context, removed_in: Version) -> bool:
    """True when a form removed in Flask ``removed_in`` is gone at the target version."""
    return target(ctx) >= removed_in


def werkzeug_at_least(ctx: Context, version: Version) -> bool:
    """True when the target Flask requires a Werkzeug of at least ``version``."""
    flask = target(ctx)
    known = [w for f, w in WERKZEUG_FOR_FLASK.items() if f <= flask]
    return bool(known) and max(known) >= version


def format_version(version: Version) -> str:
    return f"{version[0]}.{version[1]}"


# The target of a project whose Flask is a checkout (a release nobody declared: the lowest,
# ``>=0``, in _dependency_files), or the system's package an RPM spec of the project requires
# (tool/target.py): there is no release to name.
UNKNOWN_RELEASE: Version = (0, 0)


def target_unknown(ctx: Context) -> bool:
    """Whether the target is a release nobody declared (a checkout of Flask, a Flask tree
    whose version is no literal, a system's package): messages name no version then."""
    return target(ctx) == UNKNOWN_RELEASE


@dataclass(frozen=True)
class Removal:
    """The release that removed an old form: ``library`` (``"Flask"``, ``"Werkzeug"``,
    ``"Jinja"``) and its ``release`` — one the newest Flask this tool knows reaches."""

    library: str
    release: Version

    def __str__(self) -> str:
        return f"{self.library} {format_version(self.release)}"


def left_at_unknown_target(ctx: Context, old: str, removal: Removal, instead: str = "") -> str | None:
    """The upgrade codemods' one rule where the target is a release nobody declared
    (``target_unknown``: a checkout of Flask, the system's package an RPM spec requires): a
    rewrite of ``old`` cannot be proven valid there (the release may predate the new form), so
    the code is left, but ``old`` is removed in the newest releases (``removal``), which the app
    may well run on: the finding's message saying so (``instead``: what replaces it); None at a
    known target (the codemod's own rules decide there). For removed forms only: a form that
    is only deprecated still works on every release."""
    if not target_unknown(ctx):
        return None
    return (
        f"{old} is removed in {removal}; the release of Flask this app runs on is not known (a checkout or a system "
        f"package, possibly older than the replacement), so it was left; once it is known: {instead or 'replace it'}"
    )


def removal_reported(ctx: Context, removed_in: Version) -> bool:
    """Whether a form Flask ``removed_in`` removed, which a codemod cannot rewrite, is reported:
    where the target has removed it (``removed``), and where the target is a release nobody
    declared (``target_unknown``): the newest releases removed it, and the app may run on one
    (``left_at_unknown_target``'s rule, for a form left whatever the release). A declared
    release that still has it gets nothing said."""
    return removed(ctx, removed_in) or target_unknown(ctx)


def werkzeug_removal_reported(ctx: Context, removed_in: Version) -> bool:
    """``removal_reported`` for a form Werkzeug ``removed_in`` removed (``werkzeug_at_least``)."""
    return werkzeug_at_least(ctx, removed_in) or target_unknown(ctx)


def parse_version(text: str) -> Version:
    """A target version: ``"2.2"`` -> ``(2, 2)``, a release series this tool knows
    (``RELEASES``); ValueError saying which when it is not one."""
    parts = text.strip().split(".")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise ValueError(f"expected a Flask version such as {format_version(NEWEST_KNOWN)} (MAJOR.MINOR), got {text!r}")
    version = (int(parts[0]), int(parts[1]))
    if version not in RELEASES:
        known = ", ".join(format_version(release) for release in RELEASES)
        raise ValueError(f"Flask {text.strip()} is not a release this tool knows (known: {known})")
    return version

