"""Moves that take a line past the project's line length where nothing splits it: which of a
rewrite's moves to leave out.

A rewrite that puts existing statements into a new block (a with-block around them) moves
their lines one level deeper, and ``_moved_lines`` splits those black splits at a call's own
brackets. A line neither it nor the with header's layout can split (a string continued by a
backslash, a long comment, a call followed by a subscript) keeps the move's extra columns, and
where the project declares its line length (``_line_length``) it may now pass it and fail the
project's own check (pgadmin's ``make check`` runs pycodestyle at 79: a moved ``url = '...' \\``
line went from 78 columns to 82).

``without_lines_past`` answers it for a whole rewrite: when the rewrite has more lines past the
length than the original, it leaves out the moves, one at a time in the order given, whose
absence takes lines back within it, until the rewrite has no more such lines than the original
had; the caller says why for each move left out. A line that passed the length before the move
is the project's own (counted before and after alike), as is a line that carries a ``noqa``
(pycodestyle and flake8 do not check its length).
"""

from __future__ import annotations

from typing import Callable, Sequence, TypeVar

import libcst as cst

Move = TypeVar("Move")


def lines_past(code: str, limit: int) -> int:
    """How many lines of ``code`` pass ``limit`` columns without a ``noqa`` that lets them."""
    return sum(1 for line in code.split("\n") if len(line.rstrip()) > limit and "noqa" not in line.lower())


def without_lines_past(
    original: cst.Module,
    result: cst.Module,
    moves: Sequence[Move],
    rewrite_without: Callable[[list[Move]], cst.Module],
    limit: int,
) -> tuple[cst.Module, list[Move]]:
    """``result`` (the rewrite of ``original`` with every one of ``moves``), or the rewrite
    without the moves that take lines past ``limit`` (``rewrite_without(left_out)``), with
    those moves in the order given."""
    allowed = lines_past(original.code, limit)
    past = lines_past(result.code, limit)
    left_out: list[Move] = []
    for move in moves:
        if past <= allowed:
            break
        trial = rewrite_without([*left_out, move])
        trial_past = lines_past(trial.code, limit)
        if trial_past < past:
            left_out.append(move)
            result, past = trial, trial_past
    return result, left_out
