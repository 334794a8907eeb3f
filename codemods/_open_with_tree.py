"""open-with, the tree: finding one's way in a LibCST module: parents, ancestors, where a
statement sits in its block, source positions (resolved only when first needed) and what a
name refers to.

Nothing here is about openers: it is kept under open-with's name only while open-with is
its one user (a shared module must serve two codemods). The child -> parent map comes from
the ``Index`` pass; the scopes from LibCST's ScopeProvider, a function's body analysed only
when a node in it is first looked up (``_lazy_scopes``).
"""

from __future__ import annotations

from typing import Callable, Iterator, Mapping

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider, QualifiedName, ScopeProvider
from libcst.metadata.scope_provider import Scope

from ._metadata import names_statically

_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
_EMPTY_MODULE = cst.Module(body=[])


class Tree:
    """A module with its parents and scopes. Needs ScopeProvider resolved on ``wrapper``."""

    def __init__(
        self, wrapper: MetadataWrapper, parents: Mapping[cst.CSTNode, cst.CSTNode], cite: Callable[[int], int] | None = None
    ) -> None:
        self.wrapper = wrapper
        self._cite = cite  # a line of this tree -> the line of the user's file (Context.file_line)
        self.module = wrapper.module
        self.parents = parents
        self.scopes: Mapping[cst.CSTNode, Scope | None] = wrapper.resolve(ScopeProvider)
        self._positions: Mapping[cst.CSTNode, CodeRange] | None = None
        self._block_positions: dict[int, dict[int, int]] = {}

    # -- positions --------------------------------------------------------------------------
    @property
    def positions(self) -> Mapping[cst.CSTNode, CodeRange]:
        """Positions cost more than a parse: resolved only when a line or an order is needed."""
        if self._positions is None:
            self._positions = self.wrapper.resolve(PositionProvider)
        return self._positions

    def line(self, node: cst.CSTNode) -> int:
        position = self.positions.get(node)
        return position.start.line if position is not None else 0

    def cited_line(self, node: cst.CSTNode) -> int:
        """``node``'s line to name in a message: in the user's file (an earlier codemod may have moved it)."""
        line = self.line(node)
        return self._cite(line) if self._cite is not None else line

    def start(self, node: cst.CSTNode) -> tuple[int, int]:
        position = self.positions.get(node)
        return (position.start.line, position.start.column) if position is not None else (0, 0)

    # -- names ------------------------------------------------------------------------------
    def qualified_names(self, node: cst.CSTNode) -> set[QualifiedName]:
        """What ``node`` may refer to, e.g. ``builtins.open`` or ``os.open`` (empty: unknown).
        (QualifiedNameProvider does the same for every node of the module: much slower.)"""
        scope = self.scopes.get(node)
        if scope is None or not names_statically(node):
            return set()
        try:
            return set(scope.get_qualified_names_for(node))
        except Exception:  # pragma: no cover - defensive: odd nodes LibCST cannot name
            return set()

    def qnames(self, node: cst.CSTNode) -> set[str]:
        return {q.name for q in self.qualified_names(node)}

    # -- parents and blocks -----------------------------------------------------------------
    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self.parents.get(node)

    def ancestors(self, node: cst.CSTNode) -> Iterator[cst.CSTNode]:
        current = self.parents.get(node)
        while current is not None:
            yield current
            current = self.parents.get(current)

    def is_inside(self, node: cst.CSTNode, container: cst.CSTNode) -> bool:
        return node is container or any(a is container for a in self.ancestors(node))

    def position_in_block(self, statement: cst.CSTNode) -> tuple[cst.CSTNode, int] | None:
        """(owner, index) when ``statement`` sits directly in a Module or IndentedBlock body."""
        owner = self.parents.get(statement)
        if not isinstance(owner, (cst.Module, cst.IndentedBlock)):
            return None
        table = self._block_positions.get(id(owner))
        if table is None:
            table = {id(s): i for i, s in enumerate(owner.body)}
            self._block_positions[id(owner)] = table
        index = table.get(id(statement))
        return (owner, index) if index is not None else None

    def top_index(self, node: cst.CSTNode, owner: cst.CSTNode) -> int | None:
        """Index of the statement of ``owner.body`` that contains ``node`` (None: outside)."""
        child = node
        for ancestor in self.ancestors(node):
            if ancestor is owner:
                found = self.position_in_block(child)
                return found[1] if found is not None else None
            child = ancestor
        return None

    def statement_in_block(self, node: cst.CSTNode) -> tuple[cst.CSTNode | None, cst.CSTNode, int]:
        """The innermost statement holding ``node`` that sits directly in a block, with the
        block and its index there; ``(None, module, 0)`` when there is none."""
        child = node
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, (cst.Module, cst.IndentedBlock)):
                found = self.position_in_block(child)
                if found is not None:
                    return child, found[0], found[1]
            child = ancestor
        return None, self.module, 0

    def compound_owning(self, block: cst.CSTNode) -> cst.CSTNode | None:
        """The compound statement (if, for, try, def …) whose block ``block`` is."""
        for ancestor in self.ancestors(block):
            if isinstance(ancestor, cst.BaseCompoundStatement):
                return ancestor
        return None

    def is_outermost_for(self, comp_for: cst.CompFor) -> bool:
        """The first ``for`` of a comprehension: its iterable is evaluated where the
        comprehension stands, not in the comprehension's own scope."""
        return isinstance(self.parents.get(comp_for), _COMPREHENSIONS)


def scope_inside(inner: Scope | None, outer: Scope) -> bool:
    """``inner`` is ``outer`` or nested in it."""
    current = inner
    while current is not None:
        if current is outer:
            return True
        parent = current.parent
        if parent is current:
            return False
        current = parent
    return False


def positional_index(call: cst.Call, arg: cst.Arg) -> int | None:
    """The position of ``arg`` among ``call``'s positional arguments (None: a keyword, or
    after a ``*args`` whose length is unknown)."""
    position = 0
    for candidate in call.args:
        if candidate.star:
            return None
        if candidate is arg:
            return position if arg.keyword is None else None
        if candidate.keyword is None:
            position += 1
    return None


def source_excerpt(node: cst.CSTNode, limit: int = 40) -> str:
    """The code of ``node`` on one line, cut to ``limit`` characters (for messages)."""
    text = " ".join(_EMPTY_MODULE.code_for_node(node).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
