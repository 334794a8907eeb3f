"""What one ``apply`` run is asked to do: the ``ApplyRequest`` the command line, the Python
API and a batch build, and the option combinations that make no sense (a usage error)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from .codemods import UsageError
from .reports import FORMATS, OUTPUT_FORMATS
from .target import parse_target


@dataclass
class ApplyRequest:
    paths: Sequence[str]
    select: Sequence[str] | None = None  # --select (None: not given: the configuration decides)
    skip: Sequence[str] = ()  # --skip
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # --set, validated
    target_version: str | None = None  # --target-version X.Y (None: the configuration or the project decides)
    dry_run: bool = False
    check: bool = False
    jobs: int = 1
    diff_file: str | None = None
    reports: Sequence[str] = ()
    changed_since: str | None = None
    commit: bool = False
    allow_dirty: bool = False
    interactive: bool = False
    force_exclude: bool = False
    use_config: bool = True
    base: str | None = None  # the folder report and patch paths are relative to
    colour: bool = False
    quiet: bool = False
    verbose: bool = False
    show_secrets: bool = False
    output_format: str = "diff"  # --output-format: what goes to stdout (reports.OUTPUT_FORMATS)
    progress: bool = False  # a bar on a terminal, else a line every ten seconds or so (tool/terminal.py)
    codemod_names: Sequence[str] | None = None  # older spelling of ``select``
    # whether each result holds the text of a file no codemod changed; the command line says
    # False when nothing it shows or writes needs one (``texts_of_unchanged_files_needed``)
    unchanged_texts: bool = True

    def __post_init__(self) -> None:
        if self.select is None and self.codemod_names is not None:
            self.select = list(self.codemod_names)

    @property
    def mode(self) -> str:
        if self.check:
            return "check"
        if self.dry_run:
            return "dry-run"
        return "interactive" if self.interactive else "apply"

    @property
    def lines_on_stderr(self) -> bool:
        """Whether findings and "would change" lines go to stderr: with ``--output-format diff``;
        the other formats put them on stdout."""
        return self.output_format == "diff"

    @property
    def writes(self) -> bool:
        """Whether the run writes files (neither --dry-run nor --check)."""
        return not (self.dry_run or self.check)


def texts_of_unchanged_files_needed(request: ApplyRequest) -> bool:
    """Whether anything a run of ``request`` shows, reports or writes reads the text of a file
    no codemod changed: only the diff of a dry run or the lines of ``--check``, with no report
    and nothing written, do without (they show changed files alone)."""
    return bool(request.reports) or request.output_format != "diff" or not (request.dry_run or request.check)


def check_request(request: ApplyRequest) -> None:
    """Option combinations that make no sense: UsageError."""
    if request.dry_run and request.check:
        raise UsageError("--dry-run and --check cannot be combined")
    if request.interactive and (request.dry_run or request.check):
        raise UsageError("--interactive cannot be combined with --dry-run or --check")
    if request.commit and (request.dry_run or request.check):
        raise UsageError("--commit writes and commits: it cannot be combined with --dry-run or --check")
    if request.commit and request.interactive:
        raise UsageError("--commit cannot be combined with --interactive (commit the reviewed change yourself)")
    if request.allow_dirty and not request.commit:
        raise UsageError("--allow-dirty only makes sense with --commit")
    if request.output_format not in OUTPUT_FORMATS:
        raise UsageError(f"--output-format must be one of {', '.join(OUTPUT_FORMATS)}, not {request.output_format!r}")
    if request.interactive and request.output_format != "diff":
        raise UsageError("--interactive shows the diff: it cannot be combined with --output-format " + request.output_format)
    if request.target_version is not None:
        parse_target(request.target_version, "--target-version")
    for target in request.reports:
        if os.path.splitext(target)[1].lower() not in FORMATS:
            raise UsageError(f"--report {target}: the name must end in {', '.join(sorted(FORMATS))}")
