"""LibCST's scope analysis with cheaper per-node bookkeeping.

``ScopeVisitor.on_leave`` runs on every node of the tree: it records the node's scope, adds
one to the scope's count of assignments when the node is one of the assignment-like node
types, and calls the visitor's ``leave_<Type>`` method if there is one. The second step is an
``isinstance`` test against a tuple of sixteen LibCST node classes; every LibCST node class is
an abstract base class, so a node of none of those types (most nodes) pays sixteen calls of
``ABCMeta.__instancecheck__`` in Python: about a fifth of a scope analysis. Here both answers
are kept per node type: the same ``isinstance`` test and the same method lookup, made once
per type instead of once per node. Everything else is LibCST's own visitor.

tests/codemods/test_metadata.py compares the resulting scopes (assignments with their order,
accesses, referents) with LibCST's on real code.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

import libcst as cst
from libcst.metadata import ScopeProvider
from libcst.metadata.scope_provider import _ASSIGNMENT_LIKE_NODES, ScopeVisitor

# node type -> whether LibCST counts it as an assignment (isinstance, asked once per type)
_ASSIGNMENT_LIKE: dict[type, bool] = {}
# (visitor class, node type) -> the visitor's leave_<Type> function, or None
_LEAVE_METHODS: dict[tuple[type, type], Optional[Callable[[Any, cst.CSTNode], None]]] = {}


def _assignment_like(kind: type, node: cst.CSTNode) -> bool:
    known = _ASSIGNMENT_LIKE.get(kind)
    if known is None:
        known = _ASSIGNMENT_LIKE[kind] = isinstance(node, _ASSIGNMENT_LIKE_NODES)
    return known


class ScopeVisitorByType(ScopeVisitor):
    """LibCST's ScopeVisitor; ``on_leave`` does what LibCST's does, with per-type answers."""

    def on_leave(self, original_node: cst.CSTNode) -> None:
        kind = type(original_node)
        self.provider._computed[original_node] = self.scope  # ScopeProvider.set_metadata
        if _assignment_like(kind, original_node):
            self.scope._assignment_count += 1
        key = (type(self), kind)
        try:
            leave = _LEAVE_METHODS[key]
        except KeyError:  # CSTVisitor.on_leave's lookup, on the class: no visitor here sets one on itself
            leave = _LEAVE_METHODS[key] = getattr(type(self), f"leave_{kind.__name__}", None)
        if leave is not None:
            leave(self, original_node)


class ScopeProviderByType(ScopeProvider):
    """ScopeProvider whose analysis runs ScopeVisitorByType."""

    def visit_Module(self, node: cst.Module) -> Optional[bool]:
        visitor = ScopeVisitorByType(self)
        node.visit(visitor)
        visitor.infer_accesses()
        return None
