"""The entries each kind of dependency file declares (``_dependency_files`` reads them): a
distribution's canonical name, the form of its constraint (a PEP 508 requirement, a PEP 440
specifier, a Poetry constraint) and the constraint's text. Requirement lines with their
options, comments, continuations and checkouts; ``setup.cfg`` and ``setup.py`` (read with
``ast``, never run); the tables of ``pyproject.toml``, ``Pipfile``, ``Pipfile.lock`` and
``poetry.lock``; the libraries of App Engine's ``app.yaml``. A file that does not parse gives
none."""

from __future__ import annotations

import ast
import configparser
import json
import re
from typing import Iterable, Iterator

from packaging.utils import canonicalize_name

from ._app_engine_libraries import provided_libraries
from ._requirement_locations import named_by_location
from ._setup_py_requirement_text import split_requirements
from ._statement_walk import module_statements

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]


# What an entry of a file holds: a PEP 508 requirement, a PEP 440 specifier, a Poetry constraint.
PEP_508, PEP_440, POETRY = "pep 508", "pep 440", "poetry"
Entry = tuple[str, str, str]  # (canonical name, form, text)


# The name a PEP 508 requirement starts with, told without packaging's full parse (most
# requirements name another distribution): when the full parse succeeds, its name is this
# whole run of characters (what may follow a name is none of them).
_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _requirements(requirements: Iterable[str]) -> Iterator[Entry]:
    for text in requirements:
        match = _NAME.match(text)
        if match:
            yield canonicalize_name(match.group(1)), PEP_508, text


def _requirement_lines(text: str, checkouts: list[str] | None = None) -> Iterator[str]:
    """The requirements of a requirements file: continuation lines joined, comments and pip
    options (``-r``, ``-e``, ``--hash=...``) left out. ``checkouts``, when given, gets the
    names a line that installs from a repository or an archive gives with ``egg=``."""
    for line in re.sub(r"\\\r?\n", " ", text).splitlines():
        line = re.split(r"(?:^|\s)#", line, maxsplit=1)[0]
        checkout = _CHECKOUT.match(line)
        if checkout is not None:
            egg = _EGG.search(checkout.group(1))
            named = egg.group(1) if egg is not None else named_by_location(checkout.group(1))
            if named is not None and checkouts is not None:
                checkouts.append(named)
            continue
        line = re.split(r"\s-", " " + line, maxsplit=1)[0].strip()
        if line:
            yield line


# a line that installs from where the code lives (``-e git+https://...``, ``https://.../x.zip``,
# ``-e ./vendor/flask``): its first word after the option, with the ``#egg=`` fragment
_CHECKOUT = re.compile(r"\s*(?:(?:-e|--editable)(?:\s*=\s*|\s+))?((?:[A-Za-z][A-Za-z0-9+.-]*://|(?:git|hg|svn|bzr)\+|\.|/)\S*)")


_EGG = re.compile(r"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")


def requirements_entries(text: str) -> Iterator[Entry]:
    checkouts: list[str] = []
    yield from _requirements(_requirement_lines(text, checkouts))
    for name in checkouts:
        yield canonicalize_name(name), PEP_440, UNKNOWN_RELEASE


def _itself(name: object, version: object) -> Iterator[Entry]:
    """The entry of a project that is a distribution itself: its own release, exactly; a
    checkout of a release not declared (``UNKNOWN_RELEASE``) when its version is no literal."""
    if not isinstance(name, str) or not name.strip():
        return
    if isinstance(version, str) and version.strip()[:1].isdigit():
        yield canonicalize_name(name.strip()), PEP_440, f"=={version.strip()}"
    else:
        yield canonicalize_name(name.strip()), PEP_440, UNKNOWN_RELEASE


def setup_cfg_entries(text: str) -> Iterator[Entry]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return
    yield from _itself(parser.get("metadata", "name", fallback=None), parser.get("metadata", "version", fallback=None))
    yield from _requirements(_requirement_lines(parser.get("options", "install_requires", fallback="")))


def setup_py_entries(text: str) -> Iterator[Entry]:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return
    # the names the module binds as it runs, also in its ``if`` and ``try`` blocks: a list
    # assigned under ``if __name__ == "__main__":`` is what ``pip install .`` reads
    literals: dict[str, list[ast.expr]] = {}
    for statement in module_statements(tree.body):
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
            literals.setdefault(statement.targets[0].id, []).append(statement.value)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and (getattr(node.func, "id", None) or getattr(node.func, "attr", None)) == "setup"):
            continue
        given = {k.arg: k.value.value for k in node.keywords if isinstance(k.value, ast.Constant)}
        yield from _itself(given.get("name"), given.get("version"))
        value = next((k.value for k in node.keywords if k.arg == "install_requires"), None)
        if isinstance(value, ast.Name) and len(literals.get(value.id, [])) == 1:
            value = literals[value.id][0]
        if (split := split_requirements(value, literals)) is not None:  # REQUIRES.strip().splitlines()
            text, by_lines = split
            yield from _requirements(_requirement_lines(text) if by_lines else text.split())
        if isinstance(value, (ast.List, ast.Tuple)):
            yield from _requirements(item.value for item in value.elts if isinstance(item, ast.Constant) and isinstance(item.value, str))


def toml_table(text: str) -> dict:
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeError):
        return {}


def nested_value(data: object, *keys: str) -> object:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _named(table: object, form: str) -> Iterator[Entry]:
    """The entries of a table of ``name = constraint``: a string, a table (``_table_constraint``)
    or Poetry's list of tables, one entry each."""
    for name, value in table.items() if isinstance(table, dict) else ():
        if not isinstance(name, str):
            continue
        if isinstance(value, str):
            yield canonicalize_name(name), form, value.strip()
            continue
        for one in value if isinstance(value, list) else [value]:
            constraint = _table_constraint(one) if isinstance(one, dict) else None
            if constraint is not None:
                yield canonicalize_name(name), form, constraint


# keys of a dependency's table that say where its code comes from instead of which release
_SOURCES = ("git", "hg", "svn", "bzr", "path", "url", "uri", "file")


# a release nobody declared (a checkout): possibly the lowest of all
UNKNOWN_RELEASE = ">=0"


def _table_constraint(value: dict) -> str | None:
    """A dependency's table as a constraint: ``UNKNOWN_RELEASE`` for a checkout, else its
    ``version`` (None when that is no string), else any release (``"*"``)."""
    if any(key in value for key in _SOURCES):
        return UNKNOWN_RELEASE
    if "version" in value:
        version = value["version"]
        return version.strip() if isinstance(version, str) else None
    return "*"


def pyproject_entries(text: str) -> Iterator[Entry]:
    data = toml_table(text)
    for table in (("project",), ("tool", "poetry")):
        yield from _itself(nested_value(data, *table, "name"), nested_value(data, *table, "version"))
    dependencies = nested_value(data, "project", "dependencies")
    if isinstance(dependencies, list):
        yield from _requirements(item for item in dependencies if isinstance(item, str))
    yield from _named(nested_value(data, "tool", "poetry", "dependencies"), POETRY)


def pipfile_entries(text: str) -> Iterator[Entry]:
    return _named(nested_value(toml_table(text), "packages"), PEP_440)


def pipfile_lock_entries(text: str) -> Iterator[Entry]:
    try:
        data = json.loads(text)
    except ValueError:
        return iter(())
    return _named(nested_value(data, "default"), PEP_440)


def poetry_lock_entries(text: str) -> Iterator[Entry]:
    packages = nested_value(toml_table(text), "package")
    for package in packages if isinstance(packages, list) else ():
        name, version = nested_value(package, "name"), nested_value(package, "version")
        if isinstance(name, str) and isinstance(version, str):
            yield canonicalize_name(name), PEP_440, f"=={version.strip()}"


def app_yaml_entries(text: str) -> Iterator[Entry]:
    for name, specifier in provided_libraries(text):
        yield name, PEP_440, specifier
