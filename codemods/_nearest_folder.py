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


def nearest_answer(
    ctx: Context,
    texts_of: Callable[[str], dict[str, str]],
    answer: Callable[[dict[str, str]], Answer | None],
    *,
    up_to_repository: bool = False,
) -> Answer | None:
    """``answer`` of the texts (file name -> text) ``texts_of(folder)`` gives for the nearest
    folder (a prefix as ``ctx.read_file`` takes it: ``""``, ``"../"``), from the transformed
    file's up to the project root, where it is not None. With ``up_to_repository``, a project
    below the root of its git repository (``securedrop/`` in a repository whose
    ``pyproject.toml`` configures the linters) asks the folders above it too, up to that root,
    as black and ruff look for their configuration; not when no folder up to ``FOLDERS_UP``
    above the project root holds ``.git``."""
    listing = ctx.project_files()
    levels = listing.this.count("/") if listing is not None else FOLDERS_UP
    for level in range(levels + 1 + (_levels_to_repository(ctx, levels) if up_to_repository else 0)):
        texts = texts_of("../" * level)
        found = answer(texts) if texts else None
        if found is not None:
            return found
    return None


def texts_in(ctx: Context, folder: str, names: Iterable[str]) -> dict[str, str]:
    """The texts of the files ``names`` of ``folder`` that can be read, by name."""
    texts = {}
    for name in names:
        text = ctx.read_file(folder + name)
        if text is not None:
            texts[name] = text
    return texts


def _levels_to_repository(ctx: Context, levels: int) -> int:
    """How many folders above the project root (``levels`` above the file's folder) the root of
    its git repository is: 0 when the project root is it, or when none is found."""
    for extra in range(FOLDERS_UP + 1):
        folder = "../" * (levels + extra)
        if ctx.read_file(folder + ".git/HEAD") is not None or ctx.read_file(folder + ".git") is not None:
            return extra
    return 0
