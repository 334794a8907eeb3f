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
from typing import Sequence

from .codemods import UsageError
from .exitcodes import EXIT_ERRORS, EXIT_USAGE, worst
from .outcome import Outcome
from .paths import is_repository
from .request import ApplyRequest
from .run import run_project
from .terminal import Output


@dataclass
class RepoRow:
    path: str
    code: int
    scanned: int = 0
    changed: int = 0
    findings: int = 0
    errors: int = 0
    note: str = ""
    outcome: Outcome | None = None


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
    rows = []
    for repo, name in zip(repos, _names(repos)):
        problem = _unusable(repo)
        if problem is not None:
            output.err(f"{repo}: {problem}")
            rows.append(RepoRow(repo, EXIT_ERRORS, errors=1, note=problem))
            continue
        if not request.quiet:
            output.err(f"== {repo}")
        sub = dataclasses.replace(
            request,
            paths=[repo],
            base=os.path.abspath(repo),
            reports=[per_repo_name(target, name) for target in request.reports],
            diff_file=per_repo_name(request.diff_file, name) if request.diff_file else None,
        )
        try:
            outcome = run_project(sub, output)
        except UsageError as error:
            output.err(f"{repo}: {error}")
            rows.append(RepoRow(repo, EXIT_USAGE, errors=1, note=str(error)))
            continue
        except Exception as error:  # one broken repository never stops the others
            message = f"internal error: {type(error).__name__}: {error}"
            output.err(f"{repo}: {message}")
            rows.append(RepoRow(repo, EXIT_ERRORS, errors=1, note=message))
            continue
        summary = outcome.summary
        rows.append(
            RepoRow(
                repo,
                outcome.exit_code,
                summary.scanned,
                summary.changed + len([c for c in outcome.project_changes]),
                sum(summary.findings.values()),
                len(outcome.errors),
                outcome=outcome,
            )
        )
    batch = BatchOutcome(rows)
    output.err(table(rows))
    return batch


def table(rows: Sequence[RepoRow]) -> str:
    """The per-repository summary: one row each, the exit code last but one."""
    header = ("repository", "files", "changed", "findings", "errors", "exit", "")
    body = [
        (
            row.path,
            str(row.scanned) if row.outcome is not None else "-",
            str(row.changed) if row.outcome is not None else "-",
            str(row.findings) if row.outcome is not None else "-",
            str(row.errors),
            str(row.code),
            row.note,
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    right = {1, 2, 3, 4, 5}

    def fmt(line) -> str:
        cells = [cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]) for i, cell in enumerate(line)]
        return "  ".join(cells).rstrip()

    return "\n".join([fmt(header), *(fmt(line) for line in body)])
