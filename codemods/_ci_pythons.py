"""The Pythons a project's CI runs its tests on, read from its configuration (for
``_declared_python``): each entry is a Python named one by one, as (major, minor), or None
for an entry that names none that can be read (``pypy3``, ``nightly``, ``3.x``, a matrix
built by an expression), which leaves the newest Python unknown. Pure: the caller reads the
texts.

- ``.travis.yml``: every ``python`` key (top-level, or a job's in a ``matrix:`` / ``jobs:``
  ``include:`` list, in block or flow style: ``- {env: X=1, python: 2.7}``), a scalar or a
  list; and the tox environments its jobs run (``TOXENV=py27``);
- tox's ``envlist`` (``py27``, ``py3{5,6}``);
- GitHub Actions workflows (``.github/workflows/*.yml``): the ``python-version`` of each
  ``actions/setup-python`` step, a scalar or ``${{ matrix.KEY }}``, which takes the values of
  its job's ``strategy.matrix`` list for ``KEY`` that some combination its ``exclude`` entries
  leave runs with, and of its ``include`` entries; or, with no ``python-version``, the
  versions in the file its ``python-version-file`` names (``.python-version``, asdf's
  ``.tool-versions``; the caller passes the texts), unknown for a ``pyproject.toml``.

YAML is read with PyYAML's base loader, which keeps every scalar as written (``3.10`` stays
3.10, where a float would be 3.1). A file that does not parse gives one entry not read.
"""

from __future__ import annotations

import itertools
import posixpath
import re
from functools import lru_cache
from typing import Mapping

from ._projects_kept import dropped_with_projects

# tox environments a Travis job names (``env: TOXENV=py27``)
_TRAVIS_TOXENV = re.compile(r"\bTOXENV=[\"']?([\w{},.-]+)")
# tox's envlist (in [tox]), up to the next key or section
_TOX_ENVLIST = re.compile(r"(?ms)^\[tox\][^\[]*?^envlist\s*=\s*(.*?)(?=^\S|\Z)")
# ``${{ matrix.python-version }}``: the matrix key a step's value names
_MATRIX_VALUE = re.compile(r"\$\{\{\s*matrix\.([\w-]+)\s*\}\}")
# setup-python's versions: ``3.8``, ``3.10.4``, ``pypy3.9``, ``pypy-3.9``, ``3.11-dev``
_SETUP_PYTHON_VERSION = re.compile(r"(?:pypy-?)?(\d+)\.(\d+)(?:[.\-][\w.\-]*)?")

Version = tuple[int, ...]


def _number(digits: str) -> int:
    """A version's part as a number; a part of more than nine digits reads as one above every
    release (and never reaches ``int()``'s limit)."""
    return int(digits) if len(digits) <= 9 else 10**9


@lru_cache(maxsize=256)
def _yaml(text: str) -> object:
    """The document ``text`` holds, every scalar a string; ``_UNREAD`` when it does not parse."""
    import yaml  # lazy: only a project with a CI file parses one

    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - the base loader builds no object
    except (yaml.YAMLError, ValueError, RecursionError):
        return _UNREAD


dropped_with_projects(_yaml.cache_clear)  # (kept by text: of no use to the next project)


_UNREAD = object()


def travis_versions(text: str) -> list[Version | None]:
    """The Pythons ``.travis.yml``'s ``python`` keys name (``"2.6"``, ``3.6-dev``; ``pypy`` is
    2.7, ``pypy3.5`` 3.5), and the tox environments its jobs run (``TOXENV=py27``)."""
    versions = [version for names in _TRAVIS_TOXENV.findall(text) for version in tox_env_versions(names)]
    document = _yaml(text)
    if document is _UNREAD:
        return [*versions, None]
    for value in _values_of(document, "python"):
        for entry in value if isinstance(value, list) else [value]:
            if entry != "":  # ``python:`` with nothing after it
                versions.append(_travis_entry(entry))
    return versions


def _values_of(node: object, key: str) -> list[object]:
    """The values of every ``key`` of every mapping in ``node``, depth first; a mapping or list
    an alias repeats is walked once (nested aliases would repeat it exponentially)."""
    found: list[object] = []
    stack = [node]
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if isinstance(current, (dict, list)):
            if id(current) in seen:
                continue
            seen.add(id(current))
        if isinstance(current, dict):
            if key in current:
                found.append(current[key])
            stack.extend(value for name, value in current.items() if name != key)
        elif isinstance(current, list):
            stack.extend(current)
    return found


def _travis_entry(entry: object) -> Version | None:
    if not isinstance(entry, str):
        return None
    entry = entry.strip().strip("\"'")
    match = re.match(r"(?:pypy)?(\d+)\.(\d+)", entry)
    if match is not None:
        return (_number(match.group(1)), _number(match.group(2)))
    return (2, 7) if entry == "pypy" else None


def tox_versions(text: str) -> list[Version | None]:
    """The Pythons tox's ``envlist`` names: ``py27``, ``py3.6``, ``py{27,36}-flask1``; ``pypy``
    is 2.7 (``py3``, ``pypy3``, ``flake8`` name no version and are passed over)."""
    found = _TOX_ENVLIST.search(text)
    return tox_env_versions(found.group(1)) if found is not None else []


def tox_env_versions(envlist: str) -> list[Version | None]:
    """The Pythons a list of tox environments names (``py27,py36``, ``py{27,36}-flask1``,
    ``py3{5,6}``); None for one that names no version we can read (``py3``, ``pypy3``)."""
    # expand one level of braces after "py" or "pyN": py{27,36} -> py27 py36, py3{5,6} -> py35 py36
    names = re.sub(
        r"py(\d?)\{([^}]*)\}", lambda m: " ".join(f"py{m.group(1)}{part.strip()}" for part in m.group(2).split(",")), envlist
    )
    versions: list[Version | None] = []
    for match in re.finditer(r"(?<![A-Za-z0-9])(pypy|py)(\d)\.?(\d+)?(?![\d])", names):
        kind, major, minor = match.groups()
        versions.append((_number(major), _number(minor)) if minor is not None else None)
    versions += [(2, 7) for _ in re.finditer(r"(?<![A-Za-z0-9])pypy(?![\d.])", names)]
    if re.search(r"(?<![A-Za-z0-9])py\d*\{", names):  # braces not read (nested)
        versions.append(None)
    return versions


def workflow_versions(text: str, files: Mapping[str, str] | None = None) -> list[Version | None]:
    """The Pythons a GitHub Actions workflow's ``actions/setup-python`` steps install, in the
    jobs that run the project's tests (``_runs_tests``); ``files``: the texts of the files of
    the folder that holds ``.github``, by name, where a ``python-version-file`` is read."""
    document = _yaml(text)
    if document is _UNREAD:
        return [None]
    jobs = document.get("jobs") if isinstance(document, dict) else None
    versions: list[Version | None] = []
    for job in jobs.values() if isinstance(jobs, dict) else ():
        if not isinstance(job, dict) or not _runs_tests(job):
            continue  # a job that builds, publishes or lints says nothing of the Pythons the code runs on
        steps = job.get("steps")
        for step in steps if isinstance(steps, list) else ():
            uses = step.get("uses") if isinstance(step, dict) else None
            if not (isinstance(uses, str) and uses.split("@")[0].strip().lower() == "actions/setup-python"):
                continue
            given = step.get("with")
            value = given.get("python-version") if isinstance(given, dict) else None
            named_file = given.get("python-version-file") if isinstance(given, dict) else None
            if value is None and isinstance(named_file, str):  # python-version, given, comes first
                versions += _version_file_versions(named_file, files or {})
            else:
                versions += _setup_python_versions(value, job)
    return versions


def version_files(text: str) -> list[str]:
    """The files the ``python-version-file`` of a workflow's setup-python steps name, relative
    to the folder that holds ``.github`` (where the workflow's checkout is)."""
    document = _yaml(text)
    named = [given.get("python-version-file") for given in _values_of(document, "with") if isinstance(given, dict)] if document is not _UNREAD else []
    return [path for path in map(_relative, named) if path is not None]


def _relative(path: object) -> str | None:
    """``path`` as the folder's files are named (``./ci/.python-version`` -> ``ci/.python-version``);
    None for one outside the folder or computed."""
    if not isinstance(path, str) or not path.strip() or "${{" in path:
        return None
    normal = posixpath.normpath(path.strip())
    return None if normal.startswith(("/", "..")) or normal == "." else normal


def _version_file_versions(path: str, files: Mapping[str, str]) -> list[Version | None]:
    """The Pythons the file a setup-python step's ``python-version-file`` names holds, read as
    setup-python reads it: ``.tool-versions``' ``python`` line (asdf), else one version a line
    (``.python-version``); unknown for a file not read and for ``pyproject.toml`` (its
    ``requires-python`` is a range: the project's declaration, read as such)."""
    relative = _relative(path)
    text = files.get(relative) if relative is not None else None
    if text is None or relative.endswith(".toml"):  # type: ignore[union-attr]
        return [None]
    if posixpath.basename(relative) == ".tool-versions":  # type: ignore[arg-type]
        lines = [line.split()[1:] for line in text.splitlines() if line.split()[:1] == ["python"]]
        entries = [entry for line in lines for entry in line]
    else:
        entries = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [_setup_python_entry(entry.strip().removeprefix("python-")) for entry in entries] or [None]


# a step that runs tests: pytest, tox, nox, unittest, nose, coverage, ``manage.py test``,
# ``setup.py test``, ``make test`` / ``make check``
_TEST_COMMAND = re.compile(
    r"\b(?:py\.?test|tox|nox|unittest|nosetests|nose2?|coverage|(?:manage|setup)\.py\s+test|make\s+(?:test|check)\w*)\b"
)


def _runs_tests(job: dict) -> bool:
    """Whether one of ``job``'s steps runs a test command (a ``run:`` script that names one)."""
    steps = job.get("steps")
    for step in steps if isinstance(steps, list) else ():
        script = step.get("run") if isinstance(step, dict) else None
        if isinstance(script, str) and _TEST_COMMAND.search(script):
            return True
    return False


def _setup_python_versions(value: object, job: dict) -> list[Version | None]:
    """The Pythons one setup-python step's ``python-version`` names (a version a line, or a
    list, as setup-python reads it), a matrix key's values resolved in ``job``."""
    if isinstance(value, list):
        return [version for item in value for version in _setup_python_versions(item, job)]
    if not isinstance(value, str) or not value.strip():
        return [None]  # none given (the runner's own, or python-version-file): not read here
    matrix_key = _MATRIX_VALUE.fullmatch(value.strip())
    if matrix_key is not None:
        return _matrix_versions(job, matrix_key.group(1))
    if "${{" in value:
        return [None]
    return [_setup_python_entry(line) for line in value.splitlines() if line.strip()]


def _matrix_versions(job: dict, key: str) -> list[Version | None]:
    strategy = job.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, dict) else None
    if not isinstance(matrix, dict):
        return [None]  # an expression (fromJSON ...): not read
    values: list[object] = []
    listed = matrix.get(key)
    if isinstance(listed, list):
        values += _not_excluded(matrix, key)
    elif listed is not None:
        values.append(listed)  # a scalar, or an expression
    include = matrix.get("include")
    for entry in include if isinstance(include, list) else ():
        if isinstance(entry, dict) and key in entry:
            values.append(entry[key])
    versions = [_setup_python_entry(value) if isinstance(value, str) and "${{" not in value else None for value in values]
    if not versions or not (isinstance(include, list) or include is None):
        versions.append(None)  # no value, or include entries built by an expression: not read
    return versions


# the most combinations of a matrix whose exclusions are worked out
_MATRIX_LIMIT = 4096


def _not_excluded(matrix: dict, key: str) -> list[object]:
    """The values of the matrix list ``key`` that some combination left by the ``exclude``
    entries runs with (an entry takes out every combination it matches on each of its keys);
    all of them where the exclusions or the matrix cannot be read (computed, too large)."""
    listed = matrix[key]
    exclude = matrix.get("exclude")
    if exclude is None:
        return listed
    dimensions = {name: value for name, value in matrix.items() if name not in ("include", "exclude")}
    sizes = [len(value) if isinstance(value, list) else 0 for value in dimensions.values()]
    readable = isinstance(exclude, list) and all(isinstance(entry, dict) and entry for entry in exclude)
    if not readable or 0 in sizes or _product(sizes) > _MATRIX_LIMIT:
        return listed
    names = list(dimensions)
    kept: list[object] = []
    for combination in itertools.product(*dimensions.values()):
        chosen = dict(zip(names, combination))
        if not any(all(name in chosen and chosen[name] == value for name, value in entry.items()) for entry in exclude):
            if chosen[key] not in kept:
                kept.append(chosen[key])
    return kept


def _product(sizes: list[int]) -> int:
    total = 1
    for size in sizes:
        total *= size
        if total > _MATRIX_LIMIT:
            break
    return total


def _setup_python_entry(entry: str) -> Version | None:
    entry = entry.strip().strip("\"'")
    match = _SETUP_PYTHON_VERSION.fullmatch(entry)
    return (_number(match.group(1)), _number(match.group(2))) if match is not None else None
