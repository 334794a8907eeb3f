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
  its job's ``strategy.matrix`` list for ``KEY`` and of its ``include`` entries.

YAML is read with PyYAML's base loader, which keeps every scalar as written (``3.10`` stays
3.10, where a float would be 3.1). A file that does not parse gives one entry not read.
"""

from __future__ import annotations

import re
from functools import lru_cache

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


def workflow_versions(text: str) -> list[Version | None]:
    """The Pythons a GitHub Actions workflow's ``actions/setup-python`` steps install, in the
    jobs that run the project's tests (``_runs_tests``)."""
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
            versions += _setup_python_versions(value, job)
    return versions


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
        values += listed
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


def _setup_python_entry(entry: str) -> Version | None:
    entry = entry.strip().strip("\"'")
    match = _SETUP_PYTHON_VERSION.fullmatch(entry)
    return (_number(match.group(1)), _number(match.group(2))) if match is not None else None
