"""What this process keeps about the projects whose files it transformed, dropped when it
moves on to other projects.

To serve each file of a project, the process keeps what it read and derived of the others
(tool/file_texts.py's texts, the digests of the texts read lately, the projects' listings and
the folders' project roots, the codemods' parsed modules and project answers: ``codemods.forget_projects``), within
budgets sized for one big project. A run over many repositories (a batch) would otherwise carry what it kept of
every repository it finished into the next: at ``-j 1`` the process, and at ``-j N`` each
worker, would end the batch holding its budgets full of projects it will not see again.
``forget_projects`` drops it all; ``ProjectsSeen`` tells a worker when the files it is given
belong to none of the projects of the files before (a batch pool's worker, told so, replaces
the fork it works in instead: tool/worker_forks.py). Dropping costs no result: each is
read or derived afresh when asked again, and checked against what it came from anyway.
"""

from __future__ import annotations

from typing import Sequence

from . import file_texts
from .cache_reads import forget_project_roots, forget_text_digests, project_root_of
from .codemods import forget_projects as forget_codemods_projects
from .free_memory import release_free_memory
from .walk import forget_listings


def forget_projects() -> None:
    """Drop every text, digest, parsed module and derived answer kept for other files, and
    give the C heap's free memory back (tool/free_memory.py)."""
    forget_codemods_projects()
    file_texts.forget()
    forget_text_digests()
    forget_project_roots()
    forget_listings()
    release_free_memory()


class ProjectsSeen:
    """The project roots of the last files a process was given."""

    def __init__(self) -> None:
        self._roots: frozenset[str] = frozenset()

    def moved_on(self, paths: Sequence[str]) -> bool:
        """Whether none of ``paths`` belongs to a project of the files given last (the first
        files given: no); ``paths`` are the files given now."""
        roots = frozenset(project_root_of(path) for path in paths)
        moved = bool(self._roots) and roots.isdisjoint(self._roots)
        self._roots = roots
        return moved
