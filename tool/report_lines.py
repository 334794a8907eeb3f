"""The line formats of ``--output-format``, printed on stdout at the end of a run:

- ``concise``: one line per changed file (``app.py: would change lines 3, 8–9: open-with``,
  project files too) and one per finding (``app.py:12:5: cache-views: reason``);
- ``github``: GitHub Actions workflow commands, which the Actions runner turns into
  annotations on the pull request's diff: ``::warning`` for each finding, ``::notice`` for
  each changed block (with the code it would become) and changed project file, ``::error``
  for each file that could not be processed.

Line numbers are those of the files as they are on disk after the run: the original lines
with ``--check`` and ``--dry-run`` (what a pull request shows), the new ones when it wrote.
Paths are relative to the run's root, like the reports'.
"""

from __future__ import annotations

import re

from .paths import relative_to
from .report_records import FileRecord, Hunk, file_records, lines_phrase
from .results import one_line

PREVIEW_LINES = 12  # of a changed block's new code, in its ``::notice``
_POSITION = re.compile(r"(\d+)(?::(\d+))?: ")


def _wrote(outcome) -> bool:
    return outcome.mode not in ("check", "dry-run")


def _verb(outcome, created: bool = False) -> str:
    if _wrote(outcome):
        return "created" if created else "changed"
    return "would create" if created else "would change"


def concise_lines(outcome) -> list[str]:
    lines = []
    old = not _wrote(outcome)
    for record in file_records(outcome):
        if record.status == "changed":
            by = ", ".join(record.codemods or record.ran[:1])
            lines.append(one_line(f"{record.path}: {_verb(outcome)} {lines_phrase(record.hunks, old=old)}: {by}"))
        for finding in record.findings:
            lines.append(one_line(f"{_position(record.path, finding)}: {finding['codemod']}: {finding['reason']}"))
    for change in outcome.project_changes:
        note = "project file; values never shown" if change.secret else "project file"
        lines.append(one_line(f"{relative_to(change.path, outcome.base)}: {_verb(outcome, change.is_new)} ({note})"))
    return lines


def _position(path: str, finding: dict) -> str:
    if not finding["line"]:
        return path
    return f"{path}:{finding['line']}:{finding['column']}" if finding["column"] else f"{path}:{finding['line']}"


# -- GitHub Actions workflow commands ----------------------------------------------------------

_OTHER_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escape_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF percent-encoded (the runner decodes
    them: a message may span lines); other control characters shown as ``\\xNN``."""
    text = _OTHER_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: as a message, and ``:`` and ``,`` too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    """``::name key=value,...::message``, every part escaped; properties that are None left out."""
    shown = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{name} {shown}::{escape_data(message)}" if shown else f"::{name}::{escape_data(message)}"


def github_lines(outcome) -> list[str]:
    summaries = {cls.NAME: cls.SUMMARY.strip() for cls in outcome.codemods}
    lines = []
    for record in file_records(outcome):
        if record.status == "changed":
            lines += [_hunk_notice(outcome, record, hunk, summaries) for hunk in record.hunks]
        for finding in record.findings:
            line = finding["line"] or None
            lines.append(
                command(
                    "warning",
                    finding["reason"],
                    file=record.path,
                    line=line,
                    col=(finding["column"] or None) if line else None,
                    title=f"flask-codemod: {finding['codemod']}",
                )
            )
    for change in outcome.project_changes:
        path = relative_to(change.path, outcome.base)
        what = f"{_verb(outcome, change.is_new).capitalize()} {path}"
        if change.secret:
            what += ": it holds the values moved out of the code, is never committed, and is never shown"
        lines.append(command("notice", what, file=path, title="flask-codemod: project file"))
    for path, reason in outcome.error_items:
        match = _POSITION.match(reason)
        line, column = (match.group(1), match.group(2)) if match else (None, None)
        message = reason[match.end():] if match else reason
        lines.append(command("error", message, file=relative_to(path, outcome.base), line=line, col=column, title="flask-codemod: not processed"))
    return lines


def _hunk_notice(outcome, record: FileRecord, hunk: Hunk, summaries: dict[str, str]) -> str:
    names = record.codemods or record.ran[:1]
    wrote = _wrote(outcome)
    start, count = (hunk.new_start, hunk.new_lines) if wrote else (hunk.old_start, hunk.old_lines)
    lines = "this line" if count == 1 else f"lines {start}–{start + count - 1}"
    if wrote:
        what = f"Rewrote {lines}" if count else "Removed lines after this line"
    elif not count:
        what = "Would insert lines after this line" if start else "Would insert lines before this line"
    else:
        what = f"Would rewrite {lines}" if hunk.new_text else f"Would remove {lines}"
    line = max(start, 1)
    end = start + count - 1 if count else line
    if len(names) == 1 and names[0] in summaries:
        message = f"{what}: {summaries[names[0]]}"
    else:
        message = f"{what} ({', '.join(names)} changed this file)"
    if hunk.new_text and not wrote:
        preview = hunk.new_text.splitlines()
        more = len(preview) - PREVIEW_LINES
        preview = preview[:PREVIEW_LINES] + ([f"... ({more} more lines)"] if more > 0 else [])
        message += "\n\nThe new code:\n" + "\n".join(preview)
    return command("notice", message, file=record.path, line=line, endLine=end, title=f"flask-codemod: {', '.join(names)}")
