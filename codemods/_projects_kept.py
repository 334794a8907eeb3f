"""What the codemods keep for the process about the projects they read, dropped at once.

The project's other modules parsed once per process (``_parsed_modules``), the answers
derived from a project's files (``_project_memo``'s memos), what a codemod derived from a
text alone and keeps by that text (a module's environment reads, a template's facts, a
configuration file's entries: registered with ``dropped_with_projects``) and the memos kept
by tree while a file is transformed (``_kept_per_file``) serve the files of the project they
were read from: a run over many repositories (a batch) that moves on to the next one holds
them for nothing, and what they hold, allocated among the last project's objects, keeps
memory the next project's parse cannot have. ``forget_projects`` drops them all; the next
asker parses and derives afresh, with the same answers (each is checked against what it was
derived from, or is a function of its text alone).

Names no codemod.
"""

from __future__ import annotations

from typing import Callable

from ._kept_per_file import forget_file_memos
from ._parsed_modules import forget as forget_parsed_modules
from ._project_memo import forget_every_memo

_EMPTIERS: list[Callable[[], None]] = []


def dropped_with_projects(empty: Callable[[], None]) -> Callable[[], None]:
    """Register ``empty`` (it empties a memo kept by text, e.g. an ``lru_cache``'s
    ``cache_clear``) to be called by ``forget_projects``; returns it."""
    _EMPTIERS.append(empty)
    return empty


def forget_projects() -> None:
    """Drop every parsed module, every derived answer and every registered memo the process
    keeps."""
    forget_parsed_modules()
    forget_every_memo()
    forget_file_memos()
    for empty in _EMPTIERS:
        empty()
