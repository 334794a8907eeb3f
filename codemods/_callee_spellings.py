"""The names a call must end with to possibly refer to a given qualified name, from the
standard library's AST: a cheap test before asking LibCST's scopes.

LibCST names a callee ``flask.Flask`` only through an import: ``Flask(...)`` or
``F(...)`` after ``from flask import Flask [as F]``, ``flask.Flask(...)`` after ``import
flask``, ``Flask[...]()``. In each, the last name LibCST spells for the callee is ``Flask``
or a name some import of the module binds to something ending in ``Flask``. A callee whose
last spelled name is neither cannot refer to it, and its scope need not be resolved.
``python_spelled_last`` spells a callee of the stdlib AST the same way: a module none of
whose calls is spelled so calls nothing of that name.
"""

from __future__ import annotations

import ast
from typing import Iterable

import libcst as cst
from libcst.helpers import get_full_name_for_node

from ._ast_facts import Facts


def callee_spellings(found: Facts, qualified_names: Iterable[str]) -> frozenset[str]:
    """The last names under which a callee may refer to one of ``qualified_names`` in the
    module ``found`` describes: theirs, and the names its imports bind to them."""
    lasts = {name.rsplit(".", 1)[-1] for name in qualified_names}
    renamed = {
        local for local, targets in found.bound.items() if any(t.rsplit(".", 1)[-1] in lasts for t in targets)
    }
    return frozenset(lasts | renamed)


def spelled_last(node: cst.CSTNode) -> str | None:
    """The last name of what LibCST spells for ``node`` (``b`` for ``a.b``, ``f`` for
    ``f()`` and ``f[x]``); None when it spells nothing."""
    full = get_full_name_for_node(node)
    return full.rsplit(".", 1)[-1] if full else None


def python_spelled_last(node: ast.AST) -> str | None:
    """``spelled_last`` for a node of the stdlib AST of the same code."""
    while True:
        kind = type(node)
        if kind is ast.Name:
            return node.id  # type: ignore[attr-defined]
        if kind is ast.Attribute:
            return node.attr  # type: ignore[attr-defined]
        if kind is ast.Call:
            node = node.func  # type: ignore[attr-defined]
        elif kind is ast.Subscript:
            node = node.value  # type: ignore[attr-defined]
        else:
            return None
