"""Folders of copies of other projects' code a project ships below its own (tool/walk.py skips
them, as it skips a copy of Flask or Werkzeug).

A folder is one when the project names it so (``named_for_copies``: ``vendor``, pip's
``_vendor``, ``third_party`` ...) and its modules bear it out: none imports the project's own
code outside the folder. A copy of another project knows nothing of the project that ships it
(graphite-api's ``graphite_api/_vendor/whisper.py`` imports the standard library only); a
folder of the project's own code under such a name does (flask-api-example's
``app/third_party/app/routes.py``, a blueprint for third-party services, imports
``app.widget``). What the project's own code is, seen from the folder: a relative import that
climbs above the folder, or an absolute import whose first name is a folder on the way down to
it from the walked one or a module or package of the walked one, unless it names the folder
itself (``elastichq.vendor.elasticsearch`` in ``elastichq/vendor``).

Read from the disk, the folder's modules as text (nothing imported), their imports as every
codemod reads them (``codemods/_project_imports.py``); asked only of folders so named.

A repository of another project copied whole into the project's folder of libraries (``lib/``,
``libs/`` or one named for copies) is one too (``is_copied_repository``): a folder right below
it that is packaged on its own (``setup.py``, ``pyproject.toml`` or ``setup.cfg``) and holds a
CI service's configuration that the service reads only at the root of a repository
(``.travis.yml``, ``.github/``, ``.gitlab-ci.yml`` ...), which there configures nothing: it was
the root of another repository (parked's ``lib/airtable_wrapper/``, a clone of an Airtable
client with its own tests). A package of the project's own, even one packaged on its own in
a monorepo (``packages/core/setup.py``), has neither that configuration nor that place
(docker-registry's ``depends/docker-registry-core/``, tested by the root's CI, keeps its old
``.travis.yml`` but lies in no folder of libraries). A walk's cached answer notes the folders read (a module added or removed changes them);
an import edited into a vendored module is seen on the next run that lists the folder anew.
"""

from __future__ import annotations

import os

from .codemods._project_imports import import_statements
from .codemods._vendored_copies import named_for_copies

_SKIPPED = frozenset({"__pycache__", "node_modules", "bower_components", ".git"})
# the folders a project keeps libraries in, by name (``_vendored_copies.VENDOR_FOLDERS``'s
# ``lib`` and ``libs``, and the names said of copies), where a whole repository may be copied
_LIBRARY_FOLDERS = ("lib", "libs")
# what makes a folder a project packaged on its own
_PACKAGING_FILES = frozenset({"setup.py", "pyproject.toml", "setup.cfg"})
# the configuration CI services read only at the root of a repository (Travis, AppVeyor,
# GitLab, CircleCI, Azure Pipelines, Drone, GitHub's ``.github/``)
_ROOT_ONLY_CI = frozenset(
    {".travis.yml", "appveyor.yml", ".appveyor.yml", ".gitlab-ci.yml", ".circleci", "azure-pipelines.yml", ".drone.yml", ".github"}
)


def is_copied_repository(parent: str, names: set[str]) -> bool:
    """Whether a folder whose entries are named ``names``, right below a folder named
    ``parent``, is a repository of another project copied into the project's folder of
    libraries: ``parent`` is such a folder, and the folder is packaged on its own and holds a
    CI configuration read only at a repository's root."""
    if not (parent.lower() in _LIBRARY_FOLDERS or named_for_copies(parent)):
        return False
    return bool(names & _PACKAGING_FILES) and bool(names & _ROOT_ONLY_CI)


def is_folder_of_copies(top: str, folder: str, read: list[str] | None = None) -> bool:
    """Whether ``folder`` (absolute, below the walked folder ``top``, absolute too) is a folder
    of copies of other projects' code: named so, and none of its modules imports the project's
    own code outside it. ``read``, when given, gets each folder below it that was listed."""
    name = os.path.basename(folder)
    if not named_for_copies(name):
        return False
    way = os.path.relpath(os.path.dirname(folder), top)
    ancestors = [os.path.basename(top)] + ([] if way == os.curdir else way.split(os.sep))
    host = set(ancestors) | _importable_beside(top, name)
    for directory, subfolders, files in os.walk(folder):
        subfolders[:] = sorted(sub for sub in subfolders if sub not in _SKIPPED)
        if read is not None:
            read.append(directory)
        depth = 0 if directory == folder else os.path.relpath(directory, folder).count(os.sep) + 1
        for file in files:
            if file.endswith(".py") and _imports_host(_text(os.path.join(directory, file)), depth, host, ancestors, name):
                return False
    return True


def _importable_beside(top: str, name: str) -> set[str]:
    """The modules and packages in ``top`` (what an absolute import of the project's own code
    starts with, its root on the path; a folder's entries below it are spelled from a package
    of the root, and ``collections`` beside ``dss/vendored`` is the standard library's),
    ``name`` left out."""
    try:
        entries = os.listdir(top)
    except OSError:
        return set()
    return {entry[:-3] if entry.endswith(".py") else entry for entry in entries if entry.endswith(".py") or "." not in entry} - {name}


def _text(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


def _imports_host(text: str, depth: int, host: set[str], ancestors: list[str], name: str) -> bool:
    """Whether a module ``depth`` folders below the folder ``name`` imports code of the
    project outside the folder."""
    for level, module, _aliases in import_statements(text):
        if level > 0:
            if level - 1 > depth:  # ``from .. import`` in the folder's own modules climbs out of it
                return True
        elif module and _outside(module, host, ancestors, name):
            return True
    return False


def _outside(module: str, host: set[str], ancestors: list[str], name: str) -> bool:
    parts = module.split(".")
    if name in parts:  # the folder itself, spelled from a package above it (``elastichq.vendor...``)
        at = parts.index(name)
        if at <= len(ancestors) and parts[:at] == ancestors[len(ancestors) - at :]:
            return False
    return parts[0] in host
