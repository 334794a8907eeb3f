"""The command line: options and exit codes, nothing else.

Exit codes: 0 done; 1 ``--check`` found changes; 2 usage error; 3 some files could not be
processed (each named on stderr with the reason).
"""

from __future__ import annotations

import sys
from typing import List, Optional

import typer

EXIT_OK, EXIT_CHANGES, EXIT_USAGE, EXIT_ERRORS = 0, 1, 2, 3

app = typer.Typer(
    name="flask-codemod",
    help="Rewrite legacy Flask applications so they follow the Flask guides' cleanup practices.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
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


@app.command("apply")
def apply_command(
    paths: List[str] = typer.Argument(None, help="Files or directories (default: the current directory)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the unified diff; write nothing."),
    check: bool = typer.Option(False, "--check", help="Write nothing; exit 1 if anything would change."),
    select: Optional[List[str]] = typer.Option(None, "--select", help="Only these codemods (repeatable or comma-separated)."),
    skip: Optional[List[str]] = typer.Option(None, "--skip", help="All codemods but these."),
    jobs: Optional[int] = typer.Option(None, "-j", "--jobs", min=1, help="Worker processes (default: CPU count)."),
    diff_file: Optional[str] = typer.Option(None, "--diff-file", help="Also write the change as a patch for `git apply`."),
    set_option: Optional[List[str]] = typer.Option(None, "--set", help="A codemod option: CODEMOD.OPTION=VALUE (repeatable)."),
    no_color: bool = typer.Option(False, "--no-color", help="Never colour the diff."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the diff and errors."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every finding."),
    show_secrets: bool = typer.Option(False, "--show-secrets", help="Do not mask moved secrets in the terminal diff."),
) -> None:
    """Rewrite files in place (or show the diff with --dry-run)."""
    import os

    from .apply import ApplyRequest, Output, apply_paths, progress_wanted
    from .codemods import UsageError, select_codemods
    from .codemods._base import validate_options
    from .engine import default_jobs

    if dry_run and check:
        raise _usage_error("--dry-run and --check cannot be combined")
    try:
        codemods = select_codemods(_split_names(select), _split_names(skip))
        options = validate_options(_all(), _parse_set(set_option), from_text=True)
    except (UsageError, ValueError) as error:
        raise _usage_error(str(error))
    if not codemods:
        raise _usage_error("no codemod selected")
    targets = paths or ["."]
    missing = [p for p in targets if not os.path.lexists(p)]
    if missing:
        raise _usage_error(f"no such file or directory: {', '.join(missing)}")
    request = ApplyRequest(
        paths=targets,
        codemod_names=[c.NAME for c in codemods],
        options=options,
        dry_run=dry_run,
        check=check,
        jobs=jobs or default_jobs(),
        diff_file=diff_file,
        colour=not no_color and sys.stdout.isatty() and "NO_COLOR" not in os.environ,
        quiet=quiet,
        verbose=verbose,
        show_secrets=show_secrets,
        progress=not quiet and progress_wanted(sys.stderr),
    )
    outcome = apply_paths(request, Output())
    if outcome.errors:
        raise typer.Exit(EXIT_ERRORS)
    if check and outcome.changed:
        raise typer.Exit(EXIT_CHANGES)
    raise typer.Exit(EXIT_OK)


def _all():
    from .codemods import all_codemods

    return all_codemods()


@app.command("list")
def list_command() -> None:
    """Every codemod: name, safety, summary."""
    from .codemods import all_codemods

    codemods = all_codemods()
    width = max(len(c.NAME) for c in codemods)
    for cls in codemods:
        typer.echo(f"{cls.NAME:<{width}}  {cls.SAFETY:<6}  {cls.SUMMARY}")


@app.command("explain")
def explain_command(name: str = typer.Argument(..., help="A codemod name (see `list`).")) -> None:
    """A codemod's documentation, with a before/after example and its options."""
    from .codemods import UsageError, get_codemod

    try:
        cls = get_codemod(name)
    except UsageError as error:
        raise _usage_error(str(error))
    typer.echo(f"{cls.NAME} ({cls.SAFETY}): {cls.SUMMARY}\n")
    typer.echo(cls.documentation())
    if cls.OPTIONS:
        typer.echo("\nOptions (--set {0}.OPTION=VALUE, or [tool.flask-codemod.{0}] in pyproject.toml):".format(cls.NAME))
        for option, spec in cls.OPTIONS.items():
            typer.echo(f"  {option} ({spec.type.__name__}, default {spec.default!r}): {spec.help}")


def main() -> None:
    app()
