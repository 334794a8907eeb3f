"""http-timeout: one pass over a module's nodes collecting its clients and every call."""

from __future__ import annotations

import ast
from typing import Any

import libcst as cst
from libcst.metadata import Assignment

from ._http_timeout_calls import Client, ClientCollector, parent, referents
from ._http_timeout_handed_on import session_factories
from ._node_fields import nodes_below


class Collector(ClientCollector):
    """The module's clients (see ClientCollector) and every call, in one pass over the
    nodes in the order a visit reaches them (``nodes_below``: no visitor's dispatch, no token
    nodes)."""

    def __init__(self, wrapper: Any, tree: ast.Module | None = None) -> None:
        super().__init__(wrapper)
        self.calls: list[cst.Call] = []
        # the module's functions that return a new session (``session = build_session()``)
        self.factories = session_factories(tree) if tree is not None else {}
        calls, statements, items = self.calls, self.visit_SimpleStatementLine, self.visit_WithItem
        for node in nodes_below(wrapper.module, tokens=False):
            kind = type(node)
            if kind is cst.Call:
                calls.append(node)  # type: ignore[arg-type]
            elif kind is cst.SimpleStatementLine:
                statements(node)  # type: ignore[arg-type]
            elif kind is cst.WithItem:
                items(node)  # type: ignore[arg-type]


    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        super().visit_SimpleStatementLine(node)
        for small in node.body if self.factories else ():
            if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.value, cst.Call):
                target, func = small.targets[0].target, small.value.func
                if isinstance(target, cst.Name) and isinstance(func, cst.Name) and func.value in self.factories:
                    if refers_to_top_level_function(self.wrapper, func):
                        statement = node if len(node.body) == 1 else None
                        self.by_target[id(target)] = Client("requests", small.value, target, statement, made=self.factories[func.value])


def refers_to_top_level_function(wrapper: Any, name: cst.Name) -> bool:
    """Whether ``name`` refers only to a function defined at the module's top level."""
    found = referents(wrapper, name)
    return bool(found) and all(
        isinstance(a, Assignment) and isinstance(a.node, cst.FunctionDef) and isinstance(parent(wrapper, a.node), cst.Module)
        for a in found  # type: ignore[union-attr]
    )
