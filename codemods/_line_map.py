"""Lines of a rewritten text, as lines of the text it was rewritten from.

Codemods run in sequence on one file: each is given the tree the one before returned, and
counts the lines of what it reports (a finding, a line it cites) in that tree. The user reads
them against the file on disk. ``LineMap(original, given)`` takes a line of ``given`` back to
``original``: a line outside every change maps to itself there; a line inside what a change
inserted or rewrote maps to the first line of that change in ``original`` (a pure insertion:
to the line that follows it there, the last line when it ends the text), but a line the change
only moved to another indent (the body a with-block now wraps) maps to its own line, its column
moved by as much. Lines are aligned by
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
        self._reindented: dict[int, dict[int, int]] = {}  # per block (by its index): given -> original line

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
                moved = self._moved_lines(at).get(index)
                if moved is not None:  # the same text at another indent: its own line
                    shift = _indent(self._original[moved]) - _indent(self._given[index])
                    return moved + 1, max(column + shift, 1) if column else 0
                return self._inside((i1, i2, j1, j2), index, column)
            shift = i2 - j2
        line = index + shift + 1
        return min(line, max(len(self._original), 1)), column

    def _moved_lines(self, at: int) -> dict[int, int]:
        """The lines of block ``at`` that the change only re-indented: given index -> original
        index (0-based), aligned by their text without its indent."""
        moved = self._reindented.get(at)
        if moved is None:
            i1, i2, j1, j2 = self._blocks[at]
            old = [line.strip() for line in self._original[i1:i2]]
            new = [line.strip() for line in self._given[j1:j2]]
            moved = {}
            if old and new:
                for a, b, size in difflib.SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks():
                    moved.update((j1 + b + k, i1 + a + k) for k in range(size) if new[b + k])
            self._reindented[at] = moved
        return moved

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
    """The blocks where ``old`` and ``new`` differ, in order. Codemods change a few places of a
    long file: the lines that occur once in each text and in the same order (patience diff's
    anchors) cut it into short stretches, each cut again by its own such lines; only a stretch
    without any is diffed by difflib (whose cost grows with the square of a stretch full of
    repeated lines: blank lines, ``return``)."""
    blocks: list[tuple[int, int, int, int]] = []
    _diff_stretch(old, new, 0, len(old), 0, len(new), blocks)
    return blocks


def _anchors(old: Sequence[str], new: Sequence[str], i1: int, i2: int, j1: int, j2: int) -> list[tuple[int, int]]:
    """(i, j) of the lines found once in each of ``old[i1:i2]`` and ``new[j1:j2]``, the longest
    run of them in the same order in both."""
    counts: dict[str, list[int]] = {}
    for index in range(i1, i2):
        seen = counts.setdefault(old[index], [0, -1, 0, -1])
        seen[0] += 1
        seen[1] = index
    for index in range(j1, j2):
        seen = counts.get(new[index])
        if seen is not None:
            seen[2] += 1
            seen[3] = index
    pairs = sorted((i, j) for once_old, i, once_new, j in counts.values() if once_old == 1 and once_new == 1)
    # the longest increasing run of j (patience sorting): the anchors that keep both orders
    tops: list[int] = []  # the smallest j ending a run of each length
    ends: list[int] = []  # the index in pairs of that j
    before: list[int] = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        at = bisect.bisect_left(tops, j)
        if at == len(tops):
            tops.append(j)
            ends.append(index)
        else:
            tops[at], ends[at] = j, index
        before[index] = ends[at - 1] if at > 0 else -1
    run: list[tuple[int, int]] = []
    index = ends[-1] if ends else -1
    while index >= 0:
        run.append(pairs[index])
        index = before[index]
    return run[::-1]


def _diff_stretch(
    old: Sequence[str], new: Sequence[str], i1: int, i2: int, j1: int, j2: int, blocks: list[tuple[int, int, int, int]]
) -> None:
    """The changed blocks of ``old[i1:i2]`` -> ``new[j1:j2]``, appended to ``blocks``."""
    while i1 < i2 and j1 < j2 and old[i1] == new[j1]:
        i1, j1 = i1 + 1, j1 + 1
    while i1 < i2 and j1 < j2 and old[i2 - 1] == new[j2 - 1]:
        i2, j2 = i2 - 1, j2 - 1
    if i1 == i2 or j1 == j2:
        if i1 != i2 or j1 != j2:
            blocks.append((i1, i2, j1, j2))
        return
    anchors = _anchors(old, new, i1, i2, j1, j2)
    if anchors:
        for anchor_i, anchor_j in [*anchors, (i2, j2)]:
            if anchor_i > i1 or anchor_j > j1:
                _diff_stretch(old, new, i1, anchor_i, j1, anchor_j, blocks)
            i1, j1 = anchor_i + 1, anchor_j + 1
        return
    matcher = difflib.SequenceMatcher(None, old[i1:i2], new[j1:j2], autojunk=False)
    blocks.extend(
        (a1 + i1, a2 + i1, b1 + j1, b2 + j1) for tag, a1, a2, b1, b2 in matcher.get_opcodes() if tag != "equal"
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))
