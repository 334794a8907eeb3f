"""LibCST's ExpressionContextProvider mapping, computed by one recursive function.

ScopeProvider needs the load / store / del context of every name, attribute, subscript,
tuple, list and starred element: LibCST's ExpressionContextProvider visits the whole tree
with a visitor per context (one made for every assignment target, attribute value and
subscript slice), about a third of a scope analysis on the generated Flask corpus.
``expression_contexts`` gives the same mapping (the same nodes, contexts and order: LibCST's
visitor, rule by rule) by recursion over the nodes' fields in LibCST's visiting order, with
one rule per node type, written as data (``_RULES``). tests/codemods/test_metadata.py
compares it with LibCST's on real code.
"""

from __future__ import annotations

from typing import Any

import libcst as cst
from libcst.metadata import ExpressionContext

from ._node_fields import _is_node, _plan

LOAD, STORE, DEL = ExpressionContext.LOAD, ExpressionContext.STORE, ExpressionContext.DEL


def expression_contexts(
    root: cst.CSTNode,
    found: dict[cst.CSTNode, ExpressionContext] | None = None,
    skip: "set[int] | frozenset[int]" = frozenset(),
) -> dict[cst.CSTNode, ExpressionContext]:
    """node -> its ExpressionContext, as LibCST's ExpressionContextProvider gives it, for
    ``root`` (a module, or a statement or block in no assignment target: in LOAD) and the
    nodes below it but those below a node whose id is in ``skip``; added to ``found``."""
    found = {} if found is None else found
    rules = _RULES

    def visit(node: Any, context: ExpressionContext) -> None:
        if skip and id(node) in skip:
            return
        marked, fields = rules.get(type(node), _UNMARKED_ALL)
        if marked:
            found[node] = context
        if fields is None:
            for child in _children(node):
                visit(child, context)
            return
        for name, own in fields:
            value = getattr(node, name)
            if isinstance(value, (tuple, list)):
                for item in value:
                    visit(item, own or context)
            elif value:  # an optional field left empty is None (or MaybeSentinel: falsy)
                visit(value, own or context)

    visit(root, LOAD)
    return found


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
            children.extend(item for item in value if _is_node(item))
        elif _is_node(value):  # a type test kept per type: CSTNode is an ABC, slow to isinstance
            children.append(value)
    return children


# A node type's rule: whether the node itself gets the context it is visited in, and which of
# its fields are visited, in LibCST's order, each in its own context (None: the node's);
# ``None`` for the fields: every child, in the node's context. Any other node type: not
# marked, every child in its context.
Rule = tuple[bool, "tuple[tuple[str, ExpressionContext | None], ...] | None"]
_UNMARKED_ALL: Rule = (False, None)
_TARGET_THEN_VALUE: Rule = (False, (("target", STORE), ("value", None)))
_RULES: dict[type, Rule] = {
    cst.Assign: (False, (("targets", STORE), ("value", None))),
    cst.AnnAssign: (False, (("target", STORE), ("annotation", None), ("value", None))),
    cst.AugAssign: _TARGET_THEN_VALUE,
    cst.NamedExpr: _TARGET_THEN_VALUE,
    cst.Name: (True, ()),
    cst.AsName: (False, (("name", STORE),)),
    cst.CompFor: (False, (("target", STORE), ("iter", None), ("ifs", None), ("inner_for_in", None))),
    cst.For: (False, (("target", STORE), ("iter", None), ("body", None), ("orelse", None))),
    cst.Del: (False, (("target", DEL),)),
    cst.Attribute: (True, (("value", LOAD),)),  # the attribute's own Name gets no context
    cst.Subscript: (True, (("value", LOAD), ("slice", LOAD))),
    cst.Tuple: (True, None),
    cst.List: (True, None),
    cst.StarredElement: (True, None),
    cst.ClassDef: (False, (("name", STORE), ("body", None), ("bases", None), ("keywords", None), ("decorators", None))),
    cst.FunctionDef: (False, (("name", STORE), ("params", None), ("body", None), ("decorators", None), ("returns", None))),
    cst.Param: (False, (("name", STORE), ("annotation", None), ("default", None))),
}
