"""``import_statements`` finds the imports ``ast.walk`` finds, in its order, on every kind of
block that holds statements and on real modules (this package's own)."""

from __future__ import annotations

import ast
import pathlib

from flask_codemod.codemods._statement_walk import import_statements, statements_of_kinds

BLOCKS = '''
import a
def f(x=lambda: 0):
    import b
    class C:
        from . import c
        def g(self):
            from .d import e as f_
    if x:
        import h
    else:
        import i
try:
    import j
except ImportError:
    import k
else:
    from l import m
finally:
    import n
for q in r:
    import o
else:
    import p
while s:
    import t
with u:
    from v import *
async def w():
    async for x in y:
        import z
    async with aa:
        import bb
match cc:
    case 1:
        import dd
    case _:
        import ee
try:
    import ff
except* ValueError:
    import gg
from os import path
'''


def _walked(tree: ast.AST, kinds: tuple[type, ...] = (ast.Import, ast.ImportFrom)) -> list[ast.AST]:
    return [node for node in ast.walk(tree) if isinstance(node, kinds)]


_OTHER_KINDS = (ast.Global, ast.Assign, ast.AnnAssign, ast.FunctionDef)


def test_every_block_that_holds_statements_in_walk_order():
    tree = ast.parse(BLOCKS)
    found = import_statements(tree)
    assert found == _walked(tree)
    assert len(found) == 21
    others = statements_of_kinds(tree, _OTHER_KINDS)
    assert others == _walked(tree, _OTHER_KINDS) and others


def test_the_modules_of_this_project():
    root = pathlib.Path(__file__).resolve().parents[2]
    checked = 0
    for path in sorted([*root.glob("codemods/*.py"), *root.glob("tool/*.py"), *root.glob("samples/**/*.py")]):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            continue
        assert import_statements(tree) == _walked(tree), path
        assert statements_of_kinds(tree, _OTHER_KINDS) == _walked(tree, _OTHER_KINDS), path
        checked += 1
    assert checked > 100
