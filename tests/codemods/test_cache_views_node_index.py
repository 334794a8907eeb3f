"""codemods/_cache_views_node_index.py: parents and expression contexts indexed body by body give what
LibCST's own providers give, index a body only when asked, and leave the shared wrapper alone."""

from __future__ import annotations

import ast
import os

import libcst as cst
import pytest
from libcst.metadata import (
    ExpressionContext,
    ExpressionContextProvider,
    MetadataWrapper,
    ParentNodeProvider,
    QualifiedNameProvider,
    ScopeProvider,
)

from flask_codemod.codemods import _metadata
from flask_codemod.codemods._base import metadata_value
from flask_codemod.codemods._lazy_scopes import lazily_scoped
from flask_codemod.codemods._cache_views_node_index import (
    LazyParents,
    NodeIndex,
    bodies_left_out,
    index_below,
    lazily_indexed,
)
from helpers import all_nodes, real_code

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SOURCES = real_code(
    "cache-views/*.before.py", every=3, legacy_app=True,
    modules=("codemods/_cache_views_scan.py", "codemods/_cache_views_node_index.py"),
)

SHAPES = '''
import os

COUNT = 0

def bump():
    global COUNT
    COUNT += 1

def reset():
    try:
        pass
    except KeyError:
        global COUNT
        COUNT = 0

def later():
    if COUNT:
        for _ in ():
            global LATE
            LATE = 1

def view(name: "Helper", *rest, key=None) -> str:
    (a, b), c = name, [x for x in rest]
    del a
    for i, j in rest:
        c[i].j, *b = j
    return str(a) + str(b)

class Helper:
    kind = "h"
    def __init__(self, name):
        self.name = name
    def show(self): return self.name + self.kind

if os.environ:
    def nested():
        return COUNT
'''


def _lazy(source: str):
    module = cst.parse_module(source)
    return module, lazily_indexed(_metadata.new_wrapper(module, unique=True), ast.parse(source))


def _function(module: cst.Module, name: str) -> cst.FunctionDef:
    return next(s for s in module.body if isinstance(s, cst.FunctionDef) and s.name.value == name)


def _check(source: str, order) -> None:
    module, lazy = _lazy(source)
    theirs = MetadataWrapper(module, unsafe_skip_copy=True)
    their_parents = theirs.resolve(ParentNodeProvider)
    their_contexts = theirs.resolve(ExpressionContextProvider)
    our_parents = lazy.resolve(ParentNodeProvider)
    our_contexts = lazy.resolve(ExpressionContextProvider)
    assert isinstance(our_parents, LazyParents)
    for node in order(all_nodes(module)):
        assert our_contexts.get(node) == their_contexts.get(node)
        if node is module:
            assert node not in our_parents
        else:
            assert our_parents[node] is their_parents[node]
    assert len(our_parents) == len(their_parents) and len(our_contexts) == len(their_contexts)
    foreign = cst.parse_module(source)
    assert foreign.body[0] not in our_parents and our_contexts.get(all_nodes(foreign)[-1]) is None


@pytest.mark.parametrize("order", [list, lambda nodes: nodes[::-1]], ids=["in order", "bodies last first"])
def test_shapes(order):
    _check(SHAPES, order)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: os.path.relpath(p, ROOT))
def test_real_code(path):
    with open(path, encoding="utf-8") as handle:
        _check(handle.read(), lambda nodes: nodes[::-1])


def test_the_bodies_left_out_are_those_the_lazy_scopes_leave_out():
    module = cst.parse_module(SHAPES)
    scopes = lazily_scoped(_metadata.new_wrapper(module, unique=True), ast.parse(SHAPES)).resolve(ScopeProvider)
    chosen = bodies_left_out(module, ast.parse(SHAPES))
    assert chosen == set(scopes._left_out)
    assert len(chosen) == 3  # view, Helper.__init__, Helper.show: bump, reset and later declare global, nested is in an if
    assert bodies_left_out(module, ast.parse("def other(): pass\n")) == set()  # not the same functions


def test_a_body_is_indexed_when_a_node_in_it_is_asked_for():
    module, lazy = _lazy(SHAPES)
    index = lazy.resolve(ParentNodeProvider).index
    view, helper = _function(module, "view"), next(s for s in module.body if isinstance(s, cst.ClassDef))
    assert len(index.left_out) == 3
    returned = view.body.body[-1]
    deleted = view.body.body[1].body[0].target  # ``del a``: its context is known once its body is indexed
    assert deleted not in index.contexts
    assert metadata_value(lazy, ParentNodeProvider, returned) is view.body
    assert len(index.left_out) == 2 and index.contexts[deleted] is ExpressionContext.DEL
    index_below(lazy, helper)  # a class: its methods' bodies
    assert not index.left_out


def test_index_below_a_function_indexes_its_body_alone():
    module, lazy = _lazy(SHAPES)
    index = lazy.resolve(ParentNodeProvider).index
    view = _function(module, "view")
    index_below(lazy, view)
    assert id(view.body) not in index.left_out and len(index.left_out) == 2
    assert index.indexed(view.body.body[-1])


def test_the_ancestors_of_a_node_in_a_body_left_out():
    module, lazy = _lazy(SHAPES)
    view = _function(module, "view")
    returned = view.body.body[-1]
    above = lazy.resolve(ParentNodeProvider).ancestor_ids([id(returned)])
    assert above == {id(view.body), id(view), id(module)}
    assert lazy.resolve(ParentNodeProvider).ancestor_ids([id(cst.Pass())]) is None


def test_the_shared_wrapper_gets_nothing_and_a_resolved_one_is_used_as_it_is():
    module = cst.parse_module(SHAPES)
    shared = _metadata.new_wrapper(module, unique=True)
    lazy = lazily_indexed(shared, ast.parse(SHAPES))
    assert lazy is not shared and lazy.module is module
    lazy.resolve(ParentNodeProvider)[module.body[0]]
    assert ParentNodeProvider not in shared._metadata and ExpressionContextProvider not in shared._metadata
    _metadata.resolve(shared, (ScopeProvider,))
    assert lazily_indexed(shared, ast.parse(SHAPES)) is shared


def _check_scopes(module: cst.Module, scoped, *, names: bool = True) -> None:
    theirs = MetadataWrapper(module, unsafe_skip_copy=True)
    their_scopes = theirs.resolve(ScopeProvider)
    for node in all_nodes(module)[::-1]:
        ours = metadata_value(scoped, ScopeProvider, node)
        assert (ours is None) == (their_scopes.get(node) is None)
        if ours is not None:
            assert {a.name for a in ours.assignments} == {a.name for a in their_scopes[node].assignments}
        if names and isinstance(node, (cst.Name, cst.Attribute)):
            expected = metadata_value(theirs, QualifiedNameProvider, node) if _metadata.names_statically(node) else set()
            assert metadata_value(scoped, QualifiedNameProvider, node) == expected


def test_lazy_scopes_over_the_lazy_index_are_libcsts():
    module, lazy = _lazy(SHAPES)
    _check_scopes(module, lazily_scoped(lazy, ast.parse(SHAPES)))


def test_a_tree_with_a_node_twice_is_no_node_index():
    name = cst.Name("x")
    module = cst.Module(body=[cst.SimpleStatementLine([cst.Expr(name)]), cst.SimpleStatementLine([cst.Expr(name)])])
    with pytest.raises(ValueError):
        NodeIndex(module, ast.parse("x\nx\n"))


LINES = '''
import functools

@functools.lru_cache()
@functools.wraps(
    print)
async def first(a,
                b):
    pass

class Holder:
    # a comment
    def method(self): pass

def \\
        continued():
    def inner(): pass
'''


def test_a_functions_line_is_libcsts_read_off_the_stdlib_ast():
    """Where a finding says a helper is: the line of its ``def``, from the stdlib AST (the
    module is not rendered for it), else from LibCST's positions."""
    from libcst.metadata import PositionProvider

    from flask_codemod.codemods._cache_views_kinds import NameKinds
    from flask_codemod.codemods._cache_views_project import SourceModule
    from flask_codemod.codemods._positions import Positions

    module = cst.parse_module(LINES)
    theirs = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    functions = [node for node in all_nodes(module) if isinstance(node, cst.FunctionDef)]
    assert len(functions) == 4
    source = SourceModule("helpers.py", _metadata.new_wrapper(module, unique=True), text=LINES)
    positions = source.wrapper.resolve(PositionProvider)
    assert isinstance(positions, Positions)
    for function in functions[:2]:
        assert NameKinds.line(source, function) == theirs[function].start.line
    assert not positions.rendered
    for function in functions[2:]:  # a backslash after ``def``: the AST cannot tell
        assert NameKinds.line(source, function) == theirs[function].start.line
    assert positions.rendered


def _complete(source: str):
    """A module whose shared wrapper has every parent (as for a tree an earlier codemod
    rewrote: ``new_wrapper`` proves its nodes unique with a ParentIndex)."""
    shared = _metadata.new_wrapper(cst.parse_module(source), unique=False)
    return shared.module, shared, lazily_indexed(shared, ast.parse(source))


@pytest.mark.parametrize("path", [None, *SOURCES[:6]], ids=lambda p: "shapes" if p is None else os.path.relpath(p, ROOT))
def test_with_every_parent_known_only_the_contexts_are_indexed_body_by_body(path):
    source = SHAPES if path is None else open(path, encoding="utf-8").read()
    module, shared, lazy = _complete(source)
    known = shared._metadata[ParentNodeProvider]
    count = len(known)
    assert lazy.resolve(ParentNodeProvider) is known
    contexts = lazy.resolve(ExpressionContextProvider)
    index = contexts.index
    assert index.complete and len(index.left_out) == len(bodies_left_out(module, ast.parse(source)))
    their_contexts = MetadataWrapper(module, unsafe_skip_copy=True).resolve(ExpressionContextProvider)
    for node in all_nodes(module)[::-1]:
        assert contexts.get(node) == their_contexts.get(node)
    assert len(contexts) == len(their_contexts) and not index.left_out
    assert len(known) == count  # the shared parents get nothing
    assert contexts.get(all_nodes(cst.parse_module(source))[-1]) is None


def test_with_every_parent_known_a_body_is_indexed_when_asked_for_or_visited():
    module, _, lazy = _complete(SHAPES)
    index = lazy.resolve(ExpressionContextProvider).index
    view = _function(module, "view")
    deleted = view.body.body[1].body[0].target
    assert deleted not in index.contexts and len(index.left_out) == 3
    assert metadata_value(lazy, ExpressionContextProvider, deleted) is ExpressionContext.DEL
    assert len(index.left_out) == 2
    index_below(lazy, next(s for s in module.body if isinstance(s, cst.ClassDef)))
    assert not index.left_out


@pytest.mark.parametrize("complete", [False, True], ids=["lazy parents", "every parent known"])
def test_lazy_scopes_leave_the_bodies_of_the_index_alone(complete):
    """The scopes of a lazy index read the contexts outside the bodies left out, not all
    (a lazy mapping's length would index every body; so would, with lazy parents, the
    nodes LibCST parses out of a string annotation: none here)."""
    source = SHAPES.replace('name: "Helper"', "name: Helper")
    if complete:
        module, _, lazy = _complete(source)
    else:
        module, lazy = _lazy(source)
    scoped = lazily_scoped(lazy, ast.parse(source))
    index = lazy.resolve(ExpressionContextProvider).index
    assert len(index.left_out) == 3
    _check_scopes(module, scoped, names=False)
