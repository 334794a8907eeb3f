"""The Markdown report (``--report FILE.md``): a pull-request description. Per codemod what it
did and why, the files it changed, the findings a human must still look at, and how to
reproduce the change. Text from the code is never markup."""

from __future__ import annotations

from typing import Sequence

from .commits import codemod_why
from .paths import relative_to
from .report_records import Hunk, file_records, project_files, totals
from .version import __version__


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
    records = file_records(outcome)
    per_codemod = totals(outcome, records)["codemods"]
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
        entry = per_codemod.get(cls.NAME, {"rewrites": 0, "files_changed": 0, "findings": 0})
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
    files_of_project = project_files(outcome)
    if files_of_project:
        lines += ["", "### Project files", ""]
        for item in files_of_project:
            note = "; holds secrets: not committed, listed in `.gitignore`" if item["secret"] else ""
            lines.append(f"- {_code(item['path'])}: {item['status']}{note}")
    skipped = [r for r in records if r.status == "skipped"]
    if skipped:
        lines += ["", "### Skipped on purpose", ""]
        lines += [f"- {_code(r.path)}: {_md(r.skipped or '')}" for r in skipped]
    if outcome.error_items:
        lines += ["", "### Could not be processed (left unchanged)", ""]
        lines += [f"- {_code(relative_to(path, outcome.base))}: {_md(reason)}" for path, reason in outcome.error_items]
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
