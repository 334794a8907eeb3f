"""moved-imports: Jinja's decorators for filters and functions, renamed in Jinja 3.0.

Jinja 3.0 added ``pass_context``, ``pass_eval_context`` and ``pass_environment`` and
deprecated the six decorators they replace; Jinja 3.1 removed those (Jinja's CHANGES.rst).
Flask 2.0 requires Jinja 3.0 and Flask 3.0 Jinja 3.1, so an app on a current Flask stops at
the import. The new name exists only from Jinja 3.0: it is taken where the project's Jinja is
that release or later, by its own declaration or by the one its target Flask requires, and
nothing lets it run an older one (``older_release``: a pin, a copy it ships, the system's
package, the Pythons it declares)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._declared_releases import lowest_version, older_release
from ._declared_versions import declared_specifiers
from ._flask_versions import Version, available, format_version, target, target_unknown

if TYPE_CHECKING:
    from ._base import Context

JINJA_PASS_SINCE: Version = (3, 0)
# the first Flask release that requires Jinja 3.0 (Flask's declared dependencies)
FLASK_REQUIRING_JINJA_PASS: Version = (2, 0)

# old decorator -> the one that replaces it; Jinja 2 defined the filter decorators in
# jinja2.filters and the function decorators in jinja2.utils, and exported both from jinja2
_RENAMED = {
    "contextfilter": "pass_context",
    "contextfunction": "pass_context",
    "evalcontextfilter": "pass_eval_context",
    "evalcontextfunction": "pass_eval_context",
    "environmentfilter": "pass_environment",
    "environmentfunction": "pass_environment",
}
JINJA_PASS_MOVES: dict[str, str] = {
    **{f"jinja2.{old}": f"jinja2.{new}" for old, new in _RENAMED.items()},
    **{f"jinja2.{'filters' if old.endswith('filter') else 'utils'}.{old}": f"jinja2.{new}" for old, new in _RENAMED.items()},
}


def jinja_pass_missing(ctx: Context, qualified: str, new: str) -> str | None:
    """Why ``new`` (``jinja2.pass_*``) may not exist where the project runs, so ``qualified``
    stays; None when it does."""
    return jinja_pass_refusal(ctx, [(qualified, new)])


def jinja_pass_refusal(ctx: Context, renames: list[tuple[str, str]]) -> str | None:
    """One sentence for the old decorators ``renames`` (``(old, new)``, in the order a line
    imports them) left where the project may run a Jinja older than 3.0: each old name with
    its own replacement; None when the new names exist."""
    reason = _jinja_pass_absent(ctx)
    if reason is None:
        return None
    news = list(dict.fromkeys(new for _, new in renames))
    if len(renames) == 1:
        (old, new), = renames
        return (
            f"{old} was deprecated in Jinja 3.0 and removed in Jinja 3.1, which Flask 3.0 requires: {new} replaces it "
            f"from Jinja 3.0, and {reason} (not changed; require Jinja2 3.0 or later, then use {new})"
        )
    replaced = "; ".join(
        f"{new} replaces {_and([old for old, n in renames if n == new])}" for new in news
    )
    return (
        f"{_and([old for old, _ in renames])} were deprecated in Jinja 3.0 and removed in Jinja 3.1, which Flask 3.0 "
        f"requires ({replaced}, from Jinja 3.0), and {reason} (not changed; require Jinja2 3.0 or later, then use "
        f"{_and(news)})"
    )


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _jinja_pass_absent(ctx: Context) -> str | None:
    """Why the project may run a Jinja without ``pass_context`` and its kin; None when it
    cannot."""
    older = older_release(ctx, "jinja2", JINJA_PASS_SINCE)
    if older is None:
        if available(ctx, FLASK_REQUIRING_JINJA_PASS):
            return None
        declared = declared_specifiers(ctx, "jinja2")
        if declared and all((lowest_version(s) or (0, 0, 0))[:2] >= JINJA_PASS_SINCE for s in declared):
            return None
    if older is not None:
        return older.describe("Jinja2", JINJA_PASS_SINCE)
    if target_unknown(ctx):
        return "the release of Flask the app runs on is not known, nor a Jinja2 of 3.0 or later required"
    return f"the target Flask {format_version(target(ctx))} does not require Jinja2 3.0, and the project does not either"
