"""The target version: the Flask version a project's code must run on.

An upgrade codemod rewrites an old form only when the new form exists at the target, and
reports what it cannot rewrite for it (codemods/_flask_versions.py). The target of a file is,
the first of these that says:

1. ``--target-version X.Y`` on the command line (``target_version=`` in the Python API);
2. ``target-version = "X.Y"`` in the ``[tool.flask-codemod]`` table that configures the file;
3. the lowest Flask version the declared requirement of the file's project allows (the
   project root rule of tool/paths.py), read from the files a project declares its
   dependencies in: ``requirements*.txt`` / ``requirements*.in`` and ``requirements/**/*.txt``,
   ``pyproject.toml`` (``[project] dependencies``, Poetry's ``[tool.poetry.dependencies]``),
   ``Pipfile`` (``[packages]``), App Engine's ``app.yaml`` at the root or a folder down (the
   python27 runtime's ``libraries:``: ``- name: flask``, ``version: "0.12"`` pins 0.12, as a
   lock does; codemods/_app_engine_libraries.py), the lock files ``Pipfile.lock`` (``default``) and
   ``poetry.lock``, ``setup.cfg``'s
   ``install_requires`` and ``setup.py``'s when it is a literal list (read with ``ast``,
   never run) or a plain read of a requirements list (``open("reqs/app.txt").read()
   .splitlines()``: codemods/_setup_read_lists.py), the lists the project's own commands install (``pip install -r etc/reqs.txt``
   in a Makefile, a Dockerfile, tox.ini, .travis.yml: codemods/_install_commands.py), and the
   lists a requirements file includes (``-r``, ``-c``); each kind is parsed
   by codemods/_dependency_files.py. Where a lock names Flask (those two, a constraints file, a
   list pip-compile or uv compiled), its pins alone decide: an install gets them. A lock is
   read only beside what it locks (a Pipfile; a pyproject.toml that is Poetry's or declares
   ``[project]`` dependencies): a leftover of a tool the project left pins nothing
   (``lock_in_use``). A project that is Flask
   itself (its own ``name`` and a literal ``version`` in those files) declares that release:
   the examples and tests of Flask's own tree run on it. A checkout of Flask (a Pipfile's or
   Poetry's ``git``/``path`` table, ``flask @ https://...``, ``-e git+...#egg=Flask``, a
   Flask tree whose version is no literal) is a release nobody declared, possibly older than
   any: the target is then ``(0, 0)``, below every release (no upgrade is made; findings say
   "a release that is not known", never "Flask 0.0").
   An RPM spec the project packages itself with (``*.spec`` at its root or a folder down)
   declares too: ``Requires: python-flask`` runs the app on the system's Flask, a release the
   spec does not name and possibly the oldest: ``(0, 0)`` as for a checkout, unless the line
   bounds it (``Requires: python-flask >= 0.10`` -> 0.10); so does a Debian package's
   ``debian/control`` whose binary packages' ``Depends:`` name ``python3-flask`` (not the
   source's ``Build-Depends:``: building installs nothing where the app runs). A project that
   names Flask in none of these, nor in a ``pip install`` of its setup scripts, but installs
   the system's Flask in one at its root or a folder down (``apt-get install python3-flask``
   in a Dockerfile, ``apk add py3-flask`` in a shell script: codemods/_setup_scripts.py, the
   reading that holds back the other libraries' rewrites) declares the release the image's
   system ships where codemods/_system_releases.py knows it (``FROM fedora:33`` -> 1.1), else
   ``(0, 0)``.
   A copy of Flask the project ships
   in a vendor folder at its root (``lib/flask/``, codemods/_vendored_copies.py) declares the
   release it sets (``__version__ = '0.8'`` -> 0.8; none set: ``(0, 0)``): the code imports it.
   ``Flask==2.1.3`` -> 2.1, ``flask>=2.2,<3`` -> 2.2, ``Flask~=2.0`` -> 2.0. A requirement
   without a lower bound (``flask``, ``flask<3``) allows the newest release it admits: that
   is what an install gets. Several declarations: the lowest of them (the code must run on
   each);
4. the newest Flask this tool knows (``NEWEST_KNOWN``).

What "the newest" is in 3. and 4. depends on the Pythons the project declares at its root
(codemods/_declared_python.py: ``python_requires``, ``requires-python``, classifiers,
``runtime.txt``, ``.travis.yml``'s and tox's Pythons ...): an install gets the newest Flask that
installs on each of them (codemods/_python_support.py), so a project declaring Python 2.7 and
later gets Flask 1.0 (the newest on 3.4), one declaring 3.6 gets Flask 2.0. A lower bound
(``Flask>=2.2``) or a pin is taken at its word whatever the Python.

A floor above ``NEWEST_KNOWN`` counts as ``NEWEST_KNOWN``: nothing newer is known to change.
"""

from __future__ import annotations

import glob
import os
from packaging.specifiers import InvalidSpecifier, SpecifierSet

from .codemods import UsageError
from .codemods._declared_python import DECLARING_FILES, WORKFLOWS, is_workflow, python_range, workflow_version_files
from .codemods._declared_releases import lowest_release
from .codemods._dependency_files import (
    CONSTRAINTS,
    LOCKS,
    NAMED_KINDS,
    PROVIDED,
    REQUIREMENTS,
    as_installed,
    included_lists,
    is_compiled_list,
    lock_in_use,
    source_list,
    specifiers_in,
)
from .codemods._app_engine_libraries import APP_YAML
from .codemods._install_commands import COMMAND_FILES, installed_lists
from .codemods._code_kinds import SETUP_SCRIPT
from .codemods._setup_read_lists import setup_read_lists
from .codemods._setup_scripts import control_requirements, listed_scripts, pip_installs, spec_requirements, system_installs
from .codemods._vendored_copies import UNKNOWN, vendored_copies
from .codemods._python_support import newest_installable
from .codemods._flask_versions import NEWEST_KNOWN, RELEASES, UNKNOWN_RELEASE, Version, format_version, parse_version
from .paths import project_root
from .sources import read_declared

FLASK = "flask"


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


def lowest_allowed(specifier: SpecifierSet, newest: Version = NEWEST_KNOWN) -> Version:
    """The lowest Flask release series ``specifier`` allows, as the target: the highest of
    its lower bounds; with none, the newest known release up to ``newest`` (what installs on
    the project's Pythons) it admits (``newest`` when it admits none of them)."""
    floor = lowest_release(specifier)
    if floor is not None:
        return min(floor, NEWEST_KNOWN)
    for major, minor in reversed(RELEASES):
        if (major, minor) <= newest and specifier.contains(f"{major}.{minor}.0", prereleases=True):
            return (major, minor)
    return newest


def newest_installable_flask(root: str) -> Version:
    """The newest Flask series that installs on every Python the project at ``root``
    declares; ``NEWEST_KNOWN`` when it declares none, or every one gets the newest."""
    texts = {}
    try:
        workflows = sorted(WORKFLOWS + name for name in os.listdir(os.path.join(root, WORKFLOWS)))
    except OSError:
        workflows = []
    for name in (*DECLARING_FILES, *(name for name in workflows if is_workflow(name))):
        path = os.path.join(root, name)
        if os.path.isfile(path):
            texts[name] = read_declared(path)
    for name in workflow_version_files(texts):  # a workflow's python-version-file
        path = os.path.join(root, name)
        if os.path.isfile(path):
            texts[name] = read_declared(path)
    installable = newest_installable(FLASK, *(python_range(texts) or (None,)))
    if installable is None:
        return NEWEST_KNOWN
    return min((installable[0][0], installable[0][1]), NEWEST_KNOWN)


# -- where a project declares Flask ---------------------------------------------------------------

# Every requirements file at the root, development and test lists too (the code runs under
# them as well). codemods/_declared_versions.py reads the runtime lists by their usual names
# instead: ctx.read_file reads a name, not a pattern.
# ``requirements/**``: a folder of it may hold one list per Python or system
# (``requirements/python3/requirements.txt``).
_REQUIREMENTS_PATTERNS = ("requirements*.txt", "requirements*.in", os.path.join("requirements", "**", "*.txt"), os.path.join("requirements", "**", "*.in"))


def _declaration_files(root: str) -> list[tuple[str, str]]:
    """(kind, path) of each file at ``root`` a project may declare its dependencies in
    (codemods/_dependency_files.py parses each kind)."""
    files = []
    for pattern in _REQUIREMENTS_PATTERNS:
        for path in sorted(glob.glob(os.path.join(glob.escape(root), pattern), recursive=True)):
            files.append((REQUIREMENTS, os.path.normpath(path)))
    files.extend((name, os.path.join(root, name)) for name in NAMED_KINDS)
    # an App Engine service a folder down (``src/app.yaml``): the folder it deploys
    files.extend((APP_YAML, os.path.normpath(path)) for path in sorted(glob.glob(os.path.join(glob.escape(root), "*", APP_YAML))))
    listed = {path for _kind, path in files}
    for command in (*COMMAND_FILES, SETUP_SCRIPT):  # setup.py: the lists its install_requires reads
        path = os.path.join(root, command)  # the lists the project's own commands install
        text = read_declared(path) if os.path.isfile(path) else ""
        for named in installed_lists(command, text) if command != SETUP_SCRIPT else setup_read_lists(text):
            named_path = os.path.normpath(os.path.join(root, named))
            if named_path not in listed:
                listed.add(named_path)
                files.append((REQUIREMENTS, named_path))
    return files


def declared_target(root: str) -> tuple[Version, str] | None:
    """The target the project at ``root`` declares (the lowest over its declarations of
    Flask: its locks' where one names Flask, see ``as_installed``), with the file that
    declares it; None when it declares no Flask. A requirements file's ``-r``/``-c`` lists
    are read too, wherever they are."""
    files = _declaration_files(root)
    seen = {path for _kind, path in files}
    newest: Version | None = None  # read when a declaration has no lower bound
    found: list[tuple[bool, tuple[Version, str]]] = []
    for kind, path in files:  # grows by the lists a requirements file includes
        if not os.path.isfile(path):
            continue
        folder = os.path.dirname(path)
        if not lock_in_use(kind, lambda name: _read_if_file(os.path.join(folder, name))):
            continue  # a leftover of a tool the project left: nothing installs from it
        text = read_declared(path)
        pins = kind in LOCKS or kind in PROVIDED
        if kind in (REQUIREMENTS, CONSTRAINTS):
            if kind == REQUIREMENTS:
                source = source_list(path)
                pins = is_compiled_list(text, source is not None and os.path.isfile(source))
            for included, included_kind in included_lists(os.path.basename(path), text):
                included_path = os.path.normpath(os.path.join(os.path.dirname(path), included))
                if included_path not in seen:
                    seen.add(included_path)
                    files.append((included_kind, included_path))
        for specifier in specifiers_in(kind, text, FLASK):
            if newest is None and lowest_release(specifier) is None:
                newest = newest_installable_flask(root)
            found.append((pins, (lowest_allowed(specifier, newest or NEWEST_KNOWN), path)))
    chosen = as_installed(found) + _system_flask(root) + _shipped_flask(root)
    if not chosen:  # named nowhere else: the system's Flask a setup script installs
        chosen = _script_installed_flask(root)
    return min(chosen, key=lambda item: item[0]) if chosen else None


def _read_if_file(path: str) -> str | None:
    return read_declared(path) if os.path.isfile(path) else None


def _shipped_flask(root: str) -> list[tuple[Version, str]]:
    """The targets the copies of Flask the project ships in a vendor folder at ``root``
    declare (codemods/_vendored_copies.py): the release each sets (``lib/flask`` of 0.8 ->
    0.8), or, when it sets none, one not known (``UNKNOWN_RELEASE``)."""
    found = []
    for copy in vendored_copies(_read_if_file, os.path.join(root, ""), FLASK):
        target = UNKNOWN_RELEASE if copy.release == UNKNOWN else lowest_allowed(SpecifierSet(copy.requirement))
        found.append((target, os.path.normpath(copy.path)))
    return found


# An RPM spec the project packages itself with, at its root or a folder down (``files/``, ``utility/``)
_SPEC_PATTERNS = ("*.spec", os.path.join("*", "*.spec"))
# A Debian package's control file, likewise
_CONTROL_PATTERNS = (os.path.join("debian", "control"), os.path.join("*", "debian", "control"))


def _system_flask(root: str) -> list[tuple[Version, str]]:
    """The targets the RPM specs and Debian control files at ``root`` declare: a spec that
    requires the system's Flask package (``Requires: python-flask``), or a binary package that
    depends on it (``Depends: python3-flask``), runs the app on the release the system ships,
    which it does not name: one not known, possibly the oldest (``UNKNOWN_RELEASE``), unless
    the line bounds it (``>= 0.10`` -> 0.10)."""
    found = []
    for patterns, requirements in ((_SPEC_PATTERNS, spec_requirements), (_CONTROL_PATTERNS, control_requirements)):
        for path in sorted(path for pattern in patterns for path in glob.glob(os.path.join(glob.escape(root), pattern))):
            for library, bound in requirements(read_declared(path)):
                if library != FLASK:
                    continue
                try:
                    floor = lowest_release(SpecifierSet(bound)) if bound else None
                except InvalidSpecifier:
                    floor = None
                found.append((lowest_allowed(SpecifierSet(bound)) if floor is not None else UNKNOWN_RELEASE, os.path.normpath(path)))
    return found


# The setup scripts read for the target: at the root or a folder down (``deploy/provision.sh``),
# as for specs; found without walking the project (a run the cache serves walks nothing).
_SCRIPT_PATTERNS = ("*", os.path.join("*", "*"))


def _script_installed_flask(root: str) -> list[tuple[Version, str]]:
    """The targets the installs of the system's Flask the setup scripts of the project at
    ``root`` make declare (``apt-get install python3-flask`` in a Dockerfile, ``apk add
    py3-flask`` in a shell script: codemods/_setup_scripts.py): the release the image's system
    ships where codemods/_system_releases.py knows it (``FROM fedora:33``: 1.1), else one not
    known (``UNKNOWN_RELEASE``). None where a script's ``pip install`` names Flask: pip's
    Flask is the one the app gets, as where nothing installs the system's."""
    found = (glob.glob(os.path.join(glob.escape(root), pattern)) for pattern in _SCRIPT_PATTERNS)
    listing = tuple(sorted(os.path.relpath(path, root).replace(os.sep, "/") for paths in found for path in paths))
    scripts = list(listed_scripts(listing, lambda path: _read_if_file(os.path.join(root, path))))
    if pip_installs(scripts, FLASK):
        return []
    found = []
    for installed in system_installs(scripts, FLASK):
        target = min((installed.release[0], installed.release[1]), NEWEST_KNOWN) if installed.release else UNKNOWN_RELEASE
        found.append((target, os.path.join(root, os.path.normpath(installed.script))))
    return found


class TargetFinder:
    """The target version of each file, from its project's declared requirement (looked up
    once per project root); for a project that declares no Flask, the newest that installs on
    its Pythons (``NEWEST_KNOWN`` when it declares none)."""

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
            target = self._by_root[root] = declared[0] if declared is not None else newest_installable_flask(root)
        return target
