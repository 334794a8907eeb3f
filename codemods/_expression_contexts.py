"""LibCST's ExpressionContextProvider mapping, computed by one recursive function.

ScopeProvider needs the load / store / del context of every name, attribute, subscript,
tuple, list and starred element: LibCST's ExpressionContextProvider visits the whole tree
with a visitor per context (one made for every assignment target, attribute value and
subscript slice), about a third of a scope analysis on the generated Flask corpus.
``expression_contexts`` gives the same mapping (the same nodes, contexts and order: LibCST's
visitor, rule by rule) by recursion over the nodes' fields in LibCST's visiting order, with
one dispatch per node type. tests/codemods/test_metadata.py compares it with LibCST's on
real code.
"""

from __future__ import annotations

from typing import Any, Callable

import libcst as cst
from libcst.metadata import ExpressionContext

from ._reading import _plan

LOAD, STORE, DEL = ExpressionContext.LOAD, ExpressionContext.STORE, ExpressionContext.DEL


def expression_contexts(module: cst.Module) -> dict[cst.CSTNode, ExpressionContext]:
    """node -> its ExpressionContext, as LibCST's ExpressionContextProvider gives it."""
    found: dict[cst.CSTNode, ExpressionContext] = {}
    rules = _RULES

    def visit(node: Any, context: ExpressionContext) -> None:
        rule = rules.get(type(node))
        if rule is None:
            for child in _children(node):
                visit(child, context)
        elif rule is _MARK:  # Tuple, List, StarredElement: marked, and their children too
            found[node] = context
            for child in _children(node):
                visit(child, context)
        else:
            rule(node, context, visit, found)

    visit(module, LOAD)
    return found


_MARK: Any = object()
_FIELDS: dict[type, tuple[str, ...]] = {}


def _children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The child nodes of ``node`` in the order LibCST visits them."""
    names = _FIELDS.get(type(node))
    if names is None:
        names = _FIELDS[type(node)] = tuple(name for name, _ in _plan(type(node)))
    children: list[cst.CSTNode] = []
    for name in names:
        value = getattr(node, name)
        if isinstance(value, (tuple, list)):
            children.extend(item for item in value if isinstance(item, cst.CSTNode))
        elif isinstance(value, cst.CSTNode):
            children.append(value)
    return children


Visit = Callable[[Any, ExpressionContext], None]


def _each(visit: Visit, nodes: Any, context: ExpressionContext) -> None:
    for node in nodes:
        visit(node, context)


def _optional(visit: Visit, node: Any, context: ExpressionContext) -> None:
    if node:
        visit(node, context)


def _assign(node: Any, context: Any, visit: Visit, found: dict) -> None:
    _each(visit, node.targets, STORE)
    visit(node.value, context)


def _ann_assign(node: Any, context: Any, visit: Visit, found: dict) -> None:
    visit(node.target, STORE)
    visit(node.annotation, context)
    _optional(visit, node.value, context)


def _target_then_value(node: Any, context: Any, visit: Visit, found: dict) -> None:  # AugAssign, NamedExpr
    visit(node.target, STORE)
    visit(node.value, context)


def _name(node: Any, context: Any, visit: Visit, found: dict) -> None:
    found[node] = context


def _as_name(node: Any, context: Any, visit: Visit, found: dict) -> None:
    visit(node.name, STORE)


def _comp_for(node: Any, context: Any, visit: Visit, found: dict) -> None:
    visit(node.target, STORE)
    visit(node.iter, context)
    _each(visit, node.ifs, context)
    _optional(visit, node.inner_for_in, context)


def _for(node: Any, context: Any, visit: Visit, found: dict) -> None:
    visit(node.target, STORE)
    visit(node.iter, context)
    visit(node.body, context)
    _optional(visit, node.orelse, context)


def _del(node: Any, context: Any, visit: Visit, found: dict) -> None:
    visit(node.target, DEL)


def _attribute(node: Any, context: Any, visit: Visit, found: dict) -> None:
    found[node] = context
    visit(node.value, LOAD)  # the attribute's own Name gets no context


def _subscript(node: Any, context: Any, visit: Visit, found: dict) -> None:
    found[node] = context
    visit(node.value, LOAD)
    if isinstance(node.slice, (tuple, list)):
        _each(visit, node.slice, LOAD)
    else:
        visit(node.slice, LOAD)


def _class_def(node: Any, context: Any, visit: Visit, found: dict) -> None:
    visit(node.name, STORE)
    visit(node.body, context)
    _each(visit, node.bases, context)
    _each(visit, node.keywords, context)
    _each(visit, node.decorators, context)


def _function_def(node: Any, context: Any, visit: Visit, found: dict) -> None:
    visit(node.name, STORE)
    visit(node.params, context)
    visit(node.body, context)
    _each(visit, node.decorators, context)
    _optional(visit, node.returns, context)


def _param(node: Any, context: Any, visit: Visit, found: dict) -> None:
    visit(node.name, STORE)
    _optional(visit, node.annotation, context)
    _optional(visit, node.default, context)


_RULES: dict[type, Any] = {
    cst.Assign: _assign,
    cst.AnnAssign: _ann_assign,
    cst.AugAssign: _target_then_value,
    cst.NamedExpr: _target_then_value,
    cst.Name: _name,
    cst.AsName: _as_name,
    cst.CompFor: _comp_for,
    cst.For: _for,
    cst.Del: _del,
    cst.Attribute: _attribute,
    cst.Subscript: _subscript,
    cst.Tuple: _MARK,
    cst.List: _MARK,
    cst.StarredElement: _MARK,
    cst.ClassDef: _class_def,
    cst.FunctionDef: _function_def,
    cst.Param: _param,
}
