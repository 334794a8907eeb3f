"""open-with, names: where a handle's name occurs, and which new names are free.

``NameTable`` sorts the module's ``Name`` nodes (from the ``Index``) by the scope they are in,
so the analysis can list a handle name's occurrences in a function and the functions nested
in it, and can pick a new handle name that shadows nothing and that nothing shadows. The
names of a function (a unit of the ``Index``) are looked up in the scopes only when a scope
in it, or one around it, is asked about: the scopes analyse a function's body only then.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata.scope_provider import ClassScope, GlobalScope, Scope

from ._names import RESERVED, fresh_name
from ._open_with_index import Index, Unit
from ._open_with_messages import CLASS_BODY_INLINE, INTROSPECTION
from ._open_with_tree import Tree, scope_inside


class NameTable:
    def __init__(self, tree: Tree, index: Index) -> None:
        self.tree = tree
        self.index = index
        self._scoped_names: dict[Scope | None, dict[str, list[cst.Name]]] | None = None
        self._pending: dict[int, Unit] = {}  # the units whose names are not in the table yet
        self._scopes_within: dict[Scope, list[Scope]] = {}
        self._taken: dict[Scope, set[str]] = {}
        self._unit_spellings: dict[int, set[str]] = {}

    def scoped_names(self) -> dict[Scope | None, dict[str, list[cst.Name]]]:
        """The Names that name something (not an attribute, not a keyword argument), by the
        scope they are in and their spelling (``None``: names LibCST gives no scope, those of
        ``import``, ``global`` and ``nonlocal`` statements): those outside the units of the
        ``Index``, and of the units taken in so far (``_take_in``); a unit is taken in when a
        scope in its function is asked about, all of them when another scope is."""
        if self._scoped_names is None:
            self._scoped_names = {}
            self._add(self.index.outside)
            self._pending = dict(self.index.units)
            self._take_in([unit for unit in self.index.units.values() if unit.unsure])
        return self._scoped_names

    def _add(self, nodes: list[cst.Name]) -> None:
        table = self._scoped_names
        assert table is not None
        scopes = self.tree.scopes
        for node in nodes:
            if not self._attribute_or_keyword(node):
                table.setdefault(scopes.get(node), {}).setdefault(node.value, []).append(node)

    def _take_in(self, units: list[Unit]) -> None:
        for unit in units:
            if self._pending.pop(id(unit.function), None) is not None:
                self._add(unit.names)

    def _needed_for(self, scope: Scope) -> None:
        """Take in the units that may hold a scope nested in ``scope``."""
        self.scoped_names()
        if not self._pending:
            return
        units = self.index.units
        current: Scope | None = scope
        while current is not None:
            unit = units.get(id(getattr(current, "node", None)))
            if unit is not None:
                self._take_in([unit])
                return
            parent = current.parent
            current = parent if parent is not current else None
        self._take_in(list(self._pending.values()))

    def _unscoped(self) -> dict[str, list[cst.Name]]:
        """The names without a scope: in the table, and (as their units list them) in the
        units not taken in."""
        found = {name: list(nodes) for name, nodes in self.scoped_names().get(None, {}).items()}
        for unit in self._pending.values():
            for name, nodes in unit.unscoped.items():
                found.setdefault(name, []).extend(node for node in nodes if not self._attribute_or_keyword(node))
        return {name: nodes for name, nodes in found.items() if nodes}

    def scopes_within(self, scope: Scope) -> list[Scope]:
        """``scope`` and the scopes nested in it that hold names."""
        found = self._scopes_within.get(scope)
        if found is None:
            self._needed_for(scope)
            found = [s for s in self.scoped_names() if s is not None and scope_inside(s, scope)]
            self._scopes_within[scope] = found
        return found

    def names_in(self, scope: Scope, name: str) -> list[cst.Name]:
        """The Names spelled ``name`` in ``scope`` or nested in it (and in global/nonlocal lists),
        in source order. (For the module's scope: every Name so spelled, a function's taken in
        only when it spells ``name``.)"""
        nodes = list(self._unscoped().get(name, ()))
        if isinstance(scope, GlobalScope):
            self._take_in([unit for unit in self._pending.values() if name in self._spellings(unit)])
            owners: list[Scope] = [s for s in self.scoped_names() if s is not None]
        else:
            owners = self.scopes_within(scope)
        table = self.scoped_names()
        for owner in owners:
            nodes.extend(table[owner].get(name, ()))
        return sorted(nodes, key=lambda node: self.index.order[id(node)])  # source order, without positions

    def taken_names(self, scope: Scope) -> set[str]:
        """The names a new handle name in ``scope`` must avoid: every name used in ``scope``,
        in a scope nested in it, or at module level (attribute names and keyword arguments
        are not names), every identifier-like string of the module (``getattr(x, "f")``),
        builtins and keywords. So the new name shadows nothing, and nothing shadows it. (For
        the module's scope: the names a function not taken in spells, each in a scope
        nested in its own or in none.)"""
        taken = self._taken.get(scope)
        if taken is None:
            table = self.scoped_names()
            taken = set(RESERVED) | self.index.identifier_strings | set(self._unscoped())
            if isinstance(scope, GlobalScope):
                owners: list[Scope] = [s for s in table if s is not None]
                for unit in self._pending.values():
                    taken |= self._spellings(unit)
            else:
                owners = self.scopes_within(scope)
            for owner in {*owners, *(s for s in table if isinstance(s, GlobalScope))}:
                taken |= set(table[owner])  # module-level names too: a new local never shadows a global
            self._taken[scope] = taken
        return taken

    def _spellings(self, unit: Unit) -> set[str]:
        """The names ``unit`` spells (attribute names and keyword arguments are not names)."""
        found = self._unit_spellings.get(id(unit.function))
        if found is None:
            found = self._unit_spellings[id(unit.function)] = {n.value for n in unit.names if not self._attribute_or_keyword(n)}
        return found

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
