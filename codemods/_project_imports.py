"""Which of the project's modules a module imports, and which import it: one reading of a
project's imports for every codemod that follows them.

A module's import statements (``import_statements``) are read once per text, anywhere in
it (inside a function, under ``try:``/``except ImportError:``): off the text where that
reading is whole (``_import_lines``: plain lines, bracketed and continued ones), else from
its tree, else, for a module that does not parse (Python 2, which also imports), line by
line off its text (``from x import (a,`` over lines ``b)``; what a line of a string that
looks like an import names is one more, the safe side for a question of what may be
imported). Each is ``(level, module, ((name, asname), ...))``, level -1 for ``import a.b``.

A statement names the project's files (``ProjectImports``) the way Python may find them
where the root of the checkout is not known:

- a relative import (``from . import x``, ``from ..db import get_db``) from the importing
  file's package: the module's file there, the packages on the way, and the submodule each
  imported name may be (``from . import views``); above the project's root it names nothing;
- an absolute one (``import shop.models``, ``from helpers import fetch``) names the file at
  that path from the project root or from the importing file's folder, where Python looks
  first (the working folder or the running script's leads ``sys.path``, and a Python 2
  module's ``import helpers`` finds its sibling); where neither holds it, every file whose
  dotted path ends in it (``app/utils.py`` for ``utils``: a test or a script may put any
  folder on ``sys.path``) but one that imports that very name itself (``app/util/flask.py``
  doing ``from flask import Markup`` at its top: were its folder on ``sys.path``, that import
  would be the module itself, half run, and fail, so ``flask`` is the library:
  ``not_on_the_path``); and the packages above it (importing ``a.b.c`` runs ``a`` and
  ``a.b`` first), and the submodules its names may be. A name of the standard library or of a library the project also spells as a
  module of its own (``app/email.py``) names that module too: more importers, never fewer;
- a star import names its module (and what that module's ``__all__`` lists is not read).

Modules loaded by a name computed at run time (``importlib.import_module("plugins." + name)``,
``__import__(name)``: ``_computed_imports``) are no import statement: ``loaded`` gives them (a
name built from a literal start, every module under it; a name not told, every module of the
project's application code), and ``reached`` follows them only when asked (``loads=True``), so a
reader that asks what a module imports keeps its answer.

A module is never its own import. The edges of the project (``imports``) and their reverse
(``importers``) are kept per project listing, each module's checked against its text as it
is read again through the asker's reader (``ctx.read_file``: the result cache records every
read), so a changed module is read afresh. Names no codemod.
"""

from __future__ import annotations

import ast
import posixpath
import re
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator

from ._computed_imports import ANY, Load, anything_at, environment_reads, loads_of
from ._environment_values import environment_values
from ._import_lines import Spelled, imports_spelled
from ._module_index import ModuleIndex, Read, absolute_parts, failing_self_imports, module_parts, package_parts
from ._parsed_modules import plain_fact, plain_tree_fact
from ._projects_kept import dropped_with_projects
from ._statement_walk import import_statements as statements_of_tree



def import_statements(text: str) -> tuple[Spelled, ...]:
    """Every import statement of the module ``text``, anywhere in it (see the module's
    docstring), read once per text."""
    if "import" not in text:
        return ()
    spelled = imports_spelled(text)
    if spelled is not None:
        return spelled
    from_tree = parsed_statements(text)
    return from_tree if from_tree is not None else _read_by_lines(text)


def parsed_statements(text: str) -> tuple[Spelled, ...] | None:
    """The import statements of the module ``text`` as its tree has them (``tree_statements``),
    read once per text and kept when its tree is not (a plain fact); None when it does not
    parse. A reader of every module of a project keeps these, never the trees."""
    return plain_fact(text, "import statements", tree_statements)


def tree_statements(tree: ast.AST) -> tuple[Spelled, ...]:
    """The import statements of ``tree`` (a module's, or a function's), as
    ``import_statements`` gives them, in ``ast.walk``'s order."""
    if isinstance(tree, ast.Module):
        return plain_tree_fact(tree, "import statements", _statements)
    return _statements(tree)


def _statements(tree: ast.AST) -> tuple[Spelled, ...]:
    found: list[Spelled] = []
    for node in statements_of_tree(tree):
        if isinstance(node, ast.Import):
            found.extend((-1, alias.name, ((alias.name, alias.asname),)) for alias in node.names)
        else:
            found.append((node.level, node.module, tuple((alias.name, alias.asname) for alias in node.names)))
    return tuple(found)


# a module that does not parse, read line by line: ``from`` (dots, module, names up to a
# closing bracket or the end of the line) and ``import`` (the names up to the end of the line)
_FROM = re.compile(r"^[ \t]*from[ \t]+(\.*)[ \t]*([\w.]*)[ \t]+import[ \t]*(\([^)]*\)|[^\n#;]*)", re.M)
_IMPORT = re.compile(r"^[ \t]*import[ \t]+([^\n#;]+)", re.M)
_ALIAS = re.compile(r"([\w.]+|\*)(?:\s+as\s+(\w+))?")


@lru_cache(maxsize=256)
def _read_by_lines(text: str) -> tuple[Spelled, ...]:
    found: list[Spelled] = []
    for match in _FROM.finditer(text):
        dots, module, names = match.groups()
        aliases = tuple(_aliases(names.strip("() \t\\\n")))
        if dots or module:
            found.append((len(dots), module or None, aliases))
    for match in _IMPORT.finditer(text):
        found.extend((-1, name, ((name, asname),)) for name, asname in _aliases(match.group(1)))
    return tuple(found)


dropped_with_projects(_read_by_lines.cache_clear)  # (kept by text: of no use to the next project)


def _aliases(names: str) -> Iterator[tuple[str, str | None]]:
    for part in names.split(","):
        alias = _ALIAS.match(part.strip())
        if alias is not None:
            yield alias.group(1), alias.group(2)


_INDEXES: dict[tuple[str, ...], ModuleIndex] = {}
dropped_with_projects(_INDEXES.clear)


def _index(files: tuple[str, ...]) -> ModuleIndex:
    index = _INDEXES.get(files)
    if index is None:
        if len(_INDEXES) >= 8:
            _INDEXES.clear()
        index = _INDEXES[files] = ModuleIndex(files)
    return index


class ProjectImports:
    """The imports between the project's modules, read through ``reader`` (a Context, or the
    ``ProjectReads`` of a ``remembered`` derivation: ``project_files()``, ``read_file()``);
    paths are from the project root. Empty without a listing."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._listing = reader.project_files()
        self._index = _index(self._listing.files if self._listing is not None else ())
        self._importers: dict[str, set[str]] | None = None
        self._consulted: list[tuple[str, str | None]] = []  # (what ``_fails`` read, for the caches)

    def _text(self, path: str) -> str | None:
        return self._reader.read_file(self._listing.relative(path)) if self._listing is not None else None

    def _fails(self, path: str) -> frozenset[str]:
        """The names the module at ``path`` could not bear (``failing_self_imports``)."""
        text = self._text(path)
        self._consulted.append((path, text))
        fails = plain_fact(text, "failing self imports", failing_self_imports) if text and "import" in text else None
        return fails or frozenset()

    def _still(self, read: Read) -> bool:
        """Whether every module in ``read`` has the text it had (each read again: the cache records it)."""
        return all((now := self._text(path)) is text or now == text for path, text in read)

    def files_named(self, importer: str, level: int, module: str | None, names: Iterable[str] = ()) -> list[str]:
        """The project's files ``from <level dots><module> import <names>`` (``import
        module`` with level -1) in the module at ``importer`` may run: the module's, the
        packages above it, and the submodule each name may be."""
        parts = absolute_parts(importer, level, module)
        if parts is None:
            return []
        absolute = level <= 0
        fails = self._fails
        found: list[str] = []
        for length in range(1, len(parts)):
            found += [p for p in self._index.named(parts[:length], absolute, importer, fails) if p.endswith("__init__.py")]
        found += self._index.named(parts, absolute, importer, fails)
        for name in names:
            if name != "*" and (parts or not absolute):
                found += self._index.named((*parts, *name.split(".")), absolute, importer, fails)
        return found

    def module_files(self, importer: str, level: int, module: str | None) -> list[str]:
        """The files of the module ``from <level dots><module>`` (``import module``, level
        -1) names in the module at ``importer`` itself: not the packages above it."""
        parts = absolute_parts(importer, level, module)
        return self._index.named(parts, level <= 0, importer, self._fails) if parts is not None else []

    def statements(self, path: str) -> tuple[Spelled, ...]:
        """The import statements of the module at ``path`` (``import_statements``)."""
        text = self._reader.read_file(self._listing.relative(path)) if self._listing is not None else None
        return import_statements(text) if text else ()

    def modules_named(self, dotted: str) -> list[str]:
        """The files an absolute import of ``dotted`` names (whose dotted path ends in it)."""
        return self._index.named(tuple(part for part in dotted.split(".") if part), True, None, self._fails)

    def imports(self, path: str) -> frozenset[str]:
        """The project's files the module at ``path`` imports (itself left out); nothing for
        a file that cannot be read."""
        text = self._reader.read_file(self._listing.relative(path)) if self._listing is not None else None
        known = self._index.edges.get(path)
        if known is not None and (known[0] is text or known[0] == text) and self._still(known[2]):
            return known[1]
        found: set[str] = set()
        self._consulted = []
        for level, module, aliases in import_statements(text) if text else ():
            found.update(self.files_named(path, level, module, [name for name, _ in aliases] if level >= 0 else ()))
        found.discard(path)
        edges = frozenset(found)
        self._index.edges[path] = (text, edges, tuple(self._consulted))
        return edges

    def loaded(self, path: str, anything: frozenset[str] = frozenset()) -> frozenset[str]:
        """The project's files the module at ``path`` may load by a name or path it gives at
        run time (``_computed_imports``); where that name is not told, ``anything`` (the caller's
        answer: the modules of the application code, or none). A name read from the
        environment is told by the values the project's files give the variable
        (``_environment_values``), and not told where they give none."""
        text = self._reader.read_file(self._listing.relative(path)) if self._listing is not None else None
        variables = self._environment(text) if text else {}
        if anything and text and anything_at(text, frozenset(k for k, v in variables.items() if v is None)) is not None:
            return anything - {path}
        known = self._index.loads.get(path)
        if not variables and known is not None and (known[0] is text or known[0] == text) and self._still(known[2]):
            return known[1]
        found: set[str] = set()
        self._consulted = []
        for load in loads_of(text) if text else ():
            if load[0] == "env":
                for value in variables.get(load[1]) or ():  # type: ignore[misc]
                    found.update(self._files_loaded(path, ("name", "", 0, value, True)))
            elif load != ANY:
                found.update(self._files_loaded(path, load))
        found.discard(path)
        loads = frozenset(found)
        if not variables:  # (the values of a variable come from other files)
            self._index.loads[path] = (text, loads, tuple(self._consulted))
        return loads

    def anything_at(self, path: str) -> int | None:
        """The line of the first load of the module at ``path`` whose name is not told."""
        text = self._reader.read_file(self._listing.relative(path)) if self._listing is not None else None
        if not text:
            return None
        return anything_at(text, frozenset(k for k, v in self._environment(text).items() if v is None))

    def _environment(self, text: str) -> dict[str, frozenset[str] | None]:
        """The variables the module ``text`` reads a name to load from, each with the values
        the project's files (and the read's default) give it; None where not told."""
        found: dict[str, frozenset[str] | None] = {}
        for _, variable, default in environment_reads(text):
            values = environment_values(self._reader, variable)
            found[variable] = None if values is None else values | ({default} if default else set())
        return found

    def _files_loaded(self, importer: str, load: Load) -> Iterable[str]:
        if load[0] == "path":
            wanted = posixpath.normpath(load[1]).lstrip("/")  # type: ignore[misc]
            return [path for path in self._index.files if path == wanted or path.endswith("/" + wanted)]
        _, base, level, start, exact = load  # type: ignore[misc]
        if base:
            own = module_parts(importer) if base == "module" else package_parts(importer)
            kept = own[: len(own) - (level - 1)] if level else own
            start = ".".join(kept) + ("." + start if level else start)
        name = start.split(":")[0]
        if exact:  # a module, or an object of one (``import_string("app.views:bp")``)
            parts = tuple(name.split("."))
            return [found for length in range(len(parts), 0, -1) for found in self.files_named(importer, 0, ".".join(parts[:length]))]
        package = name.rsplit(".", 1)[0] if "." in name else ""
        return [*(self.files_named(importer, 0, package) if package else ()), *self._starting(name)]

    def _starting(self, start: str) -> frozenset[str]:
        """Every file whose dotted path, from some folder up, starts with ``start``."""
        known = self._index.starting.get(start)
        if known is None:
            known = frozenset(path for parts, paths in self._index.by_suffix.items() if ".".join(parts).startswith(start) for path in paths)
            self._index.starting[start] = known
        return known

    def importers(self, path: str) -> frozenset[str]:
        """The project's modules that import the module at ``path`` (every module read)."""
        if self._importers is None:
            files = self._index.sorted_files
            edges = tuple(self.imports(importer) for importer in files)  # (each read: the cache records it)
            kept = self._index.importers  # built again only where some module's edges are new objects
            if kept is None or any(a is not b for a, b in zip(kept[0], edges)):
                kept = self._index.importers = (edges, {})
                for importer, imported in zip(files, edges):
                    for target in imported:
                        kept[1].setdefault(target, set()).add(importer)
            self._importers = kept[1]
        return frozenset(self._importers.get(path, ()))

    def reached(self, starts: Iterable[str], loads: bool = False, anything: frozenset[str] = frozenset()) -> frozenset[str]:
        """``starts`` and every module of the project they reach through imports (``loads``:
        and through the modules each loads by a name it computes, ``loaded``; ``anything``: what
        a name not told may load)."""
        return closure(starts, (lambda path: self.imports(path) | self.loaded(path, anything)) if loads else self.imports)

    def reaching(self, starts: Iterable[str]) -> frozenset[str]:
        """``starts`` and every module of the project that reaches one of them through imports."""
        return closure(starts, self.importers)

    def names_from(self, importer: str, tree: ast.Module, target: str) -> tuple[dict[str, str], frozenset[str]]:
        """What the module at ``importer`` (its ``tree``) binds from the module at ``target``:
        ``({local name: the name in target}, {the dotted spellings of target itself})`` —
        ``from shop.hooks import open_db as open_main`` gives ``{"open_main": "open_db"}``;
        ``from shop import hooks``, ``import shop.hooks as hooks`` give ``hooks``; ``import
        shop.hooks`` gives ``shop.hooks``. A local name the module binds more than once (anywhere)
        is left out: what it stands for where it is used is not told."""
        names: dict[str, str] = {}
        modules: set[str] = set()
        for node in ast.walk(tree):
            if type(node) is ast.ImportFrom:
                level, module = node.level, node.module  # type: ignore[attr-defined]
                named_here = target in self.module_files(importer, level, module)
                for alias in node.names:  # type: ignore[attr-defined]
                    local = alias.asname or alias.name
                    if named_here and alias.name != "*":
                        names[local] = alias.name
                    elif target in self.module_files(importer, level, f"{module}.{alias.name}" if module else alias.name):
                        modules.add(local)
            elif type(node) is ast.Import:
                for alias in node.names:  # type: ignore[attr-defined]
                    if target in self.module_files(importer, -1, alias.name):
                        modules.add(alias.asname or alias.name)
        once = _bound_once(tree, {*names, *(m for m in modules if "." not in m)})
        return {k: v for k, v in names.items() if k in once}, frozenset(m for m in modules if "." in m or m in once)


def closure(starts: Iterable[str], step: Callable[[str], frozenset[str]]) -> frozenset[str]:
    """``starts`` and every module ``step`` (a module's next modules) leads to from them."""
    pending = list(starts)
    seen: set[str] = set()
    while pending:
        current = pending.pop()
        if current not in seen:
            seen.add(current)
            pending.extend(step(current) - seen)
    return frozenset(seen)


def _bound_once(tree: ast.Module, names: set[str]) -> set[str]:
    """Those of ``names`` that one statement of the module binds, and no other."""
    counts: dict[str, int] = {}
    for node in ast.walk(tree):
        kind = type(node)
        if kind in (ast.Import, ast.ImportFrom):
            bound = [(a.asname or a.name).split(".")[0] for a in node.names]  # type: ignore[attr-defined]
        elif kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
            bound = [node.name]  # type: ignore[attr-defined]
        elif kind is ast.Name and type(node.ctx) is not ast.Load:  # type: ignore[attr-defined]
            bound = [node.id]  # type: ignore[attr-defined]
        else:
            continue
        for name in bound:
            if name in names:
                counts[name] = counts.get(name, 0) + 1
    return {name for name, count in counts.items() if count == 1}
