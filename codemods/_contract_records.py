"""The records of the codemod contract (``_base``) that pass between a codemod and the tool:
what a codemod tells the engine (a ``Finding``: what it saw and left alone; a
``ProjectEdit``: a change outside the file it transforms) and what it is told of its project
(``ProjectFiles``). Data only: nothing here touches the disk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Finding:
    """Something a codemod saw and deliberately left alone, with the reason."""

    codemod: str
    line: int
    column: int
    message: str


# The kinds of change a codemod may ask for outside the file it transforms.
PROJECT_EDIT_KINDS = ("env", "gitignore", "requirement", "file")


@dataclass(frozen=True)
class ProjectEdit:
    """A change outside the transformed file, merged for the whole project by the tool.

    - ``env``: ``key=value`` goes to ``.env`` and ``key`` to ``.env.example`` (with
      ``example`` as its value, never the secret); ``.env`` is added to ``.gitignore``.
    - ``gitignore``: the line ``key`` is added once to ``.gitignore``.
    - ``requirement``: the distribution ``key`` (``value`` = version spec, may be empty) is
      added to the project's declared dependencies, when it declares any.
    - ``file``: a new file ``key`` (relative to the project root) with the text ``value``,
      created only when no such file exists.
    """

    codemod: str
    kind: str
    key: str
    value: str = ""
    secret: bool = False
    example: str = ""
    line: int = 0


@dataclass(frozen=True)
class ProjectFiles:
    """The files of the transformed file's project, for codemods whose decision in one file
    depends on the rest of the project (who reads a setting, which module a loader loads,
    where a handler is registered, the timeout the project already uses, how gunicorn is
    started).

    ``files``: every Python file below the project root (the folder the project-level edits
    go to), walked as the command line walks folders; paths relative to that root, with
    ``/`` separators, sorted. ``every_file``: every file so walked, Python or not (a
    Procfile, a settings file), in the same form. ``this``: the transformed file's own path.
    Read one with ``ctx.read_file(listing.relative(path))``.
    """

    this: str
    files: tuple[str, ...]
    every_file: tuple[str, ...] = ()

    def relative(self, path: str) -> str:
        """``path`` (relative to the root) as ``read_file`` takes it: relative to ``this``'s folder."""
        depth = self.this.count("/")
        return "../" * depth + path


def project_files_of(read_file: Callable[[str], str | None] | None) -> ProjectFiles | None:
    """The listing a ``read_file`` reader offers: a reader that knows the project (the tool's,
    for a file on disk) has a ``project_files()`` method returning ``ProjectFiles``; None for
    a reader that has none, and for no reader (a text transformed on its own)."""
    lister = getattr(read_file, "project_files", None)
    return lister() if lister is not None else None
