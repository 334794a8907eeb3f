"""Whether the Werkzeug a project gets may be a release that no longer has a module.

The target Flask names only the lowest Werkzeug the app runs on (``werkzeug_at_least``); an
install gets more. The Werkzeug a fresh install gets is what the project's own requirement of
Werkzeug allows (its runtime lists, a lock, a copy it ships), then what its Flask allows: Flask
declares a lower bound only, but for its last releases of a series (0.12.5 caps Werkzeug below
1.0, 1.1.3 and 1.1.4 below 2.0: Flask's changelog), and then what its oldest declared Python
can install. Nothing of these holding it below the release: pip installs a newer one (atomicpress:
``Flask==0.10.1`` and no Werkzeug, so Werkzeug 1.0.1 on Python 2.7, 3.x today, and its
``werkzeug.contrib.atom`` import fails). Read through ``ctx.read_file`` only; a text
transformed without a listing of its project is not said to get anything."""

from __future__ import annotations

from typing import TYPE_CHECKING

from packaging.specifiers import SpecifierSet

from ._declared_python import declared_python_range
from ._declared_releases import admits_nothing_from
from ._declared_versions import declared_specifiers
from ._python_support import newest_installable

if TYPE_CHECKING:
    from ._base import Context

Release = tuple[int, ...]

# the last Flask releases of a series that cap Werkzeug: (the release, the next series, Werkzeug below)
_FLASK_CAPS: tuple[tuple[str, Release, Release], ...] = (
    ("0.12.5", (1, 0), (1, 0)),
    ("1.1.4", (2, 0), (2, 0)),
    ("1.1.3", (1, 1, 4), (2, 0)),
)


def werkzeug_may_be(ctx: Context, release: Release) -> str | None:
    """Why a fresh install of the project may get a Werkzeug of ``release`` or later (words
    for a finding); None when nothing says it may (or nothing is known)."""
    if ctx.project_files() is None:
        return None
    own = declared_specifiers(ctx, "werkzeug", development=False)
    if own and all(admits_nothing_from(specifier, release) for specifier in own):
        return None
    flask = declared_specifiers(ctx, "flask", development=False)
    if flask and all(_capped_below(specifier, release) for specifier in flask):
        return None
    declared = declared_python_range(ctx)
    if declared is not None:
        installable = newest_installable("werkzeug", *declared)
        if installable is not None and installable[0][: len(release)] < tuple(release):
            return None
    wanted = ".".join(map(str, release))
    if own:
        return f"the project's requirement of Werkzeug allows {wanted} or later"
    return f"the project does not pin Werkzeug, and its Flask lets a fresh install get Werkzeug {wanted} or later"


def _capped_below(flask: SpecifierSet, release: Release) -> bool:
    """Whether the newest Flask ``flask`` allows is one that caps Werkzeug below ``release``."""
    return any(
        below <= tuple(release) and flask.contains(last) and admits_nothing_from(flask, after)
        for last, after, below in _FLASK_CAPS
    )
