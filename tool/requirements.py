"""Declared requirements: a package a codemod's rewrite needs (``python-dotenv``,
``Flask-Caching``, ``gunicorn``), added to every place the project declares its dependencies.

The places, at the project root:

- its **requirements files**: ``requirements.txt`` / ``requirements.in`` and the runtime files
  of a ``requirements/`` folder (or ``requirements-*.txt`` beside them), and the runtime lists
  the project's own commands install wherever they lie (``pip install -r deploy/app.txt`` in a
  Makefile, a Dockerfile, tox.ini, .travis.yml: codemods/_install_commands.py); development,
  test and documentation lists do not count. ``-r other.txt`` includes are followed, so a package goes
  once into the file that the others share (``requirements/base.txt``), and is not added where
  an included file declares it. Between files shared alike and named alike
  (``testsuite/requirements.txt`` with ``-r ../requirements.txt``), the included one takes it:
  whatever installs the other installs it too, and so does a deploy that installs it alone. A pip-tools ``.in`` file is edited rather than the ``.txt``
  compiled from it (a message asks to run the command the list's header names: pip-compile,
  uv pip compile); a list pip-compile or uv compiled whose source is not beside it is
  generated, not written by hand: it is left, and a message asks to add the requirement to the
  list's source and recompile it. A file that pins hashes is left to the user (a message says so);
- ``pyproject.toml``: ``[project] dependencies`` and Poetry's ``[tool.poetry.dependencies]``
  (edited with tomlkit, which keeps the file's own style: comments, quotes, indentation,
  trailing commas, newlines);
- a ``Pipfile``'s ``[packages]`` (TOML too);
- ``setup.py``/``setup.cfg`` ``install_requires``: code, not data; a message asks to add it.

Nothing is added where the package is declared already, however it is spelled
(``Python_Dotenv``, ``python-dotenv[cli]>=1 ; python_version>='3.8'``: names are read with
``packaging`` and compared by PEP 503). Each place keeps its pin style: in a file where every
requirement is pinned (``==``; Poetry's exact versions), the new one is pinned too, to the
lowest release the codemod's requirement allows (``python-dotenv>=1.0`` → ``==1.0.0``: the
release its rewrite was written against; bump it with the rest). A requirement with no lower
bound cannot be pinned that way: it is added as it is, and a message asks to pin it. Poetry's
caret style (``^3.0``) is followed the same way, and so is a ``[project]`` list that gives
every version in parentheses, as Poetry 2 writes them (``"requests (>=2.32.5)"``: the new one
is ``"python-dotenv (>=1.0)"``).
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Iterable, Mapping, MutableMapping

from packaging.utils import canonicalize_name

from .codemods._dependency_files import REQUIREMENTS, compiled_by, included_lists, names_in
from .codemods._install_commands import COMMAND_FILES, development_list, installed_lists
from .requirement_forms import Outcome, all_pinned, parsed_requirement, pinned_version, requirement_name, written
from .results import ProjectFileChange
from .sources import append_lines, marked_encoding, read_bytes_or_none, read_declared, read_text

if TYPE_CHECKING:
    import tomlkit

_OWN_PACKAGE = re.compile(r"^\s*(?:-e\s+|--editable\s+)?\.(?:\[[^\]]*\])?\s*(?:#.*)?$")  # "-e ." installs pyproject's
_PREFERRED = ("base", "common", "main", "core", "requirements", "prod", "production", "default", "runtime", "app")


def add_requirements(root: str, wanted: Mapping[str, str]) -> tuple[list[ProjectFileChange], list[str]]:
    """Add ``wanted`` (name -> specifier, e.g. ``{"python-dotenv": ">=1.0"}``) to every place
    the project at ``root`` declares its dependencies. Returns the changes, and messages for
    what the user must still do (empty when nothing is left)."""
    outcome = Outcome()
    names = ", ".join(sorted(wanted))
    places = 0
    pyproject_names: set[str] = set()
    pyproject = os.path.join(root, "pyproject.toml")
    if os.path.isfile(pyproject):
        found, pyproject_names = _pyproject(pyproject, wanted, outcome)
        places += found
    places += _requirements_files(root, wanted, outcome, pyproject_names)
    pipfile = os.path.join(root, "Pipfile")
    if os.path.isfile(pipfile):
        places += _pipfile(pipfile, wanted, outcome)
    for name in ("setup.py", "setup.cfg"):
        path = os.path.join(root, name)
        if os.path.isfile(path) and "install_requires" in read_declared(path):
            places += 1
            text = read_declared(path).lower()
            missing = [n for n in sorted(wanted) if canonicalize_name(n) not in _normalised_words(text)]
            if missing:
                outcome.problems.append(f"{name} declares install_requires too: add {', '.join(missing)} there by hand")
    if not places:
        outcome.problems.append(
            f"the project declares no dependencies (requirements files, pyproject.toml, Pipfile): add {names} to them"
        )
    return outcome.changes, outcome.problems


def _normalised_words(text: str) -> set[str]:
    return {canonicalize_name(word) for word in re.findall(r"[A-Za-z0-9][A-Za-z0-9._-]*", text)}


# -- requirements files ----------------------------------------------------------------------


def _requirement_files(root: str) -> list[str]:
    """The runtime requirements files at ``root`` (absolute), ``.in`` sources preferred over
    the ``.txt`` files compiled from them."""
    found: list[str] = []
    for folder in (root, os.path.join(root, "requirements")):
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            stem, dot, suffix = name.rpartition(".")
            if not dot or suffix not in ("txt", "in"):
                continue
            if folder == root and not stem.lower().startswith("requirements"):
                continue
            if development_list(name):
                continue
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                found.append(path)
    for command in COMMAND_FILES:  # the runtime lists the project's own commands install
        command_path = os.path.join(root, command)
        text = read_declared(command_path) if os.path.isfile(command_path) else ""
        for listed in installed_lists(command, text):
            path = os.path.normpath(os.path.join(root, listed))
            source = path[: -len(".txt")] + ".in"  # compiled from the .in beside it: that one
            path = source if path.endswith(".txt") and os.path.isfile(source) else path
            if not development_list(listed) and path not in found and os.path.isfile(path):
                found.append(path)
    sources = {path[: -len(".in")] for path in found if path.endswith(".in")}
    return [path for path in found if not (path.endswith(".txt") and path[: -len(".txt")] in sources)]


def _includes(path: str) -> list[str]:
    """The requirements files ``path`` includes (``-r base.txt``, ``-rbase.txt``,
    ``--requirement=base.txt``: read as pip and the codemods read them); not its constraints
    files, which declare nothing."""
    folder = os.path.dirname(path)
    return [
        os.path.normpath(os.path.join(folder, included))
        for included, kind in included_lists(os.path.basename(path), read_declared(path))
        if kind == REQUIREMENTS
    ]


def _closure(path: str, seen: set[str] | None = None) -> set[str]:
    """``path`` and every file it includes, transitively."""
    seen = seen if seen is not None else set()
    real = os.path.normpath(path)
    if real in seen or len(seen) > 50 or not os.path.isfile(real):
        return seen
    seen.add(real)
    for included in _includes(real):
        _closure(included, seen)
    return seen


def _declared_in(paths: Iterable[str], pyproject_names: set[str]) -> set[str]:
    names: set[str] = set()
    for path in paths:
        text = read_declared(path)
        names |= names_in(REQUIREMENTS, text)  # read as the codemods read it: a checkout declares too
        if any(_OWN_PACKAGE.match(line) for line in text.splitlines()):
            names |= pyproject_names  # "-e ." installs what pyproject.toml declares
    return names


def _requirements_files(root: str, wanted: Mapping[str, str], outcome: Outcome, pyproject_names: set[str]) -> int:
    """Add what each runtime requirements file (with what it includes) lacks, into the file
    the most of them share; returns how many files declare dependencies."""
    files = [os.path.normpath(p) for p in _requirement_files(root)]
    if not files:
        return 0
    closures = {path: _closure(path) for path in files}
    included = {inner for path in files for inner in closures[path] if inner != path}
    tops = [path for path in files if path not in included]
    additions: dict[str, list[tuple[str, str]]] = {}
    for name, spec in sorted(wanted.items()):
        lacking = [top for top in tops if canonicalize_name(name) not in _declared_in(closures[top], pyproject_names)]
        while lacking:
            counts: dict[str, int] = {}
            for top in lacking:
                for inner in closures[top]:
                    if inner in files or _inside(inner, root):  # never a file outside the project
                        counts[inner] = counts.get(inner, 0) + 1
            # the file the most lacking lists share; among those, the one its name prefers; then
            # one that another list includes (what installs the includer installs it, and so does
            # what installs it alone: Heroku reads the root requirements.txt a test list includes)
            target = max(counts, key=lambda p: (counts[p], _preference(p), p in included, p))
            additions.setdefault(target, []).append((name, spec))
            lacking = [top for top in lacking if target not in closures[top]]
    for path, requirements in additions.items():
        _add_to_requirements_file(root, path, requirements, outcome)
    return len(files)


def _inside(path: str, root: str) -> bool:
    return os.path.abspath(path).startswith(os.path.abspath(root).rstrip(os.sep) + os.sep)


def _preference(path: str) -> int:
    stem = os.path.basename(path).rsplit(".", 1)[0].lower()
    return len(_PREFERRED) - _PREFERRED.index(stem) if stem in _PREFERRED else 0


def _add_to_requirements_file(root: str, path: str, requirements: list[tuple[str, str]], outcome: Outcome) -> None:
    relative = os.path.relpath(path, root).replace(os.sep, "/")
    names = ", ".join(name for name, _ in requirements)
    encoding = marked_encoding(read_bytes_or_none(path) or b"")
    if encoding in ("utf-16", "utf-32"):  # pip reads it by its mark: a UTF-8 line would break it
        outcome.problems.append(f"{relative} is saved as {encoding.upper()}: add {names} to it by hand")
        return
    old = read_text(path)
    if compiled_by(old) is not None:  # generated: the next compile would drop a line added here
        wanted = ", ".join(name + spec for name, spec in requirements)
        outcome.problems.append(f"{relative} is compiled (pip-compile or uv wrote it): add {wanted} to the list's source and recompile it")
        return
    if "--hash" in old:
        outcome.problems.append(f"{relative} pins hashes: add {names} to it by hand")
        return
    last = old.splitlines()[-1] if old.strip() else ""
    if last.endswith("\\") and not last.lstrip().startswith("#"):  # pip joins the next line to it
        outcome.problems.append(f"{relative} ends in a line continued by a backslash: add {names} to it by hand")
        return
    pinned = all_pinned(parsed_requirement(line) for line in old.splitlines())
    lines = [written(name, spec, pinned, outcome, relative) for name, spec in requirements]
    outcome.changes.append(ProjectFileChange(path, old, append_lines(old, lines)))
    compiled = path[: -len(".in")] + ".txt"
    if path.endswith(".in") and os.path.isfile(compiled):
        command = compiled_by(read_text(compiled)) or "pip-compile"
        outcome.problems.append(f"{names} added to {relative}: run {command} to update {relative[:-3]}.txt")


# -- pyproject.toml and Pipfile ----------------------------------------------------------------


def _load_toml(path: str, outcome: Outcome, names: str) -> tuple[str, tomlkit.TOMLDocument | None]:
    import tomlkit  # lazy: only a run that adds a requirement to a TOML file edits one
    from tomlkit.exceptions import TOMLKitError

    old = read_text(path)
    try:
        return old, tomlkit.parse(old)
    except TOMLKitError:
        name = os.path.basename(path)
        outcome.problems.append(f"{name} is not valid TOML: add {names} to the project's dependencies by hand")
        return old, None


def _pyproject(path: str, wanted: Mapping[str, str], outcome: Outcome) -> tuple[int, set[str]]:
    """Add to ``[project] dependencies`` and Poetry's dependencies; returns how many of them
    the file has, and the names they declare."""
    old, document = _load_toml(path, outcome, ", ".join(sorted(wanted)))
    if document is None:
        return 1, set()
    places, declared, added = 0, set(), False
    project = document.get("project")
    if isinstance(project, Mapping) and isinstance(project.get("dependencies"), list):
        places += 1
        dependencies = project["dependencies"]
        declared |= {n for n in map(requirement_name, (i for i in dependencies if isinstance(i, str))) if n}
        added |= _add_to_array(dependencies, wanted, outcome)
    poetry = _table(document, ("tool", "poetry", "dependencies"))
    if poetry is not None:
        places += 1
        declared |= {canonicalize_name(key) for key in poetry}
        added |= _add_to_table(poetry, wanted, outcome, "pyproject.toml", poetry_style=True)
    if added:
        outcome.changes.append(ProjectFileChange(path, old, document.as_string()))
        declared |= {canonicalize_name(name) for name in wanted}
        folder = os.path.dirname(path)
        for lock, command in PYPROJECT_LOCKS:
            if os.path.isfile(os.path.join(folder, lock)):
                outcome.problems.append(f"pyproject.toml changed: run {command} to update {lock}")
    return places, declared


# lock files made from pyproject.toml: an install from one gets only what it pins (Poetry
# refuses a lock older than its pyproject.toml, or installs without the new package)
PYPROJECT_LOCKS = (("poetry.lock", "poetry lock"), ("uv.lock", "uv lock"), ("pdm.lock", "pdm lock"))


def _pipfile(path: str, wanted: Mapping[str, str], outcome: Outcome) -> int:
    old, document = _load_toml(path, outcome, ", ".join(sorted(wanted)))
    if document is None:
        return 1
    packages = _table(document, ("packages",))
    if packages is None:
        return 0
    if _add_to_table(packages, wanted, outcome, "Pipfile", poetry_style=False):
        outcome.changes.append(ProjectFileChange(path, old, document.as_string()))
        if os.path.isfile(path + ".lock"):
            outcome.problems.append("Pipfile changed: run pipenv lock to update Pipfile.lock")
    return 1


def _table(document: tomlkit.TOMLDocument, keys: tuple[str, ...]) -> MutableMapping | None:
    table: object = document
    for key in keys:
        table = table.get(key) if isinstance(table, Mapping) else None
    return table if isinstance(table, MutableMapping) else None


def _add_to_array(dependencies: list, wanted: Mapping[str, str], outcome: Outcome) -> bool:
    """Add to ``[project] dependencies`` what it misses of ``wanted``; whether anything was."""
    items = [item for item in dependencies if isinstance(item, str)]
    declared = {n for n in map(requirement_name, items) if n}
    pinned = all_pinned(parsed_requirement(item) for item in items)
    missing = [(n, s) for n, s in sorted(wanted.items()) if canonicalize_name(n) not in declared]
    parenthesized = _parenthesized(items)
    for name, spec in missing:
        text = written(name, spec, pinned, outcome, "pyproject.toml")
        if parenthesized and text.startswith(name) and text[len(name):]:
            text = f"{name} ({text[len(name):]})"  # as Poetry 2 spells them: "requests (>=2.32)"
        dependencies.append(_quoted_like(dependencies, text))
    return bool(missing)


# a requirement whose version is given in parentheses after its name (PEP 508's older
# spelling, which Poetry 2 writes): "requests (>=2.32.5)", "bleach[css] (>=6.2.0,<7.0.0)"
_PARENTHESIZED = re.compile(r"^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?\s*\(")
_VERSIONED = re.compile(r"[<>=!~(]")


def _parenthesized(items: list[str]) -> bool:
    """Whether every requirement of ``items`` that gives a version gives it in parentheses
    (and at least one does)."""
    versioned = [item.split(";", 1)[0] for item in items if _VERSIONED.search(item.split(";", 1)[0])]
    return bool(versioned) and all(_PARENTHESIZED.match(item) for item in versioned)


def _add_to_table(table: MutableMapping, wanted: Mapping[str, str], outcome: Outcome, where: str, *, poetry_style: bool) -> bool:
    """Add to a ``name = constraint`` table (Poetry's dependencies, a Pipfile's packages)
    what it misses of ``wanted``, in the table's style; whether anything was."""
    declared = {canonicalize_name(key) for key in table}
    constraints = [_constraint(value) for key, value in table.items() if canonicalize_name(key) != "python"]
    known = [c for c in constraints if c is not None]
    exact = bool(known) and all(c.startswith("==") or (poetry_style and c[:1].isdigit()) for c in known)
    caret = poetry_style and bool(known) and all(c.startswith("^") for c in known)
    missing = [(n, s) for n, s in sorted(wanted.items()) if canonicalize_name(n) not in declared]
    for name, spec in missing:
        version = pinned_version(spec) if (exact or caret) else None
        if exact and version is None:
            outcome.problems.append(f"{where} pins every package: pin {name} there to the version you test with")
        if version is not None:
            written = ("^" if caret else "==") + version
        else:
            written = spec or "*"
        table[name] = _quoted_like(table.values(), written)
    return bool(missing)


def _constraint(value: object) -> str | None:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, Mapping) and isinstance(value.get("version"), str):
        return value["version"].strip()
    return None


def _quoted_like(neighbours: Iterable[object], text: str) -> object:
    """``text`` as a TOML string quoted as its neighbours are: in single quotes (a literal
    string) when every string beside it is, else in double quotes."""
    import tomlkit  # lazy: as in _load_toml
    from tomlkit.items import String, StringType

    strings = [item for item in neighbours if isinstance(item, String)]
    if strings and "'" not in text and all(item.type == StringType.SLL for item in strings):
        return tomlkit.string(text, literal=True)
    return text
