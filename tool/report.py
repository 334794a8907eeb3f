"""What the user reads: unified diffs, the summary line, findings and errors.

Diffs are plain text; on a terminal they are coloured with ANSI codes, and control characters
from the code are shown escaped so a file can never drive the terminal. Nothing from the
code is ever interpreted as markup.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x1b]")
_RESET = "\x1b[0m"
_COLOURS = {"+": "\x1b[32m", "-": "\x1b[31m", "@": "\x1b[36m", "header": "\x1b[1m"}


def unified_diff(old: str, new: str, old_name: str, new_name: str) -> str:
    """A unified diff that ``git apply`` and ``patch`` accept (also for files without a final
    newline, and for CRLF files, whose carriage returns stay in the lines)."""
    old_lines = _lines(old)
    new_lines = _lines(new)
    chunks = []
    for line in difflib.unified_diff(old_lines, new_lines, old_name, new_name, n=3):
        if line.startswith(("---", "+++")):
            chunks.append(line.rstrip("\n") + "\n")
            continue
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        chunks.append(line)
    return "".join(chunks)


def _lines(text: str) -> list[str]:
    """Lines as git sees them: split after LF only (CR, form feed etc. stay inside lines)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def file_diff(path: str, old: str, new: str, *, new_file: bool = False) -> str:
    display = path.replace("\\", "/").lstrip("/")
    old_name = "/dev/null" if new_file else f"a/{display}"
    header = f"diff --git a/{display} b/{display}\n"
    if new_file:
        header += "new file mode 100644\n"
    return header + unified_diff(old, new, old_name, f"b/{display}")


def secret_file_diff(path: str, old_keys: Iterable[str], new_keys: Iterable[str]) -> str:
    """For .env: which keys are added, never their values."""
    added = [key for key in new_keys if key not in set(old_keys)]
    lines = [f"# {path}: values hidden (secrets are never printed)\n"]
    lines += [f"+ {key}=…\n" for key in added]
    return "".join(lines)


def escape_control(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def render_for_terminal(diff: str, colour: bool) -> str:
    """Escape control characters; colour lines when ``colour``."""
    out = []
    for line in diff.splitlines():
        shown = escape_control(line)
        if colour:
            if line.startswith(("diff --git", "---", "+++", "new file")):
                shown = _COLOURS["header"] + shown + _RESET
            elif line[:1] in ("+", "-", "@"):
                shown = _COLOURS[line[0]] + shown + _RESET
        out.append(shown)
    return "\n".join(out) + ("\n" if out else "")


def mask_secrets(diff: str, secrets: Sequence[str]) -> str:
    """Replace every occurrence of a moved secret literal by asterisks (for terminal output):
    the value and the ways source code spells it (escaped, over several lines)."""
    from .codemods._dotenv_rules import secret_spellings

    spellings = {spelling for secret in secrets if secret for spelling in secret_spellings(secret)}
    for spelling in sorted(spellings, key=len, reverse=True):
        diff = diff.replace(spelling, "*" * 8)
    return diff


@dataclass
class Summary:
    scanned: int = 0
    changed: int = 0
    rewrites: Counter = field(default_factory=Counter)
    findings: Counter = field(default_factory=Counter)
    errors: int = 0

    def line(self) -> str:
        per_codemod = ", ".join(f"{name} {count}" for name, count in sorted(self.rewrites.items()))
        text = f"{self.scanned} file{'s' if self.scanned != 1 else ''} scanned, {self.changed} changed"
        if per_codemod:
            text += f": {per_codemod}"
        total_findings = sum(self.findings.values())
        text += f"; {total_findings} finding{'s' if total_findings != 1 else ''}"
        if total_findings:
            text += " (" + ", ".join(f"{name} {count}" for name, count in sorted(self.findings.items())) + ")"
        text += f"; {self.errors} error{'s' if self.errors != 1 else ''}"
        return text


def finding_line(path: str, finding) -> str:
    return f"{path}:{finding.line}: {finding.codemod}: {finding.message}"
