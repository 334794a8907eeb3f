"""moved-imports' knowledge of where ``markupsafe`` can be imported.

``flask.Markup``/``flask.escape`` and ``jinja2.Markup``/``jinja2.escape`` are MarkupSafe's
objects wherever MarkupSafe is installed, but Jinja2 requires MarkupSafe only from 2.7 (May
2013). Jinja2 2.5.1 to 2.6 import it when it is there and otherwise use a copy they bundle
(``jinja2._markupsafe``), and install nothing else: a site built from ``Flask==0.9``,
``Jinja2==2.6`` has no ``markupsafe`` module to import. Before 2.5.1, Jinja2's ``Markup`` was a
class of its own, another class than MarkupSafe's. Read off Jinja's tags 2.5, 2.5.1, 2.6 and 2.7
(``setup.py``'s ``install_requires``, ``jinja2/utils.py``).

So the move is made where every Jinja2 release the project may run requires MarkupSafe, or
where the project declares MarkupSafe itself and every Jinja2 it may run takes Markup from it.
A Jinja2 the project takes from the system's packages (an RPM spec's ``python3-jinja2``) is
not held back: distributions package MarkupSafe on its own, and their Jinja2 package depends
on theirs instead of the bundled copy (koschei's Fedora spec).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._declared_versions import declared_specifiers
from ._declared_releases import older_release

if TYPE_CHECKING:
    from ._base import Context

JINJA_REQUIRES_MARKUPSAFE = (2, 7)
JINJA_USES_MARKUPSAFE = (2, 5, 1)


def markupsafe_missing(ctx: Context, qualified: str, new: str) -> str | None:
    """Why ``new`` (``markupsafe.X``) may not be importable, or not be ``qualified``, where the
    project runs; None when it is."""
    older = older_release(ctx, "jinja2", JINJA_REQUIRES_MARKUPSAFE)
    if older is None or older.system is not None:
        return None
    keep = f"(not changed; {{}}, then import {new})"
    if not declared_specifiers(ctx, "markupsafe"):
        return (
            f"{qualified} is {new} only where MarkupSafe is installed: {older.describe('Jinja2', JINJA_REQUIRES_MARKUPSAFE)}, "
            "which does not install MarkupSafe (it falls back on a copy it bundles), and the project does not declare "
            "MarkupSafe " + keep.format("declare MarkupSafe, or require Jinja2 2.7 or later")
        )
    older = older_release(ctx, "jinja2", JINJA_USES_MARKUPSAFE)
    if older is None or older.system is not None:
        return None
    return (
        f"{qualified} is not {new} everywhere the project runs: {older.describe('Jinja2', JINJA_USES_MARKUPSAFE)}, "
        "whose Markup is a class of its own, not MarkupSafe's " + keep.format("require Jinja2 2.5.1 or later")
    )
