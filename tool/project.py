"""Project-level edits: ``.env``, ``.env.example``, ``.gitignore``, declared requirements and
new files.

Codemods ask for them per file (``ctx.project_edit``); after all files are processed they are
merged here once, per project root (tool/paths.py), in a deterministic order, whatever the
number of workers. The result is a list of ProjectFileChange (shown in ``--dry-run``, written
by tool/writing.py) and a list of messages for edits that could not be made (an existing
``.env`` key with another value, two files wanting different values for one key, a file no
line can be added to as its reader reads it: tool/appending.py). When ``.env`` cannot take
the values a file moves there, that file's message ``blocks``: the file is not written, and
nothing it asked for is added elsewhere either.
"""

from __future__ import annotations

import io
import os
import re
from typing import Iterable

from .appending import appendable_text
from .paths import display_path, project_root
from .requirements import add_requirements
from .results import FileResult, ProjectFileChange, ProjectMessage
from .sources import append_lines
from .gitignore_rules import gitignore_spec
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
        refusal = _env_changes(root, env_wanted, example, changes, messages)
        if refusal is not None:
            # the files moving values there are not written (tool/run.py): nor is what they asked
            asking: dict[str, list] = {}
            for path, edit in edits:
                if edit.kind == "env":
                    asking.setdefault(path, []).append(edit)
            for path, asked in asking.items():
                names = ", ".join(dict.fromkeys(edit.key for edit in asked))
                text = f"{refusal}; {names} not written, and the code moving them left unchanged"
                messages.append(ProjectMessage(path, asked[0].line, asked[0].codemod, text, blocks=True))
            _merge_root(root, [(path, edit) for path, edit in edits if path not in asking], changes, messages)
            return

    if ignore_lines:
        _gitignore_change(root, edits, ignore_lines, bool(env_wanted), changes, messages)

    if requirements:
        added, problems = add_requirements(root, requirements)
        changes.extend(added)
        path, edit = next((p, e) for p, e in edits if e.kind == "requirement")
        messages.extend(ProjectMessage(path, edit.line, edit.codemod, problem) for problem in problems)

    for relative, text in sorted(new_files.items()):
        target = os.path.join(root, relative)
        if not os.path.lexists(target):
            changes.append(ProjectFileChange(target, "", text))


def _env_changes(root, env_wanted, example, changes, messages) -> str | None:
    """Add the variables wanted to ``.env``, and their names to the project's example file;
    the reason ``.env`` cannot take them (nothing added then), or None."""
    env_path = os.path.join(root, ".env")
    old, reason = appendable_text(env_path, utf8_only=True)
    if reason is not None:
        return _env_reason(env_path, reason)
    existing = env_keys(old)
    lines, added, said = [], {}, []
    for key, (value, path, edit) in list(env_wanted.items()):
        if not env_storable(value):
            said.append(
                ProjectMessage(path, edit.line, edit.codemod, f"{key} cannot be stored in .env (NUL or carriage return); not written")
            )
            del example[key]
            continue
        if key in existing:
            if existing[key] != value:
                said.append(
                    ProjectMessage(path, edit.line, edit.codemod, f"{key} is already in .env with another value; it was not overwritten")
                )
            continue
        lines.append(f"{key}={format_env_value(value)}")
        added[key] = value
    if lines:
        new = append_lines(old, lines)
        if env_keys(new) != {**existing, **added}:  # what it read before, and each line added
            return _open_quote(env_path)
        changes.append(ProjectFileChange(env_path, old, new, secret=True, new_file_mode=ENV_FILE_MODE))
    messages.extend(said)
    example_path = _env_example_path(root)
    old_example, reason = appendable_text(example_path)
    known = env_keys(old_example)
    example_lines = [f"{key}={format_env_value(value)}" for key, value in example.items() if key not in known]
    if reason is not None:
        path, edit = next(iter(env_wanted.values()))[1:]
        names = ", ".join(example)
        messages.append(ProjectMessage(path, edit.line, edit.codemod, f"{display_path(example_path)} {reason}: add {names} to it by hand"))
    elif example_lines:
        changes.append(ProjectFileChange(example_path, old_example, append_lines(old_example, example_lines)))
    return None


def _env_reason(env_path: str, reason: str) -> str:
    unread = " (python-dotenv reads it as UTF-8 only)" if "UTF" in reason else ""
    return f"{display_path(env_path)} {reason}{unread}"


def _gitignore_change(root, edits, ignore_lines, env_wanted: bool, changes, messages) -> None:
    """Add ``ignore_lines`` to ``.gitignore`` where git, reading it, does not ignore them yet."""
    gitignore_path = os.path.join(root, ".gitignore")
    old, reason = appendable_text(gitignore_path)
    if reason is not None:
        path, edit = next((p, e) for p, e in edits if e.kind in ("env", "gitignore"))
        unread = ", which git does not read" if "UTF" in reason else ""
        lines = ", ".join(ignore_lines)
        messages.append(ProjectMessage(path, edit.line, edit.codemod, f"{display_path(gitignore_path)} {reason}{unread}: add {lines} to it by hand"))
        return
    read = old.removeprefix("\ufeff").splitlines()  # git skips a UTF-8 mark
    spec = gitignore_spec(read)
    present = {line.strip() for line in read}
    missing = [line for line in ignore_lines if line not in present and not spec.match_file(line.lstrip("/"))]
    ours = env_wanted and _own_env_example(root) in (None, ".env.example")  # not one the project names otherwise
    if ours and gitignore_spec([*read, *missing]).match_file(".env.example"):
        missing.append("!.env.example")  # e.g. ".env*": the example is meant to be committed
    if missing:
        changes.append(ProjectFileChange(gitignore_path, old, append_lines(old, missing)))


def _open_quote(env_path: str) -> str:
    return f"{display_path(env_path)} ends in an open quote: python-dotenv would read the lines added into its value"


def env_refusal(root: str, wanted: dict[str, str] | None = None) -> str | None:
    """Why the ``.env`` of the project at ``root`` cannot take a line (it is no file to read,
    or python-dotenv could not read it), or cannot take the lines of ``wanted`` (variable ->
    value: one file's values) so that it reads them back, as the merge would add them; or None."""
    env_path = os.path.join(root, ".env")
    old, reason = appendable_text(env_path, utf8_only=True)
    if reason is not None:
        return _env_reason(env_path, reason)
    if not wanted or not old:
        return None
    existing = env_keys(old)
    added = {key: value for key, value in wanted.items() if key not in existing and env_storable(value)}
    if added:
        new = append_lines(old, [f"{key}={format_env_value(value)}" for key, value in added.items()])
        if env_keys(new) != {**existing, **added}:
            return _open_quote(env_path)
    return None
