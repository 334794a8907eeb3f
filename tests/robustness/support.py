"""Shared by the robustness tests and the ``make fuzz`` runner (tests/fuzz/run.py).

- test-only codemods that rewrite a lot, so that the whole pipeline is exercised whatever
  codemods happen to be registered (``register_test_codemods``);
- ``check_transform``: the properties every output of the engine must have;
- the real-code corpus: the sources of the installed packages, and a stable subset of them,
  and the samples (``sample_files``);
- ``each_codemod_alone``: every codemod alone on every file of a corpus, counting internal
  errors.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from typing import Iterable, Sequence

import libcst as cst

from flask_codemod import cache, engine, sources, writing
from flask_codemod.pipeline import Job
from flask_codemod.pool import process_jobs
from flask_codemod.results import error_line
from flask_codemod.request import ApplyRequest
from flask_codemod.run import run_project
from flask_codemod.terminal import Output
from flask_codemod.codemods import Codemod, all_codemods
from flask_codemod.codemods import _registry

# -- test-only codemods ---------------------------------------------------------------------

STRESS_NAME = "self__flask_codemod_stress"


class _RenameName(Codemod):
    """What the test-only codemods share: every name ``OLD`` becomes ``NEW``, each one
    counted as a rewrite."""

    OLD = NEW = ""

    def transform(self, module, ctx):
        old, new_name = self.OLD, self.NEW
        renamed = []

        class Rename(cst.CSTTransformer):
            def leave_Name(self, original, updated):
                if updated.value == old:
                    renamed.append(1)
                    return updated.with_changes(value=new_name)
                return updated

        new = module.visit(Rename())
        if not renamed:
            return module
        ctx.rewrote(len(renamed))
        return new


class StressRename(_RenameName):
    """Test only: renames every name ``self`` to a name nothing else uses.

    Real code is full of ``self``, so this rewrites nearly every file of a corpus: the
    untouched bytes around each rename must survive, the output must compile (the new name
    collides with nothing) and a second run finds nothing (the new name is not ``self``).
    """

    NAME = "robustness-stress"
    SUMMARY = "Test only: rename self."
    ORDER = 10_000
    TRIGGERS = ("self",)
    OLD, NEW = "self", STRESS_NAME


class MarkOld(_RenameName):
    """Test only: renames every name ``old_value`` to ``new_value`` (a small, exact rewrite
    whose expected output the tests can compute with ``str.replace``)."""

    NAME = "robustness-mark"
    SUMMARY = "Test only: rename old_value."
    ORDER = 10_001
    TRIGGERS = ("old_value",)
    OLD, NEW = "old_value", "new_value"


TEST_CODEMODS = (StressRename, MarkOld)
TEST_PREFIX = "robustness-"  # the names of test-only codemods start with it


def register_test_codemods(setattr_=setattr, extra: Sequence[type[Codemod]] = ()) -> None:
    """Make the test codemods (and ``extra`` ones) known to the registry — and so to worker
    processes started by fork, and to the command line. ``setattr_`` may be pytest's
    ``monkeypatch.setattr``, which undoes it after the test."""
    import flask_codemod.codemods as package

    real = getattr(_registry.all_codemods, "_real", _registry.all_codemods)
    added = TEST_CODEMODS + tuple(extra)

    def with_test_codemods():
        return tuple(real()) + added

    with_test_codemods._real = real  # type: ignore[attr-defined]
    setattr_(_registry, "all_codemods", with_test_codemods)
    setattr_(package, "all_codemods", with_test_codemods)


def real_codemods() -> tuple[type[Codemod], ...]:
    """The codemods registered in codemods/ right now (the list grows as they are written)."""
    return tuple(c for c in _registry.all_codemods() if not c.NAME.startswith(TEST_PREFIX))


def real_codemod_names() -> list[str]:
    return [c.NAME for c in real_codemods()]


# -- the properties ---------------------------------------------------------------------------

# Errors that describe the input, not a failure of the tool.
INPUT_PROBLEMS = (
    "syntax error",
    "syntax; run flask-codemod under Python",
    "cannot parse",
    "cannot decode",
    "unknown encoding",
    "the file does not compile",
    "nesting too deep",
    "cannot re-encode",
    "cannot be encoded",
)


def is_input_problem(error: str) -> bool:
    return "internal error" not in error and "crashed" not in error and any(p in error for p in INPUT_PROBLEMS)


def compiles(text: str) -> bool:
    try:
        compile(text, "<fuzz>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return False
    return True


def newline_styles(text: str) -> set[str]:
    styles = set()
    if "\r\n" in text:
        styles.add("\r\n")
    if "\n" in text.replace("\r\n", ""):
        styles.add("\n")
    if "\r" in text.replace("\r\n", ""):
        styles.add("\r")
    return styles


def check_transform(
    text: str,
    codemods: Sequence[type[Codemod]],
    *,
    path: str = "app.py",
    require_success: bool = True,
    options=None,
) -> list[str]:
    """Every way the engine's output for ``text`` is wrong; [] when it is right.

    - it never raises; an error leaves the text as it was and is never an internal error
      (and, for input CPython compiles, is no error at all unless ``require_success`` is
      False or the nesting is too deep for LibCST);
    - a change parses and compiles, is counted as a rewrite, keeps a single newline style,
      and is a fixed point: a second run changes nothing and reports no error;
    - no rewrite counted means the output is the very same text.
    """
    problems: list[str] = []
    try:
        result = engine.transform_text(text, codemods, path=path, options=options)
    except Exception as error:  # the engine must never raise
        return [f"transform_text raised {type(error).__name__}: {error}"]
    if result.error is not None:
        if result.new_text != text:
            problems.append(f"error {result.error!r} but the text changed")
        if not is_input_problem(result.error):
            problems.append(f"engine error: {result.error}")
        elif require_success and compiles(text) and "nesting too deep" not in result.error:
            problems.append(f"error on input that compiles: {result.error}")
        return problems
    new = result.new_text
    if new == text:
        return problems
    if not result.rewrites:
        problems.append("the text changed but no rewrite was counted")
    try:
        cst.parse_module(new)
    except Exception as error:
        problems.append(f"output does not parse: {type(error).__name__}: {error}")
        return problems
    if not compiles(new):
        problems.append("output does not compile")
        return problems
    if len(newline_styles(text)) == 1 and newline_styles(new) != newline_styles(text):
        problems.append(f"newline style changed: {newline_styles(text)} -> {newline_styles(new)}")
    again = engine.transform_text(new, codemods, path=path, options=options)
    if again.error is not None:
        problems.append(f"second run reports an error: {again.error}")
    elif again.new_text != new:
        problems.append("not a fixed point: a second run changes the output again")
    return problems


def describe_failure(text: str, problems: list[str], codemods: Iterable[type[Codemod]]) -> str:
    result = engine.transform_text(text, list(codemods))
    return (
        "\n".join(problems)
        + "\n--- input ---\n"
        + text
        + "\n--- output ---\n"
        + (result.new_text if result.error is None else f"(error) {result.error}")
    )


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


def temporaries(folder: str) -> list[str]:
    """The writer's temporary files (``.flask-codemod-*.tmp``) anywhere under ``folder``."""
    return [
        name
        for name in snapshot(folder)
        if os.path.basename(name).startswith(writing.TEMPORARY_PREFIX) and name.endswith(writing.TEMPORARY_SUFFIX)
    ]


def snapshot(folder: str) -> dict[str, bytes]:
    out = {}
    for directory, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(directory, name)
            with open(path, "rb") as handle:
                out[os.path.relpath(path, folder)] = handle.read()
    return out


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
