"""open-with: no with-block that takes a line past the project's line length.

A with-block moves the statements it holds one level deeper. Where the project declares its
line length (``_line_length``), a moved line that passes it is split as black would
(``_moved_lines``), and the with header too (``_open_with_rewrite``); a line neither can split
(a string continued by a backslash, a long comment, a call followed by a subscript) would keep
the move's extra columns and fail the project's own check (pgadmin's ``make check`` runs
pycodestyle at 79: a moved ``url = '...' \\`` line went from 78 columns to 82). Such a
with-block is not made: ``within_line_length`` drops, one at a time in source order, each
outermost region whose with-block adds lines past the length, until the rewrite has no more
such lines than the file had (``_moved_lines_limit``, which http-timeout's session
with-blocks ask too), and says why for each. A line that passed the length before the move is
the project's own (counted before and after alike), as is a line that carries a ``noqa``
(pycodestyle and flake8 do not check its length).
"""

from __future__ import annotations

from typing import Callable

import libcst as cst

from ._moved_lines_limit import without_lines_past
from ._open_with_plan import Plan, Region

_FINDING = (
    "not changed: the with-block would move a line past the project's line length ({limit}), and black "
    "would not split it there (a string continued by a backslash, a comment, a subscript after a call); "
    "close the handle by hand, or wrap the block once the line is laid out again"
)


def within_line_length(
    original: cst.Module, result: cst.Module, plan: Plan, rewrite: Callable[[Plan], cst.Module], limit: int
) -> tuple[cst.Module, Plan, list[tuple[cst.CSTNode, str]]]:
    """``result`` (``rewrite(plan)`` of ``original``), or a rewrite of ``plan`` without the
    regions whose with-blocks take lines past ``limit``; with the plan kept and a finding
    (opener call, reason) for each region left out."""

    def kept(left_out: list[Region]) -> Plan:
        trimmed = plan
        for region in left_out:
            trimmed = _without(trimmed, region)
        return trimmed

    regions = [region for listed in plan.regions.values() for region in listed]
    result, left_out = without_lines_past(original, result, regions, lambda left_out: rewrite(kept(left_out)), limit)
    findings = [(region.items[0].opener.call, _FINDING.format(limit=limit)) for region in left_out]
    return result, kept(left_out), findings


def _without(plan: Plan, region: Region) -> Plan:
    """``plan`` without ``region`` and the regions inside it: their statements stay as written."""
    regions = {owner: [kept for kept in listed if kept is not region] for owner, listed in plan.regions.items()}
    gone = list(_within(region))
    calls = {item.opener.call for each in gone for item in each.items}
    statements = set(getattr(region.owner, "body", ())[region.start : region.end + 1])
    return Plan(
        regions={owner: listed for owner, listed in regions.items() if listed},
        inline_names={call: name for call, name in plan.inline_names.items() if call not in calls},
        discarded={node for node in plan.discarded if node not in statements},
        findings=plan.findings,
        rewrites=plan.rewrites - sum(len(each.items) for each in gone),
        columns=plan.columns,
    )


def _within(region: Region):
    yield region
    for child in region.children:
        yield from _within(child)
