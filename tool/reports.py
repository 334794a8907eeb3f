"""Machine and reviewer reports of a run: ``--report FILE`` with ``.json``, ``.md`` or ``.sarif``.

- JSON: the versioned format described by ``schemas/report.schema.json`` (shipped with the
  package; ``schema_version`` changes only when a field changes meaning or disappears).
- Markdown: a pull-request description: per codemod what it did and why, the files it changed,
  the findings a human must still look at, and how to reproduce the change.
- SARIF 2.1.0: one result per changed hunk (with its fix) and one per finding, so code-scanning
  UIs show them.

Every path in a report is relative to the run's root (the git work tree, or the repository of
a batch), with ``/`` separators. No report contains a secret: no diff text, no ``.env`` value.
"""

from __future__ import annotations

import difflib
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Sequence

from . import __version__

SCHEMA_VERSION = 1
SCHEMA_ID = "https://flask-codemod.readthedocs.io/schemas/report-1.schema.json"
SCHEMA_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemas", "report.schema.json")
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FORMATS = (".json", ".md", ".sarif")


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


def _relative(path: str, base: str) -> str:
    relative = os.path.relpath(os.path.abspath(path), base)
    return relative.replace(os.sep, "/")


def file_records(outcome) -> list[FileRecord]:
    """Files worth a line: changed, with findings, with an error, or skipped on purpose."""
    from .suppress import skip_reason

    base = outcome.base
    records: dict[str, FileRecord] = {}
    for result in outcome.results:
        path = _relative(result.path, base)
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
        path = _relative(message.path, base)
        record = records.setdefault(path, FileRecord(path, "unchanged"))
        record.findings.append({"line": message.line, "column": 0, "codemod": message.codemod, "reason": message.message})
    return [records[key] for key in sorted(records)]


def _project_files(outcome) -> list[dict[str, Any]]:
    out = []
    for change in outcome.project_changes:
        old = change.old_text.splitlines()
        new = change.new_text.splitlines()
        out.append(
            {
                "path": _relative(change.path, outcome.base),
                "status": "created" if change.is_new else "modified",
                "secret": bool(change.secret),
                "lines_added": max(0, len(new) - len(old)),
            }
        )
    return sorted(out, key=lambda item: item["path"])


def _totals(outcome, records: Sequence[FileRecord]) -> dict[str, Any]:
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


def _codemod_entries(outcome) -> list[dict[str, Any]]:
    entries = []
    for cls in outcome.codemods:
        options = {name: spec.default for name, spec in cls.OPTIONS.items()}
        options.update(outcome.options.get(cls.NAME, {}))
        entries.append({"name": cls.NAME, "summary": cls.SUMMARY, "safety": cls.SAFETY, "options": options})
    return entries


# -- JSON ------------------------------------------------------------------------------------


def json_report(outcome) -> dict[str, Any]:
    records = file_records(outcome)
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "flask-codemod", "version": __version__},
        "mode": outcome.mode,
        "root": outcome.base,
        "reproduce": outcome.reproduce,
        "codemods": _codemod_entries(outcome),
        "files": [
            {
                "path": r.path,
                "status": r.status,
                "codemods": r.codemods,
                "rewrites": r.rewrites,
                "changed_lines": [h.as_json() for h in r.hunks],
                "findings": r.findings,
                "error": r.error,
                "skipped": r.skipped,
            }
            for r in records
        ],
        "project_files": _project_files(outcome),
        "errors": [{"path": _relative(path, outcome.base), "reason": reason} for path, reason in outcome.error_items],
        "commits": list(outcome.commits),
        "totals": _totals(outcome, records),
    }


# -- Markdown --------------------------------------------------------------------------------


def _md(text: str) -> str:
    """Plain text made inert in Markdown (code from the repo is never markup)."""
    out = []
    for char in text:
        if char in "\\`*_[]<>|~":
            out.append("\\" + char)
        elif char in "\r\n":
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


def _code(text: str) -> str:
    text = text.replace("\n", " ")
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _line_list(hunks: Sequence[Hunk]) -> str:
    parts = []
    for h in hunks:
        if h.new_lines == 0:
            parts.append(f"{max(h.new_start, 1)} (removed)")
        elif h.new_lines == 1:
            parts.append(str(h.new_start))
        else:
            parts.append(f"{h.new_start}–{h.new_start + h.new_lines - 1}")
    return ", ".join(parts)


def markdown_report(outcome) -> str:
    from .commits import codemod_why

    records = file_records(outcome)
    totals = _totals(outcome, records)
    changed = [r for r in records if r.status == "changed"]
    lines = [f"## flask-codemod: {len(changed)} file{'s' if len(changed) != 1 else ''} changed", ""]
    if changed or outcome.project_changes:
        lines.append(
            "This change was made by [flask-codemod](https://pypi.org/project/flask-codemod/) "
            f"{__version__}: every rewrite is conservative, and the code it was unsure about is "
            "listed under *Findings* instead of being changed."
        )
    else:
        lines.append(f"flask-codemod {__version__} found nothing to change.")
    active, idle = [], []
    for cls in outcome.codemods:
        entry = totals["codemods"].get(cls.NAME, {"rewrites": 0, "files_changed": 0, "findings": 0})
        (active if any(entry.values()) else idle).append((cls, entry))
    if active:
        lines += ["", "| codemod | safety | rewrites | files | findings |", "|---|---|---:|---:|---:|"]
        for cls, entry in active:
            lines.append(f"| `{cls.NAME}` | {cls.SAFETY} | {entry['rewrites']} | {entry['files_changed']} | {entry['findings']} |")
    if idle:
        lines += ["", "Nothing to change for: " + ", ".join(f"`{cls.NAME}`" for cls, _ in idle) + "."]
    for cls in outcome.codemods:
        files = [r for r in changed if r.rewrites.get(cls.NAME)]
        findings = [(r.path, f) for r in records for f in r.findings if f["codemod"] == cls.NAME]
        if not files and not findings:
            continue
        lines += ["", f"### `{cls.NAME}`: {_md(cls.SUMMARY.strip())}", ""]
        why = codemod_why(cls)
        if why:
            lines += [_md(why), ""]
        if cls.SAFETY == "review":
            lines += ["**Review:** this codemod changes behaviour on purpose; read its diff closely.", ""]
        if files:
            lines.append("Files changed:")
            for r in files:
                plural = "s" if len(r.hunks) > 1 or r.hunks[0].new_lines > 1 else ""
                others = [name for name in r.codemods if name != cls.NAME]
                shared = f" (changed together with {', '.join(f'`{n}`' for n in others)})" if others else ""
                lines.append(f"- {_code(r.path)}: line{plural} {_line_list(r.hunks)}{shared}")
            lines.append("")
        if findings:
            lines.append("Findings a human must still look at:")
            lines += [f"- {_code(path + ':' + str(f['line']))}: {_md(f['reason'])}" for path, f in findings]
            lines.append("")
        if lines[-1] == "":
            lines.pop()
    project_files = _project_files(outcome)
    if project_files:
        lines += ["", "### Project files", ""]
        for item in project_files:
            note = "; holds secrets: not committed, listed in `.gitignore`" if item["secret"] else ""
            lines.append(f"- {_code(item['path'])}: {item['status']}{note}")
    skipped = [r for r in records if r.status == "skipped"]
    if skipped:
        lines += ["", "### Skipped on purpose", ""]
        lines += [f"- {_code(r.path)}: {_md(r.skipped or '')}" for r in skipped]
    if outcome.error_items:
        lines += ["", "### Could not be processed (left unchanged)", ""]
        lines += [f"- {_code(_relative(path, outcome.base))}: {_md(reason)}" for path, reason in outcome.error_items]
    lines += [
        "",
        "### How to reproduce",
        "",
        "```sh",
        f"pip install 'flask-codemod=={__version__}'",
        outcome.reproduce,
        "```",
        "",
    ]
    return "\n".join(lines)


# -- SARIF -----------------------------------------------------------------------------------


def _file_uri(folder: str) -> str:
    from pathlib import Path

    uri = Path(os.path.abspath(folder)).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _region_for_lines(start: int, count: int) -> dict[str, int]:
    """Whole lines ``start`` .. ``start+count-1`` (an insertion point before ``start`` when
    ``count`` is 0), as a SARIF region that a fix can replace."""
    if count == 0:
        return {"startLine": start, "startColumn": 1, "endLine": start, "endColumn": 1}
    return {"startLine": start, "startColumn": 1, "endLine": start + count, "endColumn": 1}


def sarif_report(outcome) -> dict[str, Any]:
    from .commits import codemod_why

    records = file_records(outcome)
    rules = []
    index: dict[str, int] = {}
    for cls in outcome.codemods:
        index[cls.NAME] = len(rules)
        rules.append(
            {
                "id": cls.NAME,
                "name": "".join(part.capitalize() for part in cls.NAME.split("-")),
                "shortDescription": {"text": cls.SUMMARY.strip()},
                "fullDescription": {"text": codemod_why(cls) or cls.SUMMARY.strip()},
                "help": {"text": cls.documentation() or cls.SUMMARY.strip()},
                "defaultConfiguration": {"level": "warning"},
                "properties": {"safety": cls.SAFETY, "tags": ["flask", "maintainability"]},
            }
        )
    results = []
    for record in records:
        location = {"uri": record.path, "uriBaseId": "SRCROOT"}
        if record.status == "changed":
            names = record.codemods or record.ran[:1]
            rule = names[0] if names else "flask-codemod"
            by = ", ".join(names) if names else "flask-codemod"
            for hunk in record.hunks:
                start = hunk.old_start if hunk.old_lines else hunk.old_start + 1
                region = _region_for_lines(start, hunk.old_lines)
                shown = {"startLine": start, "endLine": max(start, start + hunk.old_lines - 1)}
                result = {
                    "ruleId": rule,
                    "level": "note",
                    "kind": "fail",
                    "message": {"text": f"{by}: {_summary_of(outcome, rule)}"},
                    "locations": [{"physicalLocation": {"artifactLocation": location, "region": shown}}],
                    "fixes": [
                        {
                            "description": {"text": f"Rewrite by {by}"},
                            "artifactChanges": [
                                {
                                    "artifactLocation": location,
                                    "replacements": [{"deletedRegion": region, "insertedContent": {"text": hunk.new_text}}],
                                }
                            ],
                        }
                    ],
                }
                if rule in index:
                    result["ruleIndex"] = index[rule]
                results.append(result)
        for finding in record.findings:
            region: dict[str, int] = {"startLine": max(1, finding["line"])}
            if finding["column"]:
                region["startColumn"] = finding["column"]
            result = {
                "ruleId": finding["codemod"],
                "level": "warning",
                "kind": "review",
                "message": {"text": finding["reason"]},
                "locations": [{"physicalLocation": {"artifactLocation": location, "region": region}}],
            }
            if finding["codemod"] in index:
                result["ruleIndex"] = index[finding["codemod"]]
            results.append(result)
    notifications = [
        {"level": "error", "message": {"text": f"{_relative(path, outcome.base)}: {reason}"}}
        for path, reason in outcome.error_items
    ]
    run = {
        "tool": {
            "driver": {
                "name": "flask-codemod",
                "version": __version__,
                "informationUri": "https://pypi.org/project/flask-codemod/",
                "rules": rules,
            }
        },
        "originalUriBaseIds": {"SRCROOT": {"uri": _file_uri(outcome.base)}},
        "invocations": [
            {
                "executionSuccessful": not outcome.error_items,
                "commandLine": outcome.reproduce,
                "toolExecutionNotifications": notifications,
            }
        ],
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _summary_of(outcome, name: str) -> str:
    for cls in outcome.codemods:
        if cls.NAME == name:
            return cls.SUMMARY.strip()
    return "rewritten"


# -- writing ---------------------------------------------------------------------------------


def render(outcome, target: str) -> str:
    suffix = os.path.splitext(target)[1].lower()
    if suffix == ".json":
        return json.dumps(json_report(outcome), indent=2, ensure_ascii=False) + "\n"
    if suffix == ".sarif":
        return json.dumps(sarif_report(outcome), indent=2, ensure_ascii=False) + "\n"
    if suffix == ".md":
        return markdown_report(outcome)
    raise ValueError(f"unknown report format {suffix!r}")


def write_reports(outcome, targets: Sequence[str]) -> list[tuple[str, str]]:
    """Write each report; returns (target, problem) for those that could not be written."""
    from .io import atomic_write

    problems = []
    for target in targets:
        try:
            atomic_write(target, render(outcome, target).encode("utf-8", errors="surrogateescape"))
        except OSError as error:
            problems.append((target, f"cannot write the report: {error.strerror or error}"))
    return problems
