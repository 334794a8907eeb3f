"""A change as hunks, and any selection of them applied to the original lines.

A file's change is a chain of texts: the original, then the text after each codemod that
changed it (a *step*; ``steps`` is ``[(codemod name, text after it), ...]``, the last text
being the whole change). Each step's change is cut into line blocks by difflib, the
standard library's diff, and the blocks into hunks as a unified diff groups them (blocks at
most ``2 × context`` unchanged lines apart are one hunk). A hunk therefore belongs to one
codemod: hunks of different codemods are never one.

A selection is applied by splicing, never by rendering a tree again: the result is made of
the original lines and the new lines of the applied hunks, in order, and nothing else.
difflib's alignment says exactly which lines each block replaces, so no context search is
needed (a patch tool such as GNU patch or patch-ng looks for a hunk's context lines, with
fuzz, and may put a hunk in the wrong one of two look-alike places; here the place is known).
A hunk of a later step applies only where every line it replaces (for an insertion: the lines
on either side of it) is in the text so far, next to each other; otherwise it depends on a
hunk that was left out, and ``Splice.needs`` names that hunk.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable, Sequence

Block = tuple[int, int, int, int]  # old lines [i1:i2] become new lines [j1:j2] (0-based, end exclusive)


def lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def changed_blocks(old_lines: Sequence[str], new_lines: Sequence[str]) -> list[Block]:
    """The changed line blocks from ``old_lines`` to ``new_lines``, in order. A block that
    replaces n lines by n lines is cut line by line (adjacent one-line rewrites)."""
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    blocks: list[Block] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1 > 1:
            blocks.extend((i1 + k, i1 + k + 1, j1 + k, j1 + k + 1) for k in range(i2 - i1))
        else:
            blocks.append((i1, i2, j1, j2))
    return blocks


def group_blocks(blocks: Sequence[Block], context: int) -> list[tuple[Block, ...]]:
    """Blocks at most ``2 * context`` unchanged lines apart, together (one hunk each group)."""
    groups: list[list[Block]] = []
    for block in blocks:
        if groups and block[0] - groups[-1][-1][1] <= 2 * context:
            groups[-1].append(block)
        else:
            groups.append([block])
    return [tuple(group) for group in groups]


@dataclass(frozen=True)
class Hunk:
    number: int  # 1-based, in the order of the steps, then of the lines
    codemod: str  # the codemod whose step made it
    step: int  # 0-based index of that step
    blocks: tuple[Block, ...]  # relative to the text before the step -> the text after it


def split(original: str, steps: Sequence[tuple[str, str]], *, context: int = 3) -> list[Hunk]:
    """The hunks of a change, step by step (see the module docstring)."""
    hunks: list[Hunk] = []
    previous = lines(original)
    for index, (codemod, text) in enumerate(steps):
        current = lines(text)
        for group in group_blocks(changed_blocks(previous, current), context):
            hunks.append(Hunk(len(hunks) + 1, codemod, index, group))
        previous = current
    return hunks


@dataclass(frozen=True)
class _Line:
    text: str
    index: int | None  # its index in the current step's full text; None: not in it
    by: int | None = None  # index None: the hunk left out that would have replaced this line


class Splice:
    """The original with a selection of hunks applied, built step by step.

    Decide each hunk in the order of ``hunks`` (``needs`` first: a hunk that needs a hunk
    left out cannot be applied), then read ``text()``. Hunks not decided are left out.
    """

    def __init__(self, original: str, steps: Sequence[tuple[str, str]], hunks: Sequence[Hunk]) -> None:
        self._texts = [lines(original)] + [lines(text) for _, text in steps]
        self._hunks = list(hunks)
        self._step = 0
        self._current = [_Line(text, index) for index, text in enumerate(self._texts[0])]
        self._where = {index: index for index in range(len(self._current))}  # full-text index -> position
        self._missing: dict[int, int] = {}  # full-text index -> the hunk left out that wrote that line
        self._applied: set[int] = set()

    @property
    def applied(self) -> frozenset[int]:
        return frozenset(self._applied)

    def needs(self, hunk: Hunk) -> tuple[int, ...]:
        """The hunks left out without which ``hunk`` cannot be applied; () when it can."""
        self._advance(hunk.step)
        blockers: set[int] = set()
        for block in hunk.blocks:
            wanted = self._anchors(block)
            absent = [i for i in wanted if i not in self._where]
            blockers.update(self._missing[i] for i in absent)
            if absent:
                continue
            positions = [self._where[i] for i in wanted]
            for first, second in zip(positions, positions[1:]):
                blockers.update(line.by for line in self._current[first + 1 : second] if line.by is not None)
        return tuple(sorted(blockers))

    def decide(self, hunk: Hunk, apply: bool) -> None:
        """Apply ``hunk`` (it must not need anything) or leave it out."""
        self._advance(hunk.step)
        if apply:
            assert not self.needs(hunk), f"hunk {hunk.number} needs hunks that were left out"
            self._applied.add(hunk.number)

    def text(self) -> str:
        self._advance(len(self._texts) - 1)
        return "".join(line.text for line in self._current)

    def render(self, hunk: Hunk, context: int = 3) -> str:
        """``hunk`` as a unified diff hunk against the text so far (its hunks applied)."""
        self._advance(hunk.step)
        new = self._texts[hunk.step + 1]
        spans = [(self._start(block), block) for block in hunk.blocks]
        first = max(0, spans[0][0] - context)
        last_start, (i1, i2, _, _) = spans[-1]
        last = min(len(self._current), last_start + (i2 - i1) + context)
        shown: list[str] = []
        position, old_count, new_count = first, 0, 0
        for start, (i1, i2, j1, j2) in spans:
            for line in self._current[position:start]:
                shown.append(" " + _with_newline(line.text))
            old_count += start - position + (i2 - i1)
            new_count += start - position + (j2 - j1)
            shown += ["-" + _with_newline(line.text) for line in self._current[start : start + i2 - i1]]
            shown += ["+" + _with_newline(text) for text in new[j1:j2]]
            position = start + i2 - i1
        shown += [" " + _with_newline(line.text) for line in self._current[position:last]]
        old_count += last - position
        new_count += last - position
        line_number = first + 1 + self._delta_before(hunk)
        return f"@@ -{line_number},{old_count} +{line_number},{new_count} @@ {hunk.codemod}\n" + "".join(shown)

    # -- inside ------------------------------------------------------------------------------

    def _anchors(self, block: Block) -> list[int]:
        """The full-text lines a block needs in place: those it replaces; for an insertion,
        the lines on either side of it."""
        i1, i2 = block[0], block[1]
        if i2 > i1:
            return list(range(i1, i2))
        size = len(self._texts[self._step])
        return [i for i in (i1 - 1, i1) if 0 <= i < size]

    def _start(self, block: Block) -> int:
        """Where in the text so far the block's old lines start (an insertion: goes)."""
        i1 = block[0]
        if i1 in self._where:
            return self._where[i1]
        if i1 - 1 in self._where:
            return self._where[i1 - 1] + 1
        return len(self._current)

    def _delta_before(self, hunk: Hunk) -> int:
        return sum(
            (j2 - j1) - (i2 - i1)
            for other in self._hunks
            if other.step == hunk.step and other.number < hunk.number and other.number in self._applied
            for i1, i2, j1, j2 in other.blocks
        )

    def _advance(self, step: int) -> None:
        if step < self._step:
            raise ValueError("hunks must be decided in order")
        while self._step < step:
            self._finish_step()

    def _finish_step(self) -> None:
        step = self._step
        old, new = self._texts[step], self._texts[step + 1]
        blocks = sorted((block, hunk.number) for hunk in self._hunks if hunk.step == step for block in hunk.blocks)
        insert_before: dict[int, list[_Line]] = {}
        dropped: set[int] = set()
        left_out: dict[int, int] = {}  # position -> the hunk left out that would have replaced it
        missing: dict[int, int] = {}
        for (i1, i2, j1, j2), number in blocks:
            if number in self._applied:
                new_lines = [_Line(new[j], j) for j in range(j1, j2)]
                start = self._start((i1, i2, j1, j2))
                dropped.update(self._where[i] for i in range(i1, i2))
                insert_before.setdefault(start, []).extend(new_lines)
            else:
                left_out.update((self._where[i], number) for i in range(i1, i2) if i in self._where)
                missing.update((j, number) for j in range(j1, j2))
        unchanged = _unchanged_map(blocks, len(old))
        missing.update((unchanged[i], number) for i, number in self._missing.items() if i in unchanged)
        result: list[_Line] = []
        for position, line in enumerate(self._current):
            result.extend(insert_before.get(position, ()))
            if position in dropped:
                continue
            if position in left_out:
                result.append(_Line(line.text, None, left_out[position]))
            elif line.index is None:
                result.append(line)
            else:
                result.append(_Line(line.text, unchanged[line.index]))
        result.extend(insert_before.get(len(self._current), ()))
        self._current = result
        self._where = {line.index: position for position, line in enumerate(result) if line.index is not None}
        self._missing = missing
        self._step = step + 1


def _unchanged_map(blocks: Iterable[tuple[Block, int]], size: int) -> dict[int, int]:
    """Old index -> new index for the lines outside every block."""
    mapping: dict[int, int] = {}
    old_at = new_at = 0
    for (i1, i2, j1, j2), _ in blocks:
        mapping.update((old_at + k, new_at + k) for k in range(i1 - old_at))
        old_at, new_at = i2, j2
    mapping.update((old_at + k, new_at + k) for k in range(size - old_at))
    return mapping


def _with_newline(text: str) -> str:
    return text if text.endswith(("\n", "\r")) else text + "\n"


def select(original: str, steps: Sequence[tuple[str, str]], hunks: Sequence[Hunk], chosen: Iterable[int]) -> tuple[str, frozenset[int]]:
    """The original with the hunks numbered in ``chosen`` applied, each where it can be (a
    chosen hunk that needs one left out is left out too); and the numbers applied."""
    wanted = set(chosen)
    splice = Splice(original, steps, hunks)
    for hunk in hunks:
        splice.decide(hunk, hunk.number in wanted and not splice.needs(hunk))
    return splice.text(), splice.applied
