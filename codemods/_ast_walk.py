"""A walk of a stdlib AST that leaves out what ``ast.walk`` visits in vain: the Load, Store
and Del contexts of every name, attribute and subscript (no codemod asks for those)."""

from __future__ import annotations

import ast
from typing import Iterable, Iterator

_NODE_FIELDS: dict[type, tuple[str, ...]] = {ast.Constant: (), ast.Name: ()}


def walk(roots: Iterable[ast.AST]) -> Iterator[ast.AST]:
    """Every node ``ast.walk`` gives for each of ``roots``, in no particular order, but the
    Load/Store/Del contexts; and, harmlessly, a few values that are no nodes (the str of a
    list of names, a match's singleton): about three times faster than ``ast.walk``."""
    stack: list = list(roots)
    pop, push, extend = stack.pop, stack.append, stack.extend
    known = _NODE_FIELDS
    while stack:
        node = pop()
        yield node
        kind = type(node)
        fields = known.get(kind)
        if fields is None:  # (a value that is no node has no fields)
            fields = known[kind] = tuple(name for name in getattr(kind, "_fields", ()) if name != "ctx")
        for name in fields:
            value = getattr(node, name, None)
            if type(value) is list:
                extend(value)
            elif value is not None:
                push(value)


_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def child_fields(kind: type) -> tuple[str, ...]:
    """The fields of a node of type ``kind`` that may hold nodes: all but its context (``ctx``)."""
    fields = _CHILD_FIELDS.get(kind)
    if fields is None:
        fields = _CHILD_FIELDS[kind] = tuple(name for name in kind._fields if name != "ctx")
    return fields


def children(node: ast.AST) -> Iterator[ast.AST]:
    """``ast.iter_child_nodes(node)``, in its order, but the Load/Store/Del contexts."""
    for name in _CHILD_FIELDS.get(type(node)) or child_fields(type(node)):
        value = getattr(node, name, None)
        if isinstance(value, ast.AST):
            yield value
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, ast.AST):
                    yield item


_FUNCTION_KINDS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def functions_around(tree: ast.Module) -> dict[int, tuple[ast.AST, ...]]:
    """``id`` of each node of ``tree`` (but the Load/Store/Del contexts) -> the functions and
    lambdas it is in, outermost first (a function's own entry: those around it, not itself;
    the tree's: none). Derived once per tree (``_parsed_modules.tree_fact``), from the nodes of
    its one walk (``walked``) and their children, only when an analysis asks (the analyses of
    one module that need it share it)."""
    from ._parsed_modules import tree_fact

    return tree_fact(tree, "functions around each node", _functions_around)  # type: ignore[arg-type]


def _functions_around(tree: ast.Module) -> dict[int, tuple[ast.AST, ...]]:
    from ._parsed_modules import walked

    around: dict[int, tuple[ast.AST, ...]] = {id(tree): ()}
    for node in walked(tree):  # (breadth first: a node's own entry is made before it is met)
        inner = around.get(id(node))
        if inner is None:  # a context (Load, Store): nothing in it
            continue
        if isinstance(node, _FUNCTION_KINDS):
            inner = (*inner, node)
        for child in children(node):
            around[id(child)] = inner
    return around
