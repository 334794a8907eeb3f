"""Words in a module's text, for the first gate (``applies_to_file``): cheaper than a regex
with ``\\b`` on a large file, as plain substring searches skip ahead in C."""

from __future__ import annotations

import re

_WORD_CHARACTER = re.compile(r"\w")


def spells_word(source: str, word: str) -> bool:
    """Whether ``word`` occurs in ``source`` as a whole word, not inside a longer name
    (``execute`` but not ``executemany``)."""
    start = source.find(word)
    while start >= 0:
        end = start + len(word)
        if (start == 0 or not _WORD_CHARACTER.match(source, start - 1)) and not _WORD_CHARACTER.match(source, end):
            return True
        start = source.find(word, start + 1)
    return False
