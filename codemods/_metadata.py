"""Cheaper stand-ins for three LibCST metadata providers, filled into a MetadataWrapper.

LibCST's providers are exact but slow on the trees a codemod run produces: each is a
Python-level visit of every node, and every tree a codemod rewrote gets a defensive deep copy
before any metadata is resolved. Measured on generated Flask modules, against one LibCST
parse: the deep copy 1.7 x, ParentNodeProvider 4.7 x, PositionProvider 2.5 x,
QualifiedNameProvider 3.6 x on top of ScopeProvider's 5.9 x. What this module does instead:

- ``parent_index``: one walk over the nodes' dataclass fields (no visitor) gives the parent of
  every node, and proves on the way that no node object occurs twice in the tree; a tree
  proved so needs no deep copy. The index of a tree a codemod returned takes the nodes below
  each top-level statement it left as it was over from the index of the tree it was given.
- ``QualifiedNames``: the names of a node are asked of its scope only when a codemod looks
  them up, instead of preparing a deferred value for every node of the tree (the scope
  analysis itself runs on the first such lookup, not before: ``ScopesWhenRead``); and only for a
  node that names something statically (``names_statically``): LibCST names
  ``open(p).read`` ``builtins.open`` and ``sqlite3.connect(db).cursor``
  ``sqlite3.connect.cursor``, as if the call were not there.
- ``PositionProvider``: every wrapper gets ``_positions.Positions`` under that key, which
  renders plainly, when a codemod looks a node up, the statement that holds it (the whole
  tree, about a ninth of LibCST's cost, only when the parents are not resolved).
- ``ScopeProvider`` and ``ExpressionContextProvider`` (which only listen to the module, and walk
  the tree themselves from there) are run directly, not through LibCST's batched visitor (the
  scope analysis behind QualifiedNames only when a lookup first needs it; ``resolve`` on a
  wrapper of ``new_wrapper`` the same direct way, for a helper that asks for scopes late): that
  one looks up every provider's visitor methods with ``inspect.getmembers`` on each
  resolution, which cost about 0.4 x a parse per provider and tree.

The results are the same mappings LibCST's providers would produce but for those names
(tests/codemods/test_metadata.py compares them on real code); they are put into the wrapper under the
providers' own keys, so codemods and their visitors resolve them as usual.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Iterable, Iterator

import libcst as cst
from libcst.metadata import (
    ExpressionContextProvider,
    MetadataWrapper,
    ParentNodeProvider,
    QualifiedNameProvider,
    PositionProvider,
    ScopeProvider,
)

from ._expression_contexts import expression_contexts
from ._module_code import ModuleCode
from ._positions import Positions
from ._scope_visits import ScopeProviderByType

_FIELDS: dict[type, tuple[str, ...]] = {}
_IS_NODE: dict[type, bool] = {}


def _fields(node_type: type) -> tuple[str, ...]:
    names = _FIELDS.get(node_type)
    if names is None:
        names = _FIELDS[node_type] = tuple(f.name for f in dataclasses.fields(node_type))
    return names


def _is_node(value_type: type) -> bool:
    known = _IS_NODE.get(value_type)
    if known is None:
        known = _IS_NODE[value_type] = issubclass(value_type, cst.CSTNode)
    return known


class ParentIndex(Mapping):
    """node -> its parent node, for every node of one tree (the root has none)."""

    def __init__(
        self, parents: dict[int, cst.CSTNode], children: dict[int, cst.CSTNode], statements: Statements | None = None
    ) -> None:
        self._parents = parents  # id(child) -> parent
        self._children = children  # id(child) -> child: keeps the lookup honest about identity
        # where the nodes below each top-level statement sit in the dicts' order (``parent_index``)
        self._statements = statements

    def __getitem__(self, node: cst.CSTNode) -> cst.CSTNode:
        key = id(node)
        if self._children.get(key) is not node:
            raise KeyError(node)
        return self._parents[key]

    def __contains__(self, node: object) -> bool:
        return self._children.get(id(node)) is node

    def __iter__(self) -> Iterator[cst.CSTNode]:
        return iter(self._children.values())

    def __len__(self) -> int:
        return len(self._children)

    def ancestor_ids(self, keys: Iterable[int]) -> set[int] | None:
        """The ids of every node above the nodes whose ids are ``keys`` (the root
        included); None when one of them is not a node of this tree."""
        above: set[int] = set()
        parents, children = self._parents, self._children
        for key in keys:
            if key not in children:
                return None
            while key in parents:
                key = id(parents[key])
                if key in above:
                    break
                above.add(key)
        return above


# id(top-level statement) -> (the statement, where the nodes below it start and end in the
# order of a ParentIndex's dicts)
Statements = dict[int, tuple[cst.CSTNode, int, int]]


def parent_index(module: cst.Module, earlier: ParentIndex | None = None) -> ParentIndex | None:
    """The parent of every node below ``module``; None when some node object occurs twice
    (a transformer reused one): such a tree needs LibCST's deep copy before metadata.

    ``earlier``: the index of the tree a codemod was given, when ``module`` is what it
    returned. A top-level statement it did not touch is the same object in both trees (LibCST
    nodes are immutable, and a transformer keeps what it does not change), so the parents of
    every node below it are too: they are taken from ``earlier`` as they are, and only the
    statements the codemod made are walked."""
    parents: dict[int, cst.CSTNode] = {}
    children: dict[int, cst.CSTNode] = {}
    statements: Statements = {}
    kept = earlier._statements if earlier is not None and type(earlier) is ParentIndex else None
    body = module.body
    fresh: list[cst.CSTNode] = []
    if kept:
        old_children, old_parents = list(earlier._children.items()), list(earlier._parents.items())  # type: ignore[union-attr]
        for statement in body:  # first the nodes taken as they are, proved unique in ``earlier``
            found = kept.get(id(statement))
            if found is None or found[0] is not statement or id(statement) in statements:
                fresh.append(statement)
                continue
            start = len(children)
            children.update(old_children[found[1] : found[2]])
            parents.update(old_parents[found[1] : found[2]])
            statements[id(statement)] = (statement, start, len(children))
        if len(children) != sum(end - start for _, start, end in statements.values()):
            return None  # (cannot be: the statements were distinct in a tree without repeats)
    else:
        fresh = list(body)
    for name in _fields(type(module)):  # the module's own children: its statements, header, footer
        value = getattr(module, name)
        for item in value if type(value) is tuple or type(value) is list else (value,):
            if _is_node(type(item)):
                if id(item) in children:
                    return None
                children[id(item)] = item
                parents[id(item)] = module
    walked = {id(statement) for statement in fresh}
    for name in _fields(type(module)):
        value = getattr(module, name)
        for item in value if type(value) is tuple or type(value) is list else (value,):
            if not _is_node(type(item)) or (name == "body" and id(item) in statements):
                continue
            start = len(children)
            if not index_parents(item, parents, children):  # (checked against every node indexed)
                return None
            if name == "body" and id(item) in walked:
                statements[id(item)] = (item, start, len(children))
    return ParentIndex(parents, children, statements)


def index_parents(
    root: cst.CSTNode,
    parents: dict[int, cst.CSTNode],
    children: dict[int, cst.CSTNode],
    bodies: list[cst.BaseSuite] | None = None,
) -> bool:
    """Add the nodes below ``root`` to ``parents`` and ``children`` (as ParentIndex keeps
    them); given ``bodies``, the body of a function below ``root`` is added but not gone
    into, and appended to ``bodies`` (right to left: the last body in the code first).
    False when a node object occurs twice (the dicts are then incomplete)."""
    stack: list[cst.CSTNode] = [root]
    pop, push = stack.pop, stack.append
    function = cst.FunctionDef if bodies is not None else None
    while stack:
        node = pop()
        node_type = type(node)
        for name in _fields(node_type):
            value = getattr(node, name)
            value_type = type(value)
            for item in value if value_type is tuple or value_type is list else (value,):
                if _is_node(type(item)):
                    key = id(item)
                    if key in children:
                        return False
                    children[key] = item
                    parents[key] = node
                    if node_type is function and name == "body":
                        bodies.append(item)  # type: ignore[union-attr]
                    else:
                        push(item)
    return True


def every_node(wrapper: MetadataWrapper) -> Iterable[cst.CSTNode] | None:
    """Every node of ``wrapper.module`` but the module itself, in no particular order, when its
    parent index (``parent_index``) is already resolved; None otherwise."""
    parents = wrapper._metadata.get(ParentNodeProvider)
    return parents if type(parents) is ParentIndex else None  # (a lazy one would index all)


def _index_of(wrapper: MetadataWrapper | None) -> ParentIndex | None:
    parents = wrapper._metadata.get(ParentNodeProvider) if wrapper is not None else None
    return parents if type(parents) is ParentIndex else None


def names_statically(node: cst.CSTNode) -> bool:
    """Whether ``node``'s qualified names, as LibCST's scope gives them, say what it refers
    to: false for an attribute of (or a call of an attribute of) what a call or subscript
    returns (``open(p).read``, ``make()().x``, ``rows[0].close()``), which has no static name."""
    if isinstance(node, cst.Call):
        node = node.func
    elif not isinstance(node, cst.Attribute):
        return True
    while isinstance(node, cst.Attribute):
        node = node.value
    return isinstance(node, cst.Name)


class QualifiedNames(Mapping):
    """QualifiedNameProvider's mapping, computed per node when looked up (iterating it
    gives the nodes that have a scope)."""

    def __init__(self, scopes: Mapping[cst.CSTNode, Any]) -> None:
        self._scopes = scopes
        self._known: dict[int, tuple[cst.CSTNode, Any]] = {}

    def __getitem__(self, node: cst.CSTNode) -> Any:
        known = self._known.get(id(node))
        if known is not None and known[0] is node:
            return known[1]
        # LibCST's provider gives every node of the tree a set, empty for nodes without a
        # scope (whitespace, operators); a node of another tree gets an empty set here too.
        scope = self._scopes.get(node) if names_statically(node) else None
        names = scope.get_qualified_names_for(node) if scope is not None else set()
        self._known[id(node)] = (node, names)
        return names

    def __contains__(self, node: object) -> bool:
        return isinstance(node, cst.CSTNode)

    def __iter__(self) -> Iterator[cst.CSTNode]:
        return iter(self._scopes)

    def __len__(self) -> int:
        return len(self._scopes)


def new_wrapper(
    module: cst.Module, *, unique: bool, renderings: ModuleCode | None = None, earlier: MetadataWrapper | None = None
) -> MetadataWrapper:
    """A wrapper for ``module``: without a copy when ``unique`` (freshly parsed) or when a
    walk proves its nodes unique, the parent index of that walk already filled in;
    ``renderings``: where its positions find and keep the code of its top-level nodes;
    ``earlier``: the wrapper of the tree ``module`` was made from (``parent_index``)."""
    parents = None if unique else parent_index(module, _index_of(earlier))
    wrapper = _Wrapper(module, unsafe_skip_copy=unique or parents is not None)
    if parents is not None:
        wrapper._metadata[ParentNodeProvider] = parents
    wrapper._metadata[PositionProvider] = Positions(wrapper.module, wrapper._metadata, renderings)  # of the copy, if one was made
    return wrapper


def resolve(wrapper: MetadataWrapper, providers: Any) -> None:
    """Resolve ``providers`` on ``wrapper``, with the stand-ins above where they apply."""
    resolved = wrapper._metadata
    wanted = set(providers)
    if ParentNodeProvider in wanted and ParentNodeProvider not in resolved:
        parents = parent_index(wrapper.module)
        if parents is not None:
            resolved[ParentNodeProvider] = parents
    if QualifiedNameProvider in wanted and QualifiedNameProvider not in resolved:
        resolved[QualifiedNameProvider] = QualifiedNames(ScopesWhenRead(wrapper))
    if ScopeProvider in wanted:
        _module_walker(wrapper, ScopeProvider)
    elif ExpressionContextProvider in wanted:
        _module_walker(wrapper, ExpressionContextProvider)
    rest = [provider for provider in wanted if provider not in resolved]
    if rest:  # (not the resolved ones: LibCST would resolve QualifiedNames' scopes with them)
        wrapper.resolve_many(rest)


class ScopesWhenRead(Mapping):
    """ScopeProvider's mapping on a wrapper, the scope analysis run (``_module_walker``) when
    it is first read: what QualifiedNames looks names up in."""

    def __init__(self, wrapper: MetadataWrapper) -> None:
        self._wrapper = wrapper

    def _scopes(self) -> Mapping[cst.CSTNode, Any]:
        return _module_walker(self._wrapper, ScopeProvider)

    def __getitem__(self, node: cst.CSTNode) -> Any:
        return self._scopes()[node]

    def get(self, node: cst.CSTNode, default: Any = None) -> Any:
        return self._scopes().get(node, default)

    def __iter__(self) -> Iterator[cst.CSTNode]:
        return iter(self._scopes())

    def __len__(self) -> int:
        return len(self._scopes())


class _Wrapper(MetadataWrapper):
    """A MetadataWrapper whose ``resolve`` runs the providers of ``_DEPENDENCY`` the direct
    way (``_module_walker``): a helper that resolves scopes on a wrapper given to it when it
    first needs them pays no batched visitor."""

    def resolve(self, provider: Any) -> Any:
        if provider in _DEPENDENCY and provider not in self._metadata:
            return _module_walker(self, provider)
        return super().resolve(provider)


# the providers that do all their work in ``visit_Module``, each after its dependency
_DEPENDENCY = {ScopeProvider: ExpressionContextProvider, ExpressionContextProvider: None}


def _module_walker(wrapper: MetadataWrapper, provider_type: Any) -> Mapping[cst.CSTNode, Any]:
    """The mapping of ``provider_type`` (a key of _DEPENDENCY) on ``wrapper``, resolved as
    LibCST's wrapper would (its dependency first, then its ``visit_Module`` on the module),
    without the batched visitor around it."""
    resolved = wrapper._metadata
    known = resolved.get(provider_type)
    if known is not None:
        return known
    if provider_type is ExpressionContextProvider:  # the same mapping, by one function
        mapping = resolved[provider_type] = MappingProxyType(expression_contexts(wrapper.module))
        return mapping
    dependency = _DEPENDENCY[provider_type]
    if dependency is not None:
        _module_walker(wrapper, dependency)
    provider = ScopeProviderByType() if provider_type is ScopeProvider else provider_type()
    with provider.resolve(wrapper):
        provider.visit_Module(wrapper.module)
    mapping = resolved[provider_type] = MappingProxyType(provider._computed)
    return mapping
