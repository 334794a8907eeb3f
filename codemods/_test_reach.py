"""The project's modules a test module reaches through imports: the modules it imports, the
packages above them (importing ``a.b.c`` runs ``a`` and ``a.b`` first), the ``conftest.py``
files pytest loads for it (its fixtures import the app too), and, in turn, whatever those
import, as far as the project's own files go.

A test that replaces a function for every caller (``mock.patch("requests.get")``,
``patch("builtins.open", Mock())``) runs with the replacement whatever module of the project
its code reaches: the view module it imports, the helper that view imports. A codemod whose
change such a replacement would turn into a failing test asks whether the module it changes
is among these.

Imports are read off the text (``import a.b``, ``from .m import f, g``, ``from x import (a,
b)``), anywhere in a module (a factory's imports inside its body count), and a module that
does not parse as Python 3 is read alike. A name is matched to every project file whose
path ends in it (``utils`` to ``app/utils.py``, ``app.views`` to ``src/app/views.py``: a
test may put any folder on ``sys.path``), so a module may be reached where Python would load
another of the same name: the safe side for a codemod that holds a change back. Names no
codemod.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any, Iterable

from ._code_kinds import CONFTEST

_FROM = re.compile(r"^[ \t]*from[ \t]+(\.*)[ \t]*([\w.]*)[ \t]+import[ \t]*(\([^)]*\)|[^\n#;]*)", re.M)
_IMPORT = re.compile(r"^[ \t]*import[ \t]+([^\n#;]+)", re.M)
_ALIAS = re.compile(r"[\w.]+")


class ImportReach:
    """The reach of the project's modules, read through ``reader`` (a Context or the
    ``ProjectReads`` of a ``remembered`` derivation: ``project_files()``, ``read_file()``),
    each module's imports read once."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._listing = reader.project_files()
        files = self._listing.files if self._listing is not None else ()
        self._by_name: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for path in files:
            parts = _parts(path)
            if parts:
                self._by_name.setdefault(parts[-1], []).append((parts, path))
        self._files = frozenset(files)
        self._edges: dict[str, frozenset[str]] = {}

    def reached(self, path: str) -> frozenset[str]:
        """The project files (paths from the project root) the module at ``path`` reaches,
        its conftest files and itself included."""
        pending = [path, *self._conftests(path)]
        seen: set[str] = set()
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            pending.extend(self._imported_by(current) - seen)
        return frozenset(seen)

    def _conftests(self, path: str) -> list[str]:
        found = []
        folder = posixpath.dirname(path)
        while True:
            candidate = posixpath.join(folder, CONFTEST) if folder else CONFTEST
            if candidate in self._files and candidate != path:
                found.append(candidate)
            if not folder:
                return found
            folder = posixpath.dirname(folder)

    def _imported_by(self, path: str) -> frozenset[str]:
        known = self._edges.get(path)
        if known is not None:
            return known
        text = self._reader.read_file(self._listing.relative(path))
        found: set[str] = set()
        for name in imported_names(text or "", _package_of(path)):
            found.update(self._files_named(name))
        self._edges[path] = edges = frozenset(found)
        return edges

    def _files_named(self, name: tuple[str, ...]) -> Iterable[str]:
        """The files whose path ends in ``name``, and the packages above it that end in a
        leading part of it."""
        for length in range(len(name), 0, -1):
            head = name[:length]
            for parts, path in self._by_name.get(head[-1], ()):
                if parts[len(parts) - length:] == head and (length == len(name) or path.endswith("__init__.py")):
                    yield path


def imported_names(text: str, package: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The dotted names the module text imports, as parts: each ``import``'s name, each
    ``from``'s module and that module with each name it imports (which may be a submodule);
    a relative one resolved against ``package`` (the parts of the module's package)."""
    names: list[tuple[str, ...]] = []
    if "import" not in text:
        return names
    for match in _FROM.finditer(text):
        dots, module, imported = match.groups()
        if dots:
            up = len(dots) - 1
            if up > len(package):
                continue
            base = package[: len(package) - up] + tuple(part for part in module.split(".") if part)
        else:
            base = tuple(part for part in module.split(".") if part)
        if base:
            names.append(base)
        for alias in re.split(r",", imported.strip("() \t\\\n")):
            words = _ALIAS.findall(alias)
            if words and words[0] != "*":
                names.append((*base, words[0]))
    for match in _IMPORT.finditer(text):
        for alias in match.group(1).split(","):
            words = _ALIAS.findall(alias)
            if words:
                names.append(tuple(words[0].split(".")))
    return names


def _parts(path: str) -> tuple[str, ...]:
    """A module's dotted path as parts (``a/b/__init__.py``: a, b)."""
    parts = tuple(part for part in path.removesuffix(".py").split("/") if part not in ("", "."))
    return parts[:-1] if parts and parts[-1] == "__init__" else parts


def _package_of(path: str) -> tuple[str, ...]:
    """The parts of the package a module is in (a package's ``__init__.py``: the package)."""
    parts = tuple(part for part in path.removesuffix(".py").split("/") if part not in ("", "."))
    return parts[:-1]
