"""http-timeout: a star import of a project module that binds the callee's name again.

``import requests`` then, further down the module's top level, ``from app.helpers import *``:
the name ``requests`` the functions read at call time is whatever the star import bound last,
and ``app.helpers`` may bind it to an object of the project's own (a client whose ``get(url)``
takes no ``timeout=``). LibCST's scopes know nothing of what a star import binds, so the call
still reads as the library's. Where the star-imported module is the project's, what it binds
can be read: its literal ``__all__``, else every name its top level binds (and, through its
own star imports, theirs). A binding there by the very import this module makes (``import
requests`` there too) is the same object; any other binding leaves the call unproven.

A star import of a module outside the project (``from numpy import *``, ``from flask import
*``) is not read: a library binding the name of an HTTP library or of the module's client is
not known, and reading none keeps every such module's calls as they were planned.
"""

from __future__ import annotations

import ast
from typing import Any, Iterator

from ._parsed_modules import python_tree
from ._project_imports import ProjectImports

_DEPTH = 4  # star imports followed through re-exporting modules


class StarRebinding:
    """For the module ``tree`` (at ``ctx``'s path), which of its top-level star imports of
    project modules bind a name again after its own import of that name."""

    def __init__(self, ctx: Any, tree: ast.Module | None) -> None:
        self._ctx = ctx
        self._stars = list(_top_level_stars(tree)) if tree is not None else []
        self._imports = _top_level_imports(tree) if self._stars else {}
        self._known: dict[str, str | None] = {}

    def rebinding(self, name: str) -> str | None:
        """The spelling of a star import (``from app.helpers import *`` (line 2)) that may bind
        ``name`` again to something other than what this module's own import binds; None when
        none may (or the module imports ``name`` nowhere at its top level)."""
        if not self._stars:
            return None
        if name not in self._known:
            self._known[name] = self._first_rebinding(name)
        return self._known[name]

    def _first_rebinding(self, name: str) -> str | None:
        own = self._imports.get(name)
        if own is None:
            return None  # bound by the module otherwise (or not at all): not this rule's case
        line, bound_as = own
        listing = self._ctx.project_files()
        if listing is None:
            return None
        imports = ProjectImports(self._ctx)
        for star in self._stars:
            if star.lineno > line:
                files = imports.module_files(listing.this, star.level, star.module)
                if any(self._binds_otherwise(imports, listing, file, name, bound_as, _DEPTH) for file in files):
                    dots = "." * star.level
                    return f"`from {dots}{star.module or ''} import *` (line {star.lineno})"
        return None

    def _binds_otherwise(self, imports: ProjectImports, listing: Any, path: str, name: str, bound_as: tuple, depth: int) -> bool:
        text = self._ctx.read_file(listing.relative(path))
        tree = python_tree(text) if text else None
        if tree is None:
            return bool(text)  # a module that does not parse may bind anything
        exported = _literal_all(tree)
        if exported is not None and name not in exported:
            return False
        for node in _top_level(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    if alias.name == "*" and isinstance(node, ast.ImportFrom):
                        if depth > 0 and any(
                            self._binds_otherwise(imports, listing, file, name, bound_as, depth - 1)
                            for file in imports.module_files(path, node.level, node.module)
                        ):
                            return True
                    elif _bound_name(node, alias) == name and _import_key(node, alias) != bound_as:
                        return True
            elif name in _names_bound(node):
                return True
        return False


def _top_level(tree: ast.Module) -> Iterator[ast.stmt]:
    """The statements a module runs as it is imported: its body, and the bodies of its
    top-level ``if``, ``try`` and ``with`` blocks (not those of functions and classes)."""
    pending = list(tree.body)
    while pending:
        node = pending.pop(0)
        yield node
        if isinstance(node, (ast.If, ast.For, ast.While, ast.With)):
            pending[:0] = [*node.body, *getattr(node, "orelse", [])]
        elif isinstance(node, ast.Try):
            pending[:0] = [*node.body, *[s for h in node.handlers for s in h.body], *node.orelse, *node.finalbody]


def _top_level_stars(tree: ast.Module) -> Iterator[ast.ImportFrom]:
    for node in _top_level(tree):
        if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names):
            yield node


def _top_level_imports(tree: ast.Module) -> dict[str, tuple[int, tuple]]:
    """Each name the module's top level binds by an import: the line of its last such import
    and what it imports (``_import_key``)."""
    found: dict[str, tuple[int, tuple]] = {}
    for node in _top_level(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name != "*":
                    found[_bound_name(node, alias)] = (node.lineno, _import_key(node, alias))
    return found


def _bound_name(node: ast.Import | ast.ImportFrom, alias: ast.alias) -> str:
    if alias.asname:
        return alias.asname
    return alias.name.split(".")[0] if isinstance(node, ast.Import) else alias.name


def _import_key(node: ast.Import | ast.ImportFrom, alias: ast.alias) -> tuple:
    """What an import binds its name to, comparable across modules: an absolute import only
    (a relative one names a module by where it stands)."""
    if isinstance(node, ast.Import):
        return ("import", alias.name if alias.asname else alias.name.split(".")[0])
    return ("from", node.module, alias.name) if node.level == 0 else ("relative", id(node))


def _literal_all(tree: ast.Module) -> frozenset[str] | None:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            if isinstance(node.value, (ast.List, ast.Tuple)) and all(
                isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.value.elts
            ):
                return frozenset(e.value for e in node.value.elts)
            return None
    return None


def _names_bound(node: ast.stmt) -> set[str]:
    """The names a top-level statement (other than an import) binds: its definitions and the
    targets of its assignments (also inside the expressions of ``for`` and ``with``)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.If, ast.Try, ast.While)):
        return set()  # (their bodies are walked by _top_level)
    heads: list[ast.AST] = []
    if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
        heads = [node]
    elif isinstance(node, ast.For):
        heads = [node.target]
    elif isinstance(node, ast.With):
        heads = [item.optional_vars for item in node.items if item.optional_vars is not None]
    elif isinstance(node, ast.Expr):
        heads = [node.value]  # a walrus
    return {n.id for head in heads for n in ast.walk(head) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
