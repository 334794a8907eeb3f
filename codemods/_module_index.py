"""Which of the project's files a dotted module name names: the index of its Python files by
every dotted suffix of their paths (``ModuleIndex``), read by ``_project_imports`` and the
codemods that keep an index of their own modules. An absolute import finds the file at its
path from the root or beside the importer first, else any whose dotted path ends in it, but
one shown not to be it (``not_on_the_path``: a module that takes from that very name, at its
top, a name it has not bound). Names no codemod.
"""

from __future__ import annotations

import ast
import posixpath
from typing import Callable

Read = tuple[tuple[str, "str | None"], ...]  # (path, the text read) of each module consulted
SelfImports = Callable[[str], frozenset[str]]  # a file (path from the root) -> its ``failing_self_imports``


def module_parts(path: str) -> tuple[str, ...]:
    """A module's dotted path as parts (``a/b/c.py``: a, b, c; ``a/b/__init__.py``: a, b)."""
    parts = tuple(part for part in path.removesuffix(".py").split("/") if part not in ("", "."))
    return parts[:-1] if parts and parts[-1] == "__init__" else parts


def package_parts(path: str) -> tuple[str, ...]:
    """The parts of the package the module at ``path`` is in (a package's ``__init__.py``:
    the package itself)."""
    return tuple(part for part in posixpath.dirname(path).split("/") if part not in ("", "."))


def absolute_parts(importer: str, level: int, module: str | None) -> tuple[str, ...] | None:
    """The dotted name, as parts from the project root, that ``from <level dots><module>``
    names in the module at ``importer`` (the module's own parts for an absolute import);
    None above the root."""
    parts = tuple(part for part in (module or "").split(".") if part)
    if level <= 0:
        return parts
    package = package_parts(importer)
    if level - 1 > len(package):
        return None
    return package[: len(package) - (level - 1)] + parts


class ModuleIndex:
    """Python files (paths from the project root) by every dotted suffix of their paths, and
    what each module imports (kept with the text it was read from)."""

    def __init__(self, files: tuple[str, ...]) -> None:
        self.files = frozenset(files)
        self.by_suffix: dict[tuple[str, ...], list[str]] = {}
        for path in files:
            parts = module_parts(path)
            for start in range(len(parts)):
                self.by_suffix.setdefault(parts[start:], []).append(path)
        # what each module imports, with its text and the (path, text) of every module whose own
        # imports the answer read (``not_on_the_path``)
        self.edges: dict[str, tuple[str | None, frozenset[str], Read]] = {}
        self.loads: dict[str, tuple[str | None, frozenset[str], Read]] = {}  # (the same, for ``loaded``: names told)
        self.starting: dict[str, frozenset[str]] = {}  # the files whose dotted name starts so
        self.sorted_files = sorted(self.files)  # (and ``edges`` reversed, with the edges it was built from)
        self.importers: tuple[tuple[frozenset[str], ...], dict[str, set[str]]] | None = None

    def named(
        self, parts: tuple[str, ...], absolute: bool, importer: str | None = None, fails: SelfImports | None = None
    ) -> list[str]:
        """The files of module ``parts``: for an absolute import, those at that path from the
        root or from the folder of ``importer`` (where Python looks first: the working folder
        or the running script's leads ``sys.path``, and Python 2 looks beside the importing
        module), else any whose dotted path ends in it but one shown not to be it (``fails``:
        a module that takes from that very name what it has not bound, ``not_on_the_path``);
        for a relative one, the one at that path from the root."""
        if not parts:
            return ["__init__.py"] if "__init__.py" in self.files and not absolute else []
        if absolute:
            found = self.by_suffix.get(parts, [])
            if len(found) > 1 and importer is not None:
                first = [path for path in found if module_parts(path) in (parts, package_parts(importer) + parts)]
                if first:
                    return first
            if fails is not None and found:
                found = [path for path in found if not not_on_the_path(path, parts, importer, fails)]
            return found
        stem = "/".join(parts)
        return [path for path in (f"{stem}.py", f"{stem}/__init__.py") if path in self.files]


def not_on_the_path(path: str, parts: tuple[str, ...], importer: str | None, fails: SelfImports) -> bool:
    """Whether the module at ``path``, whose dotted path ends in ``parts`` but which is not at
    that path from the root nor beside ``importer``, is shown not to be the module ``parts``
    names: as it runs, it takes from that very name a name it has not bound (``fails``:
    ``failing_self_imports``; ``shop/util/flask.py`` doing ``from flask import Markup``). Were
    the folder it would be found from on ``sys.path``, that import would be the module
    itself, half run, and raise ImportError; so wherever the module works, the name is
    another module's (a library's)."""
    if posixpath.basename(path) == "__init__.py":
        return False
    own = module_parts(path)
    if own == parts or (importer is not None and own == package_parts(importer) + parts):
        return False
    return ".".join(parts) in fails(path)


def failing_self_imports(tree: ast.Module) -> frozenset[str]:
    """The dotted names the module ``tree`` could not bear: a statement of its own body (not
    under ``try``, ``if`` or a function) ``from a.b import c`` (absolute, no star) where ``c``
    is bound by no statement before it. Were the module ``a.b`` itself, ``c`` would not be
    there yet (a module, not a package: no submodule ``c`` either)."""
    found: set[str] = set()
    bound: set[str] = set()
    for statement in tree.body:
        if type(statement) is ast.ImportFrom and statement.level == 0 and statement.module:
            names = [alias.name for alias in statement.names]
            if "*" not in names and any(name not in bound for name in names):
                found.add(statement.module)
        for node in ast.walk(statement):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound.add(node.name)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                bound.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
            elif isinstance(node, ast.Name) and type(node.ctx) is not ast.Load:
                bound.add(node.id)
            elif isinstance(node, ast.Global):
                bound.update(node.names)
    return frozenset(found)
