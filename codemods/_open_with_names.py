"""open-with, names: where a handle's name occurs, and which new names are free.

``NameTable`` sorts the module's ``Name`` nodes (from the ``Index``) by the scope they are in,
so the analysis can list a handle name's occurrences in a function and the functions nested
in it, and can pick a new handle name that shadows nothing and that nothing shadows.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata.scope_provider import ClassScope, GlobalScope, Scope

from ._names import RESERVED, fresh_name
from ._open_with_index import Index
from ._open_with_messages import CLASS_BODY_INLINE, INTROSPECTION
from ._open_with_tree import Tree, scope_inside


class NameTable:
    def __init__(self, tree: Tree, index: Index) -> None:
        self.tree = tree
        self.index = index
        self._scoped_names: dict[Scope | None, dict[str, list[cst.Name]]] | None = None
        self._scopes_within: dict[Scope, list[Scope]] = {}
        self._taken: dict[Scope, set[str]] = {}

    def scoped_names(self) -> dict[Scope | None, dict[str, list[cst.Name]]]:
        """Every Name that names something (not an attribute, not a keyword argument), by the
        scope it is in and its spelling. ``None``: names of ``global``/``nonlocal`` lists."""
        if self._scoped_names is None:
            table: dict[Scope | None, dict[str, list[cst.Name]]] = {}
            scopes = self.tree.scopes
            for name, nodes in self.index.names.items():
                for node in nodes:
                    if not self._attribute_or_keyword(node):
                        table.setdefault(scopes.get(node), {}).setdefault(name, []).append(node)
            self._scoped_names = table
        return self._scoped_names

    def scopes_within(self, scope: Scope) -> list[Scope]:
        """``scope`` and the scopes nested in it that hold names."""
        found = self._scopes_within.get(scope)
        if found is None:
            found = [s for s in self.scoped_names() if s is not None and scope_inside(s, scope)]
            self._scopes_within[scope] = found
        return found

    def names_in(self, scope: Scope, name: str) -> list[cst.Name]:
        """The Names spelled ``name`` in ``scope`` or nested in it (and in global/nonlocal lists),
        in source order."""
        table = self.scoped_names()
        nodes = list(table.get(None, {}).get(name, ()))
        for owner in self.scopes_within(scope):
            nodes.extend(table[owner].get(name, ()))
        return sorted(nodes, key=self.tree.start)

    def taken_names(self, scope: Scope) -> set[str]:
        """The names a new handle name in ``scope`` must avoid: every name used in ``scope``,
        in a scope nested in it, or at module level (attribute names and keyword arguments
        are not names), every identifier-like string of the module (``getattr(x, "f")``),
        builtins and keywords. So the new name shadows nothing, and nothing shadows it."""
        taken = self._taken.get(scope)
        if taken is None:
            table = self.scoped_names()
            taken = set(RESERVED) | self.index.identifier_strings | set(table.get(None, {}))
            for owner in {*self.scopes_within(scope), *(s for s in table if isinstance(s, GlobalScope))}:
                taken |= set(table[owner])  # module-level names too: a new local never shadows a global
            self._taken[scope] = taken
        return taken

    def fresh(self, preferred: tuple[str, ...], scope: Scope, busy: set[str]) -> str:
        """A new name for ``scope``: the first free one of ``preferred`` (else the first with
        a number), avoiding ``busy`` too."""
        return fresh_name(preferred, self.taken_names(scope) | busy)

    def new_name_problem(self, scope: Scope) -> str | None:
        """Why a new handle name may not be bound in ``scope`` (None: it may)."""
        if isinstance(scope, ClassScope):
            return CLASS_BODY_INLINE
        if not isinstance(scope, GlobalScope):
            table = self.scoped_names()
            if any(table[owner].keys() & {"locals", "vars"} for owner in self.scopes_within(scope)):
                return INTROSPECTION
        return None

    def _attribute_or_keyword(self, node: cst.Name) -> bool:
        parent = self.tree.parents.get(node)
        return (isinstance(parent, cst.Attribute) and parent.attr is node) or (
            isinstance(parent, cst.Arg) and parent.keyword is node
        )
