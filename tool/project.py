"""Project-level edits: ``.env``, ``.env.example``, ``.gitignore``, declared requirements and
new files.

Codemods ask for them per file (``ctx.project_edit``); after all files are processed they are
merged here once, per project root (tool/paths.py), in a deterministic order, whatever the
number of workers. The result is a list of ProjectFileChange (shown in ``--dry-run``, written
by tool/writing.py) and a list of messages for edits that could not be made (an existing
``.env`` key with another value, two files wanting different values for one key).
"""

from __future__ import annotations

import io
import os
import re
from typing import Iterable

from .paths import display_path, project_root
from .requirements import add_requirements
from .results import FileResult, ProjectFileChange, ProjectMessage
from .sources import append_lines, read_text
from .walk import gitignore_spec
from .writing import ENV_FILE_MODE


# -- .env --------------------------------------------------------------------------------------

_BARE_VALUE = re.compile(r"^[A-Za-z0-9_./:@+,=-]*$")


def env_storable(value: str) -> bool:
    """Whether ``.env`` can hold ``value`` exactly: no NUL (no environment variable can), no
    carriage return (python-dotenv reads with universal newlines). A ``${`` would be expanded
    by ``load_dotenv()``, quoted or not: codemods refuse such values themselves."""
    return "\x00" not in value and "\r" not in value


def format_env_value(value: str) -> str:
    """A value as python-dotenv reads it back unchanged: bare when it is plain, else in single
    quotes, where only ``\\`` and ``\'`` are escapes (and a newline may stand)."""
    if _BARE_VALUE.fullmatch(value) and "${" not in value:
        return value
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"


def env_keys(text: str) -> dict[str, str | None]:
    """The keys and values of a ``.env`` text, as python-dotenv reads them."""
    from dotenv import dotenv_values  # lazy: a run that merges no .env edit never reads one

    return dict(dotenv_values(stream=io.StringIO(text), interpolate=False))


# -- merge -------------------------------------------------------------------------------------


def merge(results: Iterable[FileResult]) -> tuple[list[ProjectFileChange], list[ProjectMessage]]:
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


# Example files a project keeps beside .env for whoever sets it up (copied to .env and filled
# in). The first one present gets the names; without one, .env.example is created.
ENV_EXAMPLE_NAMES = (".env.example", ".env.sample", ".env.template", ".env.dist", ".env-example", "env.example", "example.env", "sample.env")


def _own_env_example(root: str) -> str | None:
    return next((name for name in ENV_EXAMPLE_NAMES if os.path.isfile(os.path.join(root, name))), None)


def _env_example_path(root: str) -> str:
    """The project's own example of its environment, else ``.env.example``: names go to the file
    the project's readers copy, never to a second one beside it."""
    return os.path.join(root, _own_env_example(root) or ".env.example")


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
        old = read_text(env_path)
        existing = env_keys(old)
        lines = []
        for key, (value, path, edit) in list(env_wanted.items()):
            if not env_storable(value):
                messages.append(
                    ProjectMessage(path, edit.line, edit.codemod, f"{key} cannot be stored in .env (NUL or carriage return); not written")
                )
                del example[key]
                continue
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
            changes.append(ProjectFileChange(env_path, old, append_lines(old, lines), secret=True, new_file_mode=ENV_FILE_MODE))
        example_path = _env_example_path(root)
        old_example = read_text(example_path)
        known = env_keys(old_example)
        example_lines = [f"{key}={format_env_value(value)}" for key, value in example.items() if key not in known]
        if example_lines:
            changes.append(ProjectFileChange(example_path, old_example, append_lines(old_example, example_lines)))

    if ignore_lines:
        gitignore_path = os.path.join(root, ".gitignore")
        old = read_text(gitignore_path)
        spec = gitignore_spec(old.splitlines())
        present = {line.strip() for line in old.splitlines()}
        missing = [line for line in ignore_lines if line not in present and not spec.match_file(line.lstrip("/"))]
        ours = env_wanted and _own_env_example(root) in (None, ".env.example")  # not one the project names otherwise
        if ours and gitignore_spec([*old.splitlines(), *missing]).match_file(".env.example"):
            missing.append("!.env.example")  # e.g. ".env*": the example is meant to be committed
        if missing:
            changes.append(ProjectFileChange(gitignore_path, old, append_lines(old, missing)))

    if requirements:
        added, problems = add_requirements(root, requirements)
        changes.extend(added)
        path, edit = next((p, e) for p, e in edits if e.kind == "requirement")
        messages.extend(ProjectMessage(path, edit.line, edit.codemod, problem) for problem in problems)

    for relative, text in sorted(new_files.items()):
        target = os.path.join(root, relative)
        if not os.path.lexists(target):
            changes.append(ProjectFileChange(target, "", text))
