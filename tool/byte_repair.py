"""LibCST byte repair: the text of a transformed tree, with every byte LibCST did not
reproduce put back.

LibCST's trees are meant to render back to their source exactly, but a few shapes lose
bytes: a form feed before a statement, a lone carriage return ending the file, blank lines
(and even comment lines) before a whitespace-only or oddly indented line at the end of the
file. ``render`` puts what was lost back next to the same lines, which the codemods left
alone; when that cannot be done it says so (None), and the file is not rewritten. Pure: text
in, text out.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Iterator


def render(text: str, base: str, new: str) -> str | None:
    """``new`` (LibCST's rendering of the tree parsed from ``text``, transformed; ``base``: its
    rendering of that tree before), with every byte LibCST does not reproduce put back; None
    when that cannot be done."""
    edges = frame(text, base)
    if edges is not None:
        return edges[0] + new + edges[1]
    return _merge_lost_whitespace(text, base, new)


def _refine(base_lines: list[str], text_lines: list[str], i1: int, i2: int, j1: int, j2: int) -> list[tuple]:
    """Split one difference between LibCST's lines and the text's into lines it dropped
    (whitespace or comment only: inserted before a base line) and lines it rendered with
    other whitespace; the difference itself when it is not made of those."""
    pieces: list[tuple] = []
    i, j, pending = i1, j1, j1
    while j < j2:
        if i < i2 and _WHITESPACE.sub("", text_lines[j]) == _WHITESPACE.sub("", base_lines[i]):
            if j > pending:
                pieces.append(("insert", i, i, pending, j))
            if text_lines[j] != base_lines[i]:
                pieces.append(("replace", i, i + 1, j, j + 1))
            i, j = i + 1, j + 1
            pending = j
        elif _droppable_line(text_lines[j]):
            j += 1
        else:
            return [("replace", i1, i2, j1, j2)]
    if i != i2:
        return [("replace", i1, i2, j1, j2)]
    if j2 > pending:
        pieces.append(("insert", i2, i2, pending, j2))
    return pieces


def _keys(lines: list[str]) -> list[str]:
    return [_WHITESPACE.sub("", line) for line in lines]


def _droppable_line(line: str) -> bool:
    """A line of only whitespace, or only a comment: what LibCST may fail to render."""
    stripped = line.strip(" \t\f\r\n")
    return not stripped or stripped.startswith("#")


def _significant(lines: list[str]) -> str:
    """The lines without whitespace and without comment-only lines."""
    return "".join(_WHITESPACE.sub("", line) for line in lines if not _droppable_line(line))


def _lost_edges(base_lines: list[str], text_lines: list[str]) -> tuple[str, str] | None:
    """``(form feeds, newline)`` that one text line has around its ``base_lines`` line:
    leading form feeds, and the final newline of a file LibCST ended without one."""
    if len(base_lines) != 1 or len(text_lines) != 1:
        return None
    base, text = base_lines[0].lstrip("\f"), text_lines[0].lstrip("\f")
    lost_feeds = (len(text_lines[0]) - len(text)) - (len(base_lines[0]) - len(base))
    if lost_feeds < 0:
        return None
    newline = ""
    if text != base and not base.endswith(("\r", "\n")):
        body = text.rstrip("\r\n")
        newline = text[len(body) :]
        text = body
    if text != base or not (lost_feeds or newline):
        return None
    return "\f" * lost_feeds, newline


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_WHITESPACE = re.compile(r"[ \t\f\r\n]+")


def _merge_lost_whitespace(text: str, base: str, new: str) -> str | None:
    """A three-way merge by lines: ``base`` is LibCST's rendering of the parsed ``text``,
    ``new`` its rendering of the transformed tree; the whitespace and comment lines ``text``
    has and ``base`` lost go back into ``new`` next to the same, untouched lines."""
    base_lines, text_lines, new_lines = _LINE.findall(base), _LINE.findall(text), _LINE.findall(new)
    lost: list[tuple] = []  # (tag, base from, base to, text from, text to)
    aligned = SequenceMatcher(None, _keys(base_lines), _keys(text_lines), autojunk=False)
    for tag, i1, i2, j1, j2 in aligned.get_opcodes():  # aligned ignoring whitespace
        if tag != "equal":
            lost.extend(_refine(base_lines, text_lines, i1, i2, j1, j2))
            continue
        lost.extend(("replace", i1 + k, i1 + k + 1, j1 + k, j1 + k + 1) for k in range(i2 - i1) if base_lines[i1 + k] != text_lines[j1 + k])
    for _, i1, i2, j1, j2 in lost:
        if _significant(base_lines[i1:i2]) != _significant(text_lines[j1:j2]):
            return None  # not a loss of whitespace and comments: do not guess
    kept: dict[int, int] = {}  # base line -> the same line in new
    rewritten: dict[int, int] = {}  # first base line of a rewritten region -> its first new line
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, base_lines, new_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            kept.update((i1 + k, j1 + k) for k in range(i2 - i1))
        elif tag == "replace":
            # line for line when the codemods kept the number of lines, else just the first
            rewritten.update((i1 + k, j1 + k) for k in range(i2 - i1 if i2 - i1 == j2 - j1 else 1))
    pieces: list[tuple[int, int, list[str]]] = []  # (start in new, end in new, original lines)
    for _, i1, i2, j1, j2 in lost:
        if i2 > i1:  # lines LibCST rendered differently: only where new still has them as such
            targets = [kept.get(i) for i in range(i1, i2)]
            if None in targets or targets != list(range(targets[0], targets[0] + len(targets))):
                edges = _lost_edges(base_lines[i1:i2], text_lines[j1:j2])
                if edges is None or i1 not in rewritten:
                    return None
                feed, newline = edges
                # form feeds before a statement a codemod rewrote go before its new first line
                # (a form feed starting a line never changes its indentation); the newline
                # LibCST dropped at the end of the file goes back at the end
                start = rewritten[i1]
                if feed:
                    pieces.append((start, start + 1, [feed + new_lines[start]]))
                if newline:
                    if i1 != len(base_lines) - 1 or not new_lines or new_lines[-1].endswith(("\r", "\n")):
                        return None
                    if feed and start == len(new_lines) - 1:
                        pieces[-1] = (start, start + 1, [feed + new_lines[start] + newline])
                    else:
                        pieces.append((len(new_lines) - 1, len(new_lines), [new_lines[-1] + newline]))
                continue
            pieces.append((targets[0], targets[-1] + 1, text_lines[j1:j2]))
        elif i1 in kept:  # lines LibCST dropped: before the line that followed them
            pieces.append((kept[i1], kept[i1], text_lines[j1:j2]))
        elif i1 - 1 in kept:  # ... or after the one that preceded them
            pieces.append((kept[i1 - 1] + 1, kept[i1 - 1] + 1, text_lines[j1:j2]))
        elif i1 == len(base_lines) and new_lines and new_lines[-1].endswith(("\r", "\n")):
            pieces.append((len(new_lines), len(new_lines), text_lines[j1:j2]))  # at the very end
        else:
            return None
    out: list[str] = []
    position = 0
    for start, end, lines in sorted(pieces, key=lambda piece: (piece[0], piece[1])):
        if start < position:
            return None  # two pieces for one line: do not guess
        out.extend(new_lines[position:start])
        out.extend(lines)
        position = end
    out.extend(new_lines[position:])
    if _significant(out) != _significant(new_lines):
        return None
    return "".join(out)


# Whitespace LibCST is known to drop when it renders a tree: a form feed before the first
# statement, a lone carriage return ending the file.
_DROPPABLE = frozenset(" \t\f\r\n")


def _occurrences(text: str, part: str) -> Iterator[int]:
    index = text.find(part)
    while index != -1:
        yield index
        if not part:
            return
        index = text.find(part, index + 1)


def frame(text: str, rendered: str) -> tuple[str, str] | None:
    """``(prefix, suffix)`` with ``text == prefix + rendered + suffix``, both made only of
    whitespace LibCST lost when rendering; ``("", "")`` when it reproduced ``text`` exactly;
    None when it changed anything else (then the file must not be rewritten)."""
    if rendered == text:
        return "", ""
    for index in _occurrences(text, rendered):
        prefix, suffix = text[:index], text[index + len(rendered) :]
        if _DROPPABLE.issuperset(prefix) and _DROPPABLE.issuperset(suffix):
            return prefix, suffix
    return None
