"""The change as diffs: unified diffs that ``git apply`` accepts, the ``.env`` diff that shows
keys and never values, and moved secrets masked for the terminal (tool/terminal.py shows them).
"""

from __future__ import annotations

from typing import Iterable, Sequence

from .codemods._dotenv_config_spellings import secret_spellings
from .unified_diffs import diff_hunks


def file_diff(path: str, old: str, new: str, *, new_file: bool = False) -> str:
    return file_diffs([path], old, new, new_file=new_file)[0]


def file_diffs(paths: Sequence[str], old: str, new: str, *, new_file: bool = False, hunks: str | None = None) -> list[str]:
    """``file_diff`` of the same change under each of ``paths`` (the patch's name and the
    terminal's): the texts are compared once, or not at all when their ``diff_hunks`` are
    given."""
    if hunks is None:
        hunks = diff_hunks(old, new)
    diffs = []
    for path in paths:
        display = path.replace("\\", "/").lstrip("/")
        old_name = "/dev/null" if new_file else f"a/{display}"
        header = f"diff --git a/{display} b/{display}\n" + ("new file mode 100644\n" if new_file else "")
        diffs.append(header + (f"--- {old_name}\n+++ b/{display}\n{hunks}" if hunks else ""))
    return diffs


def secret_file_diff(path: str, old_keys: Iterable[str], new_keys: Iterable[str]) -> str:
    """For .env: which keys are added, never their values."""
    added = [key for key in new_keys if key not in set(old_keys)]
    lines = [f"# {path}: values hidden (secrets are never printed)\n"]
    lines += [f"+ {key}=…\n" for key in added]
    return "".join(lines)


def mask_secrets(diff: str, secrets: Sequence[str]) -> str:
    """Replace a moved secret literal by asterisks where it leaves the code: on the diff's
    removed lines (a run of them together, for a literal over several lines), in every way
    source code spells it (escaped, over several lines). Context and added lines stay
    readable: what the code keeps is no secret of the change (a default user name that equals
    a password, in a line nobody touched, reads as it is)."""
    spellings = sorted({s for secret in secrets if secret for s in secret_spellings(secret)}, key=len, reverse=True)
    if not spellings:
        return diff
    out: list[str] = []
    removed: list[str] = []  # the run of removed lines being read, without their "-"
    in_header = diff.startswith("diff --git")
    for line in diff.splitlines(keepends=True):
        if line.startswith("-") and not in_header:
            removed.append(line[1:])
            continue
        if removed:
            out += ["-" + masked for masked in _masked("".join(removed), spellings).splitlines(keepends=True)]
            removed = []
        if line.startswith("diff --git"):
            in_header = True
        elif line.startswith("@@"):
            in_header = False
        out.append(line)
    if removed:
        out += ["-" + masked for masked in _masked("".join(removed), spellings).splitlines(keepends=True)]
    return "".join(out)


def _masked(text: str, spellings: Sequence[str]) -> str:
    """``text`` with each spelling replaced by asterisks, line for line (a spelling over
    several lines leaves as many lines)."""
    for spelling in spellings:
        text = text.replace(spelling, "\n".join("*" * 8 if part else "" for part in spelling.split("\n")))
    return text
