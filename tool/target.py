"""The target version: the Flask version a project's code must run on.

An upgrade codemod rewrites an old form only when the new form exists at the target, and
reports what it cannot rewrite for it (codemods/_flask_versions.py). The target of a file is,
the first of these that says:

1. ``--target-version X.Y`` on the command line (``target_version=`` in the Python API);
2. ``target-version = "X.Y"`` in the ``[tool.flask-codemod]`` table that configures the file;
3. the lowest Flask version the declared requirement of the file's project allows (the
   project root rule of tool/paths.py), read from the files a project declares its
   dependencies in: ``requirements*.txt`` / ``requirements*.in`` and ``requirements/*.txt``,
   ``pyproject.toml`` (``[project] dependencies``, Poetry's ``[tool.poetry.dependencies]``),
   ``Pipfile`` (``[packages]``), the lock files ``Pipfile.lock`` (``default``) and
   ``poetry.lock`` (the release they pin is what an install gets), and ``setup.py``'s
   ``install_requires`` when it is a literal list (read with ``ast``, never run).
   ``Flask==2.1.3`` -> 2.1, ``flask>=2.2,<3`` -> 2.2, ``Flask~=2.0`` -> 2.0. A requirement
   without a lower bound (``flask``, ``flask<3``) allows the newest release it admits: that
   is what an install gets. Several declarations: the lowest of them (the code must run on
   each);
4. the newest Flask this tool knows (``NEWEST_KNOWN``).

A floor above ``NEWEST_KNOWN`` counts as ``NEWEST_KNOWN``: nothing newer is known to change.
"""

from __future__ import annotations

import ast
import glob
import json
import os
import re
from typing import Iterable, Iterator

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from .codemods import UsageError
from .codemods._declared_versions import lowest_release
from .codemods._flask_versions import NEWEST_KNOWN, RELEASES, Version, format_version, parse_version
from .paths import project_root
from .sources import read_text

FLASK = "flask"
_POETRY_PART = re.compile(r"(\^|~=|~|==|!=|<=|>=|<|>|=)?\s*([0-9][0-9A-Za-z.*+!-]*)")


def parse_target(value: object, where: str) -> Version:
    """A target version given as text (``"3.1"``); UsageError naming ``where`` (an option,
    a file's table) when it is not a Flask release this tool knows."""
    if not isinstance(value, str):
        raise UsageError(f'{where}: write the version as a string, such as "{format_version(NEWEST_KNOWN)}", not {value!r}')
    try:
        return parse_version(value)
    except ValueError as error:
        raise UsageError(f"{where}: {error}") from None


# -- from a specifier to the lowest version it allows ----------------------------------------------


def lowest_allowed(specifier: SpecifierSet) -> Version:
    """The lowest Flask release series ``specifier`` allows, as the target: the highest of
    its lower bounds; with none, the newest known release it admits (``NEWEST_KNOWN`` when
    it admits none of them)."""
    floor = lowest_release(specifier)
    if floor is not None:
        return min(floor, NEWEST_KNOWN)
    for major, minor in reversed(RELEASES):
        if specifier.contains(f"{major}.{minor}.0", prereleases=True):
            return (major, minor)
    return NEWEST_KNOWN


def _poetry_specifier(constraint: str) -> Iterator[SpecifierSet]:
    """Poetry's constraint (``^2.0``, ``~2.1``, ``2.1.3``, ``>=2.0,<3``, ``^2.0 || ^3.0``, ``*``)
    as PEP 440 specifiers, one per alternative."""
    for alternative in constraint.split("||"):
        parts = []
        for operator, version in _POETRY_PART.findall(alternative):
            operator = {"^": ">=", "~": ">=", "=": "==", "": "=="}.get(operator, operator)
            parts.append(f"{operator}{version}")
        try:
            yield SpecifierSet(",".join(parts))
        except InvalidSpecifier:
            continue


# -- where a project declares Flask ---------------------------------------------------------------


def _requirement_lines(text: str) -> Iterator[str]:
    """The requirements of a requirements file: continuation lines joined, comments and pip
    options (``-r``, ``-e``, ``--hash=...``) left out."""
    for line in re.sub(r"\\\r?\n", " ", text).splitlines():
        line = re.split(r"(?:^|\s)#", line, 1)[0]
        line = re.split(r"\s-", " " + line, 1)[0].strip()
        if line:
            yield line


# What a PEP 508 requirement on Flask starts with: the name (letters, digits, ".", "_", "-"),
# which canonicalizes to "flask" only when it is "flask" in any case. Most requirements name
# something else, and this tells so without the full parse.
_NAMES_FLASK = re.compile(r"\s*flask(?![A-Za-z0-9._-])", re.IGNORECASE)


def _flask_specifiers(requirements: Iterable[str]) -> Iterator[SpecifierSet]:
    """The specifiers of the PEP 508 requirements on Flask among ``requirements``."""
    for text in requirements:
        if not _NAMES_FLASK.match(text):
            continue
        try:
            requirement = Requirement(text)
        except InvalidRequirement:
            continue
        if canonicalize_name(requirement.name) == FLASK:
            yield requirement.specifier


def _from_requirements_files(root: str) -> Iterator[tuple[SpecifierSet, str]]:
    patterns = ("requirements*.txt", "requirements*.in", os.path.join("requirements", "*.txt"), os.path.join("requirements", "*.in"))
    for pattern in patterns:
        for path in sorted(glob.glob(os.path.join(glob.escape(root), pattern))):
            for specifier in _flask_specifiers(_requirement_lines(read_text(path))):
                yield specifier, path


def _toml(path: str) -> dict:
    if not os.path.isfile(path):
        return {}
    try:
        return tomllib.loads(read_text(path))
    except (tomllib.TOMLDecodeError, UnicodeError):
        return {}  # not ours to judge here: the project's tools will say so


def _table(data: object, *keys: str) -> object:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _named_flask(table: object) -> object:
    """The value a table of ``name = constraint`` gives Flask (any spelling of the name)."""
    if not isinstance(table, dict):
        return None
    return next((value for name, value in table.items() if canonicalize_name(name) == FLASK), None)


def _constraint_text(value: object) -> str | None:
    """``"^2.0"``, or a table's ``version`` (``{version = "^2.0", extras = [...]}``)."""
    if isinstance(value, dict):
        value = value.get("version")
    return value.strip() if isinstance(value, str) else None


def _from_pyproject(root: str) -> Iterator[tuple[SpecifierSet, str]]:
    path = os.path.join(root, "pyproject.toml")
    data = _toml(path)
    dependencies = _table(data, "project", "dependencies")
    if isinstance(dependencies, list):
        for specifier in _flask_specifiers(item for item in dependencies if isinstance(item, str)):
            yield specifier, path
    constraint = _constraint_text(_named_flask(_table(data, "tool", "poetry", "dependencies")))
    if constraint is not None:
        for specifier in _poetry_specifier(constraint):
            yield specifier, path


def _from_pipfile(root: str) -> Iterator[tuple[SpecifierSet, str]]:
    path = os.path.join(root, "Pipfile")
    constraint = _constraint_text(_named_flask(_table(_toml(path), "packages")))
    if constraint is None:
        return
    try:
        yield SpecifierSet("" if constraint == "*" else constraint), path
    except InvalidSpecifier:
        return


def _from_lock_files(root: str) -> Iterator[tuple[SpecifierSet, str]]:
    """The release a lock file pins: what an install from it gets, whatever range the
    declaration beside it allows (``flask = "*"`` in the Pipfile, ``Flask==1.0.2`` in its
    lock: the app runs on 1.0). ``Pipfile.lock``'s ``default`` packages (JSON; ``develop`` is
    not what the app runs with) and ``poetry.lock``'s packages (TOML, ``version = "2.0.1"``)."""
    path = os.path.join(root, "Pipfile.lock")
    if os.path.isfile(path):
        try:
            data = json.loads(read_text(path))
        except (ValueError, UnicodeError):
            data = {}  # not ours to judge here: pipenv will say so
        constraint = _constraint_text(_named_flask(_table(data, "default")))
        if constraint is not None:
            try:
                yield SpecifierSet(constraint), path
            except InvalidSpecifier:
                pass
    path = os.path.join(root, "poetry.lock")
    packages = _table(_toml(path), "package")
    for package in packages if isinstance(packages, list) else ():
        name, version = _table(package, "name"), _table(package, "version")
        if isinstance(name, str) and canonicalize_name(name) == FLASK and isinstance(version, str):
            try:
                yield SpecifierSet(f"=={version.strip()}"), path
            except InvalidSpecifier:
                pass


def _from_setup_py(root: str) -> Iterator[tuple[SpecifierSet, str]]:
    """``install_requires`` of ``setup(...)`` when it is a literal list (or a name assigned
    one literal list at module level): read with ``ast``, never run."""
    path = os.path.join(root, "setup.py")
    if not os.path.isfile(path):
        return
    try:
        tree = ast.parse(read_text(path), path)
    except (SyntaxError, ValueError):
        return
    literals: dict[str, list[ast.expr]] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
            name = statement.targets[0].id
            literals[name] = literals.get(name, []) + [statement.value]
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and (getattr(node.func, "id", None) or getattr(node.func, "attr", None)) == "setup"):
            continue
        value = next((k.value for k in node.keywords if k.arg == "install_requires"), None)
        if isinstance(value, ast.Name) and len(literals.get(value.id, [])) == 1:
            value = literals[value.id][0]
        if not isinstance(value, (ast.List, ast.Tuple)):
            continue
        items = [item.value for item in value.elts if isinstance(item, ast.Constant) and isinstance(item.value, str)]
        for specifier in _flask_specifiers(items):
            yield specifier, path


def declared_target(root: str) -> tuple[Version, str] | None:
    """The target the project at ``root`` declares (the lowest over its declarations of
    Flask), with the file that declares it; None when it declares no Flask."""
    found: list[tuple[Version, str]] = []
    for source in (_from_requirements_files, _from_pyproject, _from_pipfile, _from_lock_files, _from_setup_py):
        for specifier, path in source(root):
            found.append((lowest_allowed(specifier), path))
    return min(found, key=lambda item: item[0]) if found else None


class TargetFinder:
    """The target version of each file, from its project's declared requirement (looked up
    once per project root); ``NEWEST_KNOWN`` for a project that declares no Flask."""

    def __init__(self) -> None:
        self._by_root: dict[str, Version] = {}
        self._root_by_folder: dict[str, str] = {}

    def for_file(self, path: str) -> Version:
        folder = os.path.dirname(os.path.abspath(path))
        root = self._root_by_folder.get(folder)
        if root is None:
            root = self._root_by_folder[folder] = project_root(path)
        target = self._by_root.get(root)
        if target is None:
            declared = declared_target(root)
            target = self._by_root[root] = declared[0] if declared is not None else NEWEST_KNOWN
        return target
