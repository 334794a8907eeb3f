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
  assigned one literal list at module level, its ``if`` and ``try`` blocks included:
  ``if __name__ == "__main__":`` is how ``pip install .`` runs it), or a literal string split into its lines or
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

import posixpath
import re
from functools import lru_cache
from typing import Callable, Iterable, Iterator, TypeVar

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from ._app_engine_libraries import APP_YAML
from ._dependency_files_entries import (
    Entry,
    PEP_508,
    POETRY,
    UNKNOWN_RELEASE,
    app_yaml_entries,
    nested_value,
    pipfile_entries,
    pipfile_lock_entries,
    poetry_lock_entries,
    pyproject_entries,
    requirements_entries,
    setup_cfg_entries,
    setup_py_entries,
    toml_table,
)
from ._projects_kept import dropped_with_projects

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

T = TypeVar("T")
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
    backend = nested_value(data, "build-system", "build-backend")
    return (
        isinstance(nested_value(data, "tool", "poetry"), dict)
        or isinstance(backend, str) and backend.startswith("poetry")
        or bool(nested_value(data, "project", "dependencies"))
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
    if form == POETRY:
        yield from _poetry_specifiers(constraint)
        return
    try:
        if form == PEP_508:
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


# the parser of each kind (``_dependency_files_entries``)
_PARSERS = {
    APP_YAML: app_yaml_entries,
    REQUIREMENTS: requirements_entries,
    CONSTRAINTS: requirements_entries,
    SETUP_CFG: setup_cfg_entries,
    SETUP_PY: setup_py_entries,
    PYPROJECT: pyproject_entries,
    PIPFILE: pipfile_entries,
    PIPFILE_LOCK: pipfile_lock_entries,
    POETRY_LOCK: poetry_lock_entries,
}
