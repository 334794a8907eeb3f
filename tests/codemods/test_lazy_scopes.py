"""codemods/_lazy_scopes.py: the scopes of cache-views and open-with, function bodies analysed when
first asked for, map every node as LibCST's ScopeProvider does for the whole module."""

from __future__ import annotations

import ast
import os
import re

import libcst as cst
import pytest
from libcst.metadata import Assignment, ExpressionContextProvider, MetadataWrapper, QualifiedNameProvider, ScopeProvider

from flask_codemod.codemods import _metadata
from flask_codemod.codemods._base import metadata_value
from flask_codemod.codemods._lazy_scopes import LazyScopes, _names_and_globals, lazily_scoped, references_complete
from helpers import all_nodes, real_code

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SOURCES = real_code(
    "cache-views/*.before.py", legacy_app=True, modules=("codemods/_cache_views_scan.py", "codemods/_metadata.py")
)

SHAPES = '''
import os
from flask import Flask as F

app = F(__name__)
COUNT = 0

def bump():
    global COUNT, LATE
    COUNT += 1
    LATE = os.getcwd()

def view(name: "Helper") -> str:
    x: "Helper" = helper(name)
    total = [n for n in range(3) if n]
    def inner():
        nonlocal x
        x = view
        return x
    return str(inner()) + str(total)

def helper(name):
    return Helper(name).show() + str(COUNT) + LATE

class Helper:
    kind = "h"
    def __init__(self, name):
        self.name = name
    def show(self):
        return self.name + self.kind + str(view)
    async def later(self): await self.show()

lambda_view = lambda: helper("x")
'''


def _wrappers(source: str):
    module = cst.parse_module(source)
    full = MetadataWrapper(module, unsafe_skip_copy=True)
    lazy = lazily_scoped(_metadata.new_wrapper(module, unique=True), ast.parse(source))
    assert isinstance(lazy.resolve(ScopeProvider), LazyScopes)
    return module, full, lazy


def _same_scope(ours, theirs) -> None:
    assert (ours is None) == (theirs is None)
    if theirs is None:
        return
    assert type(ours) is type(theirs) and getattr(ours, "name", None) == getattr(theirs, "name", None)
    assert {(a.name, id(getattr(a, "node", None))) for a in ours.assignments} == {
        (a.name, id(getattr(a, "node", None))) for a in theirs.assignments
    }


def _check(source: str, order) -> None:
    module, full, lazy = _wrappers(source)
    theirs, ours = full.resolve(ScopeProvider), lazy.resolve(ScopeProvider)
    for node in order(all_nodes(module)):
        _same_scope(ours.get(node), theirs.get(node))
        if isinstance(node, (cst.Name, cst.Attribute, cst.Call)):
            expected = metadata_value(full, QualifiedNameProvider, node) if _metadata.names_statically(node) else set()
            assert metadata_value(lazy, QualifiedNameProvider, node) == expected
    for statement in module.body:  # every access of a top-level name, once asked complete
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            name = statement.name.value
            references_complete(lazy, name)
            mine = {id(r.node) for a in ours[statement][name] if isinstance(a, Assignment) for r in a.references}
            expected = {id(r.node) for a in theirs[statement][name] if isinstance(a, Assignment) for r in a.references}
            assert mine == expected


@pytest.mark.parametrize("order", [list, lambda nodes: nodes[::-1]], ids=["in order", "bodies first"])
def test_shapes(order):
    _check(SHAPES, order)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: os.path.relpath(p, ROOT))
def test_real_code(path):
    with open(path, encoding="utf-8") as handle:
        _check(handle.read(), lambda nodes: nodes[::-1])


def test_bodies_are_analysed_only_when_asked():
    module, _, lazy = _wrappers(SHAPES)
    scopes = lazy.resolve(ScopeProvider)
    helper = next(s for s in module.body if isinstance(s, cst.FunctionDef) and s.name.value == "helper")
    returned = helper.body.body[0].body[0].value
    assert len(scopes._left_out) == 5  # view, helper and Helper's three methods; bump declares global
    assert scopes[returned] is not None
    assert len(scopes._left_out) == 4


def test_a_wrapper_with_scopes_is_used_as_it_is():
    module = cst.parse_module(SHAPES)
    wrapper = _metadata.new_wrapper(module, unique=True)
    _metadata.resolve(wrapper, (ScopeProvider,))
    assert lazily_scoped(wrapper, ast.parse(SHAPES)) is wrapper
    assert lazily_scoped(_metadata.new_wrapper(module, unique=True), None).resolve(ScopeProvider) is not None


def test_expression_contexts_of_a_body_are_made_when_it_is_analysed():
    module = cst.parse_module(SHAPES)
    shared = _metadata.new_wrapper(module, unique=True)
    lazy = lazily_scoped(shared, ast.parse(SHAPES))
    scopes = lazy.resolve(ScopeProvider)
    helper = next(s for s in module.body if isinstance(s, cst.FunctionDef) and s.name.value == "helper")
    returned = helper.body.body[0].body[0].value  # Helper(name).show() + str(COUNT) + LATE
    theirs = MetadataWrapper(module, unsafe_skip_copy=True).resolve(ExpressionContextProvider)
    inside = [node for node in all_nodes(returned) if node in theirs]
    assert len(inside) > 5
    assert not any(node in scopes._contexts for node in inside)
    assert ExpressionContextProvider not in shared._metadata  # (the whole module's: not made)
    assert scopes[returned] is not None
    assert all(node in scopes._contexts for node in inside)
    assert all(scopes._contexts[node] == theirs[node] for node in inside)
    # the wrapper's own mapping is the whole module's, as LibCST gives it, once read
    assert dict(lazy.resolve(ExpressionContextProvider)) == dict(theirs)


def _names_by_ast_walk(function: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str] | None:
    """``_names_and_globals`` the plain way, with ``ast.walk`` (the test compares the two)."""
    names: set[str] = set()
    annotations = []
    for statement in function.body:
        for node in ast.walk(statement):
            if isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, ast.Global):
                return None
            elif isinstance(node, ast.AnnAssign):
                annotations.append(node.annotation)
            elif isinstance(node, (ast.arg, ast.FunctionDef, ast.AsyncFunctionDef)):
                annotations.append(getattr(node, "annotation", None) or getattr(node, "returns", None))
    for annotation in annotations:
        for node in ast.walk(annotation) if annotation is not None else ():
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                names.update(re.findall(r"[A-Za-z_]\w*", node.value))
    return frozenset(names)


NAMES = '''
def f(a: "A1", *b: B1, **c) -> R1:
    x: "Local[Ann]" = {k: V for k in K if P}
    def inner(q: "Q1" = D1) -> "R2": return lambda z=LZ: z + LY
    class C(Base, metaclass=Meta):
        attr: int = f"{FV!r:{FW}}"
    match S:
        case {"k": M1, **rest} | [M2, *_] if G1: pass
        case Cls(kw=M3): pass
    try: pass
    except* E1 as err: del DEL[0]
    with W as (w1, w2): (NE := NV)
    return [*ST, *{**DS}], b"bytes", ..., None

def g():
    if X:
        global GL
'''


@pytest.mark.parametrize("path", [None, *SOURCES], ids=lambda p: "shapes" if p is None else os.path.relpath(p, ROOT))
def test_the_names_of_a_body_are_those_of_a_plain_walk(path):
    text = NAMES if path is None else open(path, encoding="utf-8").read()
    functions = [node for node in ast.walk(ast.parse(text)) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    assert functions or path is not None
    for function in functions:
        assert _names_and_globals(function) == _names_by_ast_walk(function)
    if path is None:
        assert _names_and_globals(functions[1]) is None and len(_names_and_globals(functions[0])) > 30


GLOBALS = '''
def plain(a):
    return [a for a in range(3)]

def at_top():
    global A

def in_a_handler():
    try:
        pass
    except ValueError:
        global B

def in_a_case(x):
    match x:
        case 1:
            global C

def in_a_nested_function():
    def inner():
        if True:
            global D
    return inner

def in_a_nested_class():
    class Inner:
        for x in ():
            pass
        else:
            global E

def in_an_else_and_finally():
    while False:
        pass
    else:
        with open("f"):
            try:
                pass
            finally:
                global F

def nonlocal_only():
    x = 1
    def inner():
        nonlocal x
    return lambda: x
'''


@pytest.mark.parametrize("path", [*SOURCES, "GLOBALS"], ids=lambda p: p if p == "GLOBALS" else os.path.relpath(p, ROOT))
def test_a_body_is_left_out_as_its_names_say(path):
    """Whether a function declares ``global`` comes from its statements alone, as its names
    (read when ``references_complete`` asks, from the same body) would say."""
    from flask_codemod.codemods._lazy_scopes import _declares_global, _names_and_globals, _units

    source = GLOBALS if path == "GLOBALS" else open(path, encoding="utf-8").read()
    functions = _units(ast.parse(source).body, (ast.FunctionDef, ast.AsyncFunctionDef), ast.ClassDef)
    declaring = [function.name for function in functions if _declares_global(function)]
    assert declaring == [function.name for function in functions if _names_and_globals(function) is None]
    if path == "GLOBALS":
        assert declaring == [f.name for f in functions if f.name not in ("plain", "nonlocal_only")] and len(declaring) == 6
