"""What a project's dependency files declare: the specifiers a file's text gives a
distribution, by the kind of file. Pure: the caller reads the text, its own way.

Two callers ask: tool/target.py, for the Flask a project must run on (plain reads at the
project root), and ``_declared_versions``, for the codemods: the releases of a library a
rewrite may count on, or whether the project depends on it at all (through ``ctx.read_file``,
so the result cache records each read). Both read every kind below: a rule fixed here is
fixed for every library.

- ``REQUIREMENTS`` (``requirements.txt``, ``requirements.in``, ``requirements/base.txt`` ...):
  one PEP 508 requirement a line; comments, pip options (``-r``, ``--hash=...``) and line
  continuations left out. A line that installs from a repository or an archive
  (``-e git+https://...#egg=Flask``, ``git+https://...#egg=Flask``) declares the
  distribution its ``egg=`` names: a checkout (below);
- ``setup.cfg``: ``install_requires`` of ``[options]``, one requirement a line;
- ``setup.py``: ``install_requires`` of ``setup(...)`` when it is a literal list (or a name
  assigned one literal list at module level), or a literal string split into its lines or
  words (``REQUIRES.strip().splitlines()``: ``_setup_py_requirement_text``), read with
  ``ast``, never run;
- ``pyproject.toml``: ``[project] dependencies``, and Poetry's ``[tool.poetry.dependencies]``
  (``^2.0``, ``~2.1``, ``2.1.3``, ``>=2.0,<3``; ``^2.2 || ^3.0`` gives one specifier per
  alternative);
- ``Pipfile``: ``[packages]`` (``"*"``, ``">=1.3"``, ``{version = "..."}``);

A checkout — code taken from where it lives instead of a release — is some release nobody
declared, possibly older than any other, so it counts as ``>=0`` (the lowest: no rewrite is
made that an older release would break, and the library is declared), in every kind of file:
a PEP 508 requirement with a URL (``flask @ https://.../archive/1.1.zip``,
``flask @ git+https://...``), a requirements line that installs from a repository or an
archive (``-e git+https://...#egg=Flask``; without ``egg=``, where the URL names it plainly:
the repository of a known project, a file named as a release, ``_requirement_locations``), and, in a Pipfile, a Pipfile.lock and Poetry's
table, a table that names where the code comes from (``git``, ``path``, ``url``, ``file``
...). A table without a ``version`` that names no such place is any release (``"*"``, as
pipenv and Poetry read ``{extras = [...]}``). Poetry's
list of constraints (one table per environment: ``[{version = "<2", python = "<3.8"}, ...]``)
gives one specifier per table: the code runs under each.
- ``Pipfile.lock`` (its ``default`` packages: ``develop`` is not what the app runs with) and
  ``poetry.lock`` (its ``[[package]]`` entries): locks.
- ``app.yaml`` of App Engine's python27 runtime: its ``libraries:`` (``- name: jinja2``,
  ``version: "2.6"``), the releases the runtime provides (``_app_engine_libraries``): pins, as
  a lock's, but the project's own choice (``PROVIDED``).

What an install gets is what a lock pins, whatever range the declaration beside it admits:
where a lock names a distribution, its pins alone decide the releases the project runs
(``as_installed``); the declaration only says where the next upgrade may go. A lock is a
``Pipfile.lock``, a ``poetry.lock``, a constraints file a requirements file includes (``-c
pins.txt``), and a requirements list that pip-compile or uv compiled (``is_compiled_list``:
its header says so, or an ``.in`` list of the same name beside it is its source, as pip-tools
lays them out: ``requirements.in`` declares, ``requirements.txt`` pins every package).

A project that *is* the distribution asked about (``setup(name="Flask", version="0.6.1")``
in ``setup.py``, ``name``/``version`` of ``setup.cfg``'s ``[metadata]``, of ``pyproject.toml``'s
``[project]`` or ``[tool.poetry]``) declares the release it is: its own code (the examples and
tests in Flask's own tree) runs on it. Where that version is no literal (``attr:
flask.__version__``, ``dynamic = ["version"]``) the tree is a checkout of a release not
declared: ``>=0``, as any checkout.

A file that does not parse declares nothing: it is not ours to judge, the project's own tools
will say so.
"""

from __future__ import annotations

import ast
import configparser
import json
import posixpath
import re
from functools import lru_cache
from typing import Callable, Iterable, Iterator, TypeVar

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from ._app_engine_libraries import APP_YAML, provided_libraries
from ._requirement_locations import named_by_location
from ._projects_kept import dropped_with_projects
from ._setup_py_requirement_text import split_requirements

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

REQUIREMENTS = "requirements"
SETUP_CFG = "setup.cfg"
SETUP_PY = "setup.py"
PYPROJECT = "pyproject.toml"
PIPFILE = "Pipfile"
PIPFILE_LOCK = "Pipfile.lock"
POETRY_LOCK = "poetry.lock"
# The kinds that are one file of that name (requirements files go by many names).
NAMED_KINDS = (PYPROJECT, PIPFILE, PIPFILE_LOCK, POETRY_LOCK, SETUP_CFG, SETUP_PY, APP_YAML)
# a constraints file a requirements file includes (``-c pins.txt``): requirement lines, a lock
CONSTRAINTS = "constraints"
# the kinds that are always locks (a requirements list is one when it was compiled)
LOCKS = (PIPFILE_LOCK, POETRY_LOCK, CONSTRAINTS)
# the kinds that pin what the platform provides, as the project chose it: read as a lock's pins,
# and also where only the project's own choices count
PROVIDED = (APP_YAML,)

# What an entry of a file holds: a PEP 508 requirement, a PEP 440 specifier, a Poetry constraint.
_PEP_508, _PEP_440, _POETRY = "pep 508", "pep 440", "poetry"
Entry = tuple[str, str, str]  # (canonical name, form, text)
T = TypeVar("T")

# The name a PEP 508 requirement starts with, told without packaging's full parse (most
# requirements name another distribution): when the full parse succeeds, its name is this
# whole run of characters (what may follow a name is none of them).
_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_POETRY_PART = re.compile(r"(\^|~=|~|==|!=|<=|>=|<|>|=)?\s*([0-9][0-9A-Za-z.*+!-]*)")


# the header pip-compile (pip-tools) and ``uv pip compile`` write above the list they compiled
_COMPILED_HEADER = re.compile(r"#.*\bautogenerated by (pip-compile|uv)\b", re.IGNORECASE)


def is_compiled_list(text: str, has_source: bool) -> bool:
    """Whether a requirements file is a list pip-compile or uv compiled (a lock): its first
    lines say so, or ``has_source``: an ``.in`` file of its name lies beside it (the caller
    looks, its own way)."""
    return has_source or compiled_by(text) is not None


def compiled_by(text: str) -> str | None:
    """The command that compiled a requirements list, as its header names it (``pip-compile``,
    ``uv pip compile``); None when its first lines name none."""
    for line in text.lstrip("\ufeff").splitlines()[:5]:
        match = _COMPILED_HEADER.match(line)
        if match is not None:
            return "uv pip compile" if match.group(1).lower() == "uv" else "pip-compile"
    return None


def lock_in_use(kind: str, beside: Callable[[str], str | None]) -> bool:
    """Whether a lock of ``kind`` is one an install reads: a ``Pipfile.lock`` where a Pipfile
    lies beside it; a ``poetry.lock`` where the ``pyproject.toml`` beside it is Poetry's (a
    ``[tool.poetry]`` table, a ``poetry`` build backend) or declares the ``[project]``
    dependencies Poetry 2 locks. Else it is a leftover of a tool the project left, which pins
    nothing (pypistats: a poetry.lock pinning Flask 1.1.2 beside a pyproject.toml that is
    neither; its Dockerfile installs a pip-compiled requirements.txt). ``beside(name)``: the
    text of a file in the lock's folder, None when there is none. Any other kind: True."""
    if kind == PIPFILE_LOCK:
        return beside(PIPFILE) is not None
    if kind != POETRY_LOCK:
        return True
    text = beside(PYPROJECT)
    data = toml_table(text) if text else {}
    if text is None or not data:
        return text is not None  # one that does not parse is not ours to judge: its lock is read
    backend = _table(data, "build-system", "build-backend")
    return (
        isinstance(_table(data, "tool", "poetry"), dict)
        or isinstance(backend, str) and backend.startswith("poetry")
        or bool(_table(data, "project", "dependencies"))
    )


def source_list(path: str) -> str | None:
    """The ``.in`` file pip-tools compiles the requirements file ``path`` from (same folder,
    same name); None when ``path`` is no ``.txt``."""
    return path[: -len(".txt")] + ".in" if path.endswith(".txt") else None


def as_installed(declared: Iterable[tuple[bool, T]]) -> list[T]:
    """Of what a project's files give for one distribution, each with whether it comes from a
    lock: what decides the releases it runs. The locks' entries when a lock names it (what an
    install gets), else every declaration's (the code must run under each)."""
    declared = list(declared)
    pinned = [value for pins, value in declared if pins]
    return pinned or [value for _pins, value in declared]


def included_lists(name: str, text: str) -> Iterator[tuple[str, str]]:
    """The lists requirements file ``name`` includes, relative to its folder as ``name`` is,
    with their kind: ``-r base.txt`` / ``--requirement=...`` (what they declare, the project
    declares) and constraints ``-c pins.txt`` (pins, as a lock's: what they name is installed
    only if something asks for it)."""
    for line in text.splitlines():
        match = _INCLUDE.match(line)
        if match is not None:
            option, target = match.group(1) or match.group(2), match.group(3)
            path = posixpath.normpath(posixpath.join(posixpath.dirname(name), target))
            if not path.startswith("/") and "://" not in target:
                yield path, (CONSTRAINTS if option in ("-c", "--constraint") else REQUIREMENTS)


# an include line as pip reads it: ``-r base.txt``, ``-rbase.txt``, ``--requirement=base.txt``,
# ``--requirement base.txt`` (and ``-c`` / ``--constraint`` alike), a comment after it
_INCLUDE = re.compile(r"\s*(?:(-r|-c)\s*|(--requirement|--constraint)(?:\s*=\s*|\s+))([^\s#]+)\s*(?:#.*)?$")


def specifiers_in(kind: str, text: str, distribution: str) -> list[SpecifierSet]:
    """The specifiers ``text``, a file of ``kind``, declares for ``distribution`` (any
    spelling of its name); empty when it names it nowhere. A byte-order mark before the
    first line (a file saved as UTF-8 with one) is no part of it."""
    wanted = canonicalize_name(distribution)
    found: list[SpecifierSet] = []
    for name, form, constraint in _entries(kind, text.removeprefix("\ufeff")):
        if name == wanted:
            found.extend(_specifiers(form, constraint, wanted))
    return found


def names_in(kind: str, text: str) -> set[str]:
    """The distributions (canonical names) ``text``, a file of ``kind``, declares: as
    ``specifiers_in`` reads it, for a writer that must not declare one twice."""
    return {name for name, _form, _constraint in _entries(kind, text.removeprefix("\ufeff"))}


@lru_cache(maxsize=16)  # a file is asked about once per library and per file that reads it
def _entries(kind: str, text: str) -> tuple[Entry, ...]:
    return tuple(_PARSERS[kind](text))


dropped_with_projects(_entries.cache_clear)  # (kept by text: of no use to the next project)


def _specifiers(form: str, constraint: str, wanted: str) -> Iterator[SpecifierSet]:
    if form == _POETRY:
        yield from _poetry_specifiers(constraint)
        return
    try:
        if form == _PEP_508:
            requirement = Requirement(constraint)
            if canonicalize_name(requirement.name) == wanted:
                # a URL (flask @ https://...) installs a checkout: a release nobody declared
                yield SpecifierSet(UNKNOWN_RELEASE) if requirement.url else requirement.specifier
        else:
            yield SpecifierSet("" if constraint == "*" else constraint)
    except (InvalidRequirement, InvalidSpecifier):
        return


def _poetry_specifiers(constraint: str) -> Iterator[SpecifierSet]:
    """Poetry's constraint as PEP 440 specifiers, one per alternative; a caret or tilde range
    keeps its lower bound (``^2.0`` -> ``>=2.0``), a bare version is exact."""
    for alternative in constraint.split("||"):
        parts = []
        for operator, version in _POETRY_PART.findall(alternative):
            operator = {"^": ">=", "~": ">=", "=": "==", "": "=="}.get(operator, operator)
            parts.append(f"{operator}{version}")
        try:
            yield SpecifierSet(",".join(parts))
        except InvalidSpecifier:
            continue


# -- the entries of each kind ---------------------------------------------------------------------


def _requirements(requirements: Iterable[str]) -> Iterator[Entry]:
    for text in requirements:
        match = _NAME.match(text)
        if match:
            yield canonicalize_name(match.group(1)), _PEP_508, text


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


def _requirements_file(text: str) -> Iterator[Entry]:
    checkouts: list[str] = []
    yield from _requirements(_requirement_lines(text, checkouts))
    for name in checkouts:
        yield canonicalize_name(name), _PEP_440, UNKNOWN_RELEASE


def _itself(name: object, version: object) -> Iterator[Entry]:
    """The entry of a project that is a distribution itself: its own release, exactly; a
    checkout of a release not declared (``UNKNOWN_RELEASE``) when its version is no literal."""
    if not isinstance(name, str) or not name.strip():
        return
    if isinstance(version, str) and version.strip()[:1].isdigit():
        yield canonicalize_name(name.strip()), _PEP_440, f"=={version.strip()}"
    else:
        yield canonicalize_name(name.strip()), _PEP_440, UNKNOWN_RELEASE


def _setup_cfg(text: str) -> Iterator[Entry]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return
    yield from _itself(parser.get("metadata", "name", fallback=None), parser.get("metadata", "version", fallback=None))
    yield from _requirements(_requirement_lines(parser.get("options", "install_requires", fallback="")))


def _setup_py(text: str) -> Iterator[Entry]:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return
    literals: dict[str, list[ast.expr]] = {}
    for statement in tree.body:
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


def _table(data: object, *keys: str) -> object:
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


def _pyproject(text: str) -> Iterator[Entry]:
    data = toml_table(text)
    for table in (("project",), ("tool", "poetry")):
        yield from _itself(_table(data, *table, "name"), _table(data, *table, "version"))
    dependencies = _table(data, "project", "dependencies")
    if isinstance(dependencies, list):
        yield from _requirements(item for item in dependencies if isinstance(item, str))
    yield from _named(_table(data, "tool", "poetry", "dependencies"), _POETRY)


def _pipfile(text: str) -> Iterator[Entry]:
    return _named(_table(toml_table(text), "packages"), _PEP_440)


def _pipfile_lock(text: str) -> Iterator[Entry]:
    try:
        data = json.loads(text)
    except ValueError:
        return iter(())
    return _named(_table(data, "default"), _PEP_440)


def _poetry_lock(text: str) -> Iterator[Entry]:
    packages = _table(toml_table(text), "package")
    for package in packages if isinstance(packages, list) else ():
        name, version = _table(package, "name"), _table(package, "version")
        if isinstance(name, str) and isinstance(version, str):
            yield canonicalize_name(name), _PEP_440, f"=={version.strip()}"


def _app_yaml(text: str) -> Iterator[Entry]:
    for name, specifier in provided_libraries(text):
        yield name, _PEP_440, specifier


_PARSERS = {
    APP_YAML: _app_yaml,
    REQUIREMENTS: _requirements_file,
    CONSTRAINTS: _requirements_file,
    SETUP_CFG: _setup_cfg,
    SETUP_PY: _setup_py,
    PYPROJECT: _pyproject,
    PIPFILE: _pipfile,
    PIPFILE_LOCK: _pipfile_lock,
    POETRY_LOCK: _poetry_lock,
}
