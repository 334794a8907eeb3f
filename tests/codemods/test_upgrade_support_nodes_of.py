"""``_upgrade_support.nodes_of`` finds what a LibCST visitor collecting the nodes of those types
finds, in the same order: the root included, abstract types by their subclasses, token nodes
(comments) too; read from ``nodes_below``'s list instead of a visit."""

from __future__ import annotations

import os

import flask
import libcst as cst
import pytest

from flask_codemod.codemods import _reading
from flask_codemod.codemods._upgrade_support import nodes_of

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCES = [
    os.path.join(ROOT, "codemods", "_flask_wtf_names_plan.py"),
    os.path.join(ROOT, "tool", "engine.py"),
    os.path.join(os.path.dirname(flask.__file__), "app.py"),
    os.path.join(os.path.dirname(cst.__file__), "_nodes", "statement.py"),
]
KINDS = [
    (cst.ImportFrom,),
    (cst.Attribute,),
    (cst.SimpleString,),
    (cst.Comment,),
    (cst.AssignTarget, cst.AnnAssign, cst.AugAssign, cst.Call),
    (cst.BaseCompoundStatement, cst.BaseString),
    (cst.Module, cst.FunctionDef),
]


class Collects(cst.CSTVisitor):
    def __init__(self, kinds: tuple[type, ...]) -> None:
        self.kinds, self.found = kinds, []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, self.kinds):
            self.found.append(node)
        return True


@pytest.mark.parametrize("path", SOURCES, ids=os.path.basename)
def test_the_nodes_a_visitor_collects(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        module = cst.parse_module(handle.read())
    roots = [module, *nodes_of(module, cst.ClassDef)[:3], *nodes_of(module, cst.FunctionDef)[:3]]
    for root in roots:
        for kinds in KINDS:
            visitor = Collects(kinds)
            _reading._LIBCST_VISIT(root, visitor)
            ours = nodes_of(root, *kinds)
            assert len(ours) == len(visitor.found) and all(a is b for a, b in zip(ours, visitor.found)), kinds
    assert nodes_of(module, cst.Module) == [module]
