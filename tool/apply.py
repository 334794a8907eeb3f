"""Orchestration of one ``apply`` run: discover → engine → project edits → diff / write → report.

The command line builds an ApplyRequest and maps the returned Outcome to an exit code; the
Python API calls ``apply_paths`` directly. Output goes through an Output object (stdout for
the diff, stderr for everything else) so that tests can capture it.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence, TextIO

from . import engine, project, report
from .discover import discover


@dataclass
class ApplyRequest:
    paths: Sequence[str]
    codemod_names: Sequence[str]
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    dry_run: bool = False
    check: bool = False
    jobs: int = 1
    diff_file: str | None = None
    colour: bool = False
    quiet: bool = False
    verbose: bool = False
    show_secrets: bool = False
    progress: bool = False


@dataclass
class Outcome:
    results: list[engine.FileResult]
    project_changes: list[project.ProjectFileChange]
    project_messages: list[project.ProjectMessage]
    errors: list[str]  # one line each: "path: reason"
    missing: list[str]
    summary: report.Summary

    @property
    def changed(self) -> bool:
        return self.summary.changed > 0 or bool(self.project_changes)


class Output:
    def __init__(self, stdout: TextIO | None = None, stderr: TextIO | None = None) -> None:
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr

    def out(self, text: str) -> None:
        self.stdout.write(text)

    def err(self, line: str) -> None:
        self.stderr.write(report.escape_control(line) + "\n")


def apply_paths(request: ApplyRequest, output: Output | None = None) -> Outcome:
    output = output or Output()
    found = discover(list(request.paths))
    errors = [f"{path}: {reason}" for path, reason in found.errors]
    summary = report.Summary(scanned=len(found.files))
    results: list[engine.FileResult] = []
    write = not (request.dry_run or request.check)
    diff_chunks: list[str] = []
    secrets: list[str] = []

    stream = engine.run(found.files, request.codemod_names, request.options, jobs=request.jobs)
    with _progress(request.progress and len(found.files) > 50, len(found.files), output) as advance:
        for result in stream:
            advance()
            results.append(result)
            if result.error is not None:
                errors.append(result.error_line())
                continue
            for name, count in result.rewrites:
                summary.rewrites[name] += count
            for finding in result.findings:
                summary.findings[finding.codemod] += 1
            secrets.extend(e.value for e in result.project_edits if e.kind == "env" and e.secret)
            if not result.changed:
                continue
            summary.changed += 1
            diff = report.file_diff(project.display_path(result.path), result.old_text or "", result.new_text or "")
            diff_chunks.append(diff)
            if request.dry_run:
                _show(diff, request, secrets, output)
            elif request.check:
                output.err(f"would change {result.path}")
            else:
                problem = engine.write_result(result)
                if problem is not None:
                    errors.append(f"{result.path}: {problem}")
                    summary.changed -= 1

    changes, messages = project.merge(results)
    for change in changes:
        display = project.display_path(change.path)
        if change.secret:
            old_keys = project._env_keys(change.old_text)
            new_keys = project._env_keys(change.new_text)
            if request.dry_run:
                output.out(report.secret_file_diff(display, old_keys, new_keys))
        else:
            diff = report.file_diff(display, change.old_text, change.new_text, new_file=change.is_new)
            diff_chunks.append(diff)
            if request.dry_run:
                _show(diff, request, secrets, output)
        if request.check:
            output.err(f"would change {display}")
        elif write:
            problem = project.write_change(change)
            if problem is not None:
                errors.append(f"{display}: {problem}")

    if request.diff_file:
        try:
            from .io import atomic_write

            atomic_write(request.diff_file, "".join(diff_chunks).encode("utf-8", errors="surrogateescape"))
        except OSError as error:
            errors.append(f"{request.diff_file}: cannot write the patch: {error.strerror or error}")

    summary.errors = len(errors)
    for result in results:
        for finding in result.findings:
            if request.verbose:
                output.err(report.finding_line(result.path, finding))
    for message in messages:
        summary.findings[message.codemod] += 1
        output.err(f"{message.path}:{message.line}: {message.codemod}: {message.message}")
    for line in errors:
        output.err(line)
    if not request.quiet:
        if sum(summary.findings.values()) and not request.verbose:
            output.err("findings are listed with --verbose")
        output.err(summary.line())
    return Outcome(results, changes, messages, errors, found.missing, summary)


def _show(diff: str, request: ApplyRequest, secrets: list[str], output: Output) -> None:
    if not request.show_secrets:
        diff = report.mask_secrets(diff, secrets)
    output.out(report.render_for_terminal(diff, request.colour))


class _progress:
    """A rich progress bar on stderr, only when asked (a terminal, a long run)."""

    def __init__(self, enabled: bool, total: int, output: Output) -> None:
        self.enabled = enabled
        self.total = total
        self.output = output
        self._bar = None

    def __enter__(self):
        if not self.enabled:
            return lambda: None
        from rich.console import Console
        from rich.progress import Progress

        self._bar = Progress(console=Console(file=self.output.stderr), transient=True)
        self._bar.start()
        task = self._bar.add_task("flask-codemod", total=self.total)
        return lambda: self._bar.advance(task)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()


def progress_wanted(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("CI")
