"""The change as diffs: unified diffs that ``git apply`` accepts, the ``.env`` diff that shows
keys and never values, and moved secrets masked for the terminal (tool/terminal.py shows them).
"""

from __future__ import annotations

import difflib
import re
from typing import Iterable, Sequence

from .codemods._dotenv_rules import secret_spellings


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


def mask_secrets(diff: str, secrets: Sequence[str]) -> str:
    """Replace every occurrence of a moved secret literal by asterisks (for terminal output):
    the value and the ways source code spells it (escaped, over several lines)."""
    spellings = {spelling for secret in secrets if secret for spelling in secret_spellings(secret)}
    for spelling in sorted(spellings, key=len, reverse=True):
        diff = diff.replace(spelling, "*" * 8)
    return diff
