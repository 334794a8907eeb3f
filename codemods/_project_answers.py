"""Answers derived from the rest of the project's files, kept for the process.

A codemod asks the same question about the project (the largest wait its code passes, where
it sets a config key) for each file it looks at: on a project of n modules, n times over the
same files, each time reading, searching and looking up every module again. ``remembered``
keeps each answer with the reads it came from (``_project_memo.DerivedMemo``) and gives it
again only after those reads, made again in the same order through the asking file's own
Context (so the result cache records the reads a fresh derivation would make), return the
same texts: a changed file is never served a stale answer. An answer is kept for the project,
not for the asking file's folder or depth: its reads are kept as the paths from the project
root they name, and made again as the asking file spells them (``listing.relative``).

Names no codemod: each caller names its own question.
"""

from __future__ import annotations

import posixpath
import weakref
from typing import Any, Callable, Hashable, TypeVar

from ._base import Context
from ._contract_records import ProjectFiles
from ._project_memo import DerivedMemo, Read, same_text

_T = TypeVar("_T")
_ANSWERS = DerivedMemo()
# the answers already given to a Context, by key: within one transform a file read again
# returns what it returned (``ctx.read_file`` reads each file once per transform), so an
# answer recalled or derived there holds for the rest of it, its reads already recorded
_GIVEN: weakref.WeakKeyDictionary[Context, dict[Hashable, Any]] = weakref.WeakKeyDictionary()
# what ``ctx.read_file`` gave a Context, by the path asked: for the same reason, a read a
# recalled answer makes again is asked of ``ctx`` once per transform, however many of the
# project's answers (each checked against every module it read) the transform recalls
_READ: weakref.WeakKeyDictionary[Context, dict[str, Any]] = weakref.WeakKeyDictionary()
# the reads found to hold for a Context (as paths from the root, and as spelled): answers
# derived from the same reads (every module of the project) are checked once per transform
_HELD: weakref.WeakKeyDictionary[Context, tuple[dict, dict]] = weakref.WeakKeyDictionary()


class ProjectReads:
    """The project as a derivation sees it: the listing and ``read_file`` of the asking
    file's Context, every read noted (what was asked, what it returned) in order, in
    ``reads``, and in ``from_root`` with each path asked as the path from the project root
    that it names. ``spelled_from_root``: whether each path asked was ``listing.relative`` of
    that path (then a file at any depth makes the same reads by asking ``listing.relative``
    of each)."""

    def __init__(self, ctx: Context, listing: ProjectFiles) -> None:
        self._ctx = ctx
        self._listing = listing
        self._folder = posixpath.dirname(listing.this)
        self.reads: list[Read] = []
        self.from_root: list[Read] = []
        self.spelled_from_root = True

    def project_files(self) -> ProjectFiles:
        return self._listing

    def read_file(self, relative_path: str) -> str | None:
        text = self._ctx.read_file(relative_path)
        from_root = posixpath.normpath(posixpath.join(self._folder, relative_path))
        if self._listing.relative(from_root) != relative_path:
            self.spelled_from_root = False
        self.reads.append((relative_path, text))
        self.from_root.append((from_root, text))
        return text


def remembered(ctx: Context, question: Hashable, derive: Callable[[Any], _T]) -> _T:
    """``derive(reader)``, where ``reader`` offers ``project_files()`` and ``read_file()`` as
    ``ctx`` does; kept for the process per question and project. ``derive`` must depend on
    nothing but ``question``, the listing's ``files`` and ``every_file`` (not ``this``) and
    what it reads through ``reader``, read each file as ``listing.relative(path)`` of its
    path from the project root, and name the files it reads in its answer only by those
    paths: the answer is then shared by every file of a project with the same listing,
    whatever its folder (its reads asked again as that file spells the same paths). An answer
    whose derivation was seen reading a path spelled otherwise is shared, as before, only by
    the files at the same depth (its reads asked again as they were spelled)."""
    listing = ctx.project_files()
    if listing is None:
        return derive(ctx)
    shared = (question, listing.files, listing.every_file)
    given = _GIVEN.get(ctx)
    if given is None:
        given = _GIVEN[ctx] = {}
    if shared in given:
        return given[shared]
    given[shared] = answer = _remembered(ctx, listing, shared, derive)
    return answer


_UNREAD = object()


def _remembered(ctx: Context, listing: ProjectFiles, shared: Hashable, derive: Callable[[Any], _T]) -> _T:
    at_depth = (*shared, listing.this.count("/"))  # type: ignore[misc]
    texts = _READ.get(ctx)
    if texts is None:
        texts = _READ[ctx] = {}
    held = _HELD.get(ctx)
    if held is None:
        held = _HELD[ctx] = ({}, {})

    def again(relative: str, then: Any) -> bool:
        text = texts.get(relative, _UNREAD)
        if text is _UNREAD:
            text = texts[relative] = ctx.read_file(relative)
        return same_text(text, then)

    def from_root_again(from_root: str, then: Any) -> bool:
        return again(listing.relative(from_root), then)

    for key, ask_again, held_so in ((shared, from_root_again, held[0]), (at_depth, again, held[1])):
        found, answer = _ANSWERS.recall(key, ask_again, held_so)
        if found:
            return answer
    reader = ProjectReads(ctx, listing)
    answer = derive(reader)
    if reader.spelled_from_root:
        _ANSWERS.keep(shared, reader.from_root, answer)
    else:
        _ANSWERS.keep(at_depth, reader.reads, answer)
    return answer
