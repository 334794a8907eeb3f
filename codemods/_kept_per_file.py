"""What the codemods keep while one file is transformed, dropped when its transform ends.

A few analyses remember what they derived by the identity of the tree they were asked about
(a module's Flask index, the names a module's nodes may refer to, a function's bindings), so
that the many questions one transform asks of the same tree are answered once; to keep an id
from being reused they hold the tree itself. Held past the transform, such a memo keeps that
tree, its metadata and all its nodes alive into the next file and, in a batch, into the next
repository: a long module's tree with its metadata is tens of MB, and the memory it pins is
memory the next file's parse cannot have. Each such memo says here how it is emptied
(``dropped_after_each_file``); the engine empties them all when a file's transform ends,
however it ends (``forget_file_memos``), and so does a process that moves on to other
projects. Emptying changes no result: the next asker derives afresh from its own tree.

Names no codemod.
"""

from __future__ import annotations

from typing import Callable

_EMPTIERS: list[Callable[[], None]] = []


def dropped_after_each_file(empty: Callable[[], None]) -> Callable[[], None]:
    """Register ``empty`` (it empties one memo kept by tree) to be called at the end of every
    file's transform; returns it."""
    _EMPTIERS.append(empty)
    return empty


def forget_file_memos() -> None:
    """Empty every memo registered with ``dropped_after_each_file``."""
    for empty in _EMPTIERS:
        empty()
