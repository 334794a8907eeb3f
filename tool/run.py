"""One ``apply`` run over one project (one repository), as a few named steps:

1. scope: check the request, group the paths by configuration (tool/scope.py);
2. process each group: discover its files, run them through the worker pool, settle the
   ``.env`` names, and take each result as it comes: count it and show it; a writing run
   writes only once every file is transformed (a codemod reading another module sees it as
   it was: what is written is what a dry run shows);
3. ``--interactive``: review the hunks, then take the kept results;
4. settle the project edits (``.env``, ``.gitignore``, requirements) and, for ``--commit``,
   plan the commits before anything else is written;
5. show or write the project files, then the files held back until ``.env`` holds their
   values, then the patch;
6. commit, print findings and errors, write the reports, print the summary.

The command line and the Python API call ``run_project`` with an ApplyRequest and get an
Outcome; a batch over several repositories (tool/batch.py) calls it once per repository, and
may plan them all first (``plan_project``: steps 1 and the files of 2) to compute their first
passes in one pool (tool/batch_pool.py).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Sequence

from . import commits
from .codemods import UsageError
from .diffs import file_diff, file_diffs, secret_file_diff
from .git import GitError, PlannedCommit, commit_series
from .interactive import review_project_changes, review_results
from .outcome import Outcome, Summary, reproduce_command
from .paths import display_path, project_root, project_roots_remembered, relative_to, report_base
from .pipeline import Job
from .pool import plain_jobs, process_jobs
from .project import env_keys, env_refusal, merge
from .reports import stdout_report, write_reports
from .request import ApplyRequest, check_request
from .results import FileResult, ProjectFileChange, ProjectMessage, error_line, finding_line, grouped_finding_lines
from .scope import Group, changed_files, codemods_that_ran, commit_root, group_files, merged_options, plan_groups
from .settle import settle_env_names
from .target import TargetFinder
from .terminal import Output, Progress, show_diff
from .writing import READ_ONLY, is_read_only, write_project_file, write_result, write_text


@dataclass
class _Run:
    """What a run gathers as it goes."""

    request: ApplyRequest
    output: Output
    base: str  # the folder report and patch paths are relative to
    targets: list[str]
    groups: list[Group] = field(default_factory=list)
    results: list[FileResult] = field(default_factory=list)
    error_items: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    codemods_by_path: dict[str, tuple[type, ...]] = field(default_factory=dict)
    options_by_path: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    summary: Summary = field(default_factory=Summary)
    patch_chunks: list[tuple[str, str]] = field(default_factory=list)  # (path, its part of the patch)
    failed_writes: set[str] = field(default_factory=set)  # paths whose write failed
    masked: bool = False  # a diff shown with moved secrets masked
    held_back: list[FileResult] = field(default_factory=list)  # written once .env holds their values
    flask_versions: TargetFinder = field(default_factory=TargetFinder)  # each project's declared Flask


@dataclass
class FirstPass:
    """One group's files, and the Jobs of their first pass."""

    group: Group
    files: list[str]
    jobs: list[Job]


@dataclass
class ProjectPlan:
    """What a run knows before it processes a file: its scope, its git work tree (for
    ``--commit``) and each group's first pass."""

    run: _Run
    git_root: str | None
    passes: list[FirstPass]


def plan_project(request: ApplyRequest, output: Output | None = None) -> ProjectPlan:
    """The scope and first passes of one project (``run_project`` does this first; a batch
    plans its repositories ahead: tool/batch.py). Raises UsageError as ``run_project`` does."""
    with project_roots_remembered():
        return _plan(request, output or Output())


def run_project(
    request: ApplyRequest,
    output: Output | None = None,
    plan: ProjectPlan | None = None,
    first_passes: Callable[[int], Iterator[FileResult]] | None = None,
) -> Outcome:
    """Run one project. Raises UsageError for what the command line reports as exit code 2.
    ``plan``: made beforehand by ``plan_project`` (with the same request and output);
    ``first_passes(index)``: the results of the plan's ``index``-th first pass when they are
    computed elsewhere (a batch's pool: tool/batch_pool.py), else the worker pool computes them."""
    # Until project files are written, no file's project changes: each folder's is found once.
    with project_roots_remembered():
        plan = plan or _plan(request, output or Output())
        run, git_root = plan.run, plan.git_root
        for index, first in enumerate(plan.passes):
            results = first_passes(index) if first_passes is not None else process_jobs(first.jobs, workers=request.jobs)
            _process_group(run, first, results)
    if request.writes and not request.interactive:
        # only now that every file has been transformed: a codemod that reads another module
        # saw it as it was, and the files written are the change a dry run shows
        for result in run.results:
            _take(run, result)
    if request.interactive:
        _review(run)
    with project_roots_remembered():
        changes, messages = _project_changes(run)
        commit_plan = _plan_commits(run, git_root) if git_root is not None else None
    unwritten_env = _show_or_write_project_files(run, changes) | {project_root(m.path) for m in messages if m.blocks}
    _write_held_back(run, unwritten_env)
    patch = _write_patch(run)
    made = _commit(run, git_root, commit_plan) if commit_plan is not None else []
    return _finish(run, changes, messages, patch, made)


def _scope(request: ApplyRequest, output: Output) -> _Run:
    check_request(request)
    targets = list(request.paths) or ["."]
    missing = [p for p in targets if not os.path.lexists(p)]
    if missing:
        raise UsageError(f"no such file or directory: {', '.join(missing)}")
    run = _Run(request, output, os.path.abspath(request.base or report_base(targets)), targets)
    run.groups = plan_groups(request, targets, run.error_items)
    return run


def _plan(request: ApplyRequest, output: Output) -> ProjectPlan:
    run = _scope(request, output)
    git_root = commit_root(request, run.targets)
    changed_only = changed_files(request, run.targets)
    passes = []
    for group in run.groups:
        files = group_files(group, changed_only)
        chosen = group.target_version
        target_of = run.flask_versions.for_file if chosen is None else (lambda path, chosen=chosen: chosen)
        jobs = plain_jobs(files, [c.NAME for c in group.codemods], group.options, target_of=target_of, unchanged_text=request.unchanged_texts)
        passes.append(FirstPass(group, files, jobs))
    return ProjectPlan(run, git_root, passes)


def _process_group(run: _Run, first: FirstPass, first_pass: Iterator[FileResult]) -> None:
    """Take a group's first pass as it comes back (the worker pool, then the ``.env`` name
    settling): count each result and show it, or keep it for writing."""
    request, group, files = run.request, first.group, first.files
    run.summary.scanned += len(files)
    names = [c.NAME for c in group.codemods]
    if request.interactive and not request.quiet:  # no progress bar: say what the wait is for
        run.output.err(f"computing the change in {len(files)} file{'s' if len(files) != 1 else ''}...")
    settled = settle_env_names(first_pass, names, group.options, workers=request.jobs)
    with Progress(request.progress, len(files), run.output) as advance:
        for result in settled:
            advance()
            run.results.append(result)
            run.codemods_by_path[result.path] = group.codemods
            run.options_by_path[result.path] = group.options
            if not (request.interactive or request.writes):
                _take(run, result)


def _take(run: _Run, result: FileResult) -> None:
    """Count one file's result, and show it, or write it: a file that moves values to
    ``.env`` is held back until ``.env`` holds them. A change is counted once it is shown
    (--dry-run), named (--check) or written, never when its write failed."""
    request = run.request
    run.error_items.extend((result.path, problem) for problem in result.problems())
    if result.error is not None:
        return
    for finding in result.findings:
        run.summary.findings[finding.codemod] += 1
    if not result.changed:
        return
    wanted = {edit.key: edit.value for edit in result.project_edits if edit.kind == "env"}
    refusal = env_refusal(project_root(result.path), wanted) if wanted else None
    if refusal is not None:  # the values it moves would be lost: the file is left as it is
        _write(run, result, f"not changed: {refusal}, and the values moved there could not be written")
        return
    old, new = result.old_text or "", result.new_text or ""
    names = [relative_to(result.path, run.base)] + ([display_path(result.path)] if request.dry_run else [])
    diffs = file_diffs(names, old, new, hunks=result.hunks())
    run.patch_chunks.append((result.path, diffs[0]))
    if request.dry_run:
        moved = [edit.value for edit in result.project_edits if edit.kind == "env" and edit.secret]
        _show(run, diffs[1], moved)
        _count(run, result)
    elif request.check:
        if request.lines_on_stderr:
            run.output.err(f"would change {result.path}")
        _count(run, result)
    elif is_read_only(result.path):  # known now: its project edits are not made either
        _write(run, result, READ_ONLY)
    elif any(edit.kind == "env" for edit in result.project_edits):
        run.held_back.append(result)  # its values must be safe in .env before it stops holding them
    else:
        _write(run, result, write_result(result))


def _count(run: _Run, result: FileResult) -> None:
    run.summary.changed += 1
    for name, count in result.rewrites:
        run.summary.rewrites[name] += count


def _write(run: _Run, result: FileResult, problem: str | None) -> None:
    """Count a written file; a file whose write failed (``problem``) becomes an error: out
    of the counts, the patch and the reports' changed files, and its project edits are not
    merged."""
    if problem is None:
        _count(run, result)
        return
    run.error_items.append((result.path, problem))
    run.failed_writes.add(result.path)
    failed = dataclasses.replace(result, new_text=result.old_text, error=problem)
    run.results = [failed if r is result else r for r in run.results]


def _show(run: _Run, diff: str, moved_secrets: Sequence[str] = ()) -> None:
    """--dry-run: a diff on stdout (with ``--output-format diff``), the secrets its file moved
    to ``.env`` masked where they leave the code (unless ``--show-secrets``)."""
    if run.request.output_format != "diff":
        return
    secrets = () if run.request.show_secrets else moved_secrets
    run.masked = run.masked or bool(secrets)
    show_diff(run.output, diff, colour=run.request.colour, secrets=secrets)


def _review(run: _Run) -> None:
    """--interactive: the hunks the user keeps, then each kept result taken as above."""
    run.results = review_results(run.results, run.request, run.output, run.codemods_by_path, run.options_by_path)
    for result in run.results:
        _take(run, result)


def _project_changes(run: _Run) -> tuple[list[ProjectFileChange], list[ProjectMessage]]:
    changes, messages = merge(run.results)
    if run.request.interactive and changes:
        changes = review_project_changes(changes, run.request, run.output)
    return changes, messages


def _plan_commits(run: _Run, git_root: str) -> list[PlannedCommit]:
    """--commit: one commit per codemod, planned before anything is written (the project
    merge reads the files as they are)."""
    options = merged_options(run.groups)
    ran = codemods_that_ran(run.codemods_by_path)
    reproduce = {c.NAME: reproduce_command([c], options, run.targets, run.base, run.request.target_version) for c in ran}
    succeeded = [r for r in run.results if r.error is None]
    return commits.plan(git_root, succeeded, run.codemods_by_path, run.options_by_path, reproduce, workers=run.request.jobs)


def _show_or_write_project_files(run: _Run, changes: list[ProjectFileChange]) -> set[str]:
    """Show (--dry-run), name (--check) or write each project file; returns the project
    roots whose ``.env`` could not be written."""
    request, output = run.request, run.output
    unwritten_env: set[str] = set()
    for change in changes:
        display = display_path(change.path)
        if change.secret:
            if request.dry_run and request.output_format == "diff":
                output.out(secret_file_diff(display, env_keys(change.old_text), env_keys(change.new_text)))
        else:
            if request.dry_run:
                _show(run, file_diff(display, change.old_text, change.new_text, new_file=change.is_new))
            relative = relative_to(change.path, run.base)
            run.patch_chunks.append((change.path, file_diff(relative, change.old_text, change.new_text, new_file=change.is_new)))
        if request.check:
            if request.lines_on_stderr:
                output.err(f"would change {display}")
        elif request.writes:
            problem = write_project_file(change)
            if problem is not None:
                run.error_items.append((change.path, problem))
                run.failed_writes.add(change.path)
                if change.secret:
                    unwritten_env.add(os.path.dirname(os.path.abspath(change.path)))
                continue
        run.summary.project_files.append(_named(change.path, run.base))
    return unwritten_env


def _named(path: str, base: str) -> str:
    """A path for the summary line: relative to the run's root when inside it."""
    relative = relative_to(path, base)
    return display_path(path) if relative.startswith("..") else relative


def _write_held_back(run: _Run, unwritten_env: set[str]) -> None:
    """The files that moved values to ``.env``, written only now that it holds them (Ctrl-C,
    a full disk)."""
    for result in run.held_back:
        if project_root(result.path) in unwritten_env:
            _write(run, result, "not written: its .env could not be written, and the values moved there would be lost")
        else:
            _write(run, result, write_result(result))


def _write_patch(run: _Run) -> str:
    patch = "".join(chunk for path, chunk in run.patch_chunks if path not in run.failed_writes)
    if run.request.diff_file:
        try:
            write_text(run.request.diff_file, patch)
        except OSError as error:
            run.error_items.append((run.request.diff_file, f"cannot write the patch: {error.strerror or error}"))
    return patch


def _commit(run: _Run, git_root: str, plan: list[PlannedCommit]) -> list[str]:
    """The planned commits, only when everything was processed and written."""
    if run.error_items:
        run.error_items.append((git_root, "nothing committed: some files could not be processed or written"))
        return []
    try:
        made = commit_series(git_root, plan)
    except GitError as error:
        run.error_items.append((git_root, f"cannot commit: {error}"))
        return []
    if not run.request.quiet:
        for sha, planned in zip(made, plan):
            run.output.err(f"committed {sha[:10]} {planned.message.splitlines()[0]}")
    return made


def _finish(run: _Run, changes: list[ProjectFileChange], messages: list[ProjectMessage], patch: str, made: list[str]) -> Outcome:
    """Print the findings and errors, write the reports, print the summary: the Outcome."""
    request, output, summary = run.request, run.output, run.summary
    errors = [error_line(path, reason) for path, reason in run.error_items]
    summary.errors = len(errors)
    if request.verbose and request.lines_on_stderr:
        for result in run.results:
            for line in grouped_finding_lines(result.path, result.findings):
                output.err(line)
    for message in messages:
        summary.findings[message.codemod] += 1
        if request.lines_on_stderr:
            output.err(finding_line(message.path, message.line, message.codemod, message.message))
    for line in errors:
        output.err(line)
    ran = codemods_that_ran(run.codemods_by_path) or sorted({c for g in run.groups for c in g.codemods}, key=lambda c: (c.ORDER, c.NAME))
    options = merged_options(run.groups)
    outcome = Outcome(
        run.results,
        [change for change in changes if change.path not in run.failed_writes],
        messages,
        errors,
        [],
        summary,
        base=run.base,
        mode=request.mode,
        codemods=ran,
        options=options,
        error_items=run.error_items,
        codemods_by_path=run.codemods_by_path,
        patch=patch,
        commits=made,
        reproduce=reproduce_command(ran, options, run.targets, run.base, run.request.target_version),
    )
    for target, problem in write_reports(outcome, request.reports):
        outcome.error_items.append((target, problem))
        outcome.errors.append(error_line(target, problem))
        summary.errors += 1
        output.err(error_line(target, problem))
    output.out(stdout_report(outcome, request.output_format))
    if not request.quiet:
        if request.dry_run and request.output_format == "diff" and not request.diff_file and (run.masked or any(c.secret for c in changes)):
            output.err("this diff is for reading (moved secrets masked, .env by its keys): --diff-file FILE writes a patch for git apply")
        if sum(summary.findings.values()) and not request.verbose and request.lines_on_stderr:
            output.err("findings are listed with --verbose")
        output.err(summary.line())
    return outcome
