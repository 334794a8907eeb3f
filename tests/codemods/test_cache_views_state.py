"""codemods/_cache_views_state.py: ``changed_roots``, read off the stdlib AST, holds every name
``mutated`` (LibCST's scopes) finds, and leaves out what the module does outside functions
(an app configured at the top is no state its functions change), so that such a name costs
no walk of the functions and no scopes."""

from __future__ import annotations

import ast

import libcst as cst
import pytest

from flask_codemod.codemods import _metadata
from flask_codemod.codemods._cache_views_catalog import CONTAINER_METHODS
from flask_codemod.codemods._cache_views_project import SourceModule
from flask_codemod.codemods._cache_views_state import changed_roots, mutated
from flask_codemod.codemods._function_defs import AST_BLOCK_FIELDS
from helpers import real_code

STATE = '''
from flask import Flask

app = Flask(__name__)
app.config["DEBUG"] = True
app.jinja_env.globals.update(year=2024)
TOP = []
TOP.append(1)
SEEN = {}
CACHE = {}
HITS = []
COUNT = 0
QUEUE = []
LATER = []
del LATER[0]

class Holder:
    global COUNT
    items = []

    def add(self, item):
        SEEN[item] = True

@app.route("/", defaults={"page": CACHE.setdefault("x", 1)})
def index(page, pending=HITS.append(1)):
    return str(page)

async def drain():
    QUEUE.clear()

def local_only():
    TOP = []
    TOP.append(2)
    return TOP
'''


def _source(text: str) -> SourceModule:
    return SourceModule("module.py", _metadata.new_wrapper(cst.parse_module(text), unique=True), text=text)


def test_what_the_functions_change_and_not_the_top():
    roots = changed_roots(_source(STATE))
    assert {"SEEN", "CACHE", "HITS", "COUNT", "QUEUE", "TOP"} <= roots  # TOP: a function's own local of that name
    assert "app" not in roots and "LATER" not in roots


def test_mutated_is_within_the_roots():
    module = _source(STATE)
    roots = changed_roots(module)
    names = ["app", "TOP", "SEEN", "CACHE", "HITS", "COUNT", "QUEUE", "LATER", "Holder", "index"]
    found = {name for name in names if mutated(module, name, called_too=True)}
    assert found == {"SEEN", "CACHE", "HITS", "COUNT", "QUEUE"}
    assert found <= roots


@pytest.mark.parametrize("path", real_code(every=2, legacy_app=True, modules=("codemods/_cache_views_state.py",)))
def test_every_name_mutated_finds_on_real_code_is_a_root(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    module = _source(text)
    roots = changed_roots(module)
    names = _names(module.module)
    for name in sorted(names):
        if mutated(module, name, called_too=True):
            assert name in roots, name


def _names(module: cst.Module) -> set[str]:
    found: set[str] = set()
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name):
            found.add(node.value)
        stack.extend(node.children)
    return found


def _roots_by_ast_walk(tree: ast.Module) -> set[str]:
    """``changed_roots`` the plain way: ``ast.walk`` over each function (tests compare)."""
    roots: set[str] = set()
    statements: list[ast.AST] = list(tree.body)
    while statements:
        statement = statements.pop()
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(statement):
                if isinstance(node, ast.Global):
                    roots.update(node.names)
                elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Del):
                    roots.add(node.id)
                else:
                    changed = None
                    if isinstance(node, (ast.Attribute, ast.Subscript)) and not isinstance(node.ctx, ast.Load):
                        changed = node
                    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CONTAINER_METHODS:
                        changed = node.func.value
                    while isinstance(changed, (ast.Attribute, ast.Subscript)):
                        changed = changed.value
                    if isinstance(changed, ast.Name):
                        roots.add(changed.id)
        elif isinstance(statement, ast.Global):
            roots.update(statement.names)
        else:
            for name in AST_BLOCK_FIELDS:
                statements.extend(getattr(statement, name, ()))
    return roots


TRICKY = '''
def f(a=STORE.append(1), *, b: ANN.pop() = 2, **kw) -> RET.clear():
    global G1, G2
    nonlocal_like = lambda: L.update(x=1)
    del D, D2[0], D3.a.b
    [X.y, (Y[0], *Z.q)] = 1, (2, 3)
    for IT.a in ():
        pass
    with open(p) as W.file:
        pass
    match v:
        case {"k": M.v}:
            M2.append(1)
        case C(k=1) if C2.pop():
            pass
    async def inner():
        await I.clear()
    class K:
        K1.sort()
    {kk: KV.pop() for kk in ()}
    x = f"{F.clear()!r:>{W2.pop()}}"
    (N := NN.append(1))
    del (T1, [T2])
    E.a, = 1,
    try:
        pass
    except* ValueError as err:
        EG.add(err)

@DEC.setdefault("k")
class Top:
    def method(self):
        self.x[0] = 1
        super().y.z = 2
'''


@pytest.mark.parametrize("path", [None, *real_code(every=2, legacy_app=True, modules=("codemods/_cache_views_state.py",))])
def test_the_roots_are_those_of_a_plain_walk(path):
    text = TRICKY if path is None else open(path, encoding="utf-8").read()
    roots = changed_roots(_source(text))
    assert roots == _roots_by_ast_walk(ast.parse(text))
    if path is None:
        assert len(roots) > 25
