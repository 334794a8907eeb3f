"""moved-imports' knowledge of the modules that ``flask.ext.X`` stood for.

Flask's ``flask.ext`` import hook (Flask 0.8 to 0.12) loaded ``flask.ext.X`` from the module
``flask_X`` or, when there was none, from ``flaskext.X``: the namespace package the first
extensions shipped in. Several extensions moved from ``flaskext.X`` to ``flask_X`` in one
release, and some never moved. ``flask_X`` is the right new spelling only where the release the
project runs ships that module: ``from flask.ext.sqlalchemy import SQLAlchemy`` with
``Flask-SQLAlchemy==0.15`` pinned imported ``flaskext.sqlalchemy``, and ``flask_sqlalchemy``
raises ImportError there.

``FLASK_X_SINCE`` holds, for the extensions that shipped ``flaskext.X``, the first release with
a ``flask_X`` module, read off each project's tagged sources or its sdists on the index (the releases just before
it ship ``flaskext/X.py`` only; Flask-Scss 0.3 ships ``flaskext/scss.py``, and 0.5, its next
release, is the first with ``flask_scss``); None for an extension whose releases all ship ``flaskext.X``
(Flask-Markdown; Flask-BrowserID, whose last release, 0.0.4, still ships ``flaskext/browserid/``;
Flask-Themes, whose releases on the index, 0.1 to 0.1.3, ship ``flaskext/themes.py``: the
``flask_themes`` package of its repository was never released, and its maintained forks are other
distributions with other modules, ``flask_themes2``).
An extension not listed here shipped ``flask_X`` from its first release, or is not known: its
newest release, which an unpinned requirement installs, ships ``flask_X``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._declared_releases import older_release

if TYPE_CHECKING:
    from ._base import Context
    from ._python_support import Release

# X of flask.ext.X -> (distribution, the first release that ships flask_X; None: none does)
FLASK_X_SINCE: dict[str, tuple[str, Release | None]] = {
    "sqlalchemy": ("Flask-SQLAlchemy", (0, 16)),
    "script": ("Flask-Script", (0, 4, 0)),
    "wtf": ("Flask-WTF", (0, 8)),
    "mail": ("Flask-Mail", (0, 7, 0)),
    "testing": ("Flask-Testing", (0, 4)),
    "babel": ("Flask-Babel", (0, 9)),
    "cache": ("Flask-Cache", (0, 8)),
    "uploads": ("Flask-Uploads", (0, 2, 0)),
    "openid": ("Flask-OpenID", (1, 1)),
    "scss": ("Flask-Scss", (0, 5)),
    "markdown": ("Flask-Markdown", None),
    "browserid": ("Flask-BrowserID", None),
    "themes": ("Flask-Themes", None),
}


def _text(release: Release) -> str:
    return ".".join(str(n) for n in release)


def flaskext_only(ctx: Context, qualified: str) -> str | None:
    """Why ``flask_X`` may not exist where ``qualified`` (``flask.ext.X...``) is imported: the
    extension's releases the project may run ship only ``flaskext.X``; None when the one it
    gets ships ``flask_X`` (or the extension is not known to have shipped ``flaskext.X``)."""
    extension = qualified.split(".")[2] if qualified.count(".") >= 2 else ""
    known = FLASK_X_SINCE.get(extension)
    if known is None:
        return None
    distribution, since = known
    old, new = f"flaskext.{extension}", f"flask_{extension}"
    if since is None:
        return (
            f"flask.ext.{extension} is {old}: every {distribution} release ships that module only, never {new} "
            f"(import it from {old}, or move to a maintained extension, before Flask 1.0 removes flask.ext)"
        )
    older = older_release(ctx, distribution, since)
    if older is None:
        return None
    return (
        f"flask.ext.{extension} is {new} from {distribution} {_text(since)} on, and {old} before: "
        f"{older.describe(distribution, since)}, which ships no {new} (not changed; raise the requirement to "
        f"{_text(since)} or later, then import {new})"
    )
