"""Result types: what the engine's layers hand up to each other, and how the run writes them
as lines. Data only: this module imports nothing of the tool.

- ``TextResult``: what the pure transform core made of one text.
- ``FileResult``: what happened to one file; small and picklable (it comes back from a worker
  process, and the result cache stores it).
- ``ProjectFileChange`` and ``ProjectMessage``: the project-level edits of a run once merged
  (``.env``, ``.gitignore``, requirements, new files), and what could not be done.
- ``error_line`` and ``finding_line``: the one way a problem or a finding becomes a line
  (``one_line``: any text made one printable line).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

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
    # problems that cost one codemod its change to this text (a crash); the other codemods'
    # changes stand
    codemod_errors: list[str] = field(default_factory=list)
    # the error follows from the text alone (CPython or LibCST's parser refuses it): the same
    # text, under the same Python and LibCST, gives it again
    error_from_text: bool = False
    # where a re-run of this text may start (tool/resume.py), for a text that claims ``.env``
    # variables; None for any other
    resume: Any = field(default=None, compare=False, repr=False)


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
    # internal errors that cost one codemod its change to this file; the others' changes stand
    codemod_errors: tuple[str, ...] = ()
    # the error follows from the text alone (TextResult.error_from_text): the result cache
    # keeps it, as it keeps a result without an error
    error_from_text: bool = False
    # the ``.env`` lines its Job showed (tool/settle.py): a re-run of this file needs them too
    env_shown: str = ""
    # the Flask version the file was transformed for, (major, minor); None: the newest known
    target_version: tuple[int, int] | None = None
    # where a ``.env`` settling re-run of this file may start (tool/resume.py): never stored
    # in the cache, and not part of what the result is
    resume: Any = field(default=None, compare=False, repr=False)
    # (old text, new text, the hunks of the diff of the one to the other: tool/diffs.py's
    # ``diff_hunks``), when known beforehand (the result cache keeps them); used only while
    # both texts are still the result's own; not part of what the result is
    diff: tuple[str, str, str] | None = field(default=None, compare=False, repr=False)

    def hunks(self) -> str | None:
        """``diff_hunks(old_text, new_text)`` when it is known, else None."""
        known = self.diff
        if known is None or known[0] != self.old_text or known[1] != self.new_text:
            return None
        return known[2]

    @property
    def changed(self) -> bool:
        return self.error is None and self.new_text is not None and self.new_text != self.old_text

    def error_line(self) -> str:
        """``path: reason`` on exactly one line, whatever characters the path holds."""
        return error_line(self.path, self.error or "")

    def problems(self) -> list[str]:
        """Every problem of this file, for the run's errors: its error, or the codemods' ones."""
        return [self.error] if self.error is not None else list(self.codemod_errors)


@dataclass(frozen=True)
class ProjectFileChange:
    """A project file to create or change: ``.env``, ``.env.example``, ``.gitignore``, a
    requirements file, ``pyproject.toml``, a new file a codemod asked for."""

    path: str
    old_text: str  # "" for a new file
    new_text: str
    secret: bool = False  # .env: its values are never shown
    new_file_mode: int | None = None
    # whether the file did not exist when the change was made (None: look now); kept, so
    # that what the run reports after writing still says "created"
    created: bool | None = None

    def __post_init__(self) -> None:
        if self.created is None:
            object.__setattr__(self, "created", not os.path.exists(self.path))

    @property
    def is_new(self) -> bool:
        return bool(self.created)


@dataclass(frozen=True)
class ProjectMessage:
    """A project edit that could not be made as asked, said against the line that asked."""

    path: str
    line: int
    codemod: str
    message: str
    # the project file this edit needed could not take it: the file that asked is not written
    blocks: bool = False


# Every control character but the tab: a file name or a message may hold them, a line may not.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_POSITION = re.compile(r"\d+(:\d+)?: ")


def error_line(path: str, reason: str) -> str:
    """``path: reason`` as one printable line (control characters shown escaped, ``\\x0a``);
    a reason that starts with a position gives ``path:LINE:COL: reason``, the form compilers
    write and editors and CI annotations recognise."""
    return one_line(f"{path}:{reason}" if _POSITION.match(reason) else f"{path}: {reason}")


def one_line(text: str) -> str:
    """``text`` as one printable line: control characters but the tab shown escaped (``\\x0a``)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def describe_error(error: BaseException) -> str:
    """An exception as ``Type: message``, on one line."""
    message = " ".join(str(error).split())
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def finding_line(path: str, line: int, codemod: str, message: str) -> str:
    """``path:LINE: codemod: message``: a finding, or a project message."""
    return f"{path}:{line}: {codemod}: {message}"


def grouped_finding_lines(path: str, findings: Sequence) -> list[str]:
    """The findings of one file as a reviewer reads them: those of one codemod that say the same
    (one cause, left alone in several places) as one line at the first place, naming the others
    (``path:94: codemod: message (also lines 329, 344)``), in the order first met. Each finding
    stays a place of its own everywhere a tool reads them (suppression, JSON, SARIF, GitHub
    annotations, ``concise``); this is the listing ``--verbose`` prints."""
    places: dict[tuple[str, str], list[int]] = {}
    for finding in findings:
        places.setdefault((finding.codemod, finding.message), []).append(finding.line)
    lines = []
    for (codemod, message), at in places.items():
        others = sorted(set(at[1:]) - {at[0]})
        also = f" (also line{'s' if len(others) > 1 else ''} {', '.join(map(str, others))})" if others else ""
        lines.append(finding_line(path, at[0], codemod, message + also))
    return lines
