"""The Markdown report (``--report FILE.md``): a pull-request description. What the reviewer
must do before merging (the environment variables the app now reads, the dependencies added,
the changes that alter behaviour on purpose), then per codemod what it did and why (its
documentation, as Markdown), the files it changed, the findings a human must still look at,
and how to reproduce the change. Text from the code is never markup.

It fits in a GitHub comment (65,536 characters): when it would not, its lists are summarised
(the first items, then how many more), shorter and shorter until it does.
"""

from __future__ import annotations

from typing import Sequence

from .commits import codemod_why
from .docstring_markdown import inline
from .paths import relative_to
from .report_records import dependencies, env_variables, file_records, lines_phrase, project_files, totals
from .version import __version__

GITHUB_COMMENT_LIMIT = 65536  # characters in a pull request's description or comment
_CAPS = (None, 200, 50, 12, 3)  # items shown per list, tried in turn until the report fits


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


def _capped(items: list[str], cap: int | None, indent: str = "") -> list[str]:
    """``items`` (Markdown list items), the first ``cap`` of them and how many more."""
    if cap is None or len(items) <= cap:
        return items
    return items[:cap] + [f"{indent}- … and {len(items) - cap} more (a JSON report, `--report FILE.json`, lists them all)"]


def size(text: str) -> int:
    """The length GitHub counts (UTF-16 code units: a character outside the BMP counts two)."""
    return len(text.encode("utf-16-le")) // 2


def markdown_report(outcome, limit: int = GITHUB_COMMENT_LIMIT) -> str:
    """The report, within ``limit`` characters (see ``size``)."""
    records = file_records(outcome)
    for cap in _CAPS:
        text = _render(outcome, records, cap)
        if size(text) <= limit:
            return text
    note = "\n\n*This report was cut to fit; a JSON report (`--report FILE.json`) has everything.*\n"
    kept: list[str] = []
    used = size(note) + size("\n```")
    for line in text.split("\n"):
        used += size(line) + 1
        if used > limit:
            break
        kept.append(line)
    if sum(line.startswith("```") for line in kept) % 2:
        kept.append("```")  # the cut fell inside a code block: close it
    return "\n".join(kept).rstrip("\n") + note


def _render(outcome, records, cap: int | None) -> str:
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
    lines += _before_you_merge(outcome, records, changed, cap)
    for cls in outcome.codemods:
        lines += _codemod_section(cls, records, changed, cap)
    lines += _other_sections(outcome, records, cap)
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


def _before_you_merge(outcome, records, changed, cap: int | None) -> list[str]:
    """What the app needs to run once this is merged, and what a reviewer must read."""
    items: list[str] = []
    variables = env_variables(outcome)
    if variables:
        items.append(
            "- **Environment variables** the app now reads. Their values are in `.env`, which is "
            "never committed: set them wherever the app runs (CI, staging, production)."
        )
        entries = []
        for variable in variables:
            if variable.secret:
                kind = "a secret: its value is only in `.env`"
            elif variable.example:
                kind = f"a setting: its value is in `.env` and {_code(variable.example)}"
            else:
                kind = "a setting: its value is in `.env`"
            entries.append(f"  - {_code(variable.name)} ({kind}): read in {', '.join(_code(p) for p in variable.read_in)}")
        items += _capped(entries, cap, "  ")
    needed = dependencies(outcome)
    if needed:
        items.append("- **Dependencies** the rewritten code imports: install them where the app runs.")
        entries = []
        for dependency in needed:
            if dependency.added_to:
                where = "added to " + ", ".join(_code(p) for p in dependency.added_to)
            elif dependency.problem:
                where = f"**not added**: {_md(dependency.problem)}"
            else:
                where = "already declared by the project"
            entries.append(f"  - {_code(dependency.name + dependency.specifier)}: {where}")
        items += _capped(entries, cap, "  ")
    review = {cls.NAME for cls in outcome.codemods if cls.SAFETY == "review"}
    to_review = [r for r in changed if review & set(r.codemods)]
    if to_review:
        items.append(
            "- **Behaviour changes to review**: codemods that change behaviour on purpose (named in "
            "parentheses) changed these files; read their diff closely."
        )
        entries = [
            f"  - {_code(r.path)}: {lines_phrase(r.hunks)} ({', '.join(f'`{n}`' for n in r.codemods if n in review)})"
            for r in to_review
        ]
        items += _capped(entries, cap, "  ")
    findings = sum(len(r.findings) for r in records)
    if findings:
        places = f"{findings} place{'s' if findings != 1 else ''}"
        items.append(f"- **Findings**: {places} left alone for a human to decide (listed under each codemod below).")
    return ["", "### Before you merge", "", *items] if items else []


def _codemod_section(cls, records, changed, cap: int | None) -> list[str]:
    files = [r for r in changed if r.rewrites.get(cls.NAME)]
    findings = [(r.path, f) for r in records for f in r.findings if f["codemod"] == cls.NAME]
    if not files and not findings:
        return []
    lines = ["", f"### `{cls.NAME}`: {_md(cls.SUMMARY.strip())}", ""]
    why = codemod_why(cls)
    if why:
        lines += [inline(why), ""]
    if cls.SAFETY == "review":
        lines += ["**Review:** this codemod changes behaviour on purpose; read its diff closely.", ""]
    if files:
        lines.append("Files changed:")
        entries = []
        for r in files:
            others = [name for name in r.codemods if name != cls.NAME]
            shared = f" (changed together with {', '.join(f'`{n}`' for n in others)})" if others else ""
            entries.append(f"- {_code(r.path)}: {lines_phrase(r.hunks)}{shared}")
        lines += _capped(entries, cap) + [""]
    if findings:
        lines.append("Findings a human must still look at:")
        lines += _capped(_finding_entries(findings, cap), cap)
        lines.append("")
    if lines[-1] == "":
        lines.pop()
    return lines


def _finding_entries(findings: list[tuple[str, dict]], cap: int | None) -> list[str]:
    """One list item per reason, in the order first met: a reason said at one place names it
    first (``path:line``: reason), a reason said at several gives it once and then its places
    (the first ``cap`` of them and how many more), so a reviewer reads each sentence once."""
    places: dict[str, list[str]] = {}
    for path, finding in findings:
        places.setdefault(finding["reason"], []).append(_code(f"{path}:{finding['line']}"))
    entries = []
    for reason, where in places.items():
        if len(where) == 1:
            entries.append(f"- {where[0]}: {_md(reason)}")
            continue
        shown = where if cap is None or len(where) <= cap else where[:cap] + [f"and {len(where) - cap} more"]
        entries.append(f"- {_md(reason)} ({len(where)} places: {', '.join(shown)})")
    return entries


def _other_sections(outcome, records, cap: int | None) -> list[str]:
    lines: list[str] = []
    files_of_project = project_files(outcome)
    if files_of_project:
        lines += ["", "### Project files", ""]
        entries = []
        for item in files_of_project:
            note = "; holds secrets: not committed, listed in `.gitignore`" if item["secret"] else ""
            entries.append(f"- {_code(item['path'])}: {item['status']}{note}")
        lines += _capped(entries, cap)
    skipped = [r for r in records if r.status == "skipped"]
    if skipped:
        lines += ["", "### Skipped on purpose", ""]
        lines += _capped([f"- {_code(r.path)}: {_md(r.skipped or '')}" for r in skipped], cap)
    if outcome.error_items:
        lines += ["", "### Could not be processed (left unchanged)", ""]
        lines += _capped([f"- {_code(relative_to(path, outcome.base))}: {_md(reason)}" for path, reason in outcome.error_items], cap)
    return lines
