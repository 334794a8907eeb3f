"""What every report of a run is made of: the files worth a line (changed, with findings,
with an error, or skipped on purpose) with their changed line blocks, the project files, and
the totals per codemod. Paths are relative to the run's root, with ``/`` separators.

A report reads the run's Outcome (tool/outcome.py) by its attributes only.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Sequence

from .paths import relative_to
from .suppress import skip_reason


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
