"""What one pass over the files learns of the tree from ``os.stat``, kept for that pass only.

A pass (tool/cache_reads.py's ``one_run`` around a batch of Jobs, or a worker's life) reads
the tree and writes none of it. Every file it transforms may list its project
(``ctx.project_files()``) and read the project's other files (``ctx.read_file``); without
this, each file asked would check the remembered listing by the mtime of every folder and
``.gitignore`` of the project (tool/walk.py), and stat again every file it reads
(tool/file_texts.py): files x folders, and files x reads, calls of ``os.stat``. Within a pass
each project's listing is checked once and each file is stat'ed once: what a file's
codemods see, and what the result cache records for its entry (a read's stamp, taken before
its text was read, with that text), is what the first look found.

A pass that ends forgets it all, so a file or folder changed between passes is seen changed
by the next one. Outside a pass nothing is kept (each look stats again).
"""

from __future__ import annotations

import contextlib
from typing import Any, Iterator


class PassStats:
    """One pass's looks: the project roots whose remembered listing was found current, what
    each look at a file's stamp found (by the path and racy window asked), each folder read
    from as its real path (None: not a folder) and the path read for each path asked from a
    folder (tool/file_texts.py's ``sibling_path``)."""

    def __init__(self) -> None:
        self.listings_checked: set[str] = set()
        self.stamps: dict[tuple[str, int], Any] = {}
        self.real_folders: dict[str, str | None] = {}
        self.spellings: dict[tuple[str, str], str] = {}  # (folder, relative) -> the path read


_current: PassStats | None = None


def current() -> PassStats | None:
    """The pass under way, if any."""
    return _current


@contextlib.contextmanager
def one_pass(kept: PassStats | None = None) -> Iterator[None]:
    """A pass over files that writes none of them (nested: the outer pass resumes after);
    ``kept``: what an earlier part of the same pass saw (tool/cache_reads.py's ``passes_joined``)."""
    global _current
    outer = _current
    _current = kept if kept is not None else PassStats()
    try:
        yield
    finally:
        _current = outer


def start_pass_for_this_process() -> None:
    """A pass for the rest of this process's life (a worker process of one pass),
    forgetting what an earlier one saw."""
    global _current
    _current = PassStats()
