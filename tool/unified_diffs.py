"""A unified diff of two texts as ``git apply`` and ``patch`` accept it, and its hunks alone:
what the result cache keeps of a changed file's diff (tool/cache.py) and what the run shows
under each name (tool/diffs.py)."""

from __future__ import annotations

import difflib
import re


def unified_diff(old: str, new: str, old_name: str, new_name: str) -> str:
    """A unified diff that ``git apply`` and ``patch`` accept (also for files without a final
    newline, and for CRLF files, whose carriage returns stay in the lines)."""
    old_lines = _lines(old)
    new_lines = _lines(new)
    chunks = []
    for line in difflib.unified_diff(old_lines, new_lines, old_name, new_name, n=3):
        if line.startswith(("---", "+++")):
            chunks.append(line.rstrip("\n") + "\n")
            continue
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        chunks.append(line)
    return "".join(chunks)


def _lines(text: str) -> list[str]:
    """Lines as git sees them: split after LF only (CR, form feed etc. stay inside lines)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def diff_hunks(old: str, new: str) -> str:
    """The hunks of the unified diff of ``old`` to ``new``: ``unified_diff`` without its
    "---" and "+++" lines ("" when the texts are the same)."""
    hunks = unified_diff(old, new, "old", "new")
    return hunks.split("\n", 2)[2] if hunks else ""
