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
from dataclasses import dataclass, replace
from typing import Any, Iterable, Iterator, Mapping, Sequence

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


def _env_keys(text: str) -> dict[str, str | None]:
    from dotenv import dotenv_values

    return dict(dotenv_values(stream=io.StringIO(text), interpolate=False))


# -- requirements ------------------------------------------------------------------------------

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_INCLUDE = re.compile(r"^\s*(?:-r|--requirement)[\s=]+(\S+)")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared_names(lines: Iterable[str]) -> set[str]:
    names = set()
    for line in lines:
        match = _NAME.match(line)
        if match and not line.lstrip().startswith(("#", "-")):
            names.add(_normalise(match.group(1)))
    return names


def _requirements_declared(path: str, seen: set[str] | None = None) -> set[str]:
    """The names a requirements file declares, following ``-r other.txt`` includes."""
    seen = seen if seen is not None else set()
    real = os.path.realpath(path)
    if real in seen or len(seen) > 20:
        return set()
    seen.add(real)
    lines = _read_text(path).splitlines()
    names = _declared_names(lines)
    for line in lines:
        match = _INCLUDE.match(line)
        if match:
            names |= _requirements_declared(os.path.join(os.path.dirname(path), match.group(1)), seen)
    return names


def _missing(wanted: dict[str, str], declared: set[str]) -> list[tuple[str, str]]:
    return [(name, spec) for name, spec in sorted(wanted.items()) if _normalise(name) not in declared]


def _toml_string_end(text: str, start: int) -> int:
    """The index after the TOML string starting at ``text[start]`` (a quote)."""
    quote = text[start]
    triple = text.startswith(quote * 3, start)
    if triple:
        end = text.find(quote * 3, start + 3)
        return len(text) if end == -1 else end + 3
    index = start + 1
    while index < len(text) and text[index] not in (quote, "\n"):
        index += 2 if quote == '"' and text[index] == "\\" else 1
    return index + 1


def _array_span(text: str, opening: int) -> int | None:
    """The index of the ``]`` closing the TOML array opened at ``text[opening]``."""
    depth = 0
    index = opening
    while index < len(text):
        char = text[index]
        if char in ("'", '"'):
            index = _toml_string_end(text, index)
            continue
        if char == "#":
            newline = text.find("\n", index)
            index = len(text) if newline == -1 else newline
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None


_TABLE_HEADER = re.compile(r"^\[\[?[^\[\]\n]+\]\]?[ \t]*(?:#[^\n]*)?$", re.MULTILINE)


def _section(text: str, header: str) -> tuple[int, int] | None:
    """(start, end) of the body of the TOML table ``[header]`` (headers start a line)."""
    headers = list(_TABLE_HEADER.finditer(text))
    for position, match in enumerate(headers):
        name = match.group(0).split("#", 1)[0].strip().strip("[]").strip()
        if re.sub(r"\s*\.\s*", ".", name) == header:
            end = headers[position + 1].start() if position + 1 < len(headers) else len(text)
            return match.end(), end
    return None


def _pyproject_dependencies(old: str, wanted: dict[str, str]) -> str | None:
    """``old`` with the missing ``wanted`` added to ``[project] dependencies``; None when the
    table declares no dependencies array (or nothing is missing)."""
    section = _section(old, "project")
    if section is None:
        return None
    body_start, body_end = section
    match = re.search(r"(?m)^dependencies[ \t]*=[ \t]*\[", old[body_start:body_end])
    if not match:
        return None
    opening = body_start + match.end() - 1
    closing = _array_span(old, opening)
    if closing is None:
        return None
    body = old[opening + 1 : closing]
    items = []
    last_code = -1  # index in body just after the last character that is not a comment or space
    index = 0
    while index < len(body):
        if body[index] in ("'", '"'):
            end = _toml_string_end(body, index)
            items.append(body[index + 1 : end - 1])
            index = last_code = end
        elif body[index] == "#":
            newline = body.find("\n", index)
            index = len(body) if newline == -1 else newline
        else:
            if not body[index].isspace():
                last_code = index + 1
            index += 1
    missing = _missing(wanted, _declared_names(items))
    if not missing:
        return None
    additions = [name + spec for name, spec in missing]
    newline = _newline_of(old)
    if "\n" in body:  # one dependency a line: follow that style
        indent = re.search(r"\n([ \t]*)[\"']", body)
        pad = indent.group(1) if indent else "    "
        if last_code > 0 and body[last_code - 1] != ",":
            body = body[:last_code] + "," + body[last_code:]
        stripped = body.rstrip()
        new_body = stripped + "".join(f'{newline}{pad}"{item}",' for item in additions) + newline
    else:
        existing = body.strip().rstrip(",")
        quoted = ", ".join(f'"{item}"' for item in additions)
        new_body = f"{existing}, {quoted}" if existing else quoted
    return old[: opening + 1] + new_body + old[closing:]


def _poetry_dependencies(old: str, wanted: dict[str, str]) -> str | None:
    """``old`` with the missing ``wanted`` added to ``[tool.poetry.dependencies]``."""
    section = _section(old, "tool.poetry.dependencies")
    if section is None:
        return None
    start, end = section
    body = old[start:end]
    declared = {
        _normalise(m.group(1))
        for m in re.finditer(r"(?m)^[ \t]*[\"']?([A-Za-z0-9][A-Za-z0-9._-]*)[\"']?[ \t]*=", body)
    }
    missing = _missing(wanted, declared)
    if not missing:
        return None
    newline = _newline_of(old)
    content = body.rstrip()
    trailing = body[len(content) :] or newline
    lines = "".join(f'{newline}{name} = "{spec or "*"}"' for name, spec in missing)
    return old[:start] + content + lines + trailing + old[end:]


def _add_requirements(root: str, wanted: dict[str, str]) -> tuple[list[ProjectFileChange], str | None]:
    """Add ``wanted`` where the project declares its dependencies: ``requirements.in``
    (pip-tools; then the compiled ``requirements.txt`` is left to ``pip-compile``) or
    ``requirements.txt``; else ``[project] dependencies`` or Poetry's dependencies in
    pyproject.toml. Returns the changes, and why nothing could take a requirement (None when
    all went well)."""
    names = ", ".join(sorted(wanted))
    for name in ("requirements.in", "requirements.txt"):
        path = os.path.join(root, name)
        if not os.path.isfile(path):
            continue
        old = _read_text(path)
        missing = _missing(wanted, _requirements_declared(path))
        if not missing:
            return [], None
        if "--hash" in old:
            return [], f"{name} pins hashes: add {names} to it by hand"
        change = ProjectFileChange(path, old, _append_lines(old, [n + s for n, s in missing]))
        if name == "requirements.in" and os.path.isfile(os.path.join(root, "requirements.txt")):
            return [change], f"{names} added to requirements.in: run pip-compile to update requirements.txt"
        return [change], None
    pyproject = os.path.join(root, "pyproject.toml")
    if os.path.isfile(pyproject):
        old = _read_text(pyproject)
        project = _section(old, "project")
        if project is not None and re.search(r"(?m)^dependencies[ \t]*=", old[project[0] : project[1]]):
            new = _pyproject_dependencies(old, wanted)
            return ([ProjectFileChange(pyproject, old, new)] if new is not None else []), None
        if _section(old, "tool.poetry.dependencies") is not None:
            new = _poetry_dependencies(old, wanted)
            return ([ProjectFileChange(pyproject, old, new)] if new is not None else []), None
    return [], f"the project declares no dependencies (requirements.txt, requirements.in, pyproject.toml): add {names} to them"


# -- one variable, one value ------------------------------------------------------------------


def settle_env_names(results: Iterable, codemod_names: Sequence[str], options: Mapping[str, Mapping[str, Any]] | None = None) -> Iterator:
    """Pass FileResults through, so that no two files of one project want one ``.env``
    variable with different values.

    A codemod sees one file at a time: two apps in two files may both move a ``SECRET_KEY``,
    with different values. The first file (in the order of the run, which is deterministic)
    keeps the name; a later file that wants the name for another value is transformed
    again, this time seeing the names already taken as if they were in ``.env`` — where a
    codemod never reuses a name holding another value (dotenv-config then picks a qualified
    name, e.g. ``ADMIN_SECRET_KEY``). Results are yielded in the order they come, each
    before it is written, so this works while streaming.
    """
    claims: dict[str, dict[str, str]] = {}  # root -> variable -> value
    codemods: list | None = None
    for result in results:
        if result.error is None and any(edit.kind == "env" for edit in result.project_edits):
            root = project_root(result.path)
            taken = claims.setdefault(root, {})
            if _conflicts(result, taken):
                if codemods is None:
                    from .codemods import get_codemod

                    codemods = [get_codemod(name)() for name in codemod_names]
                result = _transform_again(result, codemods, options, root, taken)
            for edit in result.project_edits:
                if edit.kind == "env":
                    taken.setdefault(edit.key, edit.value)
        yield result


def _conflicts(result, taken: Mapping[str, str]) -> bool:
    return any(edit.kind == "env" and edit.key in taken and taken[edit.key] != edit.value for edit in result.project_edits)


def _transform_again(result, codemods: list, options, root: str, taken: Mapping[str, str]):
    """``result``'s file transformed again, with the ``taken`` variables shown as part of the
    project's ``.env``; ``result`` itself when that does not settle the conflict."""
    from . import engine

    folder = os.path.dirname(os.path.abspath(result.path))
    env_path = os.path.normpath(os.path.join(root, ".env"))
    read_real = engine.sibling_reader(result.path)
    extra = "".join(f"{key}={format_env_value(value)}\n" for key, value in taken.items())

    def read(relative: str) -> str | None:
        if os.path.normpath(os.path.join(folder, relative)) == env_path:
            text = read_real(relative) or ""
            if text and not text.endswith(("\n", "\r")):
                text += "\n"
            return text + extra
        return read_real(relative)

    outcome = engine.transform_text(result.old_text or "", codemods, path=result.path, options=options, read_file=read)
    if outcome.error is not None:
        return result
    again = replace(
        result,
        new_text=outcome.new_text,
        findings=tuple(outcome.findings),
        project_edits=tuple(outcome.project_edits),
        rewrites=tuple(sorted(outcome.rewrites.items())),
    )
    if _conflicts(again, taken):
        return result
    if again.changed:
        try:
            source_io.Source(result.old_text or "", result.encoding, result.bom, result.digest).encode(again.new_text)
        except source_io.SourceError:
            return result
    return again


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
        if env_wanted and pathspec.GitIgnoreSpec.from_lines([*old.splitlines(), *missing]).match_file(".env.example"):
            missing.append("!.env.example")  # e.g. ".env*": the example is meant to be committed
        if missing:
            changes.append(ProjectFileChange(gitignore_path, old, _append_lines(old, missing)))

    if requirements:
        added, problem = _add_requirements(root, requirements)
        changes.extend(added)
        if problem is not None:
            path, edit = next((p, e) for p, e in edits if e.kind == "requirement")
            messages.append(ProjectMessage(path, edit.line, edit.codemod, problem))

    for relative, text in sorted(new_files.items()):
        target = os.path.join(root, relative)
        if not os.path.lexists(target):
            changes.append(ProjectFileChange(target, "", text))


def write_change(change: ProjectFileChange) -> str | None:
    """Write one project file atomically; an error message or None."""
    try:
        data = change.new_text.encode("utf-8", errors="surrogateescape")
        if change.secret and os.path.isfile(change.path):
            # tighten the existing file first: the new one inherits its mode, and is never
            # readable by others, not even for the moment between the write and a chmod
            os.chmod(change.path, ENV_FILE_MODE)
        source_io.atomic_write(change.path, data, mode=change.new_file_mode)
        if change.secret:
            os.chmod(change.path, ENV_FILE_MODE)
    except OSError as error:
        return f"cannot write: {error.strerror or error}"
    return None
