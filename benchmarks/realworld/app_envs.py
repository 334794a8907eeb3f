"""The table of the apps whose own test suites judge the tool (``app_tests.tsv``), and the
virtual environments their tests run in.

A row says how to install what an app's tests need, which of its pins are relaxed (the
nearest release that installs on this Python), the pytest command and the environment
variables its own test setup documents. Each environment is created once, outside the
repository, under a folder named by a hash of everything installed in it, and re-used.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass

from flask_codemod.codemods._dependency_files import REQUIREMENTS, included_lists
from ledger import _rows

try:
    import tomllib
except ImportError:  # Python 3.10: the runtime dependency tomli
    import tomli as tomllib  # type: ignore[no-redef]

HERE = os.path.dirname(os.path.abspath(__file__))
APP_TESTS_FILE = os.path.join(HERE, "app_tests.tsv")
COLUMNS = ("app", "install", "pins", "test", "env", "note", "prepare")
_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_EXTRAS = re.compile(r"pyproject(?:\[([\w,.-]*)\])?")


class SetupError(Exception):
    """An app whose test environment cannot be made; the message says why."""


@dataclass(frozen=True)
class Recipe:
    """One row of app_tests.tsv."""

    app: str
    # requirement files (relative to the app), ``pyproject[extras]``, ``Pipfile.lock``, requirements, or
    # ``.``: the app itself, for an app that looks up its own distribution (installed from each tree, no deps)
    install: tuple[str, ...]
    pins: tuple[str, ...]  # requirements that replace the app's own for the same package (or are added);
    # ``!name``: the package is left out (a server or tool the tests never import)
    test: tuple[str, ...]  # the test command; it starts with ``pytest``
    env: tuple[tuple[str, str], ...]  # variables the app's own test setup sets
    note: str
    # a shell command run in each tree before its tests, the same for every tree (what the project's
    # CI does first and the tests take for granted, such as a data file it downloads)
    prepare: str = ""


def load_recipes(path: str = APP_TESTS_FILE) -> dict[str, Recipe]:
    """The recipes by app; read as the ledger's tables are (``ledger._rows``: header, tabs,
    ``#`` comments), every row checked."""
    recipes: dict[str, Recipe] = {}
    for number, (app, install, pins, test, env, note, prepare) in _rows(path, COLUMNS, len(COLUMNS) - 1):
        command = tuple(test.split())
        if not command or command[0] != "pytest":
            raise SetupError(f"{path}:{number}: the test command must start with pytest")
        variables = []
        for item in env.split():
            name, equals, value = item.partition("=")
            if not equals:
                raise SetupError(f"{path}:{number}: environment item {item!r} is not NAME=VALUE")
            variables.append((name, value))
        recipes[app] = Recipe(app, tuple(install.split()), tuple(pin.strip() for pin in pins.split(",") if pin.strip()),
                              command, tuple(variables), note, prepare.strip())
    return recipes


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(line: str) -> str | None:
    match = _NAME.match(line)
    return canonical(match.group(1)) if match else None


def _file_requirements(path: str, seen: set[str]) -> list[str]:
    """The requirements of a pip requirements file, following ``-r`` includes (not ``-c``
    constraints); pip's other options (indexes, hashes, editables) are left out."""
    path = os.path.realpath(path)
    if path in seen:
        return []
    seen.add(path)
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        text = handle.read().replace("\\\n", " ")
    requirements = []
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        included = list(included_lists(os.path.basename(path), line))
        if included:  # read as the tool reads it (-rbase.txt, --requirement=base.txt)
            for name, kind in included:
                if kind == REQUIREMENTS:  # a constraints file installs nothing by itself
                    requirements += _file_requirements(os.path.join(os.path.dirname(path), name), seen)
        elif not line.startswith("-"):
            requirements.append(line.split(" --hash", 1)[0].strip())
    return requirements


def _pyproject_requirements(app_dir: str, extras: str) -> list[str]:
    with open(os.path.join(app_dir, "pyproject.toml"), "rb") as handle:
        project = tomllib.load(handle).get("project", {})
    requirements = list(project.get("dependencies", []))
    optional = project.get("optional-dependencies", {})
    for extra in filter(None, extras.split(",")):
        requirements += optional.get(extra, [])
    return requirements


def _pipfile_lock_requirements(path: str) -> list[str]:
    """The packages of a Pipfile.lock's default section, at their locked versions."""
    with open(path, encoding="utf-8") as handle:
        locked = json.load(handle).get("default", {})
    return [name + (entry.get("version") or "") for name, entry in locked.items()]


def requirements(recipe: Recipe, app_dir: str) -> list[str]:
    """What the app's tests need, the relaxed pins replacing the app's own. The app itself
    is not installed: its tests import it from the tree they run in."""
    wanted: list[str] = []
    seen: set[str] = set()
    for item in recipe.install:
        if item == ".":
            continue  # the app itself: installed from each tree before its run (app_tests.run_tests)
        extras = _EXTRAS.fullmatch(item)
        if extras:
            wanted += _pyproject_requirements(app_dir, extras.group(1) or "")
        elif item.endswith("Pipfile.lock"):
            wanted += _pipfile_lock_requirements(os.path.join(app_dir, item))
        elif item.endswith((".txt", ".in")):
            wanted += _file_requirements(os.path.join(app_dir, item), seen)
        else:
            wanted.append(item)
    relaxed = {requirement_name(pin.lstrip("!")): pin for pin in recipe.pins}
    kept = [line for line in wanted if requirement_name(line) not in relaxed]
    own = canonical(recipe.app)
    kept = [line for line in kept if requirement_name(line) != own]
    return kept + [pin for pin in relaxed.values() if not pin.startswith("!")]


def environment(recipe: Recipe, app_dir: str, root: str, python: str = sys.executable) -> str:
    """The bin folder of a virtual environment holding what the app's tests need; made once."""
    wanted = requirements(recipe, app_dir)
    version = subprocess.run([python, "-c", "import sys; print(sys.version.split()[0])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    digest = hashlib.sha256("\n".join([version, *wanted]).encode()).hexdigest()[:12]
    venv = os.path.join(root, "venvs", f"{recipe.app}-{digest}")
    bin_dir = os.path.join(venv, "bin")
    if os.path.isfile(os.path.join(venv, ".installed")):
        return bin_dir
    os.makedirs(venv, exist_ok=True)
    log_path, wanted_path = venv + ".log", venv + ".txt"  # beside it: `venv --clear` empties the folder
    with open(wanted_path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(wanted) + "\n")
    # pip 24.1 and later refuse the metadata of some older releases (celery 4 and 5.1 require
    # `pytz (>dev)`), which the pip of their day installed
    steps = [
        [python, "-m", "venv", "--clear", venv],
        [os.path.join(bin_dir, "python"), "-m", "pip", "install", "-q", "--upgrade", "pip<24.1", "setuptools<70", "wheel"],
        [os.path.join(bin_dir, "python"), "-m", "pip", "install", "-q", "-r", wanted_path],
    ]
    with open(log_path, "w", encoding="utf-8") as log:
        for step in steps:
            log.write("$ " + " ".join(step) + "\n")
            log.flush()
            done = subprocess.run(step, stdout=log, stderr=subprocess.STDOUT, check=False)
            if done.returncode != 0:
                raise SetupError(f"{recipe.app}: `{' '.join(step[-3:])}` failed, see {log_path}")
    open(os.path.join(venv, ".installed"), "w").close()
    return bin_dir
