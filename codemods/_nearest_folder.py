"""Where a codemod reads what a project declares about itself (its Python, its line length):
the transformed file's folder first, then each folder above it up to the project root, and
never above it (a parent folder's files belong to no project of this one). The first folder
whose files give an answer gives it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from ._base import Context

Answer = TypeVar("Answer")

# how many folders above the transformed file's are searched when the tool lists no project
FOLDERS_UP = 4


def nearest_answer(ctx: Context, names: Iterable[str], answer: Callable[[dict[str, str]], Answer | None]) -> Answer | None:
    """``answer`` of the texts (file name -> text) of the files ``names`` in the nearest folder,
    from the transformed file's up to the project root, where it is not None."""
    names = tuple(names)
    listing = ctx.project_files()
    levels = listing.this.count("/") if listing is not None else FOLDERS_UP
    for level in range(levels + 1):
        folder = "../" * level
        texts = {}
        for name in names:
            text = ctx.read_file(folder + name)
            if text is not None:
                texts[name] = text
        found = answer(texts) if texts else None
        if found is not None:
            return found
    return None
