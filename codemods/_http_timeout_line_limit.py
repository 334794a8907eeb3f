"""http-timeout: no session with-block that takes a line past the project's line length.

A session's with-block moves the statements that use it one level deeper. Where the project
declares its line length (``_line_length``), a moved line that passes it is split as black
would (``_moved_lines``); a line nothing splits (a string continued by a backslash, a long
comment, a call followed by a subscript) would keep the move's extra columns and fail the
project's own check. ``within_line_length`` leaves out, one at a time, the
with-blocks that add such lines, until the rewrite has no more of them than the file had
(``_moved_lines_limit``, which open-with's with-blocks ask too), and says why for each: the
session stays as written, its calls still get their timeout.
"""

from __future__ import annotations

from typing import Callable

import libcst as cst

from ._http_timeout_sessions import Wrap
from ._moved_lines_limit import without_lines_past

_FINDING = (
    "session not put in a with-block: it would move a line past the project's line length ({limit}), and black "
    "would not split it there (a string continued by a backslash, a comment, a subscript after a call); "
    "close the session by hand (its calls still get their timeout)"
)

Blocks = dict[int, list[Wrap]]


def within_line_length(
    original: cst.Module, result: cst.Module, blocks: Blocks, rewrite: Callable[[Blocks], cst.Module], limit: int
) -> tuple[cst.Module, Blocks, list[tuple[cst.CSTNode, str]]]:
    """``result`` (``rewrite(blocks)`` of ``original``), or a rewrite without the with-blocks
    that take lines past ``limit``; with the blocks kept and a finding (the session's
    creation, reason) for each with-block left out."""

    def kept(left_out: list[tuple[int, Wrap]]) -> Blocks:
        gone = {id(wrap) for _, wrap in left_out}
        trimmed = {block: [wrap for wrap in wraps if id(wrap) not in gone] for block, wraps in blocks.items()}
        return {block: wraps for block, wraps in trimmed.items() if wraps}

    moves = [(block, wrap) for block, wraps in blocks.items() for wrap in sorted(wraps, key=lambda wrap: wrap.start)]
    result, left_out = without_lines_past(original, result, moves, lambda left_out: rewrite(kept(left_out)), limit)
    if not left_out:
        return result, blocks, []
    found = _blocks_by_id(original, {block for block, _ in left_out})
    findings = [(_creation(found[block], wrap), _FINDING.format(limit=limit)) for block, wrap in left_out]
    return result, kept(left_out), findings


def _creation(block: cst.IndentedBlock, wrap: Wrap) -> cst.CSTNode:
    """The ``requests.Session()`` call of the statement ``wrap`` starts at."""
    statement = block.body[wrap.start]
    assert isinstance(statement, cst.SimpleStatementLine) and isinstance(statement.body[0], cst.Assign)
    return statement.body[0].value


def _blocks_by_id(module: cst.Module, ids: set[int]) -> dict[int, cst.IndentedBlock]:
    found: dict[int, cst.IndentedBlock] = {}

    class _Blocks(cst.CSTVisitor):
        def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
            if id(node) in ids:
                found[id(node)] = node

    module.visit(_Blocks())
    return found
