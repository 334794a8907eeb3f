"""Continuation lines of an expression moved right, when the code in front of it grew.

``text(`` put in front of an argument, ``StringField`` in place of ``TextField``: the first
line of the expression moves right, and continuation lines aligned with it (visual indent)
must move as far to stay aligned. ``indented_continuations(node, extra)`` returns ``node``
with every line break inside it indented by ``extra`` more (breaks not indented with their
block, such as a comment line at column 0, are left).
"""

from __future__ import annotations

import libcst as cst


class _ShiftContinuations(cst.CSTTransformer):
    """Every line break inside an expression indented by ``extra`` more."""

    def __init__(self, extra: str) -> None:
        self.extra = extra

    def leave_ParenthesizedWhitespace(self, original_node, updated_node):
        if not updated_node.indent:
            return updated_node
        return updated_node.with_changes(last_line=cst.SimpleWhitespace(updated_node.last_line.value + self.extra))


def indented_continuations(node: cst.CSTNode, extra: str):
    """``node`` with each line break inside it indented by ``extra`` more."""
    return node.visit(_ShiftContinuations(extra)) if extra else node
