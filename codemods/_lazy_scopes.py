"""LibCST's scope analysis of a module, with the bodies of its functions analysed only when
a node in them is looked up.

A codemod that judges a few functions of a module (the views a route decorator marks, the
helpers they call) needs the scopes of those functions, and of the module around them, not
of every function. ``LazyScopes`` is ScopeProvider's mapping for such a codemod: LibCST's
own ``ScopeVisitor`` runs over the module with the bodies of its functions (the top-level
ones and the methods of top-level classes) left out, each function's scope made with its
parameters; when a node in a body left out, or the scope of its function, is first looked
up, a ``ScopeVisitor`` visits that body in the function's scope, recording what it binds
and reads there as the visit of the whole module would have. A function whose body
declares ``global`` is never left out (it binds names of the module).

The mapping is the one LibCST's provider gives for the whole module, node for node, but
for the *accesses* made in a body not analysed yet: ``references_complete(name)``
analyses, before the accesses of a name are read, every body left out that reads it.
Iterating the mapping analyses every body.

The stdlib AST of the same code tells which bodies may be left out and which names they
read, without a walk over the LibCST tree. The expression contexts the analyses read are
the wrapper's when it has them; else those of the nodes outside the bodies left out, and a
body's when it is analysed (the wrapper ``lazily_scoped`` gives makes the whole module's
when they are first read).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from typing import Any, Iterator

import libcst as cst
from libcst.metadata import (
    ExpressionContextProvider,
    MetadataWrapper,
    ParentNodeProvider,
    PositionProvider,
    QualifiedNameProvider,
    ScopeProvider,
)

from . import _metadata
from ._ast_facts import _BLOCKS  # (the statement lists of compound statements)
from ._ast_walk import walk
from ._expression_contexts import expression_contexts
from ._scope_visits import ScopeVisitorByType

_WORD = re.compile(r"[A-Za-z_]\w*")


class LazyScopes(Mapping):
    """ScopeProvider's mapping of ``wrapper``'s module (whose stdlib AST is ``tree``),
    function bodies analysed when first asked for."""

    def __init__(self, wrapper: MetadataWrapper, tree: ast.Module) -> None:
        self._wrapper = wrapper
        self._parents = wrapper.resolve(ParentNodeProvider)
        units = _units(wrapper.module.body, cst.FunctionDef, cst.ClassDef)
        python_units = _units(tree.body, (ast.FunctionDef, ast.AsyncFunctionDef), ast.ClassDef)
        # id of a body left out -> (the body, its function in the stdlib AST: what names its
        # code reads, found when references_complete first asks)
        self._left_out: dict[int, tuple[cst.BaseSuite, ast.FunctionDef | ast.AsyncFunctionDef]] = {}
        self._names: dict[int, frozenset[str]] = {}
        if len(units) == len(python_units):
            for unit, python_unit in zip(units, python_units):
                if unit.name.value == python_unit.name and not _declares_global(python_unit):
                    self._left_out[id(unit.body)] = (unit.body, python_unit)
        # the expression contexts the analyses read: the wrapper's when it has them, else those
        # of the nodes outside the bodies left out, and of a body when it is analysed
        known = wrapper._metadata.get(ExpressionContextProvider)
        self._contexts = None if known is not None else expression_contexts(wrapper.module, None, self._left_out.keys())
        self._reading = MetadataWrapper(wrapper.module, unsafe_skip_copy=True)
        self._reading._metadata[ExpressionContextProvider] = known if known is not None else self._contexts
        provider = _ScopesLeavingOut(set(self._left_out))
        with provider.resolve(self._reading):
            provider.visit_Module(wrapper.module)
        self._known: dict[cst.CSTNode, Any] = provider._computed
        # id of the scope of a function whose body is left out -> that body's id: the scope
        # is completed (its body analysed) before it is given
        self._incomplete = {id(self._known[block]): body for body, (block, _) in self._left_out.items()}

    # -- the mapping -------------------------------------------------------------------------
    def __getitem__(self, node: cst.CSTNode) -> Any:
        known = self._known
        if node in known:
            scope = known[node]
            if id(scope) in self._incomplete:
                self._analyse(self._incomplete[id(scope)])
            return scope
        body = self._body_of(node)
        if body is None:
            raise KeyError(node)
        self._analyse(body)
        return known[node]

    def __contains__(self, node: object) -> bool:
        try:
            self[node]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[cst.CSTNode]:
        for body in list(self._left_out):
            self._analyse(body)
        return iter(self._known)

    def __len__(self) -> int:
        return len(list(iter(self)))

    def references_complete(self, name: str) -> None:
        """Analyse every body left out that reads ``name``: the accesses of ``name`` are
        then all recorded."""
        for body, (_, function) in list(self._left_out.items()):
            names = self._names.get(body)
            if names is None:
                names = self._names[body] = _names_and_globals(function) or frozenset()
            if name in names:
                self._analyse(body)

    # -- analyses ----------------------------------------------------------------------------
    def _analyse(self, body: int) -> None:
        """Visit a body left out, in the scope its function got (with its parameters)."""
        block, _ = self._left_out.pop(body)
        self._incomplete.pop(id(self._known[block]), None)
        if self._contexts is not None:
            expression_contexts(block, self._contexts)  # (a body is in no assignment target: LOAD)
        provider = ScopeProvider()
        with provider.resolve(self._reading):
            visitor = ScopeVisitorByType(provider)
            visitor.scope = self._known[block]
            block.visit(visitor)
            visitor.infer_accesses()
        self._known.update(provider._computed)

    def _body_of(self, node: cst.CSTNode) -> int | None:
        """The id of the body left out that holds ``node``, if any."""
        parents = self._parents
        left_out = self._left_out
        current: Any = node
        while current in parents:
            current = parents[current]
            if id(current) in left_out:
                return id(current)
        return None


class _VisitorLeavingOut(ScopeVisitorByType):
    """LibCST's ScopeVisitor (with per-type answers, ``_scope_visits``), not entering the
    blocks whose ids are ``left_out``."""

    def __init__(self, provider: ScopeProvider, left_out: set[int]) -> None:
        super().__init__(provider)
        self._left_out = left_out

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> bool:
        return id(node) not in self._left_out

    def visit_SimpleStatementSuite(self, node: cst.SimpleStatementSuite) -> bool:
        return id(node) not in self._left_out


class _ScopesLeavingOut(ScopeProvider):
    """ScopeProvider, leaving out the blocks whose ids are ``left_out``."""

    def __init__(self, left_out: set[int]) -> None:
        super().__init__()
        self._left_out = left_out

    def visit_Module(self, node: cst.Module) -> bool:
        visitor = _VisitorLeavingOut(self, self._left_out)
        node.visit(visitor)
        visitor.infer_accesses()
        return False


def _units(body: Any, function: Any, cls: Any) -> list[Any]:
    """The top-level functions and the methods of top-level classes, in order."""
    found = []
    for statement in body:
        if isinstance(statement, function):
            found.append(statement)
        elif isinstance(statement, cls):
            inner = statement.body.body if isinstance(statement, cst.ClassDef) else statement.body
            found.extend(s for s in inner if isinstance(s, function))
    return found


def _declares_global(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether the body of ``function`` (a function or class in it included) declares
    ``global``: what ``_names_and_globals`` says with None, from the statements alone."""
    stack: list[Any] = list(function.body)
    while stack:
        statement = stack.pop()
        kind = type(statement)
        if kind is ast.Global:
            return True
        for field in _BLOCKS.get(kind, ()):
            for part in getattr(statement, field):
                if type(part) is ast.ExceptHandler or type(part) is ast.match_case:
                    stack.extend(part.body)
                else:
                    stack.append(part)
    return False


def _names_and_globals(function: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str] | None:
    """The names the body of ``function`` reads or binds; None when it declares ``global``."""
    names: set[str] = set()
    annotations: list[ast.expr] = []
    for node in walk(function.body):
        kind = type(node)
        if kind is ast.Name:
            names.add(node.id)  # type: ignore[attr-defined]
        elif kind is ast.Global:
            return None
        elif kind is ast.AnnAssign:
            annotations.append(node.annotation)  # type: ignore[attr-defined]
        elif kind is ast.arg or kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
            annotations.append(getattr(node, "annotation", None) or getattr(node, "returns", None))
    for annotation in annotations:  # LibCST reads the names in a string annotation too
        for node in ast.walk(annotation) if annotation is not None else ():
            if type(node) is ast.Constant and isinstance(node.value, str):  # type: ignore[attr-defined]
                names.update(_WORD.findall(node.value))  # type: ignore[attr-defined]
    return frozenset(names)


def lazily_scoped(wrapper: MetadataWrapper, tree: ast.Module | None) -> MetadataWrapper:
    """A wrapper of ``wrapper``'s module whose scopes and qualified names come from
    ``LazyScopes`` (its parents and positions from ``wrapper``); ``wrapper`` itself, with
    its scopes resolved, when they already are or when ``tree`` is not at hand. Resolve
    nothing else on it: it is for reading scopes, qualified names and parents."""
    resolved = wrapper._metadata
    if tree is None or ScopeProvider in resolved:
        _metadata.resolve(wrapper, (QualifiedNameProvider, ScopeProvider, ParentNodeProvider))
        return wrapper
    _metadata.resolve(wrapper, (ParentNodeProvider,))
    scopes = LazyScopes(wrapper, tree)
    contexts = resolved.get(ExpressionContextProvider)  # (not ``or``: a lazy mapping's len() indexes it all)
    lazy = MetadataWrapper(wrapper.module, unsafe_skip_copy=True)
    lazy._metadata.update({
        # (LibCST would resolve it again): the whole module's, made when first read
        ExpressionContextProvider: contexts if contexts is not None else _ContextsWhenRead(wrapper),
        ParentNodeProvider: resolved[ParentNodeProvider],
        PositionProvider: resolved[PositionProvider],
        ScopeProvider: scopes,
        QualifiedNameProvider: _metadata.QualifiedNames(scopes),
    })
    return lazy


class _ContextsWhenRead(Mapping):
    """ExpressionContextProvider's mapping of a wrapper's module, made when first read."""

    def __init__(self, wrapper: MetadataWrapper) -> None:
        self._wrapper = wrapper

    def _contexts(self) -> Mapping[cst.CSTNode, Any]:
        _metadata.resolve(self._wrapper, (ExpressionContextProvider,))
        return self._wrapper._metadata[ExpressionContextProvider]

    def __getitem__(self, node: cst.CSTNode) -> Any:
        return self._contexts()[node]

    def __iter__(self) -> Iterator[cst.CSTNode]:
        return iter(self._contexts())

    def __len__(self) -> int:
        return len(self._contexts())


def references_complete(wrapper: MetadataWrapper, name: str) -> None:
    """Before reading the accesses of ``name`` in ``wrapper``'s scopes: see
    ``LazyScopes.references_complete`` (nothing to do for a full analysis)."""
    scopes = wrapper._metadata.get(ScopeProvider)
    if isinstance(scopes, LazyScopes):
        scopes.references_complete(name)
