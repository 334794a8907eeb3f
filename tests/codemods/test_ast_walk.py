"""codemods/_ast_walk.py: ``walk`` gives every node ``ast.walk`` gives but the Load/Store/Del
contexts (and nothing else that is a node), on real code and on every kind of statement;
``children`` gives what ``ast.iter_child_nodes`` gives, in its order, but those contexts."""

from __future__ import annotations

import ast
import os

import pytest

from flask_codemod.codemods._ast_walk import children, walk
from helpers import real_code

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

EVERY_KIND = '''
import a.b as c
from .d import (e as f, g)
@dec(1, *s, k=2, **kw)
async def h(p: "T", /, q=1, *r: int, t, u=2, **v) -> None:
    global G
    nonlocal_ = lambda x=1: x
    x: int = (y := [1, *z], {**m, 1: 2}, {3}, (i for i in j if i), {k: v for k, v in w}, b"b", ...)
    del x[0], x.a, x
    async with o as (p1, p2): await q
    async for r1 in s1: yield
    try: raise E from F
    except* (E1, E2) as err: pass
    else: pass
    finally: pass
    match subject:
        case [1, *rest] | {"k": _, **more} if cond: pass
        case Point(x=0, y=yy) as pt: pass
        case None | True | -1 | 1+2j | "s": pass
    assert f"{x!r:>{width}}", msg
    return x[1:2:3], -x, not x, x if x else y, x < y <= z, x @ y
class K(B, metaclass=M):
    attr = yield_ = 1
    def method(self): return super().method()
'''


def _check(text: str) -> None:
    tree = ast.parse(text)
    theirs = [node for node in ast.walk(tree) if not isinstance(node, ast.expr_context)]
    ours = [node for node in walk((tree,)) if isinstance(node, ast.AST)]
    assert len(ours) == len(theirs) and {id(n) for n in ours} == {id(n) for n in theirs}
    body = tree.body  # several roots: the nodes of each
    assert {id(n) for n in walk(body) if isinstance(n, ast.AST)} == {id(n) for n in theirs if n is not tree}


def test_every_kind_of_node():
    _check(EVERY_KIND)


@pytest.mark.parametrize("path", real_code(every=4, legacy_app=True), ids=lambda p: os.path.relpath(p, ROOT))
def test_real_code(path):
    with open(path, encoding="utf-8") as handle:
        _check(handle.read())


def _check_children(text: str) -> None:
    for node in ast.walk(ast.parse(text)):
        theirs = [child for child in ast.iter_child_nodes(node) if not isinstance(child, ast.expr_context)]
        assert list(children(node)) == theirs  # the same nodes, in the same order


def test_children_of_every_kind_of_node():
    _check_children(EVERY_KIND)


@pytest.mark.parametrize("path", real_code(every=16, legacy_app=True), ids=lambda p: os.path.relpath(p, ROOT))
def test_children_on_real_code(path):
    with open(path, encoding="utf-8") as handle:
        _check_children(handle.read())
