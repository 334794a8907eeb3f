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

# Counters for tests and benchmarks (this process): files re-run together in the worker pool
# (``batched``), and files re-run once more, alone, because their batched re-run did not hold
# (``redone``).
settle_stats = {"batched": 0, "redone": 0}


def settle_env_names(
    results: Iterable,
    codemod_names: Sequence[str],
    options: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    jobs: int = 1,
) -> Iterator:
    """Pass FileResults through, in the order they come, so that no two files of one project
    want one ``.env`` variable with different values.

    A codemod sees one file at a time: two apps in two files may both move a ``SECRET_KEY``,
    with different values. The first file (in the order of the run, which is deterministic)
    keeps the name; a later file that wants a name already taken for another value is
    transformed again, this time seeing the names already taken as if they were in ``.env`` —
    where a codemod never reuses a name holding another value (dotenv-config then picks a
    qualified name, e.g. ``ADMIN_SECRET_KEY``).

    The names taken before a file are claimed by the final results of the files before it,
    which a plain loop knows only after re-running those files one at a time. Instead:

    1. While the first pass streams in, each result is checked against ``seen``, the claims
       of the first-pass results before it. Until the first clash these are the final claims,
       and results go out at once; from the first clash on, they are held back.
    2. Each clashing file is re-run with ``seen`` (as it was before that file) shown as part
       of ``.env``: all of them together, in the worker pool, through the result cache (the
       lines shown are part of the cache key, and the ``.env`` read is recorded as any read).
    3. In the order of the run, each held-back result is settled against ``taken``, the claims
       of the final results before it, exactly as the loop would: a result that clashes with
       nothing in ``taken`` is kept as it is; else its re-run is kept if it holds (below);
       else the file is re-run once more, alone, seeing ``taken`` itself (what the loop does),
       and that is kept if it succeeds without a clash; else the first result is kept (and
       the merge reports the clash). A batched re-run that failed (an error, or the file
       changed on disk since the first pass) is not retried: the first result is kept.

    A batched re-run holds when it succeeded (on the same bytes as the first pass), claims no
    name ``taken`` holds with another value, everything it was shown is in ``taken`` with the
    same value (``seen`` ⊆ ``taken``), and none of the names in ``taken`` it was not shown
    occurs as a word in the file (before or after). Then seeing ``taken`` would have given the
    same result, because of how ``.env`` is used: only dotenv-config reads its values, and only
    to give each setting the first of its candidate names not holding another value, and to
    say so when the setting's own key (a word of the file) holds another value. A name it was
    not shown could change a choice only by holding another value under the name chosen (a
    clash: checked) — names passed over hold other values in ``seen``, so in ``taken`` too —
    or the finding only by being one of the file's keys (checked). Every clash check is made
    against the final claims, so the result is the loop's, for any number of jobs.
    """
    pending: list[tuple[Any, str | None, dict[str, str] | None]] = []  # held back, in order
    seen: dict[str, dict[str, str]] = {}  # root -> variable -> value, first-pass claims
    taken: dict[str, dict[str, str]] = {}  # root -> variable -> value, final claims
    for result in results:
        root = _env_root(result)
        shown = None  # for a clashing file: the claims its re-run is shown
        if root is not None:
            claimed = seen.setdefault(root, {})
            if _conflicts(result, claimed):
                shown = dict(claimed)
            _claim(claimed, result)
        if pending or shown is not None:
            pending.append((result, root, shown))
            continue
        if root is not None:  # nothing re-run yet: the first-pass claims are the final ones
            _claim(taken.setdefault(root, {}), result)
        yield result
    if not pending:
        return
    names = list(codemod_names)
    reruns = [_EnvReRun.showing(result.path, root, shown) for result, root, shown in pending if shown is not None]
    settle_stats["batched"] += len(reruns)
    from . import engine

    outcomes = engine.run(reruns, names, options, jobs=jobs)  # in the order of ``reruns``
    try:
        for result, root, shown in pending:
            outcome = next(outcomes) if shown is not None else None
            if root is not None:
                claimed = taken.setdefault(root, {})
                if _conflicts(result, claimed):
                    result = _settle(result, shown, outcome, root, claimed, names, options)
                _claim(claimed, result)
            yield result
    finally:
        outcomes.close()  # stops the pool now, also when the caller stops early


def _env_root(result) -> str | None:
    """The project root of a result that claims ``.env`` variables; None for any other."""
    if result.error is None and any(edit.kind == "env" for edit in result.project_edits):
        return project_root(result.path)
    return None


def _claim(claimed: dict[str, str], result) -> None:
    for edit in result.project_edits:
        if edit.kind == "env":
            claimed.setdefault(edit.key, edit.value)


def _conflicts(result, taken: Mapping[str, str]) -> bool:
    return any(edit.kind == "env" and edit.key in taken and taken[edit.key] != edit.value for edit in result.project_edits)


def _settle(result, shown, outcome, root: str, taken: Mapping[str, str], names: list[str], options):
    """The result for ``result``'s file, which clashes with ``taken``: ``outcome``, its batched
    re-run (which was shown ``shown``), when that holds; else a re-run seeing ``taken`` (see
    settle_env_names); else ``result`` itself."""
    if outcome is not None:
        if outcome.error is not None or outcome.digest != result.digest:
            return result  # it failed, or the file changed since the first pass: not retried
        if all(taken.get(key, _ABSENT) == value for key, value in shown.items()):  # shown ⊆ taken
            exact = len(shown) == len(taken)
            if not _conflicts(outcome, taken) and (exact or not _mentions_unseen(shown, taken, result.old_text, outcome.new_text)):
                return outcome
            if exact:  # it saw ``taken`` itself: the loop's re-run, and it did not settle
                return result
    from . import engine

    settle_stats["redone"] += 1
    (again,) = engine.run([_EnvReRun.showing(result.path, root, taken)], names, options, jobs=1)
    if again.error is not None or again.digest != result.digest or _conflicts(again, taken):
        return result
    return again


_ABSENT = object()
_WORD = re.compile(r"[A-Za-z0-9_]+")


def _mentions_unseen(shown: Mapping[str, str], taken: Mapping[str, str], *texts: str | None) -> bool:
    """Whether a variable of ``taken`` that is not in ``shown`` occurs as a word in ``texts``
    (costs the length of the texts, not the number of variables)."""
    return any(word in taken and word not in shown for text in texts if text for word in _WORD.findall(text))


def _env_lines(taken: Mapping[str, str]) -> str:
    return "".join(f"{key}={format_env_value(value)}\n" for key, value in taken.items())


@dataclass(frozen=True)
class _EnvReRun:
    """A task for ``engine.run``: transform ``path`` again, with ``extra`` (lines
    ``NAME=value``) shown at the end of the project's ``.env`` (``env_path``), through the
    result cache. Small and picklable: it goes to a worker process."""

    path: str
    env_path: str
    extra: str

    @classmethod
    def showing(cls, path: str, root: str, taken: Mapping[str, str]) -> "_EnvReRun":
        return cls(path, os.path.normpath(os.path.join(root, ".env")), _env_lines(taken))

    def process(self, codemods: Sequence[Any], options: Mapping[str, Mapping[str, Any]] | None):
        from . import cache, engine

        return cache.process_file(self.path, codemods, options, engine.process_file, self.reader, variant=self.extra)

    def reader(self, path: str):
        """``ctx.read_file`` for ``path``: the project's ``.env`` with ``extra`` at its end."""
        from . import engine

        folder = os.path.dirname(os.path.abspath(path))
        read_real = engine.sibling_reader(path)
        env_path, extra = self.env_path, self.extra

        def read(relative: str) -> str | None:
            if os.path.normpath(os.path.join(folder, relative)) == env_path:
                text = read_real(relative) or ""
                if text and not text.endswith(("\n", "\r")):
                    text += "\n"
                return text + extra
            return read_real(relative)

        return read


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
