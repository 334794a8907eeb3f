"""Answers derived from the rest of the project's files, kept for the process.

A codemod asks the same question about the project (the largest wait its code passes, where
it sets a config key) for each file it looks at: on a project of n modules, n times over the
same files, each time reading, searching and looking up every module again. ``remembered``
keeps each answer with the reads it came from (``_project_memo.DerivedMemo``) and gives it
again only after those reads, made again in the same order through the asking file's own
Context (so the result cache records the reads a fresh derivation would make), return the
same texts: a changed file is never served a stale answer.

Names no codemod: each caller names its own question.
"""

from __future__ import annotations

from typing import Any, Callable, Hashable, TypeVar

from ._base import Context, ProjectFiles
from ._project_memo import DerivedMemo, Read, same_text

_T = TypeVar("_T")
_ANSWERS = DerivedMemo()


class ProjectReads:
    """The project as a derivation sees it: the listing and ``read_file`` of the asking
    file's Context, every read noted (what was asked, what it returned) in order."""

    def __init__(self, ctx: Context, listing: ProjectFiles) -> None:
        self._ctx = ctx
        self._listing = listing
        self.reads: list[Read] = []

    def project_files(self) -> ProjectFiles:
        return self._listing

    def read_file(self, relative_path: str) -> str | None:
        text = self._ctx.read_file(relative_path)
        self.reads.append((relative_path, text))
        return text


def remembered(ctx: Context, question: Hashable, derive: Callable[[Any], _T]) -> _T:
    """``derive(reader)``, where ``reader`` offers ``project_files()`` and ``read_file()`` as
    ``ctx`` does; kept for the process per question and project. ``derive`` must depend on
    nothing but ``question`` and what it reads through ``reader``, and name the files it
    reads in its answer only by their paths in the listing (relative to the project root):
    the answer is shared by the files at the same depth of a project with the same listing."""
    listing = ctx.project_files()
    if listing is None:
        return derive(ctx)
    key = (question, listing.this.count("/"), listing.files, listing.every_file)
    found, answer = _ANSWERS.recall(key, lambda relative, then: same_text(ctx.read_file(relative), then))
    if found:
        return answer
    reader = ProjectReads(ctx, listing)
    answer = derive(reader)
    _ANSWERS.keep(key, reader.reads, answer)
    return answer
