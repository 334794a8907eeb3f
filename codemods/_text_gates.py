"""For the first gate, ``applies_to_file(source, path)``: whether a regex matches where a word
or a statement may start (faster than a pattern that starts with ``\\b`` or ``^``: a regex
that starts with a literal run lets the engine skip ahead to it), and the parts of a path.
Pure: a path is only looked at as a string."""

from __future__ import annotations

import re


def starts_word(pattern: re.Pattern[str], source: str) -> bool:
    """Whether ``pattern`` matches ``source`` at the start of a word. (A ``\\b`` at the start
    of the pattern would do the same, but it stops the regex engine from skipping ahead to
    the pattern's first characters: several times slower on a large file.)"""
    for match in pattern.finditer(source):
        start = match.start()
        if start == 0:
            return True
        before = source[start - 1]
        if not (before.isalnum() or before == "_"):
            return True
    return False


def starts_statement(pattern: re.Pattern[str], source: str) -> bool:
    """Whether ``pattern`` matches ``source`` where a statement may start: at the start of
    a line (after indentation), or after ``;`` or ``:`` (``try: import x``)."""
    for match in pattern.finditer(source):
        start = match.start()
        line = source.rfind("\n", 0, start) + 1
        before = source[line:start].rstrip(" \t\f")
        if not before or before.endswith((";", ":")):
            return True
    return False


def path_parts(path: str) -> list[str]:
    """The folders and file name of ``path`` (``/`` or ``\\`` separated), empty ones dropped."""
    return [part for part in path.replace("\\", "/").split("/") if part]
