"""What cache-views says about the views it leaves uncached: one finding per module for the
common reasons, one per view for the specific ones.

Only the refusals that leave a reviewer something to decide are said (``Decision.quiet``:
see ``_cache_views_worth``): a view that could be cached but for one thing the codemod could
not prove. The common ones (calls it cannot see into, outside services, database reads) would
otherwise repeat on every view of a large module; they are summed up in one finding on the
module's first such view, each reason with the views it holds (the first with its own words).
A reason that belongs to one view (a template that is not found, a name a template reads that
the view does not pass) is said on that view. Views that could be cached but cannot reach the
app's cache are said together too.
"""

from __future__ import annotations

from typing import Sequence

from ._cache_views_catalog import (
    CHANGING,
    DATA,
    EFFECT,
    ENDPOINT,
    REQUEST,
    RESPONSE,
    SERVICE,
    SETUP,
    SPECIFIC,
    UNKNOWN,
    USER,
)

_LABELS = {
    USER: "per user (login, session, current_user, cookies, flashed messages)",
    REQUEST: "per request (the request beyond its URL)",
    SERVICE: "outside services",
    EFFECT: "effects a cached page would skip (writes, commits, sends, log in or out)",
    CHANGING: "answers that change over time (the clock, randomness, state other code changes)",
    UNKNOWN: "calls the codemod cannot prove read-only and deterministic",
    RESPONSE: "redirects, files and streams",
    ENDPOINT: "endpoints whose callers want the state of now (health, status, polling, counts)",
}
_SELF_EXPLAINING = (DATA, ENDPOINT)  # the label says it all: no example reason
_LISTED = 5  # views named per reason; the rest are counted


def findings(decisions: Sequence, data_views: bool) -> list[tuple[object, str]]:
    """(the decision to attach it to, the message), in the order of the views."""
    found: list[tuple[object, str]] = []
    common: dict[str, list] = {}
    blocked: list = []
    for decision in decisions:
        if decision.problem is None or decision.skip or decision.quiet:
            continue
        category = decision.problem.category
        if category == SPECIFIC:
            found.append((decision, _one(decision)))
        elif category == SETUP:
            blocked.append(decision)
        else:
            common.setdefault(category, []).append(decision)
    if len(blocked) == 1:
        found.append((blocked[0], _one(blocked[0])))
    elif blocked:
        found.append((blocked[0], f"{len(blocked)} views could be cached, but {blocked[0].problem.text}: "
                                  f"{_names(blocked, with_reason=False)}"))
    members = [d for group in common.values() for d in group]
    if len(members) == 1:
        found.append((members[0], _one(members[0])))
    elif members:
        parts = []
        for category in sorted(common, key=lambda c: -len(common[c])):
            group = common[category]
            label = _data_label(data_views) if category == DATA else _LABELS[category]
            parts.append(f"{label}: {_names(group, with_reason=category not in _SELF_EXPLAINING)}")
        first = min(members, key=decisions.index)
        found.append((first, f"{len(members)} views left uncached: " + "; ".join(parts)))
    found.sort(key=lambda pair: decisions.index(pair[0]))
    return found


def _data_label(data_views: bool) -> str:
    if data_views:
        return "database reads that answer data, not a page (scripts fetch them right after a change)"
    return "database reads (freshness is a product decision; cache-views.data-views = true caches the read-only pages)"


def _names(group: list, *, with_reason: bool) -> str:
    names = [f"{d.view.function.name.value}()" for d in group]
    if with_reason:
        names[0] += f" [{group[0].problem.text}]"
    listed = ", ".join(names[:_LISTED])
    return listed + (f" and {len(names) - _LISTED} more" if len(names) > _LISTED else "")


def _one(decision) -> str:
    return f"view {decision.view.function.name.value}() left uncached: {decision.problem.text}"
