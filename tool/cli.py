"""The command line: options and exit codes, nothing else.

Exit codes: 0 done; 1 ``--check`` found changes; 2 usage error; 3 some files could not be
processed (each named on stderr with the reason).
"""

from __future__ import annotations

import os
import sys
from typing import List, Optional

import typer

from .catalogue import catalogue_lines
from .cli_values import PlainValuesCommand, PlainValuesGroup
from .codemod_info import all_info, info
from . import codemods as registry  # the registry, looked up at each call: it may be extended (tests do)
from .codemods import UsageError
from .codemods._base import validate_options
from .exitcodes import EXIT_CHANGES, EXIT_ERRORS, EXIT_OK, EXIT_USAGE  # noqa: F401 (the contract)

app = typer.Typer(
    name="flask-codemod",
    help="Rewrite legacy Flask applications so they follow the Flask guides' cleanup practices.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=PlainValuesGroup,  # and each command's cls: values converted without pydantic where plain
)


def _usage_error(message: str) -> "typer.Exit":
    typer.echo(f"flask-codemod: error: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _split_names(values: Optional[List[str]]) -> list[str]:
    names: list[str] = []
    for value in values or []:
        names.extend(part.strip() for part in value.split(",") if part.strip())
    return names


def _parse_set(values: Optional[List[str]]) -> dict[str, dict[str, str]]:
    raw: dict[str, dict[str, str]] = {}
    for item in values or []:
        target, equals, value = item.partition("=")
        name, dot, option = target.partition(".")
        if not equals or not dot or not name.strip() or not option.strip():
            raise ValueError(f"--set expects CODEMOD.OPTION=VALUE, got {item!r}")
        raw.setdefault(name.strip(), {})[option.strip()] = value
    return raw


@app.command("apply", cls=PlainValuesCommand)
def apply_command(
    paths: List[str] = typer.Argument(None, help="Files or directories (default: the current directory); two or more git repositories make a batch."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the unified diff; write nothing."),
    check: bool = typer.Option(False, "--check", help="Write nothing; exit 1 if anything would change."),
    select: Optional[List[str]] = typer.Option(None, "--select", help="Only these codemods (repeatable or comma-separated)."),
    skip: Optional[List[str]] = typer.Option(None, "--skip", help="All codemods but these."),
    jobs: Optional[int] = typer.Option(None, "-j", "--jobs", min=1, help="Worker processes (default: CPU count)."),
    diff_file: Optional[str] = typer.Option(None, "--diff-file", help="Also write the change as a patch for `git apply` (paths relative to the repository root)."),
    report_files: Optional[List[str]] = typer.Option(None, "--report", help="Write a report: .json, .md (pull-request description) or .sarif, by suffix (repeatable)."),
    set_option: Optional[List[str]] = typer.Option(None, "--set", help="A codemod option: CODEMOD.OPTION=VALUE (repeatable)."),
    target_version: Optional[str] = typer.Option(
        None, "--target-version", metavar="X.Y",
        help="The Flask version the code must run on (default: the lowest the project's requirements allow, else the newest known).",
    ),
    changed_since: Optional[str] = typer.Option(None, "--changed-since", metavar="REF", help="Only files changed (or untracked) since the git revision REF."),
    commit: bool = typer.Option(False, "--commit", help="Write, then make one git commit per codemod that changed something."),
    allow_dirty: bool = typer.Option(False, "--allow-dirty", help="Let --commit run on a work tree with uncommitted changes."),
    repos_file: Optional[str] = typer.Option(None, "--repos-file", metavar="FILE", help="A batch: the repositories listed in FILE, one a line."),
    interactive: bool = typer.Option(False, "--interactive", "-i", help="Ask about every hunk before writing it (terminal only)."),
    force_exclude: bool = typer.Option(False, "--force-exclude", help="Apply the configured excludes to files named explicitly too (for pre-commit)."),
    no_config: bool = typer.Option(False, "--no-config", help="Ignore [tool.flask-codemod] in pyproject.toml."),
    no_color: bool = typer.Option(False, "--no-color", help="Never colour the diff."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the diff and errors."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every finding."),
    show_secrets: bool = typer.Option(False, "--show-secrets", help="Do not mask moved secrets in the terminal diff."),
    output_format: str = typer.Option(
        "diff", "--output-format", metavar="diff|github|json|concise",
        help="What goes to stdout: the diff (with --dry-run), GitHub Actions annotations, the JSON report, or one line per finding and changed file.",
    ),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the result cache (in the user's cache directory)."),
) -> None:
    """Rewrite files in place (or show the diff with --dry-run)."""
    # Lazy on purpose: the run imports LibCST and the codemods (about a second), which
    # `--help`, `list` and `explain` never need (tests/tool/test_startup.py).
    from .batch import is_batch, read_repos_file, run_batch
    from .cache import disabled as cache_disabled
    from .collector_pace import fewer_collections
    from .pool import default_jobs
    from .request import ApplyRequest, check_request, texts_of_unchanged_files_needed
    from .run import run_project
    from .terminal import Output

    if interactive and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise _usage_error("--interactive needs a terminal (stdin and stdout)")
    try:
        raw = _parse_set(set_option)
        # the classes themselves check option values (an Option subclass may refuse some)
        options = validate_options(registry.all_codemods(), raw, from_text=True) if raw else {}
        selected = _split_names(select)
        skipped = _split_names(skip)
        _check_names(selected + skipped)
    except (UsageError, ValueError) as error:
        raise _usage_error(str(error))
    request = ApplyRequest(
        paths=list(paths or []),
        select=selected or None,
        skip=skipped,
        options=options,
        target_version=target_version,
        dry_run=dry_run,
        check=check,
        jobs=jobs or default_jobs(),
        diff_file=diff_file,
        reports=list(report_files or []),
        changed_since=changed_since,
        commit=commit,
        allow_dirty=allow_dirty,
        interactive=interactive,
        force_exclude=force_exclude,
        use_config=not no_config,
        colour=not no_color and sys.stdout.isatty() and "NO_COLOR" not in os.environ,
        quiet=quiet,
        verbose=verbose,
        show_secrets=show_secrets,
        output_format=output_format.strip().lower(),
        progress=not quiet and not interactive,
    )
    request.unchanged_texts = texts_of_unchanged_files_needed(request)
    with cache_disabled(no_cache), fewer_collections():  # --no-cache, the collector's pace: workers inherit them
        try:
            check_request(request)
            repos = read_repos_file(repos_file) + list(paths or []) if repos_file else None
            if repos is None and paths and len(paths) > 1 and is_batch(paths):
                repos = list(paths)
            if repos is not None:
                if request.interactive:
                    raise UsageError("--interactive reviews one repository at a time")
                if request.output_format == "json":
                    raise UsageError("--output-format json prints one repository's report: in a batch, use --report {repo}.json")
                raise typer.Exit(run_batch(repos, request, Output()).exit_code)
            outcome = run_project(request, Output())
        except UsageError as error:
            raise _usage_error(str(error))
        except KeyboardInterrupt:
            outcome = None
    if outcome is None:  # Ctrl-C: writes are atomic, so each file is as it was or complete
        typer.echo("flask-codemod: interrupted; no file was left half-written", err=True)
        raise typer.Exit(130)  # the shell's convention for SIGINT (128 + 2)
    raise typer.Exit(outcome.exit_code)


def _check_names(names: List[str]) -> None:
    for name in names:
        info(name)


@app.command("list", cls=PlainValuesCommand)
def list_command() -> None:
    """Every codemod, one a line on stdout: name, group, safety, whether it runs by default,
    summary (read without importing the codemods: no LibCST). The column heads and a note on
    the default go to stderr, so that the rows can be read by a program."""
    rows = [(c.NAME, c.GROUP, c.SAFETY, "yes" if c.runs_by_default() else "no", c.SUMMARY) for c in all_info()]
    head = ("codemod", "group", "safety", "default", "summary")
    widths = [max(len(row[column]) for row in [head, *rows]) for column in range(4)]

    def line(row: tuple[str, ...]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[4]

    typer.echo(line(head), err=True)
    for row in rows:
        typer.echo(line(row))
    typer.echo(
        '\nCodemods with default "no" (policy: they pick a number the code does not hold) run only\n'
        "when selected: --select NAME, or select = [...] in [tool.flask-codemod].",
        err=True,
    )


@app.command("explain", cls=PlainValuesCommand)
def explain_command(name: str = typer.Argument(..., help="A codemod name (see `list`).")) -> None:
    """A codemod's documentation, with a before/after example and its options."""
    try:
        cls = info(name)
    except UsageError as error:
        raise _usage_error(str(error))
    default = "runs by default" if cls.runs_by_default() else "runs only when selected"
    typer.echo(f"{cls.NAME} ({cls.GROUP}, {cls.SAFETY}, {default}): {cls.SUMMARY}\n")
    typer.echo(cls.documentation())
    if cls.OPTIONS:
        typer.echo("\nOptions (--set {0}.OPTION=VALUE, or [tool.flask-codemod.{0}] in pyproject.toml):".format(cls.NAME))
        for option, spec in cls.OPTIONS.items():
            typer.echo(f"  {option} ({spec.type.__name__}, default {spec.default!r}): {spec.help}")
    catalogue = catalogue_lines(cls)
    if catalogue:
        typer.echo("\n" + "\n".join(catalogue))


def main() -> None:
    app()
