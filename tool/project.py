"""Project-level edits: ``.env``, ``.env.example``, ``.gitignore`` and declared requirements.

Codemods ask for them per file (``ctx.project_edit``); after all files are processed they are
merged here once, per project root, in a deterministic order, whatever the number of jobs.
The result is a list of ProjectFileChange (shown in ``--dry-run``, written atomically) and a
list of messages for edits that could not be made (an existing ``.env`` key with another
value, two files wanting different values for one key).
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from typing import Iterable

import pathspec

from . import io as source_io

ROOT_MARKERS = (".git", "pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", ".env")
ENV_FILE_MODE = 0o600


@dataclass(frozen=True)
class ProjectFileChange:
    path: str
    old_text: str  # "" for a new file
    new_text: str
    secret: bool = False  # .env: its values are never shown
    new_file_mode: int | None = None

    @property
    def is_new(self) -> bool:
        return not os.path.exists(self.path)


@dataclass(frozen=True)
class ProjectMessage:
    path: str
    line: int
    codemod: str
    message: str


def project_root(file_path: str) -> str:
    """The nearest folder above ``file_path`` that looks like a project root."""
    directory = os.path.dirname(os.path.abspath(file_path))
    current = directory
    while True:
        if any(os.path.exists(os.path.join(current, marker)) for marker in ROOT_MARKERS):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return directory
        current = parent


def display_path(path: str) -> str:
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _read_text(path: str) -> str:
    data = source_io.read_bytes_or_none(path)
    return "" if data is None else data.decode("utf-8", errors="surrogateescape")


def _newline_of(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _append_lines(text: str, lines: list[str]) -> str:
    if not lines:
        return text
    newline = _newline_of(text)
    if text and not text.endswith(("\n", "\r")):
        text += newline
    return text + "".join(line + newline for line in lines)


# -- .env --------------------------------------------------------------------------------------

_BARE_VALUE = re.compile(r"^[A-Za-z0-9_./:@+,=-]*$")


def format_env_value(value: str) -> str:
    """A value as python-dotenv reads it back unchanged (single quotes: no interpolation)."""
    if _BARE_VALUE.match(value) and "${" not in value:
        return value
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"


def _env_keys(text: str) -> dict[str, str | None]:
    from dotenv import dotenv_values

    return dict(dotenv_values(stream=io.StringIO(text), interpolate=False))


# -- requirements ------------------------------------------------------------------------------

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared_names(lines: Iterable[str]) -> set[str]:
    names = set()
    for line in lines:
        match = _NAME.match(line)
        if match and not line.lstrip().startswith(("#", "-")):
            names.add(_normalise(match.group(1)))
    return names


def _add_requirements(root: str, wanted: dict[str, str]) -> ProjectFileChange | None:
    """requirements.txt when there is one, else ``[project] dependencies`` in pyproject.toml."""
    requirements = os.path.join(root, "requirements.txt")
    if os.path.isfile(requirements):
        old = _read_text(requirements)
        declared = _declared_names(old.splitlines())
        lines = [name + spec for name, spec in sorted(wanted.items()) if _normalise(name) not in declared]
        return ProjectFileChange(requirements, old, _append_lines(old, lines)) if lines else None
    pyproject = os.path.join(root, "pyproject.toml")
    if os.path.isfile(pyproject):
        old = _read_text(pyproject)
        match = re.search(r"(?ms)^\[project\]\s*$.*?^dependencies\s*=\s*\[(.*?)^?\]", old)
        if not match:
            return None
        body = match.group(1)
        declared = _declared_names(re.findall(r"[\"']([^\"']+)[\"']", body))
        missing = [name + spec for name, spec in sorted(wanted.items()) if _normalise(name) not in declared]
        if not missing:
            return None
        newline = _newline_of(old)
        if newline in body:  # one dependency a line: follow that style
            indent = re.search(r"\n([ \t]*)[\"']", body)
            pad = indent.group(1) if indent else "    "
            stripped = body.rstrip()
            comma = "" if stripped.endswith(",") or not stripped.strip() else ","
            addition = "".join(f'{newline}{pad}"{item}",' for item in missing)
            new_body = stripped + comma + addition + newline
        else:
            items = body.strip().rstrip(",")
            quoted = ", ".join(f'"{item}"' for item in missing)
            new_body = f"{items}, {quoted}" if items else quoted
        new = old[: match.start(1)] + new_body + old[match.end(1) :]
        return ProjectFileChange(pyproject, old, new)
    return None


# -- merge -------------------------------------------------------------------------------------


def merge(results: Iterable) -> tuple[list[ProjectFileChange], list[ProjectMessage]]:
    """Merge the project edits of all FileResults (only those without errors)."""
    by_root: dict[str, list[tuple[str, object]]] = {}
    for result in sorted(results, key=lambda r: r.path):
        if result.error is not None or not result.project_edits:
            continue
        root = project_root(result.path)
        for edit in result.project_edits:
            by_root.setdefault(root, []).append((result.path, edit))
    changes: list[ProjectFileChange] = []
    messages: list[ProjectMessage] = []
    for root in sorted(by_root):
        _merge_root(root, by_root[root], changes, messages)
    return changes, messages


def _merge_root(root, edits, changes, messages) -> None:
    env_wanted: dict[str, tuple[str, str, object]] = {}  # key -> (value, path, edit)
    example: dict[str, str] = {}
    ignore_lines: list[str] = []
    requirements: dict[str, str] = {}
    new_files: dict[str, str] = {}
    for path, edit in edits:
        if edit.kind == "env":
            previous = env_wanted.get(edit.key)
            if previous is None:
                env_wanted[edit.key] = (edit.value, path, edit)
                example[edit.key] = edit.example
            elif previous[0] != edit.value:
                messages.append(
                    ProjectMessage(
                        path,
                        edit.line,
                        edit.codemod,
                        f"{edit.key} is also set by {display_path(previous[1])} with another value; "
                        f".env keeps the value from {display_path(previous[1])}",
                    )
                )
            if ".env" not in ignore_lines:
                ignore_lines.append(".env")
        elif edit.kind == "gitignore":
            if edit.key not in ignore_lines:
                ignore_lines.append(edit.key)
        elif edit.kind == "requirement":
            requirements.setdefault(edit.key, edit.value)
        elif edit.kind == "file":
            new_files.setdefault(edit.key, edit.value)

    if env_wanted:
        env_path = os.path.join(root, ".env")
        old = _read_text(env_path)
        existing = _env_keys(old)
        lines = []
        for key, (value, path, edit) in env_wanted.items():
            if key in existing:
                if existing[key] != value:
                    messages.append(
                        ProjectMessage(
                            path,
                            edit.line,
                            edit.codemod,
                            f"{key} is already in .env with another value; it was not overwritten",
                        )
                    )
                continue
            lines.append(f"{key}={format_env_value(value)}")
        if lines:
            changes.append(ProjectFileChange(env_path, old, _append_lines(old, lines), secret=True, new_file_mode=ENV_FILE_MODE))
        example_path = os.path.join(root, ".env.example")
        old_example = _read_text(example_path)
        known = _env_keys(old_example)
        example_lines = [f"{key}={format_env_value(value)}" for key, value in example.items() if key not in known]
        if example_lines:
            changes.append(ProjectFileChange(example_path, old_example, _append_lines(old_example, example_lines)))

    if ignore_lines:
        gitignore_path = os.path.join(root, ".gitignore")
        old = _read_text(gitignore_path)
        spec = pathspec.GitIgnoreSpec.from_lines(old.splitlines())
        present = {line.strip() for line in old.splitlines()}
        missing = [line for line in ignore_lines if line not in present and not spec.match_file(line.lstrip("/"))]
        if missing:
            changes.append(ProjectFileChange(gitignore_path, old, _append_lines(old, missing)))

    if requirements:
        change = _add_requirements(root, requirements)
        if change is not None:
            changes.append(change)

    for relative, text in sorted(new_files.items()):
        target = os.path.join(root, relative)
        if not os.path.lexists(target):
            changes.append(ProjectFileChange(target, "", text))


def write_change(change: ProjectFileChange) -> str | None:
    """Write one project file atomically; an error message or None."""
    try:
        data = change.new_text.encode("utf-8", errors="surrogateescape")
        source_io.atomic_write(change.path, data, mode=change.new_file_mode)
        if change.secret:
            os.chmod(change.path, ENV_FILE_MODE)
    except OSError as error:
        return f"cannot write: {error.strerror or error}"
    return None
