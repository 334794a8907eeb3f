"""Resuming a transform at the first codemod that looked at ``.env``: for ``.env`` settling.

tool/settle.py re-runs a file whose ``.env`` names clash with another file's, this time
showing it the names already taken as part of ``.env``. The codemods that ran before the
first one that read ``.env`` (in its gate or its transform) saw exactly what they see in the
re-run: the same text, the same other files. Their work is the same, so the re-run need
not do it again: the first pass keeps, for a file that claims ``.env`` variables, the tree
they handed on and what they reported (a ``Resume``), and the re-run starts from there.

A Resume holds when the re-run transforms the same text with the same codemods before that
point (their gates may answer otherwise than in the first pass only by reading ``.env``,
which they did not). What those codemods read is read again on resuming, so the result
cache records the same reads as a run from the start would (the project listing as a whole
when they looked at any part of it: more than they used, never less).
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
import posixpath
from typing import Any, Callable, Sequence

import libcst as cst


@dataclasses.dataclass(frozen=True)
class Resume:
    """The state of one transform before its first codemod that looked at ``.env``."""

    text_digest: str  # of the text transformed
    ran: tuple[str, ...]  # the codemods that ran before that point, in order
    # the module they handed on: the module itself in the process that made it, its pickle
    # once the Resume was pickled (a result sent from a worker): no pickle when none is sent
    tree: cst.Module | bytes
    changed: bool  # whether they changed the tree LibCST parsed
    base: str  # LibCST's rendering of the tree it parsed (for tool/byte_repair.py)
    findings: tuple = ()
    project_edits: tuple = ()
    rewrites: tuple[tuple[str, int], ...] = ()
    failures: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()  # what those codemods (and every gate) read, in order
    listed: bool = False  # whether they asked for the project listing
    # when no gate read .env: (the codemods the text gates let through, those all gates kept)
    gated: tuple[tuple[str, ...], tuple[str, ...]] | None = None

    def holds_for(self, text: str, names: Sequence[str]) -> bool:
        """Whether resuming fits ``text`` transformed by the codemods ``names`` (in order)."""
        return self.text_digest == text_digest(text) and tuple(names[: len(self.ran)]) == self.ran

    def gated_for(self, text: str, asked: Sequence[str]) -> tuple[str, ...] | None:
        """The codemods the tree and project gates kept in the first pass, when they need not
        be asked again: the same text, the same codemods past the text gates, and no gate
        read ``.env`` (what else a gate reads is read again on resuming, as the skipped
        codemods' reads are); None otherwise."""
        if self.gated is None or tuple(asked) != self.gated[0] or self.text_digest != text_digest(text):
            return None
        return self.gated[1]

    def module(self) -> cst.Module:
        return self.tree if isinstance(self.tree, cst.Module) else pickle.loads(self.tree)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        if isinstance(self.tree, cst.Module):
            state["tree"] = pickle.dumps(self.tree, protocol=pickle.HIGHEST_PROTOCOL)
        return state

    def replay_reads(self, read_file: Callable[[str], str | None] | None) -> None:
        """Read again what the codemods before this point read, through ``read_file`` (the
        re-run's ``ReadLog``, so that its codemods reading the same files are not read twice)."""
        if read_file is None:
            return
        for relative in self.reads:
            read_file(relative)
        lister = getattr(read_file, "project_files", None) if self.listed else None
        listing = lister() if lister is not None else None
        if listing is not None:
            for field in dataclasses.fields(listing):
                getattr(listing, field.name)


def text_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def reads_env(relative: str) -> bool:
    """Whether a read of ``relative`` (a path relative to the file's folder) may read a
    ``.env`` file (any ``.env*`` file counts: erring this way only resumes earlier)."""
    return ".env" in relative and posixpath.basename(relative.replace("\\", "/")).startswith(".env")


class ReadLog:
    """``ctx.read_file``'s reader for one transform, remembering what was read and whether
    ``.env`` was. A file is read once per transform: the gates and codemods that read the
    project's modules (each of them, for each file) get the text of the first read again."""

    def __init__(self, read_file: Callable[[str], str | None]) -> None:
        self._read_file = read_file
        self.reads: list[str] = []  # in the order first read
        self._texts: dict[str, str | None] = {}  # what each read returned: read once per transform
        self.listed = False
        self.env_read = False
        if hasattr(read_file, "project_files"):
            self.project_files = self._project_files

    def __call__(self, relative: str) -> str | None:
        texts = self._texts
        if relative in texts:  # (whether it reads .env was asked at its first read)
            return texts[relative]
        if reads_env(relative):
            self.env_read = True
        self.reads.append(relative)
        text = texts[relative] = self._read_file(relative)
        return text

    def byte_order_mark(self, relative: str) -> str | None:
        asks = getattr(self._read_file, "byte_order_mark", None)
        return asks(relative) if asks is not None else None

    def _project_files(self) -> Any:
        self.listed = True
        return self._read_file.project_files()  # type: ignore[attr-defined]
