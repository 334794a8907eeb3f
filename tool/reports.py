"""Machine and reviewer reports of a run: ``--report FILE`` with ``.json``, ``.md`` or ``.sarif``.

- JSON: the versioned format described by ``schemas/report.schema.json`` (shipped with the
  package; ``schema_version`` changes only when a field changes meaning or disappears).
- Markdown: a pull-request description (tool/report_markdown.py).
- SARIF 2.1.0: for code-scanning UIs (tool/report_sarif.py).

Every path in a report is relative to the run's root (the git work tree, or the repository of
a batch), with ``/`` separators. No report contains a secret: no diff text, no ``.env`` value.
"""

from __future__ import annotations

import json
import os
from typing import Any, Sequence

from .paths import relative_to
from .report_markdown import markdown_report
from .report_records import codemod_entries, file_records, project_files, totals
from .report_sarif import sarif_report
from .version import __version__
from .writing import write_text

SCHEMA_VERSION = 1
SCHEMA_ID = "https://flask-codemod.readthedocs.io/schemas/report-1.schema.json"
SCHEMA_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemas", "report.schema.json")
FORMATS = (".json", ".md", ".sarif")


def json_report(outcome) -> dict[str, Any]:
    records = file_records(outcome)
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "flask-codemod", "version": __version__},
        "mode": outcome.mode,
        "root": outcome.base,
        "reproduce": outcome.reproduce,
        "codemods": codemod_entries(outcome),
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
        "project_files": project_files(outcome),
        "errors": [{"path": relative_to(path, outcome.base), "reason": reason} for path, reason in outcome.error_items],
        "commits": list(outcome.commits),
        "totals": totals(outcome, records),
    }


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
    problems = []
    for target in targets:
        try:
            write_text(target, render(outcome, target))
        except OSError as error:
            problems.append((target, f"cannot write the report: {error.strerror or error}"))
    return problems
