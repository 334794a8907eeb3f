"""The metadata stand-ins of codemods/_metadata.py give what LibCST's own providers give."""

from __future__ import annotations

import ast
import os

import libcst as cst
import pytest
from libcst.metadata import (
    ExpressionContextProvider,
    MetadataWrapper,
    ParentNodeProvider,
    QualifiedNameProvider,
    PositionProvider,
    ScopeProvider,
)

from flask_codemod.codemods import _metadata
from flask_codemod.codemods._positions import Positions, rendered_code
from helpers import all_nodes, real_code
from flask_codemod.codemods._base import Context, metadata_value

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SOURCES = real_code(
    "*/*.before.py", every=4, legacy_app=True,
    modules=("codemods/_open_with_lifetime.py", "codemods/_open_with_uses.py", "codemods/cache_views.py"),
) + [os.path.join(os.path.dirname(cst.__file__), "metadata", "scope_provider.py")]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: os.path.relpath(p, ROOT))
def test_same_parents_and_qualified_names_as_libcst(path):
    with open(path, encoding="utf-8") as handle:
        module = cst.parse_module(handle.read())
    theirs = MetadataWrapper(module, unsafe_skip_copy=True)
    ours = _metadata.new_wrapper(module, unique=True)
    _metadata.resolve(ours, (ParentNodeProvider, QualifiedNameProvider, ScopeProvider))
    their_parents = theirs.resolve(ParentNodeProvider)
    our_parents = ours.resolve(ParentNodeProvider)
    assert isinstance(our_parents, _metadata.ParentIndex)
    assert len(our_parents) == len(their_parents)
    their_names = theirs.resolve(QualifiedNameProvider)
    our_names = ours.resolve(QualifiedNameProvider)
    assert isinstance(our_names, _metadata.QualifiedNames)
    for node in all_nodes(module):
        if node is module:
            assert node not in our_parents
            continue
        assert our_parents[node] is their_parents[node]
        theirs_named = metadata_value(theirs, QualifiedNameProvider, node)
        expected = theirs_named if _metadata.names_statically(node) else set()
        assert metadata_value(ours, QualifiedNameProvider, node) == expected


def _names(source: str) -> dict[str, set[str]]:
    module = cst.parse_module(source)
    wrapper = _metadata.new_wrapper(module, unique=True)
    _metadata.resolve(wrapper, (QualifiedNameProvider,))
    return {
        module.code_for_node(node): {q.name for q in metadata_value(wrapper, QualifiedNameProvider, node)}
        for node in all_nodes(module)
        if isinstance(node, (cst.Attribute, cst.Call))
    }


def test_what_a_call_returns_has_no_qualified_name():
    # LibCST names open(p).read as builtins.open and sqlite3.connect(d).cursor as
    # sqlite3.connect.cursor, as if the call were not there: a rule looking for opened files or
    # connections would take the text or the cursor for the resource.
    names = _names(
        "import sqlite3, flask\n"
        "text = open(p).read()\n"
        "cur = sqlite3.connect(d).cursor()\n"
        "first = rows[0].close()\n"
        "app = flask.Flask(__name__)\n"
        "made = make()()\n"
    )
    assert names["open(p)"] == {"builtins.open"}
    assert names["sqlite3.connect(d)"] == names["sqlite3.connect"] == {"sqlite3.connect"}
    assert names["flask.Flask(__name__)"] == names["flask.Flask"] == {"flask.Flask"}
    for node in ("open(p).read", "open(p).read()", "sqlite3.connect(d).cursor", "sqlite3.connect(d).cursor()",
                 "rows[0].close", "rows[0].close()", "make()()"):
        assert names[node] == set(), node


def _scope_shape(scope, key):
    """What a codemod reads of a scope, each node named by ``key``, and each assignment's place."""
    if scope is None:
        return None
    # an assignment's _index is its place among the scope's assignment-like nodes (_scope_visits counts them)
    assignments = sorted(
        (a.name, key(a.node), a._index, sorted(key(r.node) for r in a.references)) for a in scope.assignments
    )
    accesses = sorted((key(a.node), sorted(key(r.node) for r in a.referents if hasattr(r, "node"))) for a in scope.accesses)
    return type(scope).__name__, getattr(scope, "name", None), assignments, accesses


@pytest.mark.parametrize("path", SOURCES[::3], ids=lambda p: os.path.relpath(p, ROOT))
def test_same_scopes_and_expression_contexts_as_libcst(path):
    with open(path, encoding="utf-8") as handle:
        module = cst.parse_module(handle.read())
    theirs = MetadataWrapper(module, unsafe_skip_copy=True)
    ours = _metadata.new_wrapper(module, unique=True)
    _metadata.resolve(ours, (ScopeProvider,))
    assert ExpressionContextProvider in ours._metadata  # resolved on the way, as LibCST does
    assert list(ours.resolve(ExpressionContextProvider).items()) == list(theirs.resolve(ExpressionContextProvider).items())
    in_tree = {id(node) for node in all_nodes(module)}

    def key(node):  # a string annotation is parsed anew by each analysis: named by its code
        return (0, id(node), "") if id(node) in in_tree else (1, 0, module.code_for_node(node))

    their_scopes, our_scopes = theirs.resolve(ScopeProvider), ours.resolve(ScopeProvider)
    assert sorted(map(key, our_scopes)) == sorted(map(key, their_scopes))
    compared = set()  # (our scope, their scope) pairs found alike
    for node in all_nodes(module):
        if node in their_scopes:
            pair = (id(our_scopes[node]), id(their_scopes[node]))
            if pair not in compared:
                assert _scope_shape(our_scopes[node], key) == _scope_shape(their_scopes[node], key)
                compared.add(pair)


def test_a_tree_with_a_node_object_twice_gets_libcsts_copy():
    name = cst.Name("shared")
    module = cst.Module(body=[cst.SimpleStatementLine([cst.Expr(name)]), cst.SimpleStatementLine([cst.Expr(name)])])
    assert _metadata.parent_index(module) is None
    wrapper = _metadata.new_wrapper(module, unique=False)
    assert wrapper.module is not module  # copied: each occurrence is its own node now
    _metadata.resolve(wrapper, (ParentNodeProvider,))
    first, second = (line.body[0].value for line in wrapper.module.body)
    assert first is not second
    assert wrapper.resolve(ParentNodeProvider)[first] is wrapper.module.body[0].body[0]


def test_a_rewritten_tree_with_unique_nodes_is_not_copied():
    module = cst.parse_module("import os\nx = os.path.join('a', 'b')\n")
    rewritten = module.visit(cst.CSTTransformer())  # new node objects, each once
    wrapper = _metadata.new_wrapper(rewritten, unique=False)
    assert wrapper.module is rewritten


def test_lines_of_findings_are_resolved_only_when_asked():
    module = cst.parse_module("import os\n\nvalue = os.environ\n")
    ctx = Context()
    ctx.trust_unique_nodes(module)
    wrapper = ctx.metadata(module, (ScopeProvider,))

    assert not wrapper._metadata[PositionProvider].rendered
    assignment = wrapper.module.body[1]
    assert ctx.line_of(assignment) == 3
    assert wrapper._metadata[PositionProvider].rendered


def test_the_stdlib_tree_of_the_parsed_module_is_the_engines_own_and_a_rewritten_one_is_parsed():
    text = "import requests\n\nrequests.get(url, timeout=5)\n"
    module = cst.parse_module(text)
    tree = ast.parse(text)
    ctx = Context()
    ctx.trust_unique_nodes(module, tree)
    assert ctx.python_tree(module) is tree
    rewritten = module.with_changes(body=module.body[:1])
    parsed = ctx.python_tree(rewritten)
    assert parsed is not tree and ast.dump(parsed) == ast.dump(ast.parse("import requests\n"))
    assert Context().python_tree(module) is not tree  # a context told nothing parses the rendering


_LINE_BREAKS = (
    "x = 1\r\ny = (2,\r\n     3)\r\n",
    "if x:\r    pass\r\n\r\n  # c\r\n",
    "x = 1\r\n\x0cdef f():\r\n    return \"\"\"a\r\rb\n\"\"\"\r\n",
    "def f(\r\n  a,\r  b):\r\n    pass\r",
    "x = 1\n\n   \n",
)


@pytest.mark.parametrize("text", [*SOURCES[::2], *_LINE_BREAKS])
def test_same_positions_as_libcst(text):
    if os.path.exists(text):
        with open(text, encoding="utf-8") as handle:
            text = handle.read()
    module = cst.parse_module(text)
    theirs = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    ours = _metadata.new_wrapper(module, unique=True).resolve(PositionProvider)
    assert isinstance(ours, Positions)
    assert len(ours) == len(theirs)
    for node in all_nodes(module):
        assert ours[node] == theirs[node], type(node).__name__


@pytest.mark.parametrize("text", [*SOURCES[::3], *_LINE_BREAKS, "x = 1", "x = 1\ny = 2", "", "# only a comment"])
def test_the_code_from_the_positions_rendering_is_the_modules_code(text):
    if os.path.exists(text):
        with open(text, encoding="utf-8") as handle:
            text = handle.read()
    module = cst.parse_module(text)
    wrapper = _metadata.new_wrapper(module, unique=True)
    assert rendered_code(wrapper) == module.code
    assert wrapper._metadata[PositionProvider].rendered  # the positions come from that rendering
    rewritten = module.with_changes(body=[*module.body, cst.SimpleStatementLine([cst.Pass()])], has_trailing_newline=False)
    assert rendered_code(_metadata.new_wrapper(rewritten, unique=False)) == rewritten.code


def test_the_scopes_are_analysed_on_the_first_lookup_that_needs_them_the_direct_way(monkeypatch):
    direct: list[object] = []  # the providers _module_walker ran (LibCST's batched resolution runs none)
    walker = _metadata._module_walker
    monkeypatch.setattr(_metadata, "_module_walker", lambda w, p: direct.append(p) or walker(w, p))
    module = cst.parse_module("import os\n\ndef f(p):\n    return os.path.join(p, 'x')\n")
    wrapper = _metadata.new_wrapper(module, unique=True)
    _metadata.resolve(wrapper, (QualifiedNameProvider, ParentNodeProvider))
    assert ScopeProvider not in wrapper._metadata  # nothing looked up yet
    call = wrapper.module.body[1].body.body[0].body[0].value
    assert {q.name for q in metadata_value(wrapper, QualifiedNameProvider, call.func)} == {"os.path.join"}
    assert ScopeProvider in direct
    direct.clear()
    later = _metadata.new_wrapper(module, unique=True)
    _metadata.resolve(later, (ParentNodeProvider,))
    scopes = later.resolve(ScopeProvider)  # a helper asking for scopes late: the direct way too
    assert ScopeProvider in direct and scopes[call.func] is not None
