"""Declared requirements: a package a codemod's rewrite needs, added where the project
declares its dependencies (requirements.in, requirements.txt, pyproject.toml)."""

from __future__ import annotations

import os
import re
from typing import Iterable

from .results import ProjectFileChange
from .sources import append_lines, read_text

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
    lines = read_text(path).splitlines()
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
    newline = ("\r\n" if "\r\n" in old else "\n")
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
    newline = ("\r\n" if "\r\n" in old else "\n")
    content = body.rstrip()
    trailing = body[len(content) :] or newline
    lines = "".join(f'{newline}{name} = "{spec or "*"}"' for name, spec in missing)
    return old[:start] + content + lines + trailing + old[end:]


def add_requirements(root: str, wanted: dict[str, str]) -> tuple[list[ProjectFileChange], str | None]:
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
        old = read_text(path)
        missing = _missing(wanted, _requirements_declared(path))
        if not missing:
            return [], None
        if "--hash" in old:
            return [], f"{name} pins hashes: add {names} to it by hand"
        change = ProjectFileChange(path, old, append_lines(old, [n + s for n, s in missing]))
        if name == "requirements.in" and os.path.isfile(os.path.join(root, "requirements.txt")):
            return [change], f"{names} added to requirements.in: run pip-compile to update requirements.txt"
        return [change], None
    pyproject = os.path.join(root, "pyproject.toml")
    if os.path.isfile(pyproject):
        old = read_text(pyproject)
        project = _section(old, "project")
        if project is not None and re.search(r"(?m)^dependencies[ \t]*=", old[project[0] : project[1]]):
            new = _pyproject_dependencies(old, wanted)
            return ([ProjectFileChange(pyproject, old, new)] if new is not None else []), None
        if _section(old, "tool.poetry.dependencies") is not None:
            new = _poetry_dependencies(old, wanted)
            return ([ProjectFileChange(pyproject, old, new)] if new is not None else []), None
    return [], f"the project declares no dependencies (requirements.txt, requirements.in, pyproject.toml): add {names} to them"
