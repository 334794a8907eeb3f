"""Names in a tree: the dotted name an expression spells, the names a module uses, and fresh
names that collide with nothing (no name used anywhere in the module, no builtin)."""

from __future__ import annotations

import ast
import builtins
import keyword
from typing import Iterable

import libcst as cst

from ._node_fields import nodes_below

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
    """Every identifier spelled in ``node`` (names, attributes, parameters, identifier strings):
    what ``_NameCollector`` visiting it collects, from the list of its nodes (no visit)."""
    return names_spelled((node, *nodes_below(node)))


def names_spelled(nodes: Iterable[cst.CSTNode]) -> set[str]:
    """``used_names`` of a node, given the node and every node below it (``nodes``)."""
    collector = _NameCollector()
    for each in nodes:
        kind = type(each)
        if kind is cst.Name:
            collector.visit_Name(each)
        elif kind is cst.SimpleString:
            collector.visit_SimpleString(each)
    return collector.names


class _Variables(_NameCollector):
    """Names used as variables: read, bound (imports included) or named in a string; not
    attribute names (``x.werkzeug``) nor the module paths of imports."""

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_Import(self, node: cst.Import) -> bool:
        self.names.update(bound_name(alias, from_import=False) for alias in node.names)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if not isinstance(node.names, cst.ImportStar):
            self.names.update(bound_name(alias, from_import=True) for alias in node.names)
        return False


def bound_name(alias: cst.ImportAlias, *, from_import: bool) -> str:
    """The local name an import alias binds (``import a.b`` binds ``a``)."""
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    name = dotted_name(alias.name) or ""
    return name if from_import else name.split(".")[0]


def variable_names(node: cst.CSTNode) -> set[str]:
    """Every name ``node`` uses as a variable (read, bound, imports included, or named in an
    identifier string), but not attribute names nor the module paths of imports: the names
    a new import must not take."""
    collector = _Variables()
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


def target_name(target: ast.AST) -> str | None:
    """The name an assignment target sets: ``NAME = ``, ``x.NAME = ``, ``x["NAME"] = ``
    (the standard library's ``ast``); None for any other target."""
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant) and isinstance(target.slice.value, str):
        return target.slice.value
    return None


def import_bindings(node: ast.Import | ast.ImportFrom) -> list[tuple[str, str]] | None:
    """(name bound, what it stands for) of an import statement of the standard library's
    ``ast``: ``import a.b`` binds ``a``, ``import a.b as c`` binds ``c`` to ``a.b``, ``from
    .m import n`` binds ``n`` to ``.m.n``; None for ``from m import *``."""
    if isinstance(node, ast.Import):
        return [(alias.asname, alias.name) if alias.asname else (alias.name.split(".", 1)[0],) * 2 for alias in node.names]
    source = "." * node.level + (node.module or "")
    joiner = "" if source.endswith(".") else "."
    if any(alias.name == "*" for alias in node.names):
        return None
    return [(alias.asname or alias.name, f"{source}{joiner}{alias.name}") for alias in node.names]


FLASK_EXT = "flask.ext."  # Flask 0.8-0.10's import redirect, removed in 1.0


def flask_ext_module(qualified: str) -> str | None:
    """``flask.ext.sqlalchemy.SQLAlchemy`` -> ``flask_sqlalchemy.SQLAlchemy`` (the name the
    redirect stood for); else None."""
    if not qualified.startswith(FLASK_EXT):
        return None
    rest = qualified[len(FLASK_EXT) :]
    return f"flask_{rest}" if rest else None
