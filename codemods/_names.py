"""Names in a tree: the dotted name an expression spells, the names a module uses, and fresh
names that collide with nothing (no name used anywhere in the module, no builtin)."""

from __future__ import annotations

import ast
import builtins
import keyword
from typing import Iterable

import libcst as cst

_ATTRIBUTES = (cst.Attribute, ast.Attribute)


def dotted_name(node: object) -> str | None:
    """``a.b.c`` for a name or an attribute chain, in a LibCST tree or in the standard
    library's ``ast`` (the gates read that one); None for any other expression."""
    parts: list[str] = []
    while isinstance(node, _ATTRIBUTES):
        attr = node.attr
        parts.append(attr if isinstance(attr, str) else attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
    elif isinstance(node, ast.Name):
        parts.append(node.id)
    else:
        return None
    return ".".join(reversed(parts))


class _NameCollector(cst.CSTVisitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        # names used through strings: getattr(g, "db"), __all__ = ["x"], globals()["x"]
        value = node.evaluated_value
        if isinstance(value, str) and value.isidentifier():
            self.names.add(value)


def used_names(node: cst.CSTNode) -> set[str]:
    """Every identifier spelled in ``node`` (names, attributes, parameters, identifier strings)."""
    collector = _NameCollector()
    node.visit(collector)
    return collector.names


RESERVED = frozenset(dir(builtins)) | frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)


def fresh_name(preferred: Iterable[str], taken: set[str]) -> str:
    """The first of ``preferred`` not in ``taken`` (nor a builtin or keyword); else the first
    preferred name with the smallest free numeric suffix. Adds the result to ``taken``."""
    candidates = list(preferred)
    for name in candidates:
        if name not in taken and name not in RESERVED:
            taken.add(name)
            return name
    base = candidates[0]
    number = 2
    while f"{base}_{number}" in taken or f"{base}_{number}" in RESERVED:
        number += 1
    taken.add(f"{base}_{number}")
    return f"{base}_{number}"
