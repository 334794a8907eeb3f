"""Batch runs: many repositories in one command, each on its own.

``flask-codemod apply REPO1 REPO2 …`` is a batch when two or more of the paths are git
repositories (folders holding ``.git``); ``--repos-file FILE`` (one path a line, ``#``
comments and blank lines ignored) always makes one. In a batch every path is a repository of
its own: its configuration, ``.gitignore``, project edits, patch file and reports are its own,
and a repository that cannot be processed (missing, not a folder, unreadable, a broken
configuration, an internal error) is reported in its row while the others go on. A summary
table ends the run on stderr; the exit code is the worst (highest) of the repositories' codes.

Report and patch names get the repository's name before their suffix (``report.json`` →
``report-shop.json``), or wherever ``{repo}`` appears in the name.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Callable, Sequence

from .codemods import UsageError
from .exitcodes import EXIT_ERRORS, EXIT_USAGE, worst
from .outcome import Outcome
from .batch_pool import BatchPool
from .paths import is_repository, project_roots_remembered, repository_root
from .projects_kept import forget_projects
from .request import ApplyRequest
from .run import ProjectPlan, plan_project, run_project
from .terminal import Output


@dataclass
class RepoRow:
    path: str
    code: int
    scanned: int = 0
    changed: int = 0  # Python files, as the repository's summary line counts them
    project_files: int = 0  # .env, .gitignore, requirements, new files: counted apart
    findings: int = 0
    errors: int = 0
    note: str = ""
    ran: bool = False  # the repository ran to its own summary (the counts above are its)


@dataclass
class BatchOutcome:
    rows: list[RepoRow]

    @property
    def exit_code(self) -> int:
        return worst(row.code for row in self.rows)


def is_batch(paths: Sequence[str]) -> bool:
    return sum(1 for p in paths if is_repository(p)) >= 2


def read_repos_file(path: str) -> list[str]:
    """The repositories listed in ``path`` (relative ones are relative to the file's folder)."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"--repos-file {path}: cannot read: {getattr(error, 'strerror', None) or error}") from None
    folder = os.path.dirname(os.path.abspath(path))
    repos = []
    for line in lines:
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        entry = os.path.expanduser(entry)
        repos.append(entry if os.path.isabs(entry) else os.path.join(folder, entry))
    if not repos:
        raise UsageError(f"--repos-file {path}: no repository listed")
    return repos


def per_repo_name(template: str, repo_name: str) -> str:
    if "{repo}" in template:
        return template.replace("{repo}", repo_name)
    stem, suffix = os.path.splitext(template)
    return f"{stem}-{repo_name}{suffix}"


def _names(repos: Sequence[str]) -> list[str]:
    names: list[str] = []
    for repo in repos:
        name = os.path.basename(os.path.normpath(os.path.abspath(repo))) or "repo"
        candidate, number = name, 2
        while candidate in names:
            candidate, number = f"{name}-{number}", number + 1
        names.append(candidate)
    return names


def _unusable(repo: str) -> str | None:
    """Why ``repo`` cannot be processed at all, or None."""
    if not os.path.lexists(repo):
        return "no such directory"
    if os.path.islink(repo) and not os.path.exists(repo):
        return "broken symbolic link"
    if not os.path.isdir(repo):
        return "not a directory"
    try:
        os.listdir(repo)
    except OSError as error:
        return f"cannot list directory: {error.strerror or error}"
    return None


def run_batch(repos: Sequence[str], request: ApplyRequest, output: Output) -> BatchOutcome:
    """``run_project`` on each repository of ``repos`` with ``request``, each on its own."""
    names = _names(repos)
    subs = [_request_for(request, repo, name) for repo, name in zip(repos, names)]
    if not _plannable_ahead(repos, subs, request):
        rows = [_row(repo, sub, output, lambda sub=sub: run_project(sub, output)) for repo, sub in zip(repos, subs)]
    else:
        with project_roots_remembered():  # for the whole batch: it writes nothing in its trees
            rows = _run_planned_ahead(repos, subs, request, output)
    batch = BatchOutcome(rows)
    output.err(table(rows))
    return batch


def _run_planned_ahead(repos: Sequence[str], subs: Sequence[ApplyRequest], request: ApplyRequest, output: Output) -> list[RepoRow]:
    """Plan every repository, hand all their first passes to one pool, then run each in turn."""
    with BatchPool([], request.jobs) as shared:
        shared.fork_workers()  # before the plans: no worker inherits them
        plans = {index: _planned(repo, sub, output) for index, (repo, sub) in enumerate(zip(repos, subs))}
        passes = {index: plan.passes for index, plan in plans.items() if isinstance(plan, ProjectPlan)}
        first = {}  # (repository, group) -> its place among the batch's first passes
        for index, groups in passes.items():
            for group, _ in enumerate(groups):
                first[(index, group)] = len(first)
        shared.start([p.jobs for groups in passes.values() for p in groups])

        def run_planned(index: int, sub: ApplyRequest) -> Outcome:
            # taken out: what its run gathers (every file's result, the patch) serves no later
            # repository, so the main process holds one repository's results at a time
            plan = plans.pop(index)
            if plan is None:  # it could not be processed when the batch was planned
                return run_project(sub, output)
            if not isinstance(plan, ProjectPlan):
                raise plan
            return run_project(sub, output, plan, lambda group: shared.results(first[(index, group)]))

        return [
            _row(repo, sub, output, lambda index=index, sub=sub: run_planned(index, sub))
            for index, (repo, sub) in enumerate(zip(repos, subs))
        ]


def _request_for(request: ApplyRequest, repo: str, name: str) -> ApplyRequest:
    return dataclasses.replace(
        request,
        paths=[repo],
        base=os.path.abspath(repo),
        reports=[per_repo_name(target, name) for target in request.reports],
        diff_file=per_repo_name(request.diff_file, name) if request.diff_file else None,
    )


def _row(repo: str, sub: ApplyRequest, output: Output, run: Callable[[], Outcome]) -> RepoRow:
    """Run one repository (``run``: ``run_project`` for it) and say how it went."""
    problem = _unusable(repo)
    if problem is not None:
        output.err(f"{repo}: {problem}")
        return RepoRow(repo, EXIT_ERRORS, errors=1, note=problem)
    if not sub.quiet:
        output.err(f"== {repo}")
    try:
        outcome = run()
    except UsageError as error:
        output.err(f"{repo}: {error}")
        return RepoRow(repo, EXIT_USAGE, errors=1, note=str(error))
    except Exception as error:  # one broken repository never stops the others
        message = f"internal error: {type(error).__name__}: {error}"
        output.err(f"{repo}: {message}")
        return RepoRow(repo, EXIT_ERRORS, errors=1, note=message)
    finally:  # what this process kept of the repository's files serves no other repository
        forget_projects()
    summary = outcome.summary
    return RepoRow(
        repo,
        outcome.exit_code,
        summary.scanned,
        summary.changed,
        len(summary.project_files),
        sum(summary.findings.values()),
        len(outcome.errors),
        ran=True,
    )


def _plannable_ahead(repos: Sequence[str], subs: Sequence[ApplyRequest], request: ApplyRequest) -> bool:
    """Whether every repository can be planned, and its first pass computed, before the
    repositories before it are shown: with more than one worker, when the batch writes
    nothing that a repository's files could read (no file of theirs, no report or patch
    inside the git work tree of one of them), so that computing a pass early changes nothing."""
    if request.jobs <= 1 or request.writes:
        return False
    written = [os.path.realpath(target) for sub in subs for target in [*sub.reports, *([sub.diff_file] if sub.diff_file else [])]]
    if not written:
        return True
    trees = [repository_root(repo) if os.path.isdir(repo) else None for repo in repos]
    if None in trees:
        return False
    return not any(_inside(target, os.path.realpath(tree)) for target in written for tree in trees)  # type: ignore[arg-type]


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _planned(repo: str, sub: ApplyRequest, output: Output) -> ProjectPlan | Exception | None:
    """``plan_project`` for a repository, or what it raised (raised again when its turn comes);
    None for a repository that cannot be processed at all."""
    if _unusable(repo) is not None:
        return None
    try:
        return plan_project(sub, output)
    except Exception as error:
        return error


def table(rows: Sequence[RepoRow]) -> str:
    """The per-repository summary: one row each, the exit code last but one. The columns mean
    what the repository's own summary line says: ``files`` scanned, Python files
    ``changed``, ``project`` files changed apart (``.env``, ``.gitignore``, requirements,
    new files), findings, errors."""
    header = ("repository", "files", "changed", "project", "findings", "errors", "exit", "")
    body = [
        (
            row.path,
            str(row.scanned) if row.ran else "-",
            str(row.changed) if row.ran else "-",
            str(row.project_files) if row.ran else "-",
            str(row.findings) if row.ran else "-",
            str(row.errors),
            str(row.code),
            row.note,
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    right = {1, 2, 3, 4, 5, 6}

    def fmt(line) -> str:
        cells = [cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]) for i, cell in enumerate(line)]
        return "  ".join(cells).rstrip()

    return "\n".join([fmt(header), *(fmt(line) for line in body)])
