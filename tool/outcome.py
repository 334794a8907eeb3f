"""What one ``apply`` run did: the ``Outcome`` the command line maps to an exit code and the
Python API returns, its ``Summary`` counts (the last line a run prints), and the command line
that makes the same change again."""

from __future__ import annotations

import os
import shlex
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from .codemod_info import registered
from .exitcodes import EXIT_CHANGES, EXIT_ERRORS, EXIT_OK
from .paths import relative_to
from .reports import json_report
from .results import FileResult, ProjectFileChange, ProjectMessage


@dataclass
class Summary:
    """The counts of a run. ``changed``: the Python files changed (written; shown with
    --dry-run, named with --check), never one whose write failed; ``project_files``: the
    project files (``.env``, ``.gitignore``, requirements, new files) changed the same way,
    apart, relative to the run's root."""

    scanned: int = 0
    changed: int = 0
    rewrites: Counter = field(default_factory=Counter)
    findings: Counter = field(default_factory=Counter)
    errors: int = 0
    project_files: list[str] = field(default_factory=list)

    def line(self) -> str:
        per_codemod = ", ".join(f"{name} {count}" for name, count in sorted(self.rewrites.items()))
        text = f"{self.scanned} file{'s' if self.scanned != 1 else ''} scanned, {self.changed} changed"
        if per_codemod:
            text += f": {per_codemod}"
        if self.project_files:
            count = len(self.project_files)
            text += f"; {count} project file{'s' if count != 1 else ''}: {', '.join(self.project_files)}"
        total_findings = sum(self.findings.values())
        text += f"; {total_findings} finding{'s' if total_findings != 1 else ''}"
        if total_findings:
            text += " (" + ", ".join(f"{name} {count}" for name, count in sorted(self.findings.items())) + ")"
        text += f"; {self.errors} error{'s' if self.errors != 1 else ''}"
        return text


@dataclass
class Outcome:
    results: list[FileResult]
    project_changes: list[ProjectFileChange]
    project_messages: list[ProjectMessage]
    errors: list[str]  # one line each: "path: reason"
    missing: list[str]
    summary: Summary
    base: str = "."
    mode: str = "apply"
    codemods: list[type] = field(default_factory=list)  # every codemod that ran, engine order
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    error_items: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    codemods_by_path: dict[str, tuple[type, ...]] = field(default_factory=dict)
    patch: str = ""  # the change as a patch relative to ``base`` (.env excluded)
    commits: list[str] = field(default_factory=list)
    reproduce: str = ""

    @property
    def changed(self) -> bool:
        return self.summary.changed > 0 or bool(self.project_changes)

    def report(self) -> dict[str, Any]:
        """The JSON report of this run, as a dict (see schemas/report.schema.json)."""
        return json_report(self)

    @property
    def exit_code(self) -> int:
        if self.errors:
            return EXIT_ERRORS
        if self.mode == "check" and self.changed:
            return EXIT_CHANGES
        return EXIT_OK


def reproduce_command(
    codemods: Sequence[type],
    options: Mapping[str, Mapping[str, Any]],
    targets: Sequence[str],
    base: str,
    target_version: str | None = None,
) -> str:
    """The command line that makes the same change again (run from ``base``);
    ``target_version``: the ``--target-version`` the run was given."""
    parts = ["flask-codemod", "apply"]
    if codemods and {c.NAME for c in codemods} != {c.NAME for c in registered() if c.runs_by_default()}:
        parts += ["--select", ",".join(c.NAME for c in codemods)]
    if target_version is not None:
        parts += ["--target-version", target_version.strip()]
    by_name = {c.NAME: c for c in codemods}
    for name in sorted(options):
        cls = by_name.get(name)
        if cls is None:
            continue
        for option, value in sorted(options[name].items()):
            if option in cls.OPTIONS and cls.OPTIONS[option].default == value:
                continue
            shown = str(value).lower() if isinstance(value, bool) else str(value)
            parts += ["--set", f"{name}.{option}={shown}"]
    paths = sorted({relative_to(t, base) for t in targets})
    parts += [p if not p.startswith("..") else os.path.abspath(p) for p in paths] or ["."]
    return " ".join(shlex.quote(p) for p in parts)
