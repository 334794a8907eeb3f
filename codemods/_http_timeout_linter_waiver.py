"""http-timeout: calls the project's linter was told to let go without a timeout.

pylint's ``missing-timeout`` check (W3101) asks for a timeout on every requests call. A comment
line ``# pylint: disable=missing-timeout`` standing on its own switches it off from that line to
the end of the block that holds it (the rest of the module at module level), until a
``# pylint: enable=`` of the same check (corpus 31: openedx-webhooks' tests call requests
against fakes a conftest fixture installs, under such a comment at the top of each module).
The authors wrote down, at these calls, that they go without a timeout: the call is left.
A directive in a nested block holds to that block's end, as pylint reads it: an enable in a
function under a module-level disable turns the check on for the rest of that function, and
the disable holds again after it (a disable in a function likewise ends with it; pylint's
user guide, "Messages control": each branch of an ``if`` is a block of its own). A disable
at the end of the call's own line is the comment rule's (_http_timeout_comments).
"""

from __future__ import annotations

import re
from typing import Any

import libcst as cst

from ._http_timeout_calls import parent
from ._node_fields import child_nodes

# a pylint directive comment: its kind (disable/enable) and the checks it names
_DIRECTIVE = re.compile(r"#\s*pylint:\s*(disable|enable)\s*=\s*([\w\-, ]+)")
_CHECK_NAMES = frozenset({"missing-timeout", "w3101"})


class LinterWaivers:
    """The calls of one module a pylint disable of ``missing-timeout`` covers (above)."""

    def __init__(self, wrapper: Any, ctx: Any) -> None:
        self.wrapper = wrapper
        self.ctx = ctx
        # id of a statement -> the line of the waiver that covers it, or None where the check
        # is on: each statement of a block whose directives say so (the nearest decides)
        self._marks: dict[int, int | None] | None = None

    def line(self, call: cst.Call) -> int | None:
        """The line (in the given tree) of the waiver whose scope holds ``call``, or None."""
        if self._marks is None:
            self._marks = {}
            module = self.wrapper.module
            _mark_body(self.ctx, module.body, _header_waiver(module), self._marks)
        node = parent(self.wrapper, call)
        while node is not None:
            if id(node) in self._marks:
                return self._marks[id(node)]
            node = parent(self.wrapper, node)
        return None


def _header_waiver(module: cst.Module) -> int | None:
    """The line of a waiver among the comments at the top of the module, before any statement."""
    line: int | None = None
    for index, empty in enumerate(module.header, start=1):
        state = _directive(empty)
        if state is not None:
            line = index if state else None
    return line


def _mark_body(ctx: Any, body: Any, active: int | None, marks: dict[int, int | None]) -> None:
    """Walk one block's statements in order, following its directives, and the blocks inside
    them with the state each starts in; mark every statement from the first a waiver covers,
    or a directive of this block reaches (a block no directive reaches stays unmarked)."""
    decided = active is not None
    for statement in body:
        leading = getattr(statement, "leading_lines", ())
        for index, empty in enumerate(leading):
            state = _directive(empty)
            if state is None:
                continue
            decided = True
            active = ctx.line_of(statement) - (len(leading) - index) if state else None
        if decided:
            marks[id(statement)] = active
        for block in _inner_blocks(statement):
            _mark_body(ctx, block.body, active, marks)


def _inner_blocks(node: cst.CSTNode) -> list[cst.IndentedBlock]:
    """The indented blocks of a compound statement (its body, ``else``, ``except``,
    ``finally``, an ``elif``'s), not those nested deeper in them."""
    found: list[cst.IndentedBlock] = []
    for child in child_nodes(node):
        if isinstance(child, cst.IndentedBlock):
            found.append(child)
        elif isinstance(child, (cst.If, cst.Else, cst.ExceptHandler, cst.ExceptStarHandler, cst.Finally, cst.MatchCase)):
            found.extend(_inner_blocks(child))
    return found


def enables_the_check(comment: str) -> bool:
    """Whether ``comment`` is a pylint enable of missing-timeout: it asks for a timeout, it
    weighs none (_http_timeout_comments)."""
    return _directive_of(comment) is False


def _directive(empty: cst.EmptyLine) -> bool | None:
    """True for a disable of missing-timeout, False for an enable of it, None otherwise."""
    return None if empty.comment is None else _directive_of(empty.comment.value)


def _directive_of(comment: str) -> bool | None:
    match = _DIRECTIVE.match(comment)
    if match is None:
        return None
    checks = {name.strip().lower() for name in match.group(2).split(",")}
    if not checks & _CHECK_NAMES:
        return None
    return match.group(1) == "disable"
