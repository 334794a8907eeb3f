"""open-with, lifetimes: how far the with-block for ``f = open(p)`` must reach.

``BindingPlanner.binding_region`` turns a binding into a region: ``Lifetime`` follows the
handle (and the objects derived from it, ``reader = csv.reader(f)``) through the rest of its
block, finds where the original closes it (``f.close()``, a ``try`` whose ``finally`` only
closes it) or its last use, checks every use in between, and proves that no use outside the
block can see the handle. Refusal otherwise.
"""

from __future__ import annotations

from typing import Callable, Iterator

import libcst as cst
from libcst.metadata.scope_provider import ClassScope, FunctionScope, GlobalScope, Scope

from ._open_with_messages import (
    ALIAS,
    CLASS_BODY_UNCLOSED,
    DELETED,
    DERIVED_ESCAPES,
    EXPORTED,
    GENERATOR_ESCAPES,
    GLOBAL,
    MODULE_UNUSED,
    NEVER_USED,
    OWN_REPLACEMENT,
    REASSIGNED,
    TAKEN_ELSEWHERE,
)
from ._open_with_names import NameTable
from ._open_with_occurrences import DELETE, LOAD, STORE, Occurrence, Occurrences
from ._open_with_plan import BIND, CLOSE, DERIVED_BIND, MANAGED, MAY_KEEP_USE, SAFE, Item, Opener, Refusal, Region, Use
from ._open_with_statements import ExitFinder, is_close_statement, is_finally_close
from ._open_with_uses import UseReader
from ._open_with_tree import Tree


class BindingPlanner:
    def __init__(
        self, tree: Tree, names: NameTable, use_reader: UseReader, taken: Callable[[str], str | None] = lambda name: None
    ) -> None:
        self.tree = tree
        self.names = names
        self.use_reader = use_reader
        self.taken = taken  # a module-level name -> the project module that takes it from this one, if any

    def binding_region(self, opener: Opener, use: Use, assign: cst.CSTNode) -> Region:
        line = self.tree.parents[assign]
        found = self.tree.position_in_block(line)
        assert found is not None
        owner, index = found
        if use.kind == BIND and _closed_at_once(self.tree, owner, index, line, use.name):
            raise Refusal("", silent=True)  # nothing between the open and its close: already released
        scope = self.tree.scopes[assign]
        lifetime = Lifetime(self.tree, self.names, self.use_reader, owner, index, scope, opener.spec.family)
        if use.kind == BIND:
            lifetime.track(use.name, None, index)
        else:  # a derived object made straight from the opener: `reader = csv.reader(open(p))`
            problem = self.names.new_name_problem(scope)
            if problem is not None:
                raise Refusal(problem)
            lifetime.track(use.name, use.maker, index)
        lifetime.analyse()
        if use.kind == BIND and _never_used(lifetime, opener, scope):
            raise Refusal(NEVER_USED.format(name=use.name))
        if lifetime.kind == "free" and isinstance(scope, ClassScope):
            raise Refusal(CLASS_BODY_UNCLOSED)
        if lifetime.kind == "free" and isinstance(scope, GlobalScope) and use.name in self.names.index.identifier_strings:
            raise Refusal(EXPORTED.format(name=use.name))
        if lifetime.kind == "free" and isinstance(scope, GlobalScope):
            _module_handle_kept(lifetime, use.name, self.taken)
        if use.kind == BIND:
            item = Item(opener, inline=False, name=use.name, binding=index)
        else:
            item = Item(opener, inline=True)
        region = Region(owner, index, lifetime.end, [item], lifetime.kind, scope)
        if lifetime.close is not None:
            if lifetime.kind == "close":
                region.closes.add(lifetime.close)
            else:
                region.unwrap = lifetime.close
        return region


class Lifetime:
    """Where the with-block for ``name = opener`` (and the objects derived from it) may end.

    ``kind`` becomes "close" (``name.close()`` later in the block, removed), "finally" (a
    ``try`` whose ``finally`` only closes it) or "free" (never closed: the block ends at the
    last use). Every use inside is checked; uses outside the block must be unable to see
    this handle. Refusal otherwise.
    """

    def __init__(
        self, tree: Tree, names: NameTable, use_reader: UseReader, owner: cst.CSTNode, index: int, scope: Scope, family: str
    ) -> None:
        self.tree = tree
        self.use_reader = use_reader
        self.occurrences = Occurrences(tree, names, owner, scope)
        self.owner = owner
        self.body: list[cst.CSTNode] = list(owner.body)  # type: ignore[attr-defined]
        self.index = index
        self.scope = scope
        self.family = family
        self.handle: str | None = None
        # (name, maker, index of the block statement holding its binding, the binding line)
        self.derived: list[tuple[str, str, int, cst.CSTNode | None]] = []
        self.kind = "free"
        self.close: int | None = None
        self.end = index
        self.may_keep: list[tuple[Occurrence, str]] = []
        self.uses: list[Occurrence] = []

    def track(self, name: str, maker: str | None, binding: int) -> None:
        if maker is None:
            self.handle = name
        else:
            self.derived.append((name, maker, binding, self.body[binding]))

    # -- the analysis --------------------------------------------------------------------------
    def analyse(self) -> None:
        if self.handle is not None:
            self._analyse_handle(self.handle)
        seen = 0
        while seen < len(self.derived):  # derived objects found while analysing add more
            self._analyse_derived(*self.derived[seen])
            seen += 1
        if self.may_keep:
            self._check_may_keep()

    def _analyse_handle(self, name: str) -> None:
        occurrences = self.occurrences.of(name)
        for occ in occurrences:  # `with f:` somewhere: the code already closes it
            if occ.role == LOAD and self.use_reader.use_of(occ.node, self.family).kind == MANAGED:
                raise Refusal("", silent=True)
        stop = self.occurrences.rebinding(name, occurrences, self.index)
        for k in range(self.index + 1, stop):
            statement = self.body[k]
            if is_close_statement(statement, name):
                self.kind, self.close = "close", k
                break
            if is_finally_close(statement, name):
                self.kind, self.close = "finally", k
                break
        limit = self.close if self.close is not None else stop - 1
        end = self.index
        for occ in occurrences:
            if occ.top is not None and occ.top == self.index:
                continue  # the binding itself
            if occ.top is None or occ.top < self.index:
                self.occurrences.check_unreachable(occ, name, self.index)
                continue
            if occ.top > limit:
                if occ.role == LOAD and occ.top == stop:
                    raise Refusal(OWN_REPLACEMENT.format(name=name, line=self.tree.cited_line(occ.node)))
                continue  # after the close (the handle is closed in both versions) or rebound
            if occ.role == STORE:
                raise Refusal(REASSIGNED.format(name=name, line=self.tree.cited_line(occ.node)))
            if occ.role == DELETE:
                raise Refusal(DELETED.format(name=name, line=self.tree.cited_line(occ.node)))
            if occ.role != LOAD:
                raise Refusal(GLOBAL)
            if self.close is not None and occ.top == self.close and self._is_the_close(occ):
                continue
            self._check_use(occ, self.use_reader.use_of(occ.node, self.family), occ.top)
            end = max(end, occ.top)
        self.end = self.close if self.close is not None else end

    def _analyse_derived(self, name: str, maker: str, binding: int, line: cst.CSTNode | None) -> None:
        occurrences = self.occurrences.of(name)
        stop = self.occurrences.rebinding(name, occurrences, binding)
        closed_at = self.close if self.kind in ("close", "finally") else None
        end = self.end
        for occ in occurrences:
            if line is not None and self.tree.is_inside(occ.node, line):
                continue  # the binding itself
            if occ.top is None or occ.top < binding:
                self.occurrences.check_unreachable(occ, name, binding)
                continue
            if occ.top >= stop or (closed_at is not None and occ.top > closed_at):
                continue  # rebound, or after the handle's close: the same in both versions
            if occ.role == STORE:
                raise Refusal(REASSIGNED.format(name=name, line=self.tree.cited_line(occ.node)))
            if occ.role != LOAD:
                raise Refusal(DELETED.format(name=name, line=self.tree.cited_line(occ.node)))
            use = self.use_reader.derived_name_use(occ.node, maker)
            self._check_use(occ, use, occ.top)
            end = max(end, occ.top)
        if self.kind == "free":
            self.end = max(self.end, end)
            if self.handle is not None and self.end >= self.occurrences.rebinding(self.handle, self.occurrences.of(self.handle), self.index):
                raise Refusal(REASSIGNED.format(name=self.handle, line=self.tree.cited_line(self.body[self.end])))
        # (with a close, `end` cannot pass it: later uses see a closed file in both versions)

    def _check_use(self, occ: Occurrence, use: Use, top: int) -> None:
        if occ.where == "comprehension":
            comprehension = self._outer_comprehension(occ.node)
            if isinstance(comprehension, cst.GeneratorExp) and self.use_reader.iteration_consumer(comprehension) is None:
                raise Refusal(GENERATOR_ESCAPES)
        if use.kind in (SAFE, CLOSE):
            self.uses.append(occ)
            return
        if use.kind == MANAGED:
            raise Refusal("", silent=True)
        if use.kind == BIND:
            raise Refusal(ALIAS)
        if use.kind == DERIVED_BIND:  # `reader = csv.reader(f)`: follow `reader` too
            line = self.tree.parents.get(use.statement)
            if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1:
                self.derived.append((use.name, use.maker, top, line))
                self.uses.append(occ)
                return
            raise Refusal(DERIVED_ESCAPES.format(maker=use.maker))
        if use.kind == MAY_KEEP_USE:
            self.may_keep.append((occ, use.message))
            self.uses.append(occ)
            return
        raise Refusal(use.message)

    def _check_may_keep(self) -> None:
        """A call that may keep the handle is fine only when the original closes the handle
        right after it anyway: an explicit close follows, nothing else uses the handle in
        between, and nothing leaves the block in between (return, yield, break, continue)."""
        occ, message = max(self.may_keep, key=lambda entry: self.tree.start(entry[0].node))
        if self.kind == "free" or len(self.may_keep) > 1:
            raise Refusal(message)
        last_use = max(self.uses, key=lambda o: self.tree.start(o.node))
        if last_use is not occ:
            raise Refusal(message)
        after = self.tree.start(occ.node)
        for exit_node in self._exits():
            if self.tree.start(exit_node) > after:
                raise Refusal(message)

    def _exits(self) -> Iterator[cst.CSTNode]:
        statements = self.body[self.index + 1 : self.end + 1]
        finder = ExitFinder()
        for statement in statements:
            statement.visit(finder)
        for node, loop in finder.exits:
            if loop is not None and any(self.tree.is_inside(loop, s) for s in statements):
                continue  # break/continue of a loop inside the region
            yield node

    def _is_the_close(self, occ: Occurrence) -> bool:
        statement = self.body[self.close] if self.close is not None else None
        if self.kind == "close":
            return statement is not None and self.tree.is_inside(occ.node, statement)
        assert isinstance(statement, cst.Try) and statement.finalbody is not None
        return self.tree.is_inside(occ.node, statement.finalbody)

    def _outer_comprehension(self, node: cst.CSTNode) -> cst.CSTNode | None:
        outer = None
        for ancestor in self.tree.ancestors(node):
            if isinstance(ancestor, (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)):
                if self.tree.scopes.get(ancestor) is self.scope:
                    outer = ancestor
            if ancestor is self.owner:
                break
        return outer


def _never_used(lifetime: "Lifetime", opener: Opener, scope: Scope) -> bool:
    """A file a function opens only to read, bound to a name nothing reads afterwards: the
    statement is dead (or checks that the file can be opened), and the function drops the
    handle when it returns; ``with ... as name:`` / ``pass`` is no change a maintainer would
    make. A file opened for writing is created or emptied by the open: that block is kept."""
    unused = lifetime.kind == "free" and lifetime.end == lifetime.index and not lifetime.derived
    return unused and opener.spec.family == "file" and opener.reads and isinstance(scope, FunctionScope)


def _module_handle_kept(lifetime: "Lifetime", name: str, taken: Callable[[str], str | None]) -> None:
    """A handle bound at module level and never closed there is a module attribute: another
    module may take it (``from logs import AUDIT_LOG``, ``logs.AUDIT_LOG``) and use it after this
    module's own last use, where a with-block would have closed it. Refusal when a module of the
    project takes the name, or when this module never uses the handle at all (it is there only
    for other code, seen or not: ``with ... as AUDIT_LOG:`` / ``pass`` would close it at once)."""
    if lifetime.end == lifetime.index and not lifetime.derived:
        raise Refusal(MODULE_UNUSED.format(name=name))
    importer = taken(name)
    if importer is not None:
        raise Refusal(TAKEN_ELSEWHERE.format(name=name, importer=importer))


def _closed_at_once(tree: Tree, owner: cst.CSTNode, index: int, line: cst.CSTNode, name: str) -> bool:
    """``name = open(p)`` alone on its line, and the very next statement closes ``name``:
    nothing in between can raise, leave or use the handle, so the code already releases it at
    a known point and a with-block would hold nothing. The open may also end a ``try``'s body
    whose ``else`` clause starts with the close (a probe: the handlers run only when the open
    failed, and no handle exists then; when it succeeded, the close runs next)."""
    body = owner.body  # type: ignore[attr-defined]
    if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
        return False
    if index + 1 < len(body):
        return is_close_statement(body[index + 1], name)
    statement = tree.parents.get(owner)
    if not isinstance(statement, cst.Try) or statement.body is not owner or statement.orelse is None:
        return False
    orelse = statement.orelse.body
    return isinstance(orelse, cst.IndentedBlock) and is_close_statement(orelse.body[0], name)
