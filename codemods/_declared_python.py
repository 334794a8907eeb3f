"""The oldest Python a project declares it runs on.

Read from what the project declares, never from the Python running the tool: ``runtime.txt``
and ``.python-version`` (one version: ``python-3.12.0``, ``3.11.4``), ``requires-python`` in
``pyproject.toml``, ``python_requires`` in ``setup.py`` or ``setup.cfg``, a Pipfile's
``python_version``, Poetry's ``python``, the ``Programming Language :: Python :: X.Y``
classifiers (``:: 2`` alone, or ``:: 2 :: Only``, is a Python 2.7), Google App Engine's
``app.yaml`` (``runtime: python27`` is 2.7, ``python39`` 3.9; the flexible environment's
``runtime: python`` names none), and the Pythons its CI runs its tests on (``_ci_pythons``):
``.travis.yml``'s ``python`` keys and ``TOXENV=py27`` jobs, tox's ``envlist``, and the
``python-version`` of the ``actions/setup-python`` steps of its GitHub Actions workflows
(``.github/workflows/*.yml``, found in the project's listing: none without one; a matrix's
``exclude`` entries taken out, a ``python-version-file`` read), in jobs that run tests (a job that only builds, publishes or lints says nothing of the runtime). The answer is
the lowest version any of them allows; None
when none declares one, or one allows any version (``<4``) or names none that can be read:
then any Python the code may meet must be assumed.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING

from ._ci_pythons import tox_versions, travis_versions, version_files, workflow_versions
from ._nearest_folder import nearest_answer, texts_in

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
# every file read for the declared Python (beside the workflows)
DECLARING_FILES = (*PYTHON_DECLARING, *PYTHON_FILES, *PYTHON_CI, *PYTHON_RUNTIMES)
# runtime: python27, python311 (standard environment); runtime: python (flexible: its own key)
_APP_ENGINE_RUNTIME = re.compile(r"(?m)^runtime:[ \t]*['\"]?python(\d)?(\d+)?\b")
# where GitHub Actions reads its workflows
WORKFLOWS = ".github/workflows/"
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
            named += travis_versions(text) if name == ".travis.yml" else tox_versions(text)
        elif is_workflow(name):
            named += workflow_versions(text, texts)
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
    return nearest_answer(ctx, lambda folder: declaring_texts(ctx, folder), python_range)


def declaring_texts(ctx: Context, folder: str) -> dict[str, str]:
    """The texts of the files of ``folder`` (a prefix as ``ctx.read_file`` takes it) that may
    declare the project's Python, by their names (a workflow's: ``.github/workflows/ci.yml``)."""
    texts = texts_in(ctx, folder, (*DECLARING_FILES, *_workflows(ctx, folder)))
    return {**texts, **texts_in(ctx, folder, workflow_version_files(texts))}


def workflow_version_files(texts: dict[str, str]) -> list[str]:
    """The files the workflows among ``texts`` name as their ``python-version-file`` (read
    then for ``python_range``), those of ``texts`` left out."""
    named = [path for name, text in texts.items() if is_workflow(name) for path in version_files(text)]
    return [path for path in dict.fromkeys(named) if path not in texts]


def is_workflow(name: str) -> bool:
    """Whether ``name`` (relative to a folder) is a GitHub Actions workflow of that folder."""
    return name.startswith(WORKFLOWS) and name.endswith((".yml", ".yaml")) and name.count("/") == WORKFLOWS.count("/")


def _workflows(ctx: Context, folder: str) -> list[str]:
    """The workflows of ``folder``, relative to it, found in the project's listing (none
    without one)."""
    listing = ctx.project_files()
    if listing is None:
        return []
    base = posixpath.normpath(posixpath.join(posixpath.dirname(listing.this), folder))
    prefix = "" if base == "." else base + "/"
    return [path[len(prefix) :] for path in _listed_workflows(listing.every_file) if path.startswith(prefix) and is_workflow(path[len(prefix) :])]


_workflows_of: list = [None, ()]  # the last listing asked, and the workflows in it


def _listed_workflows(every_file: tuple[str, ...]) -> tuple[str, ...]:
    """The files of ``every_file`` in a ``.github/workflows/`` folder (looked for once per
    listing: every file of a project asks)."""
    if _workflows_of[0] is not every_file:
        _workflows_of[:] = [every_file, tuple(path for path in every_file if "/workflows/" in "/" + path)]
    return _workflows_of[1]
