"""Result types: what the engine's layers hand up to each other, and how the run writes them
as lines. Data only: this module imports nothing of the tool.

- ``TextResult``: what the pure transform core made of one text.
- ``FileResult``: what happened to one file; small and picklable (it comes back from a worker
  process, and the result cache stores it).
- ``ProjectFileChange`` and ``ProjectMessage``: the project-level edits of a run once merged
  (``.env``, ``.gitignore``, requirements, new files), and what could not be done.
- ``error_line`` and ``finding_line``: the one way a problem or a finding becomes a line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

Options = Mapping[str, Mapping[str, Any]]  # codemod name -> option -> value


@dataclass
class TextResult:
    """The outcome of the pure core on one text."""

    new_text: str
    findings: list = field(default_factory=list)  # list[Finding]
    project_edits: list = field(default_factory=list)  # list[ProjectEdit]
    rewrites: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    parsed: bool = False


@dataclass(frozen=True)
class FileResult:
    """What happened to one file. Small and picklable: no trees, no codemod objects."""

    path: str
    old_text: str | None = None
    new_text: str | None = None
    findings: tuple = ()  # tuple[Finding, ...]
    project_edits: tuple = ()  # tuple[ProjectEdit, ...]
    rewrites: tuple[tuple[str, int], ...] = ()
    error: str | None = None
    encoding: str = "utf-8"
    bom: bool = False
    digest: str = ""
    parsed: bool = False
    # the Flask version the file was transformed for, (major, minor); None: the newest known
    target_version: tuple[int, int] | None = None

    @property
    def changed(self) -> bool:
        return self.error is None and self.new_text is not None and self.new_text != self.old_text

    def error_line(self) -> str:
        """``path: reason`` on exactly one line, whatever characters the path holds."""
        return error_line(self.path, self.error or "")


@dataclass(frozen=True)
class ProjectFileChange:
    """A project file to create or change: ``.env``, ``.env.example``, ``.gitignore``, a
    requirements file, ``pyproject.toml``, a new file a codemod asked for."""

    path: str
    old_text: str  # "" for a new file
    new_text: str
    secret: bool = False  # .env: its values are never shown
    new_file_mode: int | None = None

    @property
    def is_new(self) -> bool:
        return not os.path.exists(self.path)


@dataclass(frozen=True)
class ProjectMessage:
    """A project edit that could not be made as asked, said against the line that asked."""

    path: str
    line: int
    codemod: str
    message: str


# Every control character but the tab: a file name or a message may hold them, a line may not.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_POSITION = re.compile(r"\d+(:\d+)?: ")


def error_line(path: str, reason: str) -> str:
    """``path: reason`` as one printable line (control characters shown escaped, ``\\x0a``);
    a reason that starts with a position gives ``path:LINE:COL: reason``, the form compilers
    write and editors and CI annotations recognise."""
    line = f"{path}:{reason}" if _POSITION.match(reason) else f"{path}: {reason}"
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", line)


def describe_error(error: BaseException) -> str:
    """An exception as ``Type: message``, on one line."""
    message = " ".join(str(error).split())
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def finding_line(path: str, line: int, codemod: str, message: str) -> str:
    """``path:LINE: codemod: message``: a finding, or a project message."""
    return f"{path}:{line}: {codemod}: {message}"
