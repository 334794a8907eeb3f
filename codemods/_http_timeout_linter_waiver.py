"""http-timeout: calls the project's linter was told to let go without a timeout.

pylint's ``missing-timeout`` check (W3101) asks for a timeout on every requests call. A comment
line ``# pylint: disable=missing-timeout`` standing on its own switches it off from that line to
the end of the block that holds it (the rest of the module at module level), until a
``# pylint: enable=`` of the same check (corpus 31: openedx-webhooks' tests call requests
against fakes a conftest fixture installs, under such a comment at the top of each module).
The authors wrote down, at these calls, that they go without a timeout: the call is left.
A disable at the end of the call's own line is the comment rule's (_http_timeout_comments).
"""

from __future__ import annotations

import re
from typing import Any

import libcst as cst

from ._http_timeout_calls import parent

# a pylint directive comment: its kind (disable/enable) and the checks it names
_DIRECTIVE = re.compile(r"#\s*pylint:\s*(disable|enable)\s*=\s*([\w\-, ]+)")
_CHECK_NAMES = frozenset({"missing-timeout", "w3101"})


class LinterWaivers:
    """The calls of one module a pylint disable of ``missing-timeout`` covers (above)."""

    def __init__(self, wrapper: Any, ctx: Any) -> None:
        self.wrapper = wrapper
        self.ctx = ctx
        self._marks: dict[int, int] | None = None  # id of a covered statement -> the waiver's line

    def line(self, call: cst.Call) -> int | None:
        """The line (in the given tree) of the waiver whose scope holds ``call``, or None."""
        if self._marks is None:
            self._marks = {}
            module = self.wrapper.module
            _mark_body(self.ctx, module.body, _header_waiver(module), self._marks)
            for block in _blocks(module):
                _mark_body(self.ctx, block.body, None, self._marks)
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


def _mark_body(ctx: Any, body: Any, active: int | None, marks: dict[int, int]) -> None:
    """Walk one block's statements in order, following its directives; mark the covered ones."""
    for statement in body:
        leading = getattr(statement, "leading_lines", ())
        for index, empty in enumerate(leading):
            state = _directive(empty)
            if state is None:
                continue
            if state:
                active = ctx.line_of(statement) - (len(leading) - index)
            else:
                active = None
        if active is not None:
            marks[id(statement)] = active


def _directive(empty: cst.EmptyLine) -> bool | None:
    """True for a disable of missing-timeout, False for an enable of it, None otherwise."""
    if empty.comment is None:
        return None
    match = _DIRECTIVE.match(empty.comment.value)
    if match is None:
        return None
    checks = {name.strip().lower() for name in match.group(2).split(",")}
    if not checks & _CHECK_NAMES:
        return None
    return match.group(1) == "disable"


def _blocks(module: cst.Module) -> list[cst.IndentedBlock]:
    """Every indented block of the module."""
    found: list[cst.IndentedBlock] = []

    class _Visitor(cst.CSTVisitor):
        def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
            found.append(node)

    module.visit(_Visitor())
    return found
