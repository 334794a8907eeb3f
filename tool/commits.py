"""``--commit``: the change of a run split into one commit per codemod.

The engine applies all codemods on one tree; to know what each one did, each changed file is
run again (a Job, in the worker pool, on the text the run read: the file itself may already
be rewritten) with the first k codemods (the engine order), so step k's text is exactly what
the full run had after its k-th codemod, and the last step is the text the run wrote. Project files (``.gitignore``, ``.env.example``, requirements) are merged the
same way from the first k codemods' project edits. ``.env`` is never committed: it holds
secrets and is listed in ``.gitignore``.

The plan must be made before anything is written (the project merge reads the files as they
were); the commits are created after the writes succeeded.
"""

from __future__ import annotations

import dataclasses
import textwrap
from typing import Any, Mapping, Sequence

from .git import PlannedCommit, file_mode
from .paths import relative_to
from .pipeline import Job
from .pool import process_jobs
from .project import merge
from .results import FileResult
from .sources import Source


def codemod_why(cls: type) -> str:
    """What a codemod does and why, from its documentation: the first prose paragraphs (at most
    two) that are not its summary, up to the first example; one line."""
    summary = " ".join(cls.SUMMARY.split()).rstrip(".")
    kept: list[str] = []
    for paragraph in cls.documentation().split("\n\n"):
        text = " ".join(paragraph.split())
        if not text or text.rstrip(".") == summary:
            continue
        first = paragraph.lstrip()
        if paragraph.startswith((" ", "\t")) or first.startswith(("```", ">>>", "Before", "Example", "Options", "It refuses", "Refuses")):
            break
        if text.endswith("::") or text.endswith(":") and "\n" in paragraph.strip():
            break
        kept.append(text)
        if len(kept) == 2:
            break
    return " ".join(kept)


def commit_message(cls: type, reproduce: str) -> str:
    lines = [f"{cls.NAME}: {cls.SUMMARY.strip()}", ""]
    why = codemod_why(cls)
    if why:
        lines += textwrap.wrap(why, 72) + [""]
    lines.append(f"Rewritten by flask-codemod ({cls.SAFETY}): {reproduce}")
    return "\n".join(lines) + "\n"


def plan(
    root: str,
    results: Sequence[FileResult],
    codemods_by_path: Mapping[str, Sequence[type]],
    options_by_path: Mapping[str, Mapping[str, Mapping[str, Any]]],
    reproduce: Mapping[str, str],
    *,
    workers: int = 1,
) -> list[PlannedCommit]:
    """One PlannedCommit per codemod that changed something (engine order).

    ``codemods_by_path``/``options_by_path``: what ran on each file; ``reproduce``: codemod
    name -> the command line to put in its commit message; ``workers``: processes for the
    re-runs.
    """
    order: list[type] = []
    for classes in codemods_by_path.values():
        for cls in classes:
            if cls not in order:
                order.append(cls)
    order.sort(key=lambda c: (c.ORDER, c.NAME))

    per_step: dict[str, dict[str, bytes]] = {cls.NAME: {} for cls in order}
    modes: dict[str, str] = {}
    walks = [_Walk(r, list(codemods_by_path[r.path]), options_by_path[r.path]) for r in results if r.changed]
    _walk_all(walks, workers)
    for walk in walks:
        name = relative_to(walk.result.path, root)
        for cls, text in walk.steps:
            per_step[cls.NAME][name] = walk.source.encode(text)
            modes[name] = file_mode(walk.result.path)

    # project files: merged from the first k codemods' edits
    seen: dict[str, str] = {}
    for index, cls in enumerate(order):
        allowed = {c.NAME for c in order[: index + 1]}
        partial = [
            dataclasses.replace(r, project_edits=tuple(e for e in r.project_edits if e.codemod in allowed))
            for r in results
        ]
        changes, _ = merge(partial)
        for change in changes:
            if change.secret:
                continue
            name = relative_to(change.path, root)
            if seen.get(name) != change.new_text:
                seen[name] = change.new_text
                per_step[cls.NAME][name] = change.new_text.encode("utf-8", errors="surrogateescape")
                modes.setdefault(name, "100644")

    commits = []
    for cls in order:
        files = per_step[cls.NAME]
        if files:
            message = commit_message(cls, reproduce.get(cls.NAME, f"flask-codemod apply --select {cls.NAME}"))
            commits.append(PlannedCommit(message, files, {name: modes[name] for name in files}))
    return commits


class _Walk:
    """One changed file's way through its codemods: the text after each codemod that changed
    it. Step k re-runs the file with the first k codemods; the last step is the run's own
    text. A step whose codemod's text gate refuses the text so far is skipped."""

    def __init__(self, result: FileResult, classes: list[type], options: Mapping[str, Mapping[str, Any]]) -> None:
        self.result, self.classes, self.options = result, classes, options
        self.index = 0  # the codemod of the next step
        self.previous = result.old_text or ""
        self.steps: list[tuple[type, str]] = []  # (codemod, the text after it)
        self.source = Source(result.old_text or "", result.encoding, result.bom, result.digest)

    def next_job(self) -> Job | None:
        """The re-run the next step needs; None when the walk is over."""
        last = len(self.classes) - 1
        while self.index < last and not self.classes[self.index]().applies_to(self.previous):
            self.index += 1
        if self.index < last:
            names = tuple(c.NAME for c in self.classes[: self.index + 1])
            return Job(self.result.path, names, self.options, source=self.source, target_version=self.result.target_version)
        if self.index == last:
            self._step(self.result.new_text or "")
        return None

    def take(self, outcome: FileResult) -> None:
        """The re-run's result; a failed one changes nothing."""
        self._step(self.previous if outcome.error is not None else outcome.new_text or "")

    def _step(self, text: str) -> None:
        if text != self.previous:
            self.steps.append((self.classes[self.index], text))
            self.previous = text
        self.index += 1


def _walk_all(walks: list[_Walk], workers: int) -> None:
    """Walk every file, one step each per round: the steps of one file depend on each other,
    those of different files do not (each round goes through the worker pool)."""
    waiting = walks
    while waiting:
        jobs, stepping = [], []
        for walk in waiting:
            job = walk.next_job()
            if job is not None:
                jobs.append(job)
                stepping.append(walk)
        for walk, outcome in zip(stepping, process_jobs(jobs, workers=workers)):
            walk.take(outcome)
        waiting = stepping
