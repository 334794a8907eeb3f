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
    """Every line break inside an expression indented by ``extra`` more; with ``beyond``, only
    those whose next line starts right of that column (``block``: the width of the block's
    indentation, which a break indented with its block starts from)."""

    def __init__(self, extra: str, beyond: int | None, block: int) -> None:
        self.extra = extra
        self.beyond = beyond
        self.block = block

    def leave_ParenthesizedWhitespace(self, original_node, updated_node):
        if not updated_node.indent:
            return updated_node
        if self.beyond is not None and self.block + len(updated_node.last_line.value) <= self.beyond:
            return updated_node
        return updated_node.with_changes(last_line=cst.SimpleWhitespace(updated_node.last_line.value + self.extra))


def indented_continuations(node: cst.CSTNode, extra: str, beyond: int | None = None, block: int = 0):
    """``node`` with each line break inside it indented by ``extra`` more. With ``beyond`` (a
    0-based column: the last one before the text that moves), a line that starts at or left
    of it is not aligned with anything that moved (a hanging indent, ``f(x, items=[`` / the items one
    level in / ``])``, counts from the statement) and stays; ``block`` is the width of the
    enclosing block's indentation, from which such lines are indented."""
    return node.visit(_ShiftContinuations(extra, beyond, block)) if extra else node
