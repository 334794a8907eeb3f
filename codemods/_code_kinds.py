"""Where codemods act: the kind of code a file holds (application, tests, examples,
packaging, retired), told from its path (and, for a file named ``setup.py``, from its text when
the caller has it), and what each group of codemods acts on by default. Part of the codemod
contract (``_base`` re-exports every name); nothing here reads a file (a ``setup.py``'s
imports are read off the text its caller has, by ``_project_imports``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from ._project_imports import import_statements
from ._projects_kept import dropped_with_projects
from ._raises_on_import import raises_on_import

# The kind of code a file holds, told from its path by ``code_kind``. A codemod acts only on
# the kinds its ``acts_on()`` names; the engine does not run it on any other file, so no codemod
# tests paths itself.
APPLICATION = "application"  # everything that is none of the four below
TESTS = "tests"  # tests/ (test/, testing/, testsuite/ ...: TEST_FOLDERS) folders, test_*.py, *_test.py, tests.py, conftest.py,
# and *_unittest.py (a unittest module beside the one it tests, as Google's and Chromium's Python style names it);
# not *_tests.py: applications name modules so (a CI server's ``build_tests.py`` API resource)
EXAMPLES = "examples"  # examples/, example/, demo(s)/, tutorial(s)/, docs/, doc/: shown, not served
PACKAGING = "packaging"  # setup.py and the setuptools bootstrap it imports: run by pip and setuptools, never by the app
# (a module named setup.py whose text uses neither setuptools nor distutils is the app's own:
# a setup wizard's form, a view, a package's set-up module; see module_kind)
RETIRED = "retired"  # under a folder the project names out of use (not_used/, unused/, obsolete/, attic/),
# or, told from its text, a module that raises before any code of its own runs (_raises_on_import)
CODE_KINDS = (APPLICATION, TESTS, EXAMPLES, PACKAGING, RETIRED)
# What a codemod acts on when it does not declare ACTS_ON, by GROUP. The principle: what
# configures, caches or tunes the app that is served (secrets into .env, cached views, a
# request size limit) acts on the application only: it has no meaning in a test, a script or
# an example shown in the docs. What breaks code wherever it runs acts there too: a legacy
# import fails a test run and an example as it fails the app, so upgrades act on tests and
# examples. Cleanup codemods act on the application by default; those that release or bound
# what a statement opens (a file handle, an HTTP call) declare tests and examples too, and
# lifecycle hooks (handlers at the end of a request or of the process) declare examples but
# stay out of tests, whose fixtures own lifetimes. Packaging scripts: no codemod. Retired code
# neither: nothing runs it (the project says so by where it put it), so an edit there fixes
# nothing and only asks a reviewer to read code its maintainers set aside.
ACTS_ON_BY_GROUP = {
    "cleanup": (APPLICATION,),
    "upgrade": (APPLICATION, TESTS, EXAMPLES),
    "policy": (APPLICATION,),
}
# Where a group's findings are read. A finding asks a maintainer to look at code; what cleanup
# and policy codemods leave alone in tests, examples and helper scripts (a test's fixture file,
# an example's secret, a release script's HTTP call) asks nothing of the app that is served, so
# they report only in the application's own modules (their changes there stay: a with-block is
# as right in a test as in a view). Upgrade findings report wherever the codemod acts: a legacy
# API breaks a test run, an example or a script as it breaks the app.
REPORTED_IN_BY_GROUP = {
    "cleanup": (APPLICATION,),
    "upgrade": CODE_KINDS,
    "policy": (APPLICATION,),
}
# top-level folders of helper scripts run by hand beside the app (a release script, a client
# example, a maintenance job): the project's tools, not its served code
# (unless a deployment file runs the module, or one beside it that imports it: _served_scripts)
_SCRIPT_FOLDERS = frozenset({"scripts", "script", "bin", "contrib", "misc"})
# Alembic's revision scripts (``migrations/versions/``, ``alembic/versions/``): written once,
# run in order, never edited again
_MIGRATION_FOLDERS = frozenset({"migrations", "migration", "alembic"})
# the folders of test code, by whole names that mean nothing else (not ``spec``: RPM specs,
# goss and JavaScript specs go by it too; nor ``functional`` or ``integration``, words of an
# app's own features as well); a ``test_*.py`` file is a test wherever it lies. Tests that
# drive a browser against a running server: ``ui_tests`` (moin's ``_ui_tests``, named as its
# unit tests' ``_tests``) and ``e2e`` (FitTrackee's and aleph's, page helpers beside the tests)
TEST_FOLDERS = frozenset(
    {"tests", "test", "testing", "testsuite", "test_suite", "_tests", "unittests", "unit_tests", "integration_tests",
     "functional_tests", "ui_tests", "_ui_tests", "e2e"}
)
_EXAMPLE_FOLDERS = frozenset({"examples", "example", "demo", "demos", "tutorial", "tutorials", "docs", "doc"})
# folder names (lower case, "-" read as "_") that say nothing uses what they hold; not
# "deprecated" or "legacy": such code is often still shipped and run
_RETIRED_FOLDERS = frozenset({"not_used", "notused", "unused", "obsolete", "attic", "retired"})
# setup.py, and the bootstrap scripts projects copied beside it from setuptools (ez_setup.py)
# and its distribute fork (distribute_setup.py): setup.py imports them to install setuptools;
# maintainers replace or delete them, never edit them
_PACKAGING_SCRIPTS = frozenset({"setup.py", "ez_setup.py", "distribute_setup.py"})
SETUP_SCRIPT = "setup.py"
# pytest's per-folder module of fixtures and hooks, shared by the tests under its folder
CONFTEST = "conftest.py"
# what a packaging setup.py runs: setuptools' or distutils' setup() (the bootstrap scripts
# beside it install setuptools, so they name it too), or the setup() of another builder that
# wraps them (``from cx_Freeze import setup``, ``from skbuild import setup``)
_PACKAGING_WORDS = ("setuptools", "distutils")
# a call of a builder's setup() as a statement of its own however it was imported
# (``import skbuild``, ``skbuild.setup(...)``; ``from build_helpers import *``, ``setup(...)``),
# at the top level or under ``if __name__ == "__main__":`` / in a ``main()``
_SETUP_CALLED = re.compile(r"^[ \t]*(?:[A-Za-z_][\w.]*\.)?setup[ \t]*\(", re.MULTILINE)


@lru_cache(maxsize=4096)  # the engine asks once per codemod of every file, project views once per listed file
def code_kind(path: str) -> str:
    """APPLICATION, TESTS, EXAMPLES, PACKAGING or RETIRED, from the file's path (its name and
    its folders; a test inside an examples folder is a test, anything inside a retired folder
    is retired).

    The folders are those the path names: run the tool on paths relative to the project
    (``flask-codemod apply .``), where a folder named ``tests`` above the project cannot
    count."""
    return _kind(path, packaging_name=True)


dropped_with_projects(code_kind.cache_clear)  # (kept by path: of no use to the next project)


def module_kind(path: str, text: str | None) -> str:
    """``code_kind(path)``, told from the text too when it is known: a file named ``setup.py``
    is a packaging script only when it uses setuptools or distutils (what pip runs), imports
    another builder's ``setup``, or calls a ``setup()`` as a statement (``skbuild.setup(...)``). One that does neither is a module of the app that happens to be named so (CTFd's setup wizard form
    ``CTFd/forms/setup.py``, Redash's ``redash/handlers/setup.py`` view, Flaskmarks'
    ``flaskmarks/core/setup.py`` that configures the app): it is told from its folders like
    any other module. A module whose own code does nothing but raise as it is imported
    (``raise Exception("OBSOLETE server.py -> ...")`` at its top) is retired: nothing below the
    raise ever runs. Without the text the path decides."""
    kind = code_kind(path)
    if text is not None and kind in (APPLICATION, TESTS, EXAMPLES) and raises_on_import(text):
        return RETIRED
    if kind != PACKAGING or text is None or _file_name(path) != SETUP_SCRIPT:
        return kind
    if any(word in text for word in _PACKAGING_WORDS) or _SETUP_CALLED.search(text) or _imports_setup(text):
        return PACKAGING
    return _kind(path, packaging_name=False)


def _imports_setup(text: str) -> bool:
    """Whether ``text`` imports a name ``setup`` from a module (``from skbuild import setup``),
    its imports read as every codemod reads them (``_project_imports``)."""
    return any(level >= 0 and any(name == "setup" for name, _ in aliases) for level, _, aliases in import_statements(text))


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _kind(path: str, *, packaging_name: bool) -> str:
    parts = [part for part in path.replace("\\", "/").split("/") if part not in ("", ".")]
    if not parts:
        return APPLICATION
    name, folders = parts[-1], parts[:-1]
    if any(folder.lower().replace("-", "_") in _RETIRED_FOLDERS for folder in folders):
        return RETIRED
    if packaging_name and name in _PACKAGING_SCRIPTS:
        return PACKAGING
    if (
        (name.startswith("test_") and name.endswith(".py"))
        or name.endswith(("_test.py", "_unittest.py"))
        or name in ("tests.py", CONFTEST)
        or any(folder in TEST_FOLDERS for folder in folders)
    ):
        return TESTS
    if any(folder.lower() in _EXAMPLE_FOLDERS for folder in folders):
        return EXAMPLES
    return APPLICATION


def reports_findings(group: str, path: str, serves_the_app: Callable[[], bool] | None = None) -> bool:
    """Whether a finding of a codemod of ``group`` in the file at ``path`` is reported
    (REPORTED_IN_BY_GROUP): never, for cleanup and policy codemods, in a helper script (a
    top-level ``scripts/``, ``bin/``, ``contrib/`` or ``misc/`` folder) or an Alembic revision
    (``migrations/versions/``) — unless ``serves_the_app()`` says the module is part of the
    served app all the same (``_served_scripts``: ``bin/app.py`` creating the Flask app)."""
    kind = _kind(path, packaging_name=False)  # a setup.py a codemod ran on is the app's own module
    if kind not in REPORTED_IN_BY_GROUP.get(group, CODE_KINDS):
        return False
    if group == "upgrade" or not is_helper_script(path):
        return True
    return serves_the_app is not None and not _is_revision(path) and serves_the_app()


def is_helper_script(path: str) -> bool:
    """A module under a top-level folder of helper scripts, or an Alembic revision script."""
    folders = _folders(path)
    return bool(folders and folders[0].lower() in _SCRIPT_FOLDERS) or _is_revision(path)


def _is_revision(path: str) -> bool:
    """An Alembic revision script (``migrations/versions/``)."""
    folders = _folders(path)
    return any(
        folder.lower() in _MIGRATION_FOLDERS and following == "versions" for folder, following in zip(folders, folders[1:])
    )


def _folders(path: str) -> list[str]:
    return [part for part in path.replace("\\", "/").split("/") if part not in ("", ".")][:-1]


def runs_alone(path: str) -> bool:
    """Whether pytest collects the module at ``path`` as a test module of its own, by its
    default names (``test_*.py``, ``*_test.py``). A patch made in any other module of the tests
    (a conftest's fixture, a helper the tests call) runs under whichever test uses it, which
    reaches what that test imports (_test_reach): such a patch reaches every module."""
    name = _file_name(path)
    return name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py"))
