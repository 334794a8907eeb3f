"""Changes as the review ledger sees them: blocks of a unified diff, placed on the ORIGINAL
pinned file, and attributed to the codemod that made them.

A block is a maximal run of removed/added lines inside one hunk. Its ``line`` is the first
removed line of the original file, or, for a block that only inserts, the original line it
follows (0: the top of the file, or a new file). The tool's patch of a run with one codemod
gives that codemod's blocks; the patch of a run with several codemods gives blocks that are
attributed by position to the single-codemod blocks they cover. A combined block that
covers no single-codemod block, or that differs from what the single runs made there, is an
interaction of codemods and is judged on its own (codemod ``a+b``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

_HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
CONTEXT = 3  # lines of context kept around a block for display


@dataclass
class Block:
    path: str
    line: int  # see the module docstring
    rows: list[tuple[str, str]] = field(default_factory=list)  # ("-"|"+"|" ", text), in order
    old_first: int = 0  # original line number of the first row that is an original line
    old_lines: int = 0  # original lines the block spans (removed, and unchanged ones between)
    before: list[str] = field(default_factory=list)  # context lines, for display
    after: list[str] = field(default_factory=list)

    @property
    def removed(self) -> list[str]:
        return [text for kind, text in self.rows if kind == "-"]

    @property
    def added(self) -> list[str]:
        return [text for kind, text in self.rows if kind == "+"]

    @property
    def span(self) -> tuple[float, float]:
        """The stretch of the original this block touches: its original lines, widened by
        half a line on each side, or the gap after ``line`` for a pure insertion."""
        if not self.old_lines:
            return (self.line + 0.5, self.line + 0.5)
        return (self.old_first - 0.5, self.old_first + self.old_lines - 0.5)

    def widened_span(self, original: list[str]) -> tuple[float, float]:
        """``span``, widened over the blank original lines around it: where a diff puts an
        inserted blank line (before or after the new code) is the diff's choice."""
        low, high = self.span
        while low >= 1.5 and int(low - 0.5) <= len(original) and not original[int(low - 0.5) - 1].strip():
            low -= 1
        while high + 0.5 <= len(original) and not original[int(high + 0.5) - 1].strip():
            high += 1
        return low, high

    def touches(self, other: "Block", original: list[str]) -> bool:
        if self.path != other.path:
            return False
        (a, b), (c, d) = self.widened_span(original), other.widened_span(original)
        return a <= d and c <= b

    def render(self, indent: str = "    ") -> str:
        lines = [f"{indent} {text}" for text in self.before]
        lines += [f"{indent}{kind}{text}" for kind, text in self.rows]
        lines += [f"{indent} {text}" for text in self.after]
        return "\n".join(lines)


def _file_path(header: str) -> str | None:
    name = header.split("\t", 1)[0].strip()
    if name == "/dev/null":
        return None
    return name[2:] if name[:2] in ("a/", "b/") else name


def parse_patch(text: str) -> list[Block]:
    """Every block of a unified diff (as written by ``--diff-file``)."""
    blocks: list[Block] = []
    lines = text.splitlines()
    path: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("--- ") and index + 1 < len(lines) and lines[index + 1].startswith("+++ "):
            old, new = _file_path(line[4:]), _file_path(lines[index + 1][4:])
            path = new if new is not None else old
            index += 2
            continue
        match = _HUNK.match(line)
        if match is None or path is None:
            index += 1
            continue
        old_line = int(match.group(1))
        old_count = 1 if match.group(2) is None else int(match.group(2))
        new_count = 1 if match.group(4) is None else int(match.group(4))
        if old_count == 0:  # "-N,0": the hunk starts after line N
            old_line += 1
        index += 1
        body: list[str] = []
        seen_old = seen_new = 0
        while index < len(lines) and (seen_old < old_count or seen_new < new_count):
            row = lines[index]
            index += 1
            if row.startswith("\\"):  # "\ No newline at end of file"
                continue
            kind = row[:1] or " "
            body.append(row if row else " ")
            if kind in (" ", "-"):
                seen_old += 1
            if kind in (" ", "+"):
                seen_new += 1
        blocks.extend(_blocks_of_hunk(path, old_line, body))
    return blocks


def _blocks_of_hunk(path: str, old_line: int, body: list[str]) -> list[Block]:
    """Split a hunk into blocks; changed lines fewer than CONTEXT unchanged lines apart are
    one block (a re-indented statement whose diff keeps an ``else:`` in place stays whole)."""
    blocks: list[Block] = []
    current: Block | None = None
    context: list[str] = []  # unchanged lines since the last changed line
    number = old_line  # the original line number of the next " " or "-" row
    for row in body:
        kind, text = row[0], row[1:]
        if kind == " ":
            context.append(text)
            number += 1
            if current is not None and len(context) == CONTEXT:
                current.after = context[:]
                current = None
            continue
        if current is None:
            current = Block(path, number - 1, before=context[-CONTEXT:])
            blocks.append(current)
        elif context:  # a short run of unchanged lines inside the block
            if not current.old_lines:
                current.old_first = number - len(context)
            current.rows += [(" ", line) for line in context]
            current.old_lines += len(context)
        context = []
        if kind == "-":
            if not current.removed:
                current.line = number
            if not current.old_lines:
                current.old_first = number
            current.old_lines += 1
            number += 1
        current.rows.append((kind, text))
    if current is not None:
        current.after = context[:]
    return blocks


@dataclass
class Change:
    """One judged unit: what one codemod (or an interaction of several) changed at one place."""

    path: str
    line: int
    codemod: str  # a name, or names joined by "+" for an interaction
    block: Block
    selections: set[str] = field(default_factory=set)


def _explained(combined: Block, parts: list[Block]) -> bool:
    """Whether the single-codemod blocks it touches account for every line of the combined
    block. Containment, not equality: a diff may cut the same change into blocks at other
    places, and two codemods that add the same line there (``import os``) add it once."""
    removed = Counter(text for part in parts for text in part.removed)
    added = {text for part in parts for text in part.added}
    return not Counter(combined.removed) - removed and set(combined.added) <= added


def attribute(
    selection: str,
    combined: list[Block],
    singles: dict[str, list[Block]],
    selected: list[str],
    changes: dict[tuple, Change],
    original: Callable[[str], list[str]],
) -> list[Block]:
    """Record in ``changes`` (keyed by (path, line, codemod)) what the combined run of
    ``selected`` codemods changed; returns the combined blocks no single run explains.
    ``original(path)`` gives the lines of a file as pinned ([] for a new file)."""
    unexplained: list[Block] = []
    for block in combined:
        lines = original(block.path)
        parts = [(name, part) for name in selected for part in singles.get(name, ()) if part.touches(block, lines)]
        if parts and _explained(block, [part for _name, part in parts]):
            for name, part in parts:
                key = (part.path, part.line, name)
                changes.setdefault(key, Change(part.path, part.line, name, part)).selections.add(selection)
            continue
        names = "+".join(sorted({name for name, _part in parts})) or "unattributed"
        key = (block.path, block.line, names)
        changes.setdefault(key, Change(block.path, block.line, names, block)).selections.add(selection)
        if not parts:
            unexplained.append(block)
    return unexplained
