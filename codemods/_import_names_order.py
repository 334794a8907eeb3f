"""Where a name goes among the names of one ``from x import a, b`` line.

isort and ruff's isort rules sort the names of a line by type, then by name without regard to
case: constants (``MAX_SIZE``), then classes (``DeclarativeMeta``), then everything else
(``declared_attr``, ``validates``); with ``order_by_type`` off, by name alone without regard to
case. A line whose names already follow one of these orders gets a new name at its place in
that order (a line of one name follows both: the type order, the sorters' default, wins);
a line in no such order gets it at its end, where the author's own order is left alone.
"""

from __future__ import annotations

from typing import Callable, Sequence

import libcst as cst


def _by_type(name: str) -> tuple[int, str]:
    if name.isupper() and len(name) > 1:
        kind = 0
    elif name[:1].isupper():
        kind = 1
    else:
        kind = 2
    return kind, name.lower()


def _by_name(name: str) -> tuple[int, str]:
    return 0, name.lower()


_ORDERS: tuple[Callable[[str], tuple[int, str]], ...] = (_by_type, _by_name)


def place_of(aliases: Sequence[cst.ImportAlias], new: str) -> int:
    """The index ``new`` is inserted at among the line's ``aliases`` (``len(aliases)``: at
    the end). An alias is sorted by the name it imports (``b`` of ``b as c``)."""
    names = [alias.name.value if isinstance(alias.name, cst.Name) else "" for alias in aliases]
    for key in _ORDERS:
        keys = [key(name) for name in names]
        if keys == sorted(keys):
            wanted = key(new)
            return next((i for i, k in enumerate(keys) if k > wanted), len(names))
    return len(names)
