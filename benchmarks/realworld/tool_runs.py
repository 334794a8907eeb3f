"""Run flask-codemod on one laid-out app, and turn its runs into judged units (changes).

For each app: one run with the default selection, one with every codemod selected (the
same run when every codemod runs by default), and one run per codemod alone for every
codemod that changed something, each with ``--dry-run``, a JSON report and a patch. The
single runs place each codemod's blocks on the original files; the combined runs are
attributed to them (see changes.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

from changes import Block, Change, attribute, parse_patch

DEFAULT_SELECTION = "default"
ALL_SELECTION = "all"


@dataclass
class Run:
    """One ``flask-codemod apply --dry-run`` of an app."""

    codemods: list[str]  # the codemods that ran, in engine order
    blocks: list[Block]
    report: dict
    exit_code: int
    stderr: str

    @property
    def changed_codemods(self) -> list[str]:
        totals = self.report.get("totals", {}).get("codemods", {})
        return [name for name, counts in totals.items() if counts.get("rewrites") or counts.get("files_changed")]


@dataclass
class AppResult:
    changes: dict[tuple, Change] = field(default_factory=dict)  # (path, line, codemod) -> Change
    findings: dict[str, dict[str, int]] = field(default_factory=dict)  # selection -> codemod -> count
    finding_rows: list[tuple[str, int, str, str]] = field(default_factory=list)  # all-selection findings
    errors: list[str] = field(default_factory=list)  # files the tool could not process, tool failures
    codemods: dict[str, list[str]] = field(default_factory=dict)  # selection -> codemods that ran
    runs: int = 0


class ToolFailure(Exception):
    """The tool did not produce a report (usage error, crash)."""


def tool_command(tool: str | None) -> list[str]:
    return tool.split() if tool else [sys.executable, "-m", "flask_codemod"]


def codemod_names(tool: str | None) -> list[str]:
    """Every codemod, as ``flask-codemod list`` prints them."""
    done = subprocess.run(tool_command(tool) + ["list"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ToolFailure(f"flask-codemod list failed: {done.stderr.strip()}")
    return [line.split()[0] for line in done.stdout.splitlines() if line.strip()]


def run_tool(tool: str | None, repo_root: str, target: str, select: list[str] | None, use_cache: bool, jobs: int | None) -> Run:
    with tempfile.TemporaryDirectory(prefix="realworld-") as scratch:
        report_path = os.path.join(scratch, "report.json")
        patch_path = os.path.join(scratch, "change.patch")
        command = tool_command(tool) + [
            "apply", "--dry-run", "--no-color", "-q", "--report", report_path, "--diff-file", patch_path,
        ]
        if not use_cache:
            command.append("--no-cache")
        if jobs:
            command += ["-j", str(jobs)]
        if select is not None:
            command += ["--select", ",".join(select)]
        command.append(os.path.relpath(target, repo_root))
        done = subprocess.run(command, cwd=repo_root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
        if done.returncode not in (0, 1, 3) or not os.path.isfile(report_path):
            tail = "\n".join(done.stderr.strip().splitlines()[-5:])
            raise ToolFailure(f"exit {done.returncode}: {tail}")
        with open(report_path, encoding="utf-8") as handle:
            report = json.load(handle)
        patch = ""
        if os.path.isfile(patch_path):
            with open(patch_path, encoding="utf-8", errors="surrogateescape") as handle:
                patch = handle.read()
    ran = [entry["name"] for entry in report.get("codemods", [])]
    return Run(ran, parse_patch(patch) + _secret_file_blocks(report, repo_root), report, done.returncode, done.stderr)


def _tracked(repo_root: str, path: str) -> bool:
    done = subprocess.run(["git", "ls-files", "--error-unmatch", "--", path], cwd=repo_root,
                          capture_output=True, check=False)
    return done.returncode == 0


def _secret_file_blocks(report: dict, repo_root: str) -> list[Block]:
    """The secret project files (``.env``), which no patch shows: one block each, at line 0,
    saying how many lines were added and whether the file is tracked in git."""
    blocks = []
    for entry in report.get("project_files", []):
        if not entry.get("secret"):
            continue
        note = f"<{entry['lines_added']} lines added to this {entry['status']} secret file; values not shown"
        if entry["status"] == "modified" and _tracked(repo_root, entry["path"]):
            note += "; THE FILE IS TRACKED IN GIT"
        blocks.append(Block(entry["path"], 0, rows=[("+", note + ">")]))
    return blocks


def _findings(report: dict) -> list[tuple[str, int, str, str]]:
    return [
        (entry["path"], finding["line"], finding["codemod"], finding["reason"])
        for entry in report.get("files", [])
        for finding in entry.get("findings", [])
    ]


def _errors(run: Run) -> list[str]:
    errors = [f"{error['path']}: {error['reason']}" for error in run.report.get("errors", [])]
    for entry in run.report.get("files", []):
        if entry.get("status") == "error" and entry.get("error"):
            text = f"{entry['path']}: {entry['error']}"
            if text not in errors:
                errors.append(text)
    return errors


def review_app(tool: str | None, repo_root: str, target: str, every: list[str], use_cache: bool, jobs: int | None,
               only: bool = False) -> AppResult:
    """Run the tool on one app in both selections and attribute every change (``only``:
    ``every`` is a chosen few codemods, and both selections run just those)."""
    result = AppResult()
    default = run_tool(tool, repo_root, target, every if only else None, use_cache, jobs)
    result.runs = 1
    if set(default.codemods) == set(every):  # every codemod runs by default: the same run serves both
        everything = default
    else:
        everything = run_tool(tool, repo_root, target, every, use_cache, jobs)
        result.runs += 1
    combined = {DEFAULT_SELECTION: default, ALL_SELECTION: everything}
    wanted: list[str] = []
    for run in combined.values():
        wanted += [name for name in run.changed_codemods if name not in wanted]
    singles: dict[str, list[Block]] = {}

    def run_singles(names: list[str]) -> None:
        for name in names:
            if name not in singles:
                singles[name] = run_tool(tool, repo_root, target, [name], use_cache, jobs).blocks
                result.runs += 1

    run_singles(wanted)
    originals: dict[str, list[str]] = {}

    def original(path: str) -> list[str]:
        if path not in originals:
            try:
                with open(os.path.join(repo_root, path), encoding="utf-8", errors="replace") as handle:
                    originals[path] = handle.read().splitlines()
            except OSError:  # a file the run creates
                originals[path] = []
        return originals[path]

    for attempt in range(2):
        changes: dict[tuple, Change] = {}
        unexplained = []
        for selection, run in combined.items():
            unexplained += attribute(selection, run.blocks, singles, run.codemods, changes, original)
        if not unexplained or attempt == 1:
            break
        run_singles([name for run in combined.values() for name in run.codemods])  # the rest, then again
    result.changes = changes
    for selection, run in combined.items():
        result.codemods[selection] = run.codemods
        counts: dict[str, int] = {}
        for _path, _line, codemod, _reason in _findings(run.report):
            counts[codemod] = counts.get(codemod, 0) + 1
        result.findings[selection] = counts
    result.finding_rows = _findings(combined[ALL_SELECTION].report)
    for run in combined.values():
        result.errors += [error for error in _errors(run) if error not in result.errors]
    return result
