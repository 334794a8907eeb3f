"""Lines of a rewritten text, as lines of the text it was rewritten from.

Codemods run in sequence on one file: each is given the tree the one before returned, and
counts the lines of what it reports (a finding, a line it cites) in that tree. The user reads
them against the file on disk. ``LineMap(original, given)`` takes a line of ``given`` back to
``original``: a line outside every change maps to itself there; a line inside what a change
inserted or rewrote maps to the first line of that change in ``original`` (a pure insertion:
to the line that follows it there, the last line when it ends the text). Lines are aligned by
the standard library's diff, over the lines between the common head and tail of the two texts.
Pure: text in, numbers out.
"""

from __future__ import annotations

import bisect
import difflib
from typing import TYPE_CHECKING, Callable, Sequence

if TYPE_CHECKING:
    import libcst as cst


class LineMap:
    """1-based lines of ``given`` -> 1-based lines of ``original``; ``then``: a map applied after
    (``original`` is itself a rewriting of the text to report against)."""

    def __init__(self, original: str, given: str, then: LineMap | None = None) -> None:
        self._original = original.splitlines(keepends=True)
        self._given = given.splitlines(keepends=True)
        self._then = then
        # changed blocks (i1, i2, j1, j2), 0-based, end exclusive, in order; starts of the given side
        self._blocks = _changed_blocks(self._original, self._given)
        self._starts = [block[2] for block in self._blocks]

    def line(self, number: int) -> int:
        """The line of the text reported against for line ``number`` of ``given`` (0: unknown, kept)."""
        return self.place(number, 0)[0]

    def place(self, number: int, column: int) -> tuple[int, int]:
        """Line and column (1-based; 0: unknown) of ``given`` as a place in the text reported against.
        The column is kept where the line is kept, or rewritten with the same text before the column;
        else it is 1 (the start of the change's first line)."""
        if number <= 0:
            return number, column
        line, column = self._own_place(number, column)
        return self._then.place(line, column) if self._then is not None else (line, column)

    def _own_place(self, number: int, column: int) -> tuple[int, int]:
        index = number - 1
        at = bisect.bisect_right(self._starts, index) - 1
        shift = 0
        if at >= 0:
            i1, i2, j1, j2 = self._blocks[at]
            if index < j2:  # inside what this change wrote
                return self._inside((i1, i2, j1, j2), index, column)
            shift = i2 - j2
        line = index + shift + 1
        return min(line, max(len(self._original), 1)), column

    def _inside(self, block: tuple[int, int, int, int], index: int, column: int) -> tuple[int, int]:
        i1, i2, j1, _ = block
        line = min(i1 + 1, max(len(self._original), 1))
        if i2 - i1 == 1 and index == j1 and column > 0:  # one line rewritten: the same place if its text before it is
            before = column - 1
            if self._original[i1][:before] == self._given[index][:before]:
                return line, column
        return line, 1 if column else 0


class FileLines:
    """Where the lines a transform reports are counted: in the tree each codemod is given. The
    engine names the tree it parsed (``count_from``) and, before each codemod, the tree that
    codemod is given (``give``); ``of_given()`` is then the map from that tree's lines to the
    user's file, None when they are the same lines. A map is built only when an earlier
    codemod changed the tree, once per tree. ``code_of``: a tree's code."""

    def __init__(self, code_of: Callable[[cst.Module], str]) -> None:
        self._code_of = code_of
        self._origin: tuple[cst.Module | None, Callable[[], str]] | None = None
        self._then: LineMap | None = None
        self._given: cst.Module | None = None
        self._mapped: tuple[cst.Module, LineMap | None] | None = None

    def count_from(self, original: cst.Module | None, code: Callable[[], str], then: LineMap | None = None) -> None:
        """Lines are those of ``original``, the tree parsed from the engine's text (``code()``: its
        code; the tree is None when a transform resumes without it), then mapped by ``then`` (that
        text is itself a rewriting of the user's file)."""
        self._origin, self._then, self._mapped = (original, code), then, None

    def give(self, module: cst.Module | None) -> None:
        """The tree the next codemod is given."""
        self._given = module

    def of_given(self) -> LineMap | None:
        given, origin = self._given, self._origin
        if given is None or origin is None or given is origin[0]:
            return self._then
        if self._mapped is None or self._mapped[0] is not given:
            code, original = self._code_of(given), origin[1]()
            self._mapped = (given, LineMap(original, code, self._then) if code != original else self._then)
        return self._mapped[1]


def _changed_blocks(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, int, int, int]]:
    """The blocks where ``old`` and ``new`` differ; the common head and tail are not diffed."""
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    matcher = difflib.SequenceMatcher(None, old[head : len(old) - tail], new[head : len(new) - tail], autojunk=False)
    return [
        (i1 + head, i2 + head, j1 + head, j2 + head)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
