"""The other modules of the project, as cache-views reads them: through ``ctx.read_file``,
parsed by LibCST on demand, with the metadata the analysis needs, and bounded.

Paths are relative to the folder of the module being transformed (``..`` allowed), as
``ctx.read_file`` takes them. A qualified name such as ``.services.get_page`` or
``app.models.Post`` is resolved to the module that defines it and the attribute path inside,
following re-exports (``from .models import Post`` in a package's ``__init__.py``). Only files
that exist are project modules; a name no file defines is a library's.
"""

from __future__ import annotations

import ast
import posixpath
from dataclasses import dataclass, field
from typing import Callable, Iterable

import libcst as cst
from libcst.metadata import MetadataWrapper, QualifiedNameProvider, QualifiedNameSource

from . import _metadata
from ._base import metadata_value
from ._lazy_scopes import lazily_scoped
from ._flask import FLASK_METADATA
from ._cache_views_module_files import module_files
from ._cache_views_module_reach import modules_named
from ._cache_views_node_index import lazily_indexed
from ._names import dotted_name
from ._parsed_modules import forget, libcst_module, python_tree
from ._node_fields import nodes_below

Reader = Callable[[str], "str | None"]

MAX_MODULES = 16  # other modules parsed for one transformed module, beyond those its own names lead to
MAX_MODULE_CHARS = 300_000  # a module bigger than this is not followed


@dataclass(eq=False)
class SourceModule:
    """One module of the project; its metadata is resolved when first asked for (finding a
    name's definition needs the tree alone).

    ``facts``: what the analysis derives from this module's text alone (its top-level
    bindings, the names its functions change, the files it writes), computed once. For a
    module the project reads, the dict belongs to its parsed text and is shared by every
    transform that reads the same text (see ``_parsed``)."""

    path: str  # relative to the transformed module's folder; "" for that module itself
    _wrapper: MetadataWrapper
    facts: dict[str, object] = field(default_factory=dict, repr=False)
    text: str | None = field(default=None, repr=False)  # its source, for another module of the project
    _resolved: bool = field(default=False, repr=False)
    # the standard library's AST of the same code: given for the transformed module, parsed
    # from ``text`` for the others (once per process) when first asked for
    stdlib_tree: ast.Module | None = field(default=None, repr=False)

    @property
    def module(self) -> cst.Module:
        return self._wrapper.module

    @property
    def wrapper(self) -> MetadataWrapper:
        """The metadata of another module: its function bodies analysed and indexed when
        first asked (``_lazy_scopes``, ``_cache_views_node_index``), kept with its text."""
        if not self._resolved:
            if self.text is not None:
                self._wrapper = self.fact("lazy metadata", _lazy_metadata)  # type: ignore[assignment]
            _metadata.resolve(self._wrapper, FLASK_METADATA)
            self._resolved = True
        return self._wrapper

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.path)

    @property
    def label(self) -> str:
        return posixpath.basename(self.path) or "this module"

    def every_node(self) -> Iterable[cst.CSTNode]:
        """Every node of the module but the module itself, in no particular order: from its
        parent index when resolved, else by a walk."""
        known = _metadata.every_node(self._wrapper)
        return known if known is not None else nodes_below(self.module)

    def python_tree(self) -> ast.Module | None:
        """This module's stdlib AST, for questions cheaper to ask of it than of LibCST's
        scopes; None when not at hand."""
        if self.stdlib_tree is None and self.text is not None:
            self.stdlib_tree = python_tree(self.text)
        return self.stdlib_tree

    def fact(self, name: str, derive: Callable[["SourceModule"], object]) -> object:
        """``derive(self)``, computed once per text: ``derive`` must read this module alone."""
        if name not in self.facts:
            self.facts[name] = derive(self)
        return self.facts[name]

    def top_level(self, name: str) -> list[cst.CSTNode]:
        """The top-level statements' parts that bind ``name``: FunctionDef, ClassDef, an
        Assign/AnnAssign, an ImportFrom (with the alias), in order."""
        bindings = self.fact("top level", lambda module: _top_level_bindings(module.module))
        return bindings.get(name, [])  # type: ignore[attr-defined]

    def qualified(self, node: cst.CSTNode) -> set:
        found = metadata_value(self.wrapper, QualifiedNameProvider, node)
        return set(found) if found else set()


def _lazy_metadata(module: SourceModule) -> MetadataWrapper:
    """A wrapper of ``module``'s tree that analyses and indexes a function body when first
    asked (the shared wrapper stays as it is: other codemods read it)."""
    tree = module.python_tree()
    if tree is None:
        return module._wrapper
    return lazily_scoped(lazily_indexed(module._wrapper, tree), tree)


def _top_level_bindings(module: cst.Module) -> dict[str, list[cst.CSTNode]]:
    found: dict[str, list[cst.CSTNode]] = {}
    for statement in module.body:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            found.setdefault(statement.name.value, []).append(statement)
            continue
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Assign):
                for target in small.targets:
                    if isinstance(target.target, cst.Name):
                        found.setdefault(target.target.value, []).append(small)
            elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                found.setdefault(small.target.value, []).append(small)
            elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                for alias in small.names:
                    bound = alias.asname.name if alias.asname else alias.name
                    if isinstance(bound, cst.Name):
                        found.setdefault(bound.value, []).append(small)
    return found


@dataclass(frozen=True)
class Definition:
    """What a name of another module (or this one) is bound to at the top level."""

    module: SourceModule
    node: cst.CSTNode  # FunctionDef, ClassDef, or the value expression of an assignment
    rest: tuple[str, ...] = ()  # attributes below it the qualified name went on to
    name: str = ""  # the top-level name it is bound to, when known

    def with_rest(self, rest: tuple[str, ...]) -> "Definition":
        return Definition(self.module, self.node, rest, self.name)


class Project:
    """The project's modules as one transformed module reaches them (memoised, bounded)."""

    def __init__(self, read: Reader, here: SourceModule) -> None:
        self.read = read
        self.here = here
        self._modules: dict[str, SourceModule | None] = {"": here}
        self._texts: dict[str, str | None] = {}
        self.parsed = 0
        self._named: frozenset[str] | None = None  # (``named_here``)

    def text(self, path: str) -> str | None:
        if path not in self._texts:
            self._texts[path] = self.read(path)
        return self._texts[path]

    def is_package(self, folder: str) -> bool:
        return self.text(posixpath.join(folder, "__init__.py")) is not None

    def load(self, path: str, *, counted: bool = True) -> SourceModule | None:
        """The module at ``path``; None when it is missing, too big, or over the budget.
        ``counted``: whether it counts against the budget (a module a name of the
        transformed module resolves to does not, nor one a name of such a module resolves
        to: ``named_here``; whether it is loaded then depends on nothing the analysis looked
        at before)."""
        path = posixpath.normpath(path) if path else ""
        if path in self._modules:
            return self._modules[path]
        module = None
        text = self.text(path)
        if text is not None and len(text) <= MAX_MODULE_CHARS and (self.parsed < MAX_MODULES or not counted):
            self.parsed += counted
            parsed = _parsed(text)
            if parsed is not None:
                module = SourceModule(path, parsed[0], parsed[1], text)
        self._modules[path] = module
        return module

    def named_here(self, module: SourceModule) -> bool:
        """Whether ``module`` is one a name of the transformed module may lead to
        (``modules_named``, of its stdlib AST): a module its names lead to is loaded from
        it whatever was loaded before, and so is one such a module's names lead to."""
        if self._named is None:
            tree = self.here.python_tree()
            self._named = modules_named(tree) if tree is not None else frozenset()
        return module.path in self._named

    # -- names -----------------------------------------------------------------------------
    def module_files(self, origin: SourceModule, dotted: str) -> list[tuple[str, int]]:
        """Candidate files for the modules a qualified name may start with (``module_files``)."""
        return module_files(origin.folder, dotted)

    def resolve(self, origin: SourceModule, dotted: str, depth: int = 4) -> Definition | None:
        """The top-level definition a qualified name of ``origin`` refers to, in the project."""
        level = len(dotted) - len(dotted.lstrip("."))
        parts = [p for p in dotted[level:].split(".") if p]
        for path, covered in self.module_files(origin, dotted):
            if self.text(path) is None:
                continue
            module = self.load(path, counted=origin is not self.here and not self.named_here(origin))
            if module is None:
                return None
            rest = tuple(parts[covered:])
            if not rest:
                return Definition(module, module.module)
            found = self.definition(module, rest[0], depth)
            if found is None:
                return None
            return Definition(found.module, found.node, found.rest + rest[1:], found.name)
        return None

    def definition(self, module: SourceModule, name: str, depth: int = 4) -> Definition | None:
        """What ``name`` is bound to at the top of ``module`` (its last binding)."""
        bindings = module.top_level(name)
        if not bindings:
            return self._from_star_imports(module, name, depth) if depth > 0 else None
        last = bindings[-1]
        if isinstance(last, (cst.FunctionDef, cst.ClassDef)):
            return Definition(module, last, (), name)
        if isinstance(last, (cst.Assign, cst.AnnAssign)):
            return Definition(module, last.value, (), name) if last.value is not None else None
        if isinstance(last, cst.ImportFrom) and depth > 0:
            for alias in last.names:  # type: ignore[union-attr]
                bound = alias.asname.name if alias.asname else alias.name
                if isinstance(bound, cst.Name) and bound.value == name:
                    source = "." * len(last.relative) + (dotted_name(last.module) or "")
                    imported = dotted_name(alias.name) or ""
                    full = f"{source}.{imported}" if source and not source.endswith(".") else source + imported
                    return self.resolve(module, full, depth - 1)
        return None

    def _from_star_imports(self, module: SourceModule, name: str, depth: int) -> Definition | None:
        """``from .models import *`` re-exports: the first that binds ``name``."""
        for statement in module.module.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if isinstance(small, cst.ImportFrom) and isinstance(small.names, cst.ImportStar):
                    source = "." * len(small.relative) + (dotted_name(small.module) or "")
                    found = self.resolve(module, source, depth - 1)
                    if found is not None and isinstance(found.node, cst.Module) and not found.rest:
                        inner = self.definition(found.module, name, depth - 1)
                        if inner is not None:
                            return inner
        return None

    def library_name(self, origin: SourceModule, dotted: str) -> str | None:
        """The library's qualified name a project module's name re-exports: ``.models.sa.desc``,
        where models.py does ``import sqlalchemy as sa``, is ``sqlalchemy.desc``. None when the
        name is not a library's that the module binds once, by an import. Read from the module's
        text alone: no module is loaded for the analysis (its budget stays as it was)."""
        level = len(dotted) - len(dotted.lstrip("."))
        parts = [p for p in dotted[level:].split(".") if p]
        for path, covered in self.module_files(origin, dotted):
            text = self.text(path)
            if text is None:
                continue
            tree = python_tree(text)
            rest = parts[covered:]
            if tree is None or not rest:
                return None
            bound = _top_level_binders(tree, rest[0])
            if len(bound) != 1 or not isinstance(bound[0], ast.Import):
                return None
            library = _imported_library(bound[0], rest[0])
            if library is None or self.module_files(origin, library):
                return None  # a module of the project: the analysis follows it itself
            return ".".join([library, *rest[1:]])
        return None

    def imported_names(self, module: SourceModule, node: cst.CSTNode) -> list[str]:
        """The qualified names of ``node`` that come from an import."""
        return [q.name for q in module.qualified(node) if q.source == QualifiedNameSource.IMPORT]


def _top_level_binders(tree: ast.Module, name: str) -> list[ast.stmt]:
    """Every statement or name of ``tree`` that binds ``name``, a function's local as well (the safe side)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            if getattr(node, "name", None) == name:
                found.append(node)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            if any((alias.asname or alias.name.split(".")[0]) == name for alias in node.names):
                found.append(node)
        elif isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, (ast.Store, ast.Del)):
            found.append(node)
    return found


def _imported_library(statement: ast.Import, name: str) -> str | None:
    for alias in statement.names:
        if alias.asname == name:
            return alias.name
        if alias.asname is None and alias.name.split(".")[0] == name:
            return name
    return None


def top_level_name_file(read: Reader, folder: str, qualified: str) -> tuple[str, str, str] | None:
    """(path, text, name) of the module where the scan looks ``qualified`` up, a name of a
    module in ``folder`` (paths as ``read`` takes them): the first of its candidate files that
    exists (``Project.resolve``), when every part of the name but the last is that module's
    and the module is no bigger than the analysis follows (``MAX_MODULE_CHARS``); None for a
    library's name, a module itself, an attribute of a binding, or a module too big. The
    gates read the name's top-level binding there as ``Project.definition`` does."""
    parts = [part for part in qualified.lstrip(".").split(".") if part]
    for path, covered in module_files(folder, qualified):
        text = read(path)
        if text is None:
            continue
        if len(parts) - covered != 1 or len(text) > MAX_MODULE_CHARS:
            return None
        return path, text, parts[-1]
    return None


# -- parsed modules, shared by the transforms of one process --------------------------------

# The same helper modules are read for every views module of a project: their trees (with
# the metadata resolved so far) come from the process's memo of parsed modules
# (codemods/_parsed_modules.py), and what this analysis derives from them alone
# (``SourceModule.facts``) is kept with them, keyed by their text: a changed file is parsed
# again. Every transform still reads the files through its own context.
_FACTS = "cache-views"


def _parsed(text: str) -> tuple[MetadataWrapper, dict[str, object]] | None:
    """(the tree's wrapper, its facts) for a module's text; None when LibCST cannot read it."""
    parsed = libcst_module(text)
    if parsed is None:
        return None
    wrapper, derived = parsed
    return wrapper, derived.setdefault(_FACTS, {})


def forget_parsed() -> None:
    """Drop what the transforms of this process keep (the next one starts afresh)."""
    forget()
