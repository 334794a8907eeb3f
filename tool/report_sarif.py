"""The SARIF 2.1.0 report (``--report FILE.sarif``): one result per changed hunk (with its fix)
and one per finding, so that code-scanning UIs show them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .commits import codemod_why
from .paths import relative_to
from .report_records import file_records
from .version import __version__

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"


def _file_uri(folder: str) -> str:
    uri = Path(os.path.abspath(folder)).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _region_for_lines(start: int, count: int) -> dict[str, int]:
    """Whole lines ``start`` .. ``start+count-1`` (an insertion point before ``start`` when
    ``count`` is 0), as a SARIF region that a fix can replace."""
    if count == 0:
        return {"startLine": start, "startColumn": 1, "endLine": start, "endColumn": 1}
    return {"startLine": start, "startColumn": 1, "endLine": start + count, "endColumn": 1}


def sarif_report(outcome) -> dict[str, Any]:
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
        {"level": "error", "message": {"text": f"{relative_to(path, outcome.base)}: {reason}"}}
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
