"""A memo kept within a size: past it, everything kept so far is dropped at once.

Cheaper per look-up than a least-recently-used order, and enough where a run asks for the same
entries in waves (a project's files, once per file of the project): after a drop the memo fills
again with what is asked again. tool/file_texts.py keeps the files' texts in one, tool/
text_digests.py the texts' digests.
"""

from __future__ import annotations

from typing import Generic, Hashable, Iterator, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class KeptWithin(Generic[K, V]):
    def __init__(self, limit: int, largest: int) -> None:
        self.limit = limit  # the sizes kept in all
        self.largest = largest  # an entry larger than this is not kept
        self._kept: dict[K, V] = {}
        self._size = 0

    def get(self, key: K) -> V | None:
        return self._kept.get(key)

    def keep(self, key: K, value: V, size: int) -> None:
        if size > self.largest:
            return
        if self._size + size > self.limit:
            self.clear()
        self._kept[key] = value
        self._size += size

    def __iter__(self) -> Iterator[K]:
        """The keys kept (what a test asks was dropped)."""
        return iter(self._kept)

    def clear(self) -> None:
        self._kept.clear()
        self._size = 0
