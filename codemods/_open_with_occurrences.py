"""open-with, occurrences: where a handle's name occurs in the function (or module) that
binds it, and whether an occurrence outside the handle's with-block could see the handle.

Each occurrence has a *role* (load, store, delete, declared global/nonlocal) and a *place*:
directly in the scope, in a comprehension of it, or in a nested function or lambda (which
may run after the with-block: the handle is refused). ``top`` is the index of the
statement of the binding's block that holds it.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
from libcst.metadata.scope_provider import ComprehensionScope, GlobalScope, Scope

from ._open_with_messages import GLOBAL, LOOP_VARIABLE, MODULE_FUNCTIONS, NESTED_FUNCTION, USED_ELSEWHERE
from ._open_with_names import NameTable
from ._open_with_plan import Refusal
from ._open_with_statements import binds_outright
from ._open_with_tree import Tree, scope_inside

# occurrence roles
LOAD, STORE, DELETE, DECLARE, IGNORE = "load", "store", "delete", "declare", "ignore"


@dataclass
class Occurrence:
    node: cst.Name
    role: str
    where: str  # "direct", "comprehension" or "nested"
    top: int | None = None  # index of the statement of the block that contains it


class Occurrences:
    """The occurrences of names in ``scope``, seen from the block ``owner`` (where the
    handle is bound); one list per name, computed once."""

    def __init__(self, tree: Tree, names: NameTable, owner: cst.CSTNode, scope: Scope) -> None:
        self.tree = tree
        self.names = names
        self.owner = owner
        self.body: list[cst.CSTNode] = list(owner.body)  # type: ignore[attr-defined]
        self.scope = scope
        self._cache: dict[str, list[Occurrence]] = {}

    def of(self, name: str) -> list[Occurrence]:
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        found: list[Occurrence] = []
        for node in self.names.names_in(self.scope, name):
            role = self._role(node)
            if role == IGNORE:
                continue
            where = self._where(node, name, role)
            if where is None:
                continue
            occ = Occurrence(node, role, where, self.tree.top_index(node, self.owner))
            if where == "nested":
                line = self.tree.cited_line(node)
                if isinstance(self.scope, GlobalScope):
                    raise Refusal(MODULE_FUNCTIONS.format(name=name, line=line))
                raise Refusal(NESTED_FUNCTION.format(name=name, line=line))
            if role == DECLARE:
                raise Refusal(GLOBAL)
            found.append(occ)
        self._cache[name] = found
        return found

    def _where(self, node: cst.Name, name: str, role: str) -> str | None:
        if role == DECLARE:
            statement = next(a for a in self.tree.ancestors(node) if isinstance(a, (cst.Global, cst.Nonlocal)))
            declared_in = self.tree.scopes.get(statement)
            if declared_in is self.scope:
                return "direct"
            if isinstance(statement, cst.Global) and isinstance(self.scope, GlobalScope):
                return "nested"
            if isinstance(statement, cst.Nonlocal) and scope_inside(declared_in, self.scope):
                return "nested"
            return None
        scope = self.tree.scopes.get(node)
        if scope is None:
            return None
        if scope is self.scope:
            return "direct"
        current = scope
        while isinstance(current, ComprehensionScope) and current is not self.scope:
            if name in current.assignments:
                return None  # the comprehension's own variable
            current = current.parent
        if current is self.scope:
            return "comprehension"
        if not scope_inside(scope, self.scope):
            return None
        try:
            assignments = scope[name]
        except Exception:  # pragma: no cover - defensive: LibCST lookups of odd names
            return "nested"
        return "nested" if any(a.scope is self.scope for a in assignments) else None

    def _role(self, node: cst.Name) -> str:
        parent = self.tree.parents.get(node)
        if isinstance(parent, cst.Attribute):
            if parent.attr is node:
                return IGNORE
            # `import a.b`: the leftmost name binds `a`; `from a.b import c` binds nothing
            top: cst.CSTNode = parent
            while isinstance(self.tree.parents.get(top), cst.Attribute):
                top = self.tree.parents[top]
            holder = self.tree.parents.get(top)
            if isinstance(holder, cst.ImportFrom):
                return IGNORE
            if isinstance(holder, cst.ImportAlias):
                return STORE if holder.asname is None else IGNORE
            return LOAD
        if isinstance(parent, cst.Arg) and parent.keyword is node:
            return IGNORE
        if isinstance(parent, cst.ImportFrom):
            return IGNORE
        if isinstance(parent, cst.ImportAlias):
            return STORE if parent.name is node and parent.asname is None else IGNORE
        if isinstance(parent, cst.AsName):
            return STORE
        if isinstance(parent, cst.NameItem):
            return DECLARE
        if isinstance(parent, (cst.FunctionDef, cst.ClassDef)) and parent.name is node:
            return STORE
        if isinstance(parent, cst.Param) and parent.name is node:
            return STORE
        if isinstance(parent, (cst.MatchAs, cst.MatchStar)):
            return STORE
        if isinstance(parent, cst.MatchMapping) and parent.rest is node:
            return STORE
        if isinstance(parent, cst.MatchKeywordElement) and parent.key is node:
            return IGNORE
        anchor: cst.CSTNode = node
        holder = parent
        while isinstance(holder, (cst.Element, cst.StarredElement, cst.Tuple, cst.List)):
            anchor, holder = holder, self.tree.parents.get(holder)
        if isinstance(holder, cst.AssignTarget) and holder.target is anchor:
            return STORE
        if isinstance(holder, (cst.For, cst.CompFor)) and holder.target is anchor:
            return STORE
        if isinstance(holder, cst.Del):
            return DELETE
        if isinstance(holder, (cst.AnnAssign, cst.AugAssign, cst.NamedExpr)) and holder.target is anchor:
            return STORE
        return LOAD

    def rebinding(self, name: str, occurrences: list[Occurrence], binding: int) -> int:
        """Index of the first later statement of the block that rebinds ``name`` outright."""
        stores = {occ.top for occ in occurrences if occ.role == STORE and occ.top is not None and occ.where == "direct"}
        for k in sorted(stores):
            if k > binding and binds_outright(self.body[k], name):
                return k
        return len(self.body)

    def check_unreachable(self, occ: Occurrence, name: str, binding: int) -> None:
        """Refusal unless ``occ`` (outside the statements after the binding) can never see the
        handle: it is preceded in its own block by an outright rebinding, or no path leads
        from the binding to it (a loop around both could, and a try from the binding's part
        to a later one: see ``_try_leads``)."""
        if occ.role in (STORE, DELETE):
            return  # binding or deleting the name elsewhere never touches this handle
        binding_line = self.body[binding]
        stores = [
            o.node for o in self.of(name) if o.role == STORE and o.where == "direct"
        ]
        node: cst.CSTNode = occ.node
        scope_node = self.scope.node if not isinstance(self.scope, GlobalScope) else self.tree.module
        while True:
            statement, owner, index = self.tree.statement_in_block(node)
            if statement is None or statement is scope_node:
                return
            for previous in reversed(owner.body[:index]):  # type: ignore[attr-defined]
                if any(self.tree.is_inside(store, previous) for store in stores):
                    if self.tree.is_inside(binding_line, previous):
                        break
                    if binds_outright(previous, name):
                        return
                    break
            else:
                compound = self.tree.compound_owning(owner)
                if compound is None or compound is scope_node:
                    return
                if self.tree.is_inside(binding_line, compound) and isinstance(
                    compound, (cst.For, cst.While, cst.Try, cst.TryStar)
                ):
                    if isinstance(compound, (cst.Try, cst.TryStar)) and not _try_leads(self.tree, compound, binding_line, owner):
                        node = compound  # no path through this try: a loop around it still could
                        continue
                    if isinstance(compound, cst.For) and any(self.tree.is_inside(store, compound.target) for store in stores):
                        raise Refusal(LOOP_VARIABLE.format(name=name, line=self.tree.cited_line(compound)))
                    break
                node = compound
                continue
            break
        raise Refusal(USED_ELSEWHERE.format(name=name, line=self.tree.cited_line(occ.node)))


def _try_leads(tree: Tree, statement: cst.Try | cst.TryStar, source: cst.CSTNode, target: cst.CSTNode) -> bool:
    """Whether control can pass, within ``statement``, from the part holding ``source`` to the
    part holding ``target``. It only moves forward: from the body to a handler or to ``else``,
    and from any other part to ``finally``; never back, nor from one handler to another or to
    ``else``. Within one part the caller has seen that ``source`` does not come first."""
    source_part, target_part = _try_part(tree, statement, source), _try_part(tree, statement, target)
    if source_part is None or target_part is None:
        return True  # not in one of its parts: assume a path
    if source_part is target_part:
        return False
    if target_part is statement.finalbody:
        return True
    return source_part is statement.body


def _try_part(tree: Tree, statement: cst.Try | cst.TryStar, node: cst.CSTNode) -> cst.CSTNode | None:
    for part in (statement.body, *statement.handlers, statement.orelse, statement.finalbody):
        if part is not None and tree.is_inside(node, part):
            return part
    return None
