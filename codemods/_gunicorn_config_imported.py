"""gunicorn-config: the module-level containers of the project that a module reaches through
its imports (``from models import users``, ``import models`` then ``models.users``), so
that a change made to one in another module counts as state, whichever module makes it.

An imported name is followed to the project module it comes from (a package that re-exports
it too); where a name imported from a project module cannot be told there (a star import),
it counts as a container: a change to it is taken as state. Names imported from outside the
project (the standard library, an installed package) are not containers of the project. A
module is never the source of its own import (``from main import db`` inside
``apps/payments/main.py`` matches that module by the last part of its name, and following it
back to itself would end at the hop limit as a name that cannot be told).
"""

from __future__ import annotations

import ast
from typing import Iterator

from ._gunicorn_config_containers import module_containers
from ._gunicorn_config_process_calls import own_nodes
from ._parsed_modules import plain_tree_fact
from ._module_index import ModuleIndex, absolute_parts, failing_self_imports

# how many modules a re-exported name is followed through
_MAX_HOPS = 4


class ProjectModules:
    """The application modules of a project by dotted name, their containers and bindings."""

    def __init__(self, trees: dict[str, ast.Module | None]) -> None:
        self._trees = trees
        self._index = ModuleIndex(tuple(trees))  # the project may be run from any folder of it

    def _fails(self, path: str) -> frozenset[str]:
        tree = self._trees.get(path)
        return plain_tree_fact(tree, "failing self imports", failing_self_imports) if tree is not None else frozenset()

    def modules(self, name: str, importer: str | None = None) -> list[str]:
        """The project's modules an absolute import of ``name`` (in ``importer``) names."""
        return self._index.named(tuple(name.split(".")), True, importer, self._fails) if name else []

    def origin(self, path: str, name: str, hops: int = 0) -> str | None:
        """``"models.py:1"`` where the module ``path`` makes ``name`` a container (or a
        module it imports it from does), ``path`` alone when it cannot be told (a star
        import, a module that does not parse); None when ``name`` is something else there."""
        tree = self._trees.get(path)
        if tree is None or hops > _MAX_HOPS:
            return path
        made = module_containers(tree)
        if name in made:
            return f"{path}:{made[name]}"
        star = False
        for node in own_nodes(tree):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    if alias.name == "*":
                        star = True
                    elif (alias.asname or alias.name) == name:
                        # never the module itself: ``from main import db`` in ``apps/payments/main.py``
                        # names the project's top-level ``main``, not a loop back to its own name
                        sources = [p for p in self._source(path, node) if p != path]
                        found = [self.origin(p, alias.name, hops + 1) for p in sources]
                        return next((f for f in found if f is not None), None)
        return path if star and name not in _bound(tree) else None

    def _source(self, importer: str, node: ast.ImportFrom, name: str | None = None) -> list[str]:
        """The modules ``node`` imports from (``name``: its submodule of that name): a
        relative import's at its path from the root, an absolute one's as the shared lookup
        finds it (``_module_index.ModuleIndex.named``)."""
        parts = absolute_parts(importer, node.level, node.module)
        if parts is None:
            return []
        return self._index.named((*parts, name) if name is not None else parts, node.level == 0, importer, self._fails)

    def imported_containers(self, importer: str, tree: ast.Module) -> dict[str, str]:
        """The names (``users``, ``models.users``) by which the module ``importer`` reaches a
        container of another project module, each with where it is made (see ``origin``)."""
        found: dict[str, str] = {}
        for node in own_nodes(tree):
            if isinstance(node, ast.ImportFrom) and node.module != "__future__":
                for alias in node.names:
                    if alias.name == "*":
                        continue
                    local = alias.asname or alias.name
                    submodule = self._source(importer, node, alias.name)
                    if submodule:
                        found.update(self._reached(local, submodule))
                        continue
                    where = [o for o in (self.origin(p, alias.name) for p in self._source(importer, node)) if o is not None]
                    if where:
                        found[local] = where[0]
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    found.update(self._reached(alias.asname or alias.name, self.modules(alias.name, importer)))
        return found

    def _reached(self, local: str, paths: list[str]) -> Iterator[tuple[str, str]]:
        for path in paths:
            tree = self._trees.get(path)
            for name, line in module_containers(tree).items() if tree is not None else ():
                yield f"{local}.{name}", f"{path}:{line}"


def _bound(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in own_nodes(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names

