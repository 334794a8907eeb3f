"""What every report of a run is made of: the files worth a line (changed, with findings,
with an error, or skipped on purpose) with their changed line blocks, the project files, and
the totals per codemod. Paths are relative to the run's root, with ``/`` separators.

A report reads the run's Outcome (tool/outcome.py) by its attributes only.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from packaging.utils import canonicalize_name

from .paths import relative_to
from .project import ENV_EXAMPLE_NAMES, env_keys
from .suppress_markers import skip_reason


@dataclass
class Hunk:
    old_start: int
    old_lines: int
    new_start: int
    new_lines: int
    new_text: str = ""  # the replacement lines (for SARIF fixes)

    def as_json(self) -> dict[str, int]:
        return {"old_start": self.old_start, "old_lines": self.old_lines, "new_start": self.new_start, "new_lines": self.new_lines}


@dataclass
class FileRecord:
    path: str
    status: str  # changed | unchanged | error | skipped
    rewrites: dict[str, int] = field(default_factory=dict)
    hunks: list[Hunk] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    skipped: str | None = None
    ran: list[str] = field(default_factory=list)  # the codemods that ran on the file

    @property
    def codemods(self) -> list[str]:
        return [name for name, count in self.rewrites.items() if count]


def line_hunks(old: str, new: str) -> list[Hunk]:
    """The changed line blocks, numbered like a unified diff without context (1-based; an empty
    range starts at the line before it)."""
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        out.append(
            Hunk(
                i1 + 1 if i2 > i1 else i1,
                i2 - i1,
                j1 + 1 if j2 > j1 else j1,
                j2 - j1,
                "".join(new_lines[j1:j2]),
            )
        )
    return out


def line_ranges(hunks: Sequence[Hunk], *, old: bool = False) -> str:
    """The changed lines, ``2, 4–6, 9 (removed)``: numbered in the new text, or with ``old`` in
    the original one (``2, after 3, 5–6``: ``after 3`` for lines inserted after line 3)."""
    parts = []
    for h in hunks:
        start, count = (h.old_start, h.old_lines) if old else (h.new_start, h.new_lines)
        if count == 0 and old:
            parts.append(f"after {start}" if start else "before 1")
        elif count == 0:
            parts.append(f"{max(start, 1)} (removed)")
        elif count == 1:
            parts.append(str(start))
        else:
            parts.append(f"{start}–{start + count - 1}")
    return ", ".join(parts)


def lines_phrase(hunks: Sequence[Hunk], *, old: bool = False) -> str:
    """``line 2`` or ``lines 2, 4–6`` (see ``line_ranges``)."""
    count = (hunks[0].old_lines if old else hunks[0].new_lines) if len(hunks) == 1 else 2
    return f"line{'s' if count > 1 else ''} {line_ranges(hunks, old=old)}"


def file_records(outcome) -> list[FileRecord]:
    """Files worth a line: changed, with findings, with an error, or skipped on purpose."""
    base = outcome.base
    records: dict[str, FileRecord] = {}
    for result in outcome.results:
        path = relative_to(result.path, base)
        findings = [
            {"line": f.line, "column": f.column, "codemod": f.codemod, "reason": f.message}
            for f in result.findings
        ]
        ran = [c.NAME for c in outcome.codemods_by_path.get(result.path, ())]
        if result.error is not None:
            record = FileRecord(path, "error", findings=findings, error=result.error, ran=ran)
        elif result.changed:
            record = FileRecord(
                path,
                "changed",
                dict(result.rewrites),
                line_hunks(result.old_text or "", result.new_text or ""),
                findings,
                ran=ran,
            )
        else:
            reason = skip_reason(result.old_text, ran)
            record = FileRecord(path, "skipped" if reason else "unchanged", dict(result.rewrites), [], findings, skipped=reason, ran=ran)
            if not reason and not findings:
                continue
        records[path] = record
    for message in outcome.project_messages:
        path = relative_to(message.path, base)
        record = records.setdefault(path, FileRecord(path, "unchanged"))
        record.findings.append({"line": message.line, "column": 0, "codemod": message.codemod, "reason": message.message})
    return [records[key] for key in sorted(records)]


def project_files(outcome) -> list[dict[str, Any]]:
    out = []
    for change in outcome.project_changes:
        old = change.old_text.splitlines()
        new = change.new_text.splitlines()
        out.append(
            {
                "path": relative_to(change.path, outcome.base),
                "status": "created" if change.is_new else "modified",
                "secret": bool(change.secret),
                "lines_added": max(0, len(new) - len(old)),
            }
        )
    return sorted(out, key=lambda item: item["path"])


def totals(outcome, records: Sequence[FileRecord]) -> dict[str, Any]:
    per: dict[str, dict[str, int]] = {
        c.NAME: {"rewrites": 0, "files_changed": 0, "findings": 0} for c in outcome.codemods
    }
    for record in records:
        for name, count in record.rewrites.items():
            entry = per.setdefault(name, {"rewrites": 0, "files_changed": 0, "findings": 0})
            entry["rewrites"] += count
            if record.status == "changed" and count:
                entry["files_changed"] += 1
        for finding in record.findings:
            per.setdefault(finding["codemod"], {"rewrites": 0, "files_changed": 0, "findings": 0})["findings"] += 1
    return {
        "files_scanned": outcome.summary.scanned,
        "files_changed": sum(1 for r in records if r.status == "changed"),
        "files_skipped": sum(1 for r in records if r.status == "skipped"),
        "findings": sum(len(r.findings) for r in records),
        "errors": len(outcome.error_items),
        "codemods": per,
    }


def codemod_entries(outcome) -> list[dict[str, Any]]:
    entries = []
    for cls in outcome.codemods:
        options = {name: spec.default for name, spec in cls.OPTIONS.items()}
        options.update(outcome.options.get(cls.NAME, {}))
        entries.append({"name": cls.NAME, "summary": cls.SUMMARY, "safety": cls.SAFETY, "options": options})
    return entries


# -- what the app needs once the change is merged ----------------------------------------------


@dataclass
class EnvVariable:
    """An environment variable the rewritten code reads (a value moved to ``.env``)."""

    name: str
    secret: bool  # its value is never shown, and lives only in the (never committed) .env
    read_in: list[str] = field(default_factory=list)  # the files that read it
    example: str | None = None  # the example file (.env.example, the project's own ...) the change lists it in


@dataclass
class Dependency:
    """A distribution the rewritten code imports, and where the change declared it."""

    name: str
    specifier: str
    added_to: list[str] = field(default_factory=list)  # project files that now declare it
    problem: str | None = None  # why it could not be added (a project message)


def _edits(outcome, kind: str):
    """``(path, edit)`` for each project edit of ``kind`` asked by a file the run changed."""
    for result in outcome.results:
        if result.changed:
            for edit in result.project_edits:
                if edit.kind == kind:
                    yield relative_to(result.path, outcome.base), edit


def env_variables(outcome) -> list[EnvVariable]:
    """Every variable moved to ``.env``, by name: the app reads it from the environment now."""
    found: dict[str, EnvVariable] = {}
    for path, edit in _edits(outcome, "env"):
        variable = found.setdefault(edit.key, EnvVariable(edit.key, edit.secret))
        variable.secret = variable.secret or edit.secret
        if path not in variable.read_in:
            variable.read_in.append(path)
    for change in outcome.project_changes:
        if change.secret or os.path.basename(change.path) not in ENV_EXAMPLE_NAMES:
            continue
        for key in env_keys(change.new_text).keys() - env_keys(change.old_text).keys():
            if key in found and found[key].example is None:
                found[key].example = os.path.basename(change.path)
    return [found[name] for name in sorted(found)]


def _normalised_words(text: str) -> str:
    """``text`` lower-cased with the separators a requirement name may use made one (PEP 503)."""
    return re.sub(r"[-_.]+", "-", text.lower())


def dependencies(outcome) -> list[Dependency]:
    """Every distribution a rewrite needs, with the project files whose change declares it
    (read from the lines the change adds), or the project message that says why none does."""
    found: dict[str, Dependency] = {}
    for _, edit in _edits(outcome, "requirement"):
        found.setdefault(canonicalize_name(edit.key), Dependency(edit.key, edit.value))
    added_lines = []
    for change in outcome.project_changes:
        if not change.secret:
            old = set(change.old_text.splitlines())
            added = "\n".join(line for line in change.new_text.splitlines() if line not in old)
            added_lines.append((relative_to(change.path, outcome.base), _normalised_words(added)))
    for key, dependency in found.items():
        word = re.compile(rf"(?<![a-z0-9-]){re.escape(key)}(?![a-z0-9-])")
        dependency.added_to = [path for path, added in added_lines if word.search(added)]
        if not dependency.added_to:
            dependency.problem = next(
                (m.message for m in outcome.project_messages if word.search(_normalised_words(m.message))), None
            )
    return [found[key] for key in sorted(found)]
