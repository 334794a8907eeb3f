"""codemods/_enclosing_functions.py: the functions around a node are the ones a walk of each
function finds it in, in their order, however many nodes of however many modules are asked."""

from __future__ import annotations

import ast

from flask_codemod.codemods import _enclosing_functions
from flask_codemod.codemods._ast_facts import facts
from flask_codemod.codemods._enclosing_functions import functions_around

MODULE = """
import sqlite3
from flask import g

def outer():
    conn = sqlite3.connect("a.db")

    def inner():
        g.db = conn
        return lambda: g.other

    async def sibling():
        g.cache = make()

    return inner

class Store:
    def method(self):
        g.store = self

g.top = 1
"""


def _walked(functions, node):
    return [f for f in functions if any(inner is node for inner in ast.walk(f))]


def test_every_node_has_the_functions_a_walk_of_each_finds_it_in(monkeypatch):
    monkeypatch.setattr(_enclosing_functions, "_KEPT_LISTS", 2)  # lists dropped and asked again
    trees = [ast.parse(MODULE), ast.parse(MODULE.replace("def inner", "def nested")), ast.parse("x = 1\n")]
    lists = [facts(tree).functions for tree in trees]
    assert [len(functions) for functions in lists] == [4, 4, 0]
    for _ in range(2):
        for tree, functions in zip(trees, lists):
            for node in ast.walk(tree):
                assert functions_around(functions, node) == _walked(functions, node)
    inner = next(f for f in lists[0] if f.name == "inner")
    assert [f.name for f in functions_around(lists[0], inner)] == ["outer", "inner"]  # a function holds itself
    load = next(node.ctx for node in ast.walk(inner) if type(node) is ast.Attribute)  # shared by the whole tree
    assert functions_around(lists[0], load) == _walked(lists[0], load)
