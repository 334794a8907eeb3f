"""atexit-cleanup's tree gate: a module-level ``NAME = <creator>(...)`` whose release at exit
changes something, told on the standard library's AST (the plan decides on LibCST's tree).

Executors are never registered (concurrent.futures joins their workers at exit anyway), and an
engine only when the URL the module writes names a database server (see
``_atexit_cleanup_plan.releases_anything_at_exit``); neither gets a finding. So a module whose
only creations are such is not parsed. Erring towards "may act": a call whose callee may be
several creators counts when any of them may be released.
"""

from __future__ import annotations

import ast

from ._ast_facts import assigned, facts, keyword_value
from ._atexit_cleanup_analysis import RESOURCES


def may_register(tree: ast.Module) -> bool:
    """Whether a module-level creation may get a registration or a finding."""
    found = facts(tree)
    for statement in tree.body:
        binding = assigned(statement)
        if binding is None or type(binding[1]) is not ast.Call:
            continue
        call = binding[1]
        kinds = {RESOURCES[name][0] for name in found.qualified(call.func) if name in RESOURCES}  # type: ignore[attr-defined]
        if kinds - {"executor", "engine"}:
            return True
        if "engine" in kinds and _may_name_a_server(_engine_url(call)):  # type: ignore[arg-type]
            return True
    return False


def _engine_url(call: ast.Call) -> ast.expr | None:
    url = keyword_value(call, "url")
    if url is not None:
        return url
    return call.args[0] if call.args and type(call.args[0]) is not ast.Starred else None


def _may_name_a_server(node: ast.expr | None) -> bool:
    """Whether the URL expression may start with a written-out scheme other than SQLite's."""
    while True:
        kind = type(node)
        if kind is ast.BinOp and type(node.op) in (ast.Add, ast.Mod):  # type: ignore[union-attr]
            node = node.left  # type: ignore[union-attr]
        elif kind is ast.Call and type(node.func) is ast.Attribute and node.func.attr == "format":  # type: ignore[union-attr]
            node = node.func.value  # type: ignore[union-attr]
        else:
            break
    if type(node) is ast.JoinedStr:
        node = node.values[0] if node.values else None  # type: ignore[union-attr]
    if type(node) is not ast.Constant or type(node.value) is not str or "://" not in node.value:  # type: ignore[union-attr]
        return False
    return not node.value.split("://", 1)[0].lower().startswith("sqlite")  # type: ignore[union-attr]
