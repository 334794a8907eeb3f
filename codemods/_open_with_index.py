"""open-with, the index: one pass over a module collects what the analysis looks up.

The calls spelled like an opener (``open(``, ``gzip.open(``,
``ZipFile(`` …: candidates, resolved later by qualified name), every ``Name`` by spelling,
star imports, writes to ``builtins.open`` (``builtins.open = …``, ``setattr(builtins,
"open", …)``) and the identifier-like strings (``"f"`` in ``getattr(x, "f")`` or ``__all__``).
"""

from __future__ import annotations

import libcst as cst

from ._flask import string_value
from ._open_with_catalog import OPENER_CALL_NAMES


class Index(cst.CSTVisitor):
    """One pass over a module: candidate opener calls (by spelling), every Name by spelling,
    star imports, writes to ``builtins.open``, identifier strings. (The parents come from the
    wrapper's ParentNodeProvider, one walk of the fields, resolved only when a call is found.)"""

    def __init__(self) -> None:
        self.calls: list[cst.Call] = []
        self.names: dict[str, list[cst.Name]] = {}
        self.star_imports: list[cst.ImportFrom] = []
        self.builtins_writes: list[tuple[cst.CSTNode, cst.BaseExpression]] = []
        self.identifier_strings: set[str] = set()

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = node.evaluated_value
        if isinstance(value, str) and value.isidentifier():
            self.identifier_strings.add(value)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        last = func.value if isinstance(func, cst.Name) else func.attr.value if isinstance(func, cst.Attribute) else None
        if last in OPENER_CALL_NAMES:
            self.calls.append(node)
        if isinstance(func, cst.Name) and func.value == "setattr" and len(node.args) >= 2:
            if string_value(node.args[1].value) == "open":
                self.builtins_writes.append((node, node.args[0].value))

    def visit_Name(self, node: cst.Name) -> None:
        self.names.setdefault(node.value, []).append(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if isinstance(node.names, cst.ImportStar):
            self.star_imports.append(node)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        target = node.target
        if isinstance(target, cst.Attribute) and target.attr.value == "open":
            self.builtins_writes.append((node, target.value))
        elif isinstance(target, cst.Subscript) and len(target.slice) == 1:
            index = target.slice[0].slice
            if isinstance(index, cst.Index) and string_value(index.value) == "open":
                self.builtins_writes.append((node, target.value))


def index_module(module: cst.Module) -> Index:
    index = Index()
    module.visit(index)
    return index
