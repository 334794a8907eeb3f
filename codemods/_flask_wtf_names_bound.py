"""flask-wtf-names: every name the project's modules bind to an old class.

A project may import the old class once, in a module of its own (``app/compat.py``: ``from
flask_wtf import Form``), and the rest of it from there: ``from app.compat import Form``,
``from .compat import Form as Base``, ``import app.compat as c`` then ``c.Form``, a package's
``__init__`` re-exporting it, a star import of a module that has it. ``Bindings`` follows
the imports of the library and of the project's own modules, absolute and relative, through
aliases and star imports, to a fixed point: for each module, the names bound to each old
class (``names``), and the names bound to modules (``modules``), so that an attribute read
(``c.Form``, ``app.compat.Form``, ``flask_wtf.Form``) is resolved as well.

An absolute import names a project module by its dotted path from any folder of the project
(``app.compat`` may be ``app/compat.py`` or ``src/app/compat/__init__.py``): where the
program finds it depends on ``sys.path``, so every file it may be counts. That errs towards
more bindings (a refusal), never fewer. Imports anywhere in a module count (a name imported
in a function is read there), and a star import binds every name its module binds (its
``__all__`` may bind fewer). Derived from the modules' import statements alone (as their
trees have them: names, no node), so that no tree of the project need be alive meanwhile.
"""

from __future__ import annotations

import ast
import posixpath
from typing import Iterable

from ._flask_wtf_names_catalogue import RENAMES, canonical
from ._import_lines import Spelled
from ._module_index import ModuleIndex, absolute_parts

# the form libraries (and Flask, for flask.ext): their modules are never the project's
LIBRARIES = ("flask_wtf", "wtforms", "flask")
OLD = tuple(sorted({rename.old for rename in RENAMES.values()}))


class Module:
    """What a local name bound to a module may be: a module of the form libraries
    (``libraries``, dotted), a file of the project (``files``), or a project module named by
    its absolute dotted name (``dotted``: its submodules are found by name)."""

    def __init__(self) -> None:
        self.libraries: set[str] = set()
        self.files: set[str] = set()
        self.dotted: set[str] = set()

    def add(self, dotted: str | None, files: Iterable[str]) -> None:
        if dotted is not None:
            (self.libraries if dotted.split(".")[0] in LIBRARIES else self.dotted).add(dotted)
        self.files.update(files)

    def take(self, other: "Module") -> bool:
        """Adds what ``other`` may be; whether that was anything new."""
        size = len(self.libraries) + len(self.files) + len(self.dotted)
        self.libraries |= other.libraries
        self.files |= other.files
        self.dotted |= other.dotted
        return len(self.libraries) + len(self.files) + len(self.dotted) != size


class Bindings:
    """The names bound to each old class (by its ``old`` name) in each module of
    ``statements`` (path from the project root -> the import statements of its tree:
    ``_project_imports.parsed_statements``); ``files``: every Python file of the project,
    parsed or not, for finding the module an import names."""

    def __init__(self, statements: dict[str, tuple[Spelled, ...]], files: Iterable[str]) -> None:
        self._files = frozenset(files)
        self._index = ModuleIndex(tuple(sorted(self._files)))
        # path -> old name -> the names bound to that class there
        self.names: dict[str, dict[str, set[str]]] = {path: {old: set() for old in OLD} for path in statements}
        # path -> local name -> the modules it may be
        self.modules: dict[str, dict[str, Module]] = {path: {} for path in statements}
        self._project_imports: list[tuple[str, tuple[str, ...], tuple[tuple[str, str | None], ...]]] = []
        for path, imports in statements.items():
            self._read_imports(path, imports)
        self._settle()

    def is_old_class(self, path: str, node: ast.expr, old: str) -> bool:
        """``node`` (a name, or an attribute chain ending in one) in the module at ``path``
        may be the old class ``old``."""
        if isinstance(node, ast.Name):
            return node.id in self.names[path][old]
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name) or node.id not in self.modules[path]:
            return False
        parts.reverse()
        module = self.modules[path][node.id]
        for library in module.libraries:
            rename = RENAMES.get(canonical(".".join([library, *parts])))
            if rename is not None and rename.old == old:
                return True
        files = set(module.files) | {found for name in module.dotted for found in self.module_files(path, 0, name)}
        dotted = set(module.dotted)
        for part in parts[:-1]:
            files = {found for file in files for found in self._submodule(file, part)}
            dotted = {f"{name}.{part}" for name in dotted}
            files.update(found for name in dotted for found in self.module_files(path, 0, name))
        return any(parts[-1] in self.names[file][old] for file in files if file in self.names)

    def star_binds(self, importer: str, level: int, dotted: str, old: str) -> bool:
        """``from <level dots><dotted> import *`` in the module at ``importer`` binds the old
        class ``old`` (its library's module, or a module of the project that binds it)."""
        if level == 0 and dotted.split(".")[0] in LIBRARIES:
            return _library_binds(dotted, "*", old)
        return any(old_names for file in self.module_files(importer, level, dotted) if (old_names := self.names.get(file, {}).get(old)))

    # -- reading the imports

    def _read_imports(self, path: str, statements: tuple[Spelled, ...]) -> None:
        names, modules = self.names[path], self.modules[path]
        for level, source, aliases in statements:
            if level < 0:
                ((name, asname),) = aliases
                dotted = name if asname else name.split(".")[0]
                modules.setdefault(asname or dotted, Module()).add(dotted, ())
                continue
            source = source or ""
            library = level == 0 and source.split(".")[0] in LIBRARIES
            targets = () if library else self.module_files(path, level, source)
            if targets:
                self._project_imports.append((path, targets, aliases))
            for name, asname in aliases:
                if library:
                    for old in OLD:
                        if _library_binds(source, name, old):
                            names[old].add(old if name == "*" else asname or name)
                if name == "*":
                    continue
                dotted = f"{source}.{name}" if source else name
                files = () if library else self.module_files(path, level, dotted)
                if library or files:
                    module = modules.setdefault(asname or name, Module())
                    module.add(dotted if level == 0 else None, files)

    def _settle(self) -> None:
        """Names bound to the old classes, and names bound to modules, imported from the
        project's modules, until no import adds one."""
        changed = True
        while changed:
            changed = False
            for path, targets, aliases in self._project_imports:
                names, modules = self.names[path], self.modules[path]
                for target in targets:
                    if target not in self.names:
                        continue
                    there = self.names[target]
                    for name, asname in aliases:
                        for old in OLD:
                            if name == "*":
                                new = there[old] - names[old]
                            else:
                                new = {asname or name} - names[old] if name in there[old] else set()
                            if new:
                                names[old] |= new
                                changed = True
                        if name == "*":
                            for local, module in self.modules[target].items():
                                changed = modules.setdefault(local, Module()).take(module) or changed
                        elif name in self.modules[target]:  # a module bound there: from .shared import compat
                            module = modules.setdefault(asname or name, Module())
                            changed = module.take(self.modules[target][name]) or changed

    # -- finding a project module's files

    def module_files(self, importer: str, level: int, dotted: str) -> tuple[str, ...]:
        """The project's files that ``dotted`` (after ``level`` dots) imported in the module
        at ``importer`` may be; () for the form libraries' modules and what is not the
        project's."""
        if level == 0 and dotted.split(".")[0] in LIBRARIES:
            return ()
        parts = absolute_parts(importer, level, dotted)
        return tuple(self._index.named(parts, level == 0)) if parts is not None else ()

    def _submodule(self, file: str, name: str) -> tuple[str, ...]:
        if posixpath.basename(file) != "__init__.py":
            return ()
        folder = posixpath.dirname(file)
        candidates = (posixpath.join(folder, f"{name}.py"), posixpath.join(folder, name, "__init__.py"))
        return tuple(candidate for candidate in candidates if candidate in self._files)


def _library_binds(source: str, name: str, old: str) -> bool:
    """``from source import name`` binds the old class ``old`` (a star import of its module too)."""
    rename = RENAMES.get(canonical(f"{source}.{old if name == '*' else name}"))
    return rename is not None and rename.old == old
