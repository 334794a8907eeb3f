"""What a gate or a transform derives from other files of the project, kept for the process.

A project gate asks the same question about the project (how its configuration is loaded,
what a module of it imports, whether a module keeps a connection) once per FILE it is asked
for: on a project of n modules that read each other, n times. ``DerivedMemo`` keeps each
answer with the reads that made it, in order (each a question asked of the files, e.g. a
path read, and what it returned). The answer is given again only after those reads, asked
again in the same order through the asker's own reader (so ``ctx.read_file`` records them
for the file that asks, as a fresh derivation would), return what they returned then; at the
first that returns something else, the answer is derived afresh. A derivation that depends on
nothing but its key and its reads therefore makes the same reads, and gives the same answer,
warm or cold, and a changed file is never served a stale answer.

Names no codemod: each user keeps its own ``DerivedMemo`` with its own keys. Every memo made
is known here, so that a process moving on to other projects drops them all at once
(``forget_every_memo``): what was derived from one project serves no other.
"""

from __future__ import annotations

import weakref
from typing import Any, Callable, Hashable, Iterable

Read = tuple[Hashable, Any]  # (what was asked, what it returned)


class DerivedMemo:
    """Answers, each with the reads (``Read``) it was derived from; at most ``limit`` kept
    (all dropped when full: a process rarely holds more than a few projects)."""

    def __init__(self, limit: int = 4096) -> None:
        self._limit = limit
        self._known: dict[Hashable, tuple[tuple[Read, ...], Any]] = {}
        # equal reads kept once: answers derived from the same reads (every module of the
        # project, read in the listing's order) share one tuple, checked once per asker
        self._same_reads: dict[tuple[Read, ...], tuple[Read, ...]] = {}
        _EVERY_MEMO.add(self)

    def recall(
        self, key: Hashable, ask_again: Callable[[Hashable, Any], bool], held: dict[int, tuple[Read, ...]] | None = None
    ) -> tuple[bool, Any]:
        """``(True, answer)`` for ``key`` when each of its reads, asked again in order
        (``ask_again(question, what it returned then)``: whether it returns the same now),
        still holds; ``(False, None)`` otherwise, after the first read that no longer does.
        ``held``: the reads already found to hold for this asker, by identity (filled here),
        for an ``ask_again`` whose answers do not change while the asker asks (one transform's
        reads): reads that held once are not asked again."""
        known = self._known.get(key)
        if known is None:
            return False, None
        reads, answer = known
        if held is not None and held.get(id(reads)) is reads:
            return True, answer
        for question, returned in reads:
            if not ask_again(question, returned):
                return False, None
        if held is not None:
            held[id(reads)] = reads
        return True, answer

    def keep(self, key: Hashable, reads: Iterable[Read], answer: Any) -> None:
        """Remember ``answer`` for ``key``, derived from ``reads`` (in the order made)."""
        if len(self._known) >= self._limit or len(self._same_reads) >= self._limit:
            self.clear()
        reads = tuple(reads)
        try:
            reads = self._same_reads.setdefault(reads, reads)
        except TypeError:  # something read returned what cannot be hashed: kept as it is
            pass
        self._known[key] = (reads, answer)

    def clear(self) -> None:
        self._known.clear()
        self._same_reads.clear()


_EVERY_MEMO: weakref.WeakSet[DerivedMemo] = weakref.WeakSet()


def forget_every_memo() -> None:
    """Empty every ``DerivedMemo`` of the process (the next asker derives afresh)."""
    for memo in list(_EVERY_MEMO):
        memo.clear()


def same_text(now: Any, then: Any) -> bool:
    """Whether a read returned what it did: the same text (or both nothing)."""
    return now is then or now == then
