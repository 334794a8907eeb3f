"""Declared requirements: a package a codemod's rewrite needs (``python-dotenv``,
``Flask-Caching``, ``gunicorn``), added where the project declares its dependencies.

Where, in this order: ``requirements.in`` (pip-tools; the compiled ``requirements.txt`` is
then left to ``pip-compile``), ``requirements.txt`` (following ``-r other.txt`` includes to
see what is declared), else ``pyproject.toml``: ``[project] dependencies``, or Poetry's
``[tool.poetry.dependencies]``. pyproject.toml is edited with tomlkit, which keeps the file's
own style (comments, quotes, indentation, trailing commas, newlines); requirement names are
read and compared with ``packaging`` (PEP 508 and PEP 503 normalisation).
"""

from __future__ import annotations

import os
import re
from typing import Iterable, Mapping, MutableMapping

import tomlkit
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import String, StringType

from .results import ProjectFileChange
from .sources import append_lines, read_text

_INCLUDE = re.compile(r"^\s*(?:-r|--requirement)[\s=]+(\S+)")
_PIP_OPTION = re.compile(r"\s--?[A-Za-z]")  # options after a requirement: --hash=..., -e ...


def requirement_name(text: str) -> str | None:
    """The normalised name a requirement (a line of a requirements file, or an item of
    ``dependencies``) declares; None for a comment, an option, a path or a URL."""
    text = text.split(" #", 1)[0].split("\t#", 1)[0]
    text = _PIP_OPTION.split(" " + text, 1)[0].strip().rstrip("\\").strip()
    if not text or text.startswith(("#", "-")):
        return None
    try:
        return canonicalize_name(Requirement(text).name)
    except InvalidRequirement:
        return None


def _declared(items: Iterable[str]) -> set[str]:
    return {name for name in map(requirement_name, items) if name is not None}


def _requirements_declared(path: str, seen: set[str] | None = None) -> set[str]:
    """The names a requirements file declares, following ``-r other.txt`` includes."""
    seen = seen if seen is not None else set()
    real = os.path.realpath(path)
    if real in seen or len(seen) > 20:
        return set()
    seen.add(real)
    lines = read_text(path).splitlines()
    names = _declared(lines)
    for line in lines:
        match = _INCLUDE.match(line)
        if match:
            names |= _requirements_declared(os.path.join(os.path.dirname(path), match.group(1)), seen)
    return names


def _missing(wanted: Mapping[str, str], declared: set[str]) -> list[tuple[str, str]]:
    """The (name, specifier) pairs of ``wanted`` that ``declared`` does not name."""
    return [(name, spec) for name, spec in sorted(wanted.items()) if canonicalize_name(name) not in declared]


def add_requirements(root: str, wanted: Mapping[str, str]) -> tuple[list[ProjectFileChange], str | None]:
    """Add ``wanted`` (name -> specifier, e.g. ``{"python-dotenv": ">=1.0"}``) where the
    project at ``root`` declares its dependencies. Returns the changes, and why nothing could
    take a requirement (None when all went well)."""
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
        try:
            document = tomlkit.parse(old)
        except TOMLKitError:
            return [], f"pyproject.toml is not valid TOML: add {names} to the project's dependencies by hand"
        project = document.get("project")
        if isinstance(project, Mapping) and "dependencies" in project:
            added = _add_to_array(project["dependencies"], wanted)
        else:
            table = _poetry_dependencies(document)
            if table is None:
                return [], f"the project declares no dependencies (requirements.txt, requirements.in, pyproject.toml): add {names} to them"
            added = _add_to_table(table, wanted)
        return ([ProjectFileChange(pyproject, old, tomlkit.dumps(document))] if added else []), None
    return [], f"the project declares no dependencies (requirements.txt, requirements.in, pyproject.toml): add {names} to them"


def _poetry_dependencies(document: tomlkit.TOMLDocument) -> MutableMapping | None:
    """``[tool.poetry.dependencies]``, or None."""
    table: object = document
    for key in ("tool", "poetry", "dependencies"):
        table = table.get(key) if isinstance(table, Mapping) else None
    return table if isinstance(table, MutableMapping) else None


def _add_to_array(dependencies: object, wanted: Mapping[str, str]) -> bool:
    """Add to ``[project] dependencies`` what it misses of ``wanted``; whether anything was."""
    if not isinstance(dependencies, list):
        return False  # not an array: not ours to rewrite
    missing = _missing(wanted, _declared(item for item in dependencies if isinstance(item, str)))
    for name, spec in missing:
        dependencies.append(_quoted_like(dependencies, name + spec))
    return bool(missing)


def _add_to_table(table: MutableMapping, wanted: Mapping[str, str]) -> bool:
    """Add to Poetry's dependencies (package name = constraint) what they miss of ``wanted``."""
    missing = _missing(wanted, {canonicalize_name(key) for key in table})
    for name, spec in missing:
        table[name] = _quoted_like(table.values(), spec or "*")
    return bool(missing)


def _quoted_like(neighbours: Iterable[object], text: str) -> object:
    """``text`` as a TOML string quoted as its neighbours are: in single quotes (a literal
    string) when every string beside it is, else in double quotes."""
    strings = [item for item in neighbours if isinstance(item, String)]
    if strings and "'" not in text and all(item.type == StringType.SLL for item in strings):
        return tomlkit.string(text, literal=True)
    return text
