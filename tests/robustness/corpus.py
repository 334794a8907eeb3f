"""The real-code corpus, for the robustness tests and the ``make fuzz`` runner (tests/fuzz/run.py):

- the sources of the installed packages, a stable subset of them, and the samples
  (``sample_files``);
- ``run_corpus``: the real pipeline over a copy of a corpus, checked with the properties of
  ``robustness.support``;
- ``each_codemod_alone``: every codemod alone on every file of a corpus, counting internal
  errors.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from typing import Sequence

import libcst as cst

from flask_codemod import cache, sources
from flask_codemod.pipeline import Job
from flask_codemod.pool import process_jobs
from flask_codemod.results import error_line
from flask_codemod.request import ApplyRequest
from flask_codemod.run import run_project
from flask_codemod.terminal import Output

from robustness.support import compiles, is_input_problem, snapshot, temporaries


# -- the real-code corpus ---------------------------------------------------------------------

SKIPPED_TOP_LEVEL = {"__pycache__", "flask_codemod"}


def site_packages() -> str:
    import flask

    return os.path.dirname(os.path.dirname(os.path.abspath(flask.__file__)))


def corpus_files(root: str | None = None) -> list[str]:
    """Every ``.py`` file of the installed packages, relative to site-packages, sorted."""
    root = root or site_packages()
    found = []
    for directory, subdirectories, files in os.walk(root):
        relative_dir = os.path.relpath(directory, root)
        top = relative_dir.split(os.sep)[0]
        if top in SKIPPED_TOP_LEVEL or top.endswith((".dist-info", ".egg-info")):
            subdirectories[:] = []
            continue
        subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
        for name in files:
            if name.endswith(".py"):
                found.append(os.path.normpath(os.path.join(relative_dir, name)))
    return sorted(found)


def stable_subset(files: Sequence[str], count: int, *, max_bytes: int | None = None, root: str | None = None) -> list[str]:
    """``count`` files chosen by a hash of their path: the same files on every machine with
    the same packages, spread over all packages."""
    root = root or site_packages()

    def key(relative: str) -> str:
        return hashlib.sha256(relative.replace(os.sep, "/").encode()).hexdigest()

    chosen = []
    for relative in sorted(files, key=key):
        if max_bytes is not None and os.path.getsize(os.path.join(root, relative)) > max_bytes:
            continue
        chosen.append(relative)
        if len(chosen) == count:
            break
    return sorted(chosen)


def copy_corpus(files: Sequence[str], destination: str, root: str | None = None) -> list[str]:
    """Copy ``files`` (relative to ``root``) under ``destination``; return the copies."""
    root = root or site_packages()
    copies = []
    for relative in files:
        target = os.path.join(destination, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(os.path.join(root, relative), target)
        copies.append(target)
    return copies


# -- running the real pipeline over a corpus --------------------------------------------------


class CorpusReport:
    """What one corpus run found; ``failures`` lists each failed file with the reason."""

    def __init__(self) -> None:
        self.files = 0
        self.changed = 0
        self.rejected: list[str] = []  # input CPython or LibCST refuses (reported, not a failure)
        self.crashes: list[str] = []
        self.invalid: list[str] = []
        self.unstable: list[str] = []  # second-run changes
        self.other: list[str] = []

    @property
    def failures(self) -> list[str]:
        return self.crashes + self.invalid + self.unstable + self.other

    def summary(self, label: str) -> str:
        return (
            f"{label}: {self.files} files, {self.changed} changed, {len(self.crashes)} crashes, "
            f"{len(self.invalid)} invalid outputs, {len(self.unstable)} second-run changes, "
            f"{len(self.other)} other failures ({len(self.rejected)} inputs rejected as invalid Python)"
        )


def apply(paths: Sequence[str], names: Sequence[str], *, jobs: int, dry_run: bool = False, check: bool = False):
    """The real pipeline (what ``flask-codemod apply`` runs), silent; returns the Outcome."""
    import io

    request = ApplyRequest(
        paths=list(paths), select=list(names), dry_run=dry_run, check=check, jobs=jobs, use_config=False, quiet=True
    )
    return run_project(request, Output(io.StringIO(), io.StringIO()))


def run_corpus(files: Sequence[str], workdir: str, names: Sequence[str], *, jobs: int = 2, root: str | None = None) -> CorpusReport:
    """Copy ``files`` into ``workdir`` and run the codemods ``names`` over the copies, as the
    command line does: dry-run (must write nothing), in place (must write exactly what the
    dry-run showed, all of it valid Python), then again (must change nothing)."""
    report = CorpusReport()
    copies = copy_corpus(files, workdir, root)
    report.files = len(copies)
    before = snapshot(workdir)

    dry = apply(copies, names, jobs=jobs, dry_run=True)
    if snapshot(workdir) != before:
        report.other.append("the dry-run wrote files")
    expected = {}
    for result in dry.results:
        if result.error is not None:
            target = report.rejected if is_input_problem(result.error) else report.crashes
            target.append(result.error_line())
        elif result.changed:
            expected[result.path] = result.new_text
    for line in dry.errors:
        if not any(line == r.error_line() for r in dry.results if r.error):
            report.other.append(f"dry-run: {line}")

    applied = apply(copies, names, jobs=jobs)
    seen = {r.path: r for r in applied.results}
    for path in copies:
        result = seen.get(path)
        if result is None:
            report.other.append(f"{path}: no result")
            continue
        with open(path, "rb") as handle:
            data = handle.read()
        if result.error is not None or not result.changed:
            if data != before[os.path.relpath(path, workdir)]:
                report.other.append(f"{path}: changed on disk although not rewritten")
            if path in expected:
                report.other.append(f"{path}: the dry-run changed it, the real run did not")
            continue
        report.changed += 1
        if expected.get(path) != result.new_text:
            report.other.append(f"{path}: the real run differs from the dry-run")
        try:
            text = sources.decode(data).text
        except sources.SourceError as error:
            report.invalid.append(f"{path}: written file cannot be decoded: {error}")
            continue
        if text != result.new_text:
            report.other.append(f"{path}: the file on disk is not the new text")
        try:
            cst.parse_module(text)
        except Exception as error:
            report.invalid.append(f"{path}: output does not parse: {error}")
            continue
        if not compiles(text):
            report.invalid.append(f"{path}: output does not compile")
    leftovers = temporaries(workdir)
    if leftovers:
        report.other.append(f"temporary files left behind: {leftovers[:3]}")

    rewritten = [r.path for r in applied.results if r.changed]
    if rewritten:
        again = apply(rewritten, names, jobs=jobs, check=True)
        for result in again.results:
            if result.error is not None:
                report.unstable.append(f"second run: {result.error_line()}")
            elif result.changed:
                report.unstable.append(f"{result.path}: a second run changes it again")
    return report


# -- every codemod alone -------------------------------------------------------------------------


def sample_files() -> list[str]:
    """Every ``.py`` file under samples/ (before and after files, the demo app), absolute."""
    root = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "samples")
    found = []
    for directory, subdirectories, files in os.walk(root):
        subdirectories.sort()
        found += [os.path.join(directory, name) for name in sorted(files) if name.endswith(".py")]
    return found


def each_codemod_alone(paths: Sequence[str], names: Sequence[str], *, jobs: int = 2) -> tuple[int, list[str]]:
    """Run each codemod of ``names`` alone on every file of ``paths`` through the real
    per-file pipeline and worker pool (uncached; files are only read). Returns how many runs
    were made, and a line for every internal error (a crash of a codemod or of the engine;
    input that is not valid Python is no failure)."""
    jobs_list = [Job(path, (name,)) for name in names for path in paths]
    problems = []
    with cache.disabled():
        for job, result in zip(jobs_list, process_jobs(jobs_list, workers=jobs)):
            for problem in result.problems():
                if not is_input_problem(problem):
                    problems.append(f"{job.codemods[0]} alone: {error_line(job.path, problem)}")
    return len(jobs_list), problems
