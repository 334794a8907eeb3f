"""The project's modules a test module reaches through imports: the modules it imports, the
packages above them (importing ``a.b.c`` runs ``a`` and ``a.b`` first), the ``conftest.py``
files pytest loads for it (its fixtures import the app too), and, in turn, whatever those
import, as far as the project's own files go, and what each loads by a name it computes at
run time (``importlib.import_module("shop.plugins." + name)``, a plugin loader: every module
under the name's literal start, every module of the application code where the code spells
none of it; ``_computed_imports``).

A test that replaces a function for every caller (``mock.patch("requests.get")``,
``patch("builtins.open", Mock())``) runs with the replacement whatever module of the project
its code reaches: the view module it imports, the helper that view imports. A codemod whose
change such a replacement would turn into a failing test asks whether the module it changes
is among these.

Imports are read as every codemod reads them (``_project_imports``: anywhere in a module, a
factory's imports inside its body too, and a module that does not parse as Python 3 read off
its text). An absolute name is matched to every project file whose path ends in it (``utils``
to ``app/utils.py``, ``app.views`` to ``src/app/views.py``: a test may put any folder on
``sys.path``), so a module may be reached where Python would load another of the same name:
the safe side for a codemod that holds a change back. Names no codemod.
"""

from __future__ import annotations

import posixpath
from typing import Any

from ._code_kinds import APPLICATION, CONFTEST, code_kind
from ._project_imports import ProjectImports, closure


class ImportReach:
    """The reach of the project's modules, read through ``reader`` (a Context or the
    ``ProjectReads`` of a ``remembered`` derivation: ``project_files()``, ``read_file()``)."""

    def __init__(self, reader: Any) -> None:
        listing = reader.project_files()
        self._files = frozenset(listing.files if listing is not None else ())
        self._imports = ProjectImports(reader)
        # what a name the code does not tell may load: any module of the application code
        self._anything = frozenset(path for path in self._files if code_kind(path) == APPLICATION)
        # what each module imports or loads, asked once: the reaches of a project's test
        # modules go through the same application modules (the reader gives each file's
        # text once, so it holds for this reading)
        self._direct: dict[str, frozenset[str]] = {}

    def reached(self, path: str) -> frozenset[str]:
        """The project files (paths from the project root) the module at ``path`` reaches,
        its conftest files and itself included."""
        return closure([path, *self._conftests(path)], self.imports_directly)

    def imports_directly(self, path: str) -> frozenset[str]:
        """The project files the module at ``path`` itself imports or loads (not through other
        modules): a test that imports a module itself tests it more surely than one that
        reaches it through others."""
        known = self._direct.get(path)
        if known is None:
            known = self._direct[path] = self._imports.imports(path) | self._imports.loaded(path, self._anything)
        return known

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
