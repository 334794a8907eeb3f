"""Parents and expression contexts of a module's nodes, indexed one function body at a time,
when a node in that body is first looked up.

cache-views judges a few functions of a module (the views, the helpers they call), and
reads its scopes with those bodies analysed only when asked (``_lazy_scopes``): it
needs the parents and expression contexts of the nodes outside those bodies and of the few
bodies it reads, not of every node. On the real-world corpus about three quarters of a
views module's nodes are in such bodies, and about one in ten of those is ever looked at.
``NodeIndex`` indexes the module without the bodies the scopes analyse only when asked
(``bodies_left_out``: the same rule), and such a body when a node in it is first looked
up: its parents (``_metadata.index_parents``) and its expression contexts
(``_expression_contexts``; a body is a statement, in LOAD context) together.
``LazyParents`` and ``LazyContexts`` are the two mappings, exact
(tests/codemods/test_cache_views_node_index.py compares them with LibCST's on real code);
only the order they iterate in is their own.

A node not indexed is in a body left out, or in another tree: the bodies are indexed in
the order of the code until it is found (all of them for a node of another tree).
``index_below(wrapper, node)`` indexes the bodies below a node about to be visited, so that
the lookups made while visiting it find every node at once.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Any, Iterable, Iterator

import libcst as cst
from libcst.metadata import ExpressionContext, ExpressionContextProvider, MetadataWrapper, ParentNodeProvider, ScopeProvider

from ._lazy_scopes import _units  # (the rule the scopes leave bodies out by)
from ._expression_contexts import expression_contexts
from ._metadata import ParentIndex, index_parents


class NodeIndex:
    """The parents and expression contexts of ``module``'s nodes, body by body (see above).
    The module's nodes must be unique (a fresh parse, or a tree ``_metadata`` proved so)."""

    def __init__(self, module: cst.Module, tree: ast.Module, parents: ParentIndex | None = None) -> None:
        """``parents``: the whole module's ParentIndex, when a wrapper has it (it proved the
        nodes unique): then only the expression contexts are indexed body by body."""
        self.module = module
        self.contexts: dict[cst.CSTNode, ExpressionContext] = {}
        # every parent known: the dicts of ``parents`` (read, never added to)
        self.complete = parents is not None
        if parents is not None:
            self.parents, self.children = parents._parents, parents._children
            chosen = bodies_left_out(module, tree)
            units = _units(module.body, cst.FunctionDef, cst.ClassDef)
            self.left_out = {id(unit.body): unit.body for unit in units if id(unit.body) in chosen}
            expression_contexts(module, self.contexts, self.left_out.keys())
            return
        self.parents = {}
        self.children = {}
        bodies: list[cst.BaseSuite] = []
        if not index_parents(module, self.parents, self.children, bodies):
            raise ValueError("a node object occurs twice in the tree")
        chosen = bodies_left_out(module, tree)
        # id of a body left out -> that body, in the order of the code
        self.left_out: dict[int, cst.BaseSuite] = {id(body): body for body in reversed(bodies) if id(body) in chosen}
        for body in bodies:
            if id(body) not in chosen:
                index_parents(body, self.parents, self.children)
        expression_contexts(module, self.contexts, self.left_out.keys())

    def indexed(self, node: object) -> bool:
        return self.children.get(id(node)) is node

    def find(self, node: object) -> bool:
        """Whether ``node`` is a node of the tree below the module (its body indexed first)."""
        if self.children.get(id(node)) is node:
            return True
        return node is not self.module and self.find_id(id(node)) and self.children[id(node)] is node

    def find_id(self, key: int) -> bool:
        """Whether a node of the tree below the module has the id ``key`` (its body indexed)."""
        children = self.children
        while key not in children and self.left_out:
            self._index(next(iter(self.left_out)))
        return key in children

    def index_below(self, node: cst.CSTNode) -> None:
        """Index every body left out that lies below ``node`` (or is ``node``'s own)."""
        left_out = self.left_out
        if not left_out:
            return
        if type(node) is cst.FunctionDef and id(node.body) in left_out:
            self._index(id(node.body))
            return
        if not self.find(node) or type(node) is cst.FunctionDef:  # (nothing left out below a function found)
            return
        for key, body in list(left_out.items()):  # a class, a module: the bodies whose ancestors include it
            current: Any = body
            parents = self.parents
            while id(current) in parents:
                current = parents[id(current)]
                if current is node:
                    self._index(key)
                    break

    def index_all(self) -> None:
        while self.left_out:
            self._index(next(iter(self.left_out)))

    def _index(self, key: int) -> None:
        body = self.left_out.pop(key)
        if not self.complete:
            index_parents(body, self.parents, self.children)
        expression_contexts(body, self.contexts)

    def index_body_of(self, node: object) -> None:
        """Every parent known: index the body left out that holds ``node``, if one does."""
        parents, left_out = self.parents, self.left_out
        key = id(node)
        if self.children.get(key) is not node:
            return
        while key in parents:
            key = id(parents[key])
            if key in left_out:
                self._index(key)
                return


class LazyParents(ParentIndex):
    """ParentNodeProvider's mapping from a ``NodeIndex``."""

    def __init__(self, index: NodeIndex) -> None:
        super().__init__(index.parents, index.children)
        self.index = index

    def __getitem__(self, node: cst.CSTNode) -> cst.CSTNode:
        if not self.index.find(node):
            raise KeyError(node)
        return self._parents[id(node)]

    def __contains__(self, node: object) -> bool:
        return self.index.find(node)

    def __iter__(self) -> Iterator[cst.CSTNode]:
        self.index.index_all()
        return super().__iter__()

    def __len__(self) -> int:
        self.index.index_all()
        return super().__len__()

    def ancestor_ids(self, keys: Iterable[int]) -> set[int] | None:
        keys = list(keys)
        if not all(self.index.find_id(key) for key in keys):
            return None
        return super().ancestor_ids(keys)


class LazyContexts(Mapping):
    """ExpressionContextProvider's mapping from a ``NodeIndex``."""

    def __init__(self, index: NodeIndex) -> None:
        self.index = index

    def __getitem__(self, node: cst.CSTNode) -> ExpressionContext:
        contexts = self.index.contexts
        if node in contexts:
            return contexts[node]
        if self.index.complete:
            self.index.index_body_of(node)
        elif not self.index.indexed(node):
            self.index.find(node)
        return contexts[node]

    def __iter__(self) -> Iterator[cst.CSTNode]:
        self.index.index_all()
        return iter(self.index.contexts)

    def __len__(self) -> int:
        self.index.index_all()
        return len(self.index.contexts)


def bodies_left_out(module: cst.Module, tree: ast.Module) -> set[int]:
    """The ids of the bodies a ``NodeIndex`` leaves out: those ``_lazy_scopes``
    analyses only when asked, by the same rule on the same ``_units`` (any other body is
    indexed with the module: the scopes' first visit reads it): the bodies of the top-level
    functions and of the methods of top-level classes that declare no ``global``, when
    ``tree``, the stdlib AST of the same code, has the same functions there."""
    units = _units(module.body, cst.FunctionDef, cst.ClassDef)
    python_units = _units(tree.body, (ast.FunctionDef, ast.AsyncFunctionDef), ast.ClassDef)
    if len(units) != len(python_units):
        return set()
    return {
        id(unit.body)
        for unit, python_unit in zip(units, python_units)
        if unit.name.value == python_unit.name and not _declares_global(python_unit.body)
    }


def _declares_global(statements: list[ast.stmt]) -> bool:
    """Whether a ``global`` statement is among ``statements`` or the statements they hold."""
    stack = list(statements)
    while stack:
        statement = stack.pop()
        if type(statement) is ast.Global:
            return True
        for name in ("body", "orelse", "finalbody"):
            inner = getattr(statement, name, None)
            if type(inner) is list:
                stack.extend(inner)
        for part in getattr(statement, "handlers", None) or getattr(statement, "cases", None) or ():
            stack.extend(part.body)
    return False


def lazily_indexed(wrapper: MetadataWrapper, tree: ast.Module) -> MetadataWrapper:
    """A wrapper of ``wrapper``'s module (whose stdlib AST is ``tree``) with what ``wrapper``
    has resolved and, where it has not, the parents and expression contexts of a
    ``NodeIndex``; ``wrapper`` itself when both are resolved, or its scopes are (nothing
    lazy to gain). ``wrapper`` gets nothing new (other codemods share it)."""
    resolved = wrapper._metadata
    if ScopeProvider in resolved or (ParentNodeProvider in resolved and ExpressionContextProvider in resolved):
        return wrapper
    parents = resolved.get(ParentNodeProvider)
    try:
        index = NodeIndex(wrapper.module, tree, parents if type(parents) is ParentIndex else None)
    except ValueError:  # not a tree for a NodeIndex: resolved in full, as usual
        return wrapper
    lazy = MetadataWrapper(wrapper.module, unsafe_skip_copy=True)
    lazy._metadata.update(resolved)
    lazy._metadata.setdefault(ParentNodeProvider, LazyParents(index))
    lazy._metadata.setdefault(ExpressionContextProvider, LazyContexts(index))
    return lazy


def index_below(wrapper: MetadataWrapper, node: cst.CSTNode) -> None:
    """Before visiting ``node`` of ``wrapper``'s module: index the bodies below it at once
    (nothing to do when neither its parents nor its expression contexts are lazy)."""
    resolved = wrapper._metadata
    contexts, parents = resolved.get(ExpressionContextProvider), resolved.get(ParentNodeProvider)
    if isinstance(contexts, LazyContexts):  # (the same index as the parents', when they are lazy)
        contexts.index.index_below(node)
    elif isinstance(parents, LazyParents):
        parents.index.index_below(node)
