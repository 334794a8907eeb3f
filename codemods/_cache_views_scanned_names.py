"""What the names and expressions of the code cache-views' scan judges stand for: the
``Kind`` of a local name from its bindings, of a name a function around the scanned code binds
(a view inside an app factory), and whether a container is one the code made itself.

A binding in the scanned code is judged with the scan's call rules (``CallRules``), being
code the view runs. A binding in a function around it is not the scanned code's: the function
around a view ran before it (an app factory, once), the view around a nested helper is judged
by its own scan. Its value is taken by the rules of a module's names (``NameKinds``: the app,
the database, the cache objects), else by the call rules with what they find set aside, and
only the scanned code's own use of the name is judged.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import Assignment

from ._cache_views_calls import _root_name
from ._cache_views_catalog import FRESH_CALLS
from ._cache_views_kinds import CONNECTION, FILE, FUNCTION, INSTANCE, OTHER, PARAM, QUERY, VALUE, Kind, Verdict
from ._cache_views_project import Definition


class ScannedNames:
    """Mixed into the scan (``_cache_views_scan.Scan``), which provides ``a`` (the Analysis),
    ``m`` (the module), ``root`` (the scanned code), ``verdict`` (what the scan found),
    ``binding`` (the bindings being judged) and ``call``."""

    def kind(self, node: cst.BaseExpression) -> Kind:
        if isinstance(node, cst.Call):
            return self.call(node)
        if isinstance(node, cst.Name):
            return self.name_kind(node)
        if isinstance(node, cst.Attribute):
            return self.a.attribute_kind(self.kind(node.value), node.attr.value)
        if isinstance(node, cst.Subscript):
            inner = self.kind(node.value)
            return inner if inner.tag in (VALUE, QUERY, PARAM) else Kind(OTHER)
        if isinstance(node, cst.Lambda):
            return Kind(FUNCTION, Definition(self.m, node))
        if isinstance(node, (cst.Await, cst.Yield, cst.StarredElement)):
            return Kind(OTHER)
        return Kind(VALUE)

    def name_kind(self, name: cst.Name) -> Kind:
        outer = self.a.global_kind(self.m, name)
        if outer is not None:
            return outer
        kinds = [k for k in self.local_kinds(name) if k is not None]
        if not kinds:
            return Kind(OTHER, name=name.value)
        if len({k.tag for k in kinds}) > 1:
            return Kind(OTHER, name=name.value)
        return kinds[0]

    def local_kinds(self, name: cst.Name) -> list[Kind | None]:
        """The kinds of what a local name is bound to, one per binding (None: being judged)."""
        scope = self.a.scope(self.m, name)
        if scope is None or name.value not in scope:
            return []
        kinds: list[Kind | None] = []
        for assignment in scope[name.value]:
            if not isinstance(assignment, Assignment):
                return [Kind(OTHER)]
            node = assignment.node
            if id(node) in self.binding:
                kinds.append(None)
                continue
            self.binding.add(id(node))
            try:
                kinds.append(self.binding_kind(node, name))
            finally:
                self.binding.discard(id(node))
        return kinds

    def binding_kind(self, node: cst.CSTNode, name: cst.Name) -> Kind:
        if isinstance(node, cst.Param):
            return self.a.param_kind(self.m, node)
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            return self.a.definition_kind(Definition(self.m, node))
        if isinstance(node, (cst.Import, cst.ImportFrom)):
            return self.a.imported_kind(self.m, name)
        if not self.outside(node):
            return self._bound_kind(node, name)
        # bound by a function around the scanned code: what it was bound to (by the rules of
        # a module's names, which know the app, the database and the cache objects, else by
        # the call rules), and never a problem of the scanned code, which does not make the
        # calls that bound it (the factory made them once, or the view around a helper does)
        value = self.a.assigned_value(self.m, node)
        if value is not None:
            known = self.a.definition_kind(Definition(self.m, value))
            if known.tag != OTHER:
                return known
        judged = self.verdict
        self.verdict = Verdict()
        try:
            return self._bound_kind(node, name)
        finally:
            self.verdict = judged

    def _bound_kind(self, node: cst.CSTNode, name: cst.Name) -> Kind:
        """The kind of the value an assignment, a loop or a ``with`` binds to ``name``."""
        unpacked = False
        parent = self.a.parent(self.m, node)
        while isinstance(parent, (cst.Element, cst.Tuple, cst.List, cst.StarredElement)):
            unpacked = True
            parent = self.a.parent(self.m, parent)
        if isinstance(parent, cst.AssignTarget):
            parent = self.a.parent(self.m, parent)
        if isinstance(parent, (cst.Assign, cst.AnnAssign, cst.NamedExpr)) and parent.value is not None:
            kind = self.kind(parent.value)
            return _element(kind) if unpacked else kind
        if isinstance(parent, (cst.For, cst.CompFor)):
            return _element(self.kind(parent.iter))
        if isinstance(parent, cst.AsName):
            holder = self.a.parent(self.m, parent)
            if isinstance(holder, cst.WithItem):
                return self.kind(holder.item)
            return Kind(VALUE)  # an exception, a match capture
        if isinstance(parent, cst.AugAssign):
            return Kind(VALUE)
        return Kind(OTHER, name=name.value)

    def enclosing_bindings(self, name: cst.Name) -> list[cst.CSTNode]:
        """The nodes binding ``name`` in a function around the scanned code (empty when the
        scanned code binds it itself, or the module does)."""
        scope = self.a.scope(self.m, name)
        if scope is None or name.value not in scope:
            return []
        nodes = []
        for assignment in scope[name.value]:
            if not isinstance(assignment, Assignment) or assignment.scope is assignment.scope.globals:
                return []
            if not self.outside(assignment.node):
                return []
            nodes.append(assignment.node)
        return nodes

    def outside(self, node: cst.CSTNode) -> bool:
        """True for a node that is not part of the scanned code (a function around it binds it)."""
        current: cst.CSTNode | None = node
        while current is not None:
            if current is self.root:
                return False
            current = self.a.parent(self.m, current)
        return True

    def bound_values(self, name: cst.Name) -> list[cst.BaseExpression]:
        """The values a name of this module is assigned (empty when any binding is not a
        plain assignment)."""
        scope = self.a.scope(self.m, name)
        if scope is None or name.value not in scope:
            return []
        values = []
        for assignment in scope[name.value]:
            value = self.a.assigned_value(self.m, assignment.node) if isinstance(assignment, Assignment) else None
            if value is None:
                return []
            values.append(value)
        return values

    def is_fresh(self, node: cst.BaseExpression) -> bool:
        """A container the scanned code made itself: a local bound only to new containers
        (literals, comprehensions, list(...), sorted(...), an object of a project class), never
        to one that already exists (a module constant, an argument, a row, a dict's value)."""
        root = _root_name(node)
        if root is None:
            return self._makes_new(node)
        if self.a.global_kind(self.m, root) is not None:
            return False
        scope = self.a.scope(self.m, root)
        if scope is None or root.value not in scope:
            return False
        made = False
        for assignment in scope[root.value]:
            if not isinstance(assignment, Assignment):
                return False
            parent = self.a.parent(self.m, assignment.node)
            if isinstance(parent, cst.AssignTarget):
                parent = self.a.parent(self.m, parent)
            if isinstance(parent, cst.AugAssign):
                continue
            if not isinstance(parent, (cst.Assign, cst.AnnAssign)) or parent.value is None:
                return False
            if not self._makes_new(parent.value):
                return False
            made = True
        return made

    def _makes_new(self, value: cst.BaseExpression) -> bool:
        if isinstance(value, (cst.List, cst.Dict, cst.Set, cst.ListComp, cst.DictComp, cst.SetComp)):
            return True
        if isinstance(value, cst.BinaryOperation):  # rows + more: a new list
            return self._makes_new(value.left) or self._makes_new(value.right)
        if isinstance(value, cst.Call):
            if {q.name for q in self.m.qualified(value.func)} & FRESH_CALLS:
                return True
            return self.kind(value).tag == INSTANCE
        return False


def _element(kind: Kind) -> Kind:
    """The kind of the items of a ``kind`` (what a for loop or an unpacking gives)."""
    if kind.tag in (QUERY, PARAM):
        return Kind(kind.tag, kind.definition)
    if kind.tag in (VALUE, FILE, CONNECTION, INSTANCE):
        return Kind(VALUE)
    return Kind(OTHER)
