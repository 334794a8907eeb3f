"""What each codemod did to a file: the text after each codemod that changed it.

The engine applies all codemods on one tree and renders once. ``--commit`` (one commit per
codemod) and ``--interactive`` (each hunk shown with the codemod that made it) need the
change codemod by codemod: each changed file is run again (a Job, in the worker pool, on the
text the run read: the file itself may already be rewritten, and the ``.env`` names its run
was shown: tool/settle.py) with the first k codemods (the engine order), so step k's text is
exactly what a run of those k codemods gives, and the last step is the run's own text. A codemod whose text gate refuses the text so far is skipped
without a run; a re-run that fails changes nothing (its change goes to the next step).
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from .pipeline import Job
from .pool import process_jobs
from .results import FileResult
from .sources import Source

Steps = list[tuple[type, str]]  # (codemod class, the text after it), in engine order


def codemod_steps(
    results: Sequence[FileResult],
    codemods_by_path: Mapping[str, Sequence[type]],
    options_by_path: Mapping[str, Mapping[str, Mapping[str, Any]]],
    *,
    workers: int = 1,
) -> dict[str, Steps]:
    """For each changed result (by path): the text after each codemod that changed it."""
    walks = [_Walk(r, list(codemods_by_path[r.path]), options_by_path[r.path]) for r in results if r.changed]
    _walk_all(walks, workers)
    return {walk.result.path: walk.steps for walk in walks}


class _Walk:
    """One changed file's way through its codemods. Step k re-runs the file with the first k
    codemods; the last step is the run's own text."""

    def __init__(self, result: FileResult, classes: list[type], options: Mapping[str, Mapping[str, Any]]) -> None:
        self.result, self.classes, self.options = result, classes, options
        self.index = 0  # the codemod of the next step
        self.previous = result.old_text or ""
        self.steps: Steps = []
        self.source = Source(result.old_text or "", result.encoding, result.bom, result.digest)

    def next_job(self) -> Job | None:
        """The re-run the next step needs; None when the walk is over."""
        last = len(self.classes) - 1
        while self.index < last and not self.classes[self.index]().applies_to_file(self.previous, self.result.path):
            self.index += 1
        if self.index < last:
            names = tuple(c.NAME for c in self.classes[: self.index + 1])
            return Job(
                self.result.path, names, self.options, env_shown=self.result.env_shown, source=self.source,
                target_version=self.result.target_version,
            )
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
        # the outcomes first: zip then takes them to their end, where the pool packs the cache entries
        for outcome, walk in zip(process_jobs(jobs, workers=workers), stepping):
            walk.take(outcome)
        waiting = stepping
