"""The oldest Python a project declares it runs on.

Read from what the project declares, never from the Python running the tool: ``runtime.txt``
and ``.python-version`` (one version: ``python-3.12.0``, ``3.11.4``), ``requires-python`` in
``pyproject.toml``, ``python_requires`` in ``setup.py`` or ``setup.cfg``, a Pipfile's
``python_version``, Poetry's ``python``, the ``Programming Language :: Python :: X.Y``
classifiers (``:: 2`` alone, or ``:: 2 :: Only``, is a Python 2.7), Google App Engine's
``app.yaml`` (``runtime: python27`` is 2.7, ``python39`` 3.9; the flexible environment's
``runtime: python`` names none), and the Pythons its CI
runs its tests on: ``.travis.yml``'s ``python:`` keys (top-level, or a job's in a ``matrix:``
or ``jobs:`` ``include:`` list) and ``TOXENV=py27`` jobs, and tox's ``envlist`` (GitHub
Actions workflows are not read). The answer is the lowest version any of them allows; None
when none declares one, or one allows any version (``<4``) or names none that can be read:
then any Python the code may meet must be assumed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._nearest_folder import nearest_answer

if TYPE_CHECKING:
    from ._base import Context

# files that hold one version
PYTHON_FILES = ("runtime.txt", ".python-version")
# files whose declarations may name the Python (beside PYTHON_FILES)
PYTHON_DECLARING = ("pyproject.toml", "setup.py", "setup.cfg", "Pipfile")
# the CI configurations whose Pythons count as declared
PYTHON_CI = (".travis.yml", "tox.ini")
# the deployment files that name the runtime's Python: App Engine's standard environment
PYTHON_RUNTIMES = ("app.yaml",)
# every file read for the declared Python
DECLARING_FILES = (*PYTHON_DECLARING, *PYTHON_FILES, *PYTHON_CI, *PYTHON_RUNTIMES)
# runtime: python27, python311 (standard environment); runtime: python (flexible: its own key)
_APP_ENGINE_RUNTIME = re.compile(r"(?m)^runtime:[ \t]*['\"]?python(\d)?(\d+)?\b")
# requires-python = ">=3.9", python_requires=">=3.8" (unquoted in setup.cfg), python_version =
# "3.11", python = "^3.10"
# the keys that declare the project's Python in each file: a Pipfile's ``python_version``, but
# not mypy's (``[mypy] python_version = 3.11`` in setup.cfg: the version it checks against)
_SPEC_KEYS = {
    "pyproject.toml": ("requires-python", "requires_python", "python"),
    "setup.py": ("python_requires",),
    "setup.cfg": ("python_requires",),
    "Pipfile": ("python_version", "python_full_version"),
}
_KEYED_SPEC = re.compile(r"""\b(requires[-_]python|python_requires|python_full_version|python_version|python)\s*=\s*["']?([^"'\n]*)""")
_CLASSIFIER = re.compile(r"Programming Language :: Python :: (\d+\.\d+)")  # not "3" nor "3 :: Only"
# "Python :: 2" or "Python :: 2 :: Only": some Python 2, which can only be 2.6 or 2.7 today
_CLASSIFIER_PYTHON_2 = re.compile(r"Programming Language :: Python :: 2\b(?!\.)")
# "Python :: 3" or "Python :: 3 :: Only": some Python 3, which one not said
_CLASSIFIER_PYTHON_3 = re.compile(r"Programming Language :: Python :: 3\b(?!\.)")
_CLAUSE = re.compile(r"([<>=!~^]=?)\s*([\d.]+)")


def _number(digits: str) -> int:
    """A version's part as a number; a part of more than nine digits (no real version's, and
    too long for ``int()`` past 4,300 digits) reads as one above every release."""
    return int(digits) if len(digits) <= 9 else 10**9


def _version(text: str) -> tuple[int, ...]:
    return tuple(_number(part) for part in text.split(".") if part.isdigit())


def lowest_python(texts: dict[str, str]) -> tuple[int, ...] | None:
    """The lowest Python the declarations in ``texts`` (file name → text, of one folder) allow;
    None when none declares one we can read. A declaration that cannot be read (``python_requires=
    PYTHON_REQUIRES``, a ``.python-version`` of ``system``) is passed over: the others still say
    what they say. Texts of other files (a requirements file, ``.env``) are passed over."""
    declared = python_range(texts)
    return declared[0] if declared is not None else None


def python_range(texts: dict[str, str]) -> tuple[tuple[int, ...], tuple[int, ...] | None] | None:
    """The lowest Python the declarations in ``texts`` allow (``lowest_python``), with the
    newest they name when each of them names its Pythons one by one (``runtime.txt``,
    ``.python-version``, classifiers, CI lists: a project tested on 2.7 only declares no 3.x)
    and every one of those was read; None for the newest where a specifier
    (``python_requires='>=2.7'``) allows every newer one, or an entry was not read."""
    floors: list[tuple[int, ...]] = []
    named: list[tuple[int, ...] | None] = []  # the versions named one by one
    open_ended = False
    for name, text in texts.items():
        if name in PYTHON_FILES:  # python-3.12.0, 3.11.4, pypy3.9; pyenv's file: one a line
            for line in text.splitlines() if name == ".python-version" else [text]:
                if line.strip() and not line.lstrip().startswith("#"):
                    found = re.search(r"(\d+)\.(\d+)", line)
                    named.append((_number(found.group(1)), _number(found.group(2))) if found is not None else None)
        elif name in PYTHON_DECLARING:
            named += [_version(version) for version in _CLASSIFIER.findall(text)]
            named += [(2, 7) for _ in _CLASSIFIER_PYTHON_2.findall(text)]
            named += [None for _ in _CLASSIFIER_PYTHON_3.findall(text)]
            for spec in (spec for key, spec in _KEYED_SPEC.findall(text) if key in _SPEC_KEYS[name]):
                bounds = [_version(version) for op, version in _CLAUSE.findall(spec) if op not in ("<", "<=", "!=")]
                bounds += [_version(version) for version in re.findall(r"^\s*(\d[\d.]*)", spec)]  # "3.11"
                open_ended = True
                if bounds:  # else a name, a call: what it allows cannot be read here
                    floors.append(min(bounds))
        elif name in PYTHON_RUNTIMES:
            found = _APP_ENGINE_RUNTIME.search(text)
            if found is not None:  # an app.yaml of another runtime (go, nodejs) names no Python
                major, minor = found.groups()
                named.append((_number(major), _number(minor)) if major and minor else None)
        elif name in PYTHON_CI:
            named += _travis_versions(text) if name == ".travis.yml" else _tox_versions(text)
    read = [version for version in named if version is not None]
    floors += read
    if not floors:
        return None
    return min(floors), None if open_ended or None in named or not read else max(read)


def declared_python(ctx: Context) -> tuple[int, ...] | None:
    """The lowest Python the project declares (see ``lowest_python``), read in the nearest
    folder, from the transformed file's up to the project root, whose files declare one we
    can read; None when there is none."""
    declared = declared_python_range(ctx)
    return declared[0] if declared is not None else None


def declared_python_range(ctx: Context) -> tuple[tuple[int, ...], tuple[int, ...] | None] | None:
    """The lowest and the newest Python the project declares (``python_range``), read as
    ``declared_python`` reads them: a folder whose files declare none (a ``setup.cfg`` of
    ``[flake8]`` only, a ``tox.ini`` of ``[pytest]``) is passed, to the folder above."""
    return nearest_answer(ctx, DECLARING_FILES, python_range)


# Travis CI's ``python:`` keys, top-level or a job's (``matrix:``/``jobs:`` ``include:`` lists):
# a scalar, an inline list, or a block of ``- item``
_TRAVIS_KEY = re.compile(
    r"(?m)^[ \t]*(?:-[ \t]+)?(?:\{[ \t]*)?python:[ \t]*([^\n#]*)((?:\n[ \t]*-[^\n]*|\n[ \t]*#[^\n]*|\n[ \t]*(?=\n))*)"
)
# tox environments a Travis job names (``env: TOXENV=py27``)
_TRAVIS_TOXENV = re.compile(r"\bTOXENV=[\"']?([\w{},.-]+)")
# tox's envlist (in [tox]), up to the next key or section
_TOX_ENVLIST = re.compile(r"(?ms)^\[tox\][^\[]*?^envlist\s*=\s*(.*?)(?=^\S|\Z)")


def _travis_versions(text: str) -> list[tuple[int, ...] | None]:
    """The Pythons ``.travis.yml``'s ``python:`` keys name, top-level or a job's (``"2.6"``,
    ``3.6-dev``; ``pypy`` is 2.7, ``pypy3.5`` 3.5), and the tox environments its jobs run
    (``TOXENV=py27``); None for an entry that names no version we can read (``pypy3``,
    ``nightly``)."""
    entries = []
    for found in _TRAVIS_KEY.finditer(text):
        inline, block = found.group(1).strip(), found.group(2)
        entries += [part for part in re.split(r"[\[\],{}]", inline) if part.strip()] if inline else []
        entries += [line.strip()[1:] for line in block.splitlines() if line.strip().startswith("-")]
    versions = [version for names in _TRAVIS_TOXENV.findall(text) for version in _tox_env_versions(names)]
    for entry in entries:
        entry = re.sub(r"^\s*\{?\s*python:", "", entry).strip().strip("\"'")
        if re.fullmatch(r"[\w-]+:.*", entry):  # another key of a job's mapping (env: X=1)
            continue
        match = re.match(r"(?:pypy)?(\d+)\.(\d+)", entry)
        if match is not None:
            versions.append((_number(match.group(1)), _number(match.group(2))))
        else:
            versions.append((2, 7) if entry == "pypy" else None)
    return versions


def _tox_versions(text: str) -> list[tuple[int, ...] | None]:
    """The Pythons tox's ``envlist`` names: ``py27``, ``py3.6``, ``py{27,36}-flask1``; ``pypy``
    is 2.7 (``py3``, ``pypy3``, ``flake8`` name no version and are passed over)."""
    found = _TOX_ENVLIST.search(text)
    return _tox_env_versions(found.group(1)) if found is not None else []


def _tox_env_versions(envlist: str) -> list[tuple[int, ...] | None]:
    """The Pythons a list of tox environments names (``py27,py36``, ``py{27,36}-flask1``,
    ``py3{5,6}``); None for one that names no version we can read (``py3``, ``pypy3``)."""
    # expand one level of braces after "py" or "pyN": py{27,36} -> py27 py36, py3{5,6} -> py35 py36
    names = re.sub(
        r"py(\d?)\{([^}]*)\}", lambda m: " ".join(f"py{m.group(1)}{part.strip()}" for part in m.group(2).split(",")), envlist
    )
    versions: list[tuple[int, ...] | None] = []
    for match in re.finditer(r"(?<![A-Za-z0-9])(pypy|py)(\d)\.?(\d+)?(?![\d])", names):
        kind, major, minor = match.groups()
        versions.append((_number(major), _number(minor)) if minor is not None else None)
    versions += [(2, 7) for _ in re.finditer(r"(?<![A-Za-z0-9])pypy(?![\d.])", names)]
    if re.search(r"(?<![A-Za-z0-9])py\d*\{", names):  # braces not read (nested)
        versions.append(None)
    return versions
