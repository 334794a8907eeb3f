"""cache-views: whether a project's ``.gitignore`` files keep a template out of the repository
(the part of git's rules that can be told without git).

A file a build makes (a template of icons a front-end build writes, a compiled settings file)
is often named in ``.gitignore``: it is missing from a checkout by design, not by mistake. This
reads the ``.gitignore`` of each folder from the path's own up to the project root, as git
does, and answers with the file and the line that leave the path out. Only what is told for
certain counts: a file with a negation (``!pattern``) is not read (a later line may take the
path back), nor is a pattern with ``**`` or a character class spanning folders; a pattern
with a slash is anchored to its file's folder and matched folder by folder (``*`` never
crosses a slash), one without is matched against each name along the path.

Reads go through the reader it is given (paths relative to the asking module's folder).
"""

from __future__ import annotations

import posixpath
from fnmatch import fnmatchcase
from typing import Callable

Reader = Callable[[str], "str | None"]


def ignored_by(read: Reader, origin: str, path: str) -> str | None:
    """``".gitignore:3 (server/templates/includes/base_icons.html)"``: the root-relative file
    and the line of the ``.gitignore`` that leaves ``path`` out; None when none does (or it
    cannot be told). ``origin``: the asking module's folder from the project root; ``path``:
    relative to that folder; ``read`` reads paths relative to it."""
    target = posixpath.normpath(posixpath.join(origin or ".", path))
    if target.startswith("../") or target == "..":
        return None
    parts = target.split("/")
    for depth in range(len(parts) - 1, -1, -1):  # the path's own folder first, up to the root
        folder = "/".join(parts[:depth])
        where = posixpath.join(folder, ".gitignore") if folder else ".gitignore"
        text = read(posixpath.relpath(where, origin or "."))
        if text is None:
            continue
        lines = text.splitlines()
        if any(line.strip().startswith("!") for line in lines):
            continue  # a later line may take it back: not told here
        rest = parts[depth:]
        for number, line in enumerate(lines, 1):
            pattern = line.strip()
            if pattern and not pattern.startswith("#") and _matches(pattern, rest):
                return f"{where}:{number} ({pattern})"
    return None


def _matches(pattern: str, parts: list[str]) -> bool:
    """Whether the pattern of a ``.gitignore`` leaves out the path ``parts`` (relative to the
    file's folder), or a folder above the path's last name."""
    folder_only = pattern.endswith("/")
    pattern = pattern.rstrip("/")
    if not pattern or "**" in pattern or "[" in pattern or "\\" in pattern:
        return False
    if "/" in pattern:  # anchored to the file's folder, matched name by name
        pieces = pattern.lstrip("/").split("/")
        if len(pieces) > len(parts) or (folder_only and len(pieces) == len(parts)):
            return False
        return all(fnmatchcase(name, piece) for name, piece in zip(parts, pieces))
    names = parts[:-1] if folder_only else parts
    return any(fnmatchcase(name, pattern) for name in names)
