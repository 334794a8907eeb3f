"""open-with on a tree an earlier codemod changed (the engine has no stdlib AST of it): it
reads the stdlib AST of that tree's rendering, so its scopes stay lazy (a function's body
analysed when a node in it is looked up) instead of the whole module's, and its change and
findings are those of the whole-module analysis."""

from __future__ import annotations

import os
import textwrap

import libcst as cst
import pytest
from libcst.metadata import ScopeProvider

from flask_codemod.codemods._base import Context
from helpers import real_code, transform_changed_tree

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SOURCES = real_code("open-with/*.before.py")

# handles to wrap, one a new name must not clash with (``data`` is taken in reader, ``f2``
# in other), a function that declares global, a method, a module-level loop, a refusal
SHAPES = textwrap.dedent('''
    import json
    import os

    COUNT = 0


    def bump():
        global COUNT
        COUNT += 1


    def reader(name):
        f = open(name)
        data = json.load(f)
        f.close()
        return data


    def other(name, f2):
        out = open(name, "w")
        out.write(os.sep + f2)
        out.close()
        return helper(out)


    def helper(handle):
        return handle.name


    class Store:
        def load(self, name):
            fh = open(name)
            text = fh.read()
            fh.close()
            return text


    for line in open("list.txt"):
        print(line)
''')


def _changed(source: str) -> cst.Module:
    """``source`` parsed, then changed as an earlier codemod would: a new module that shares
    every statement of the parse but one, never declared freshly parsed."""
    parsed = cst.parse_module(source)
    return parsed.with_changes(body=[*parsed.body, cst.parse_statement("CHANGED_BEFORE = True\n")])


def _run(source: str, *, whole_module: bool) -> tuple[str, list, bool]:
    """open-with's code and findings on a changed tree, and whether the whole module's
    scopes were analysed."""
    module = _changed(source)
    ctx = Context("app.py")
    new = transform_changed_tree("open-with", module, ctx, whole_module=whole_module)
    whole_scopes = ScopeProvider in ctx.metadata(module)._metadata
    return new.code, [(f.line, f.column, f.message) for f in ctx.findings], whole_scopes


def test_a_changed_tree_keeps_its_scopes_lazy_with_the_same_result():
    code, findings, whole_scopes = _run(SHAPES, whole_module=False)
    assert "with open(name) as f:" in code and "with open(name) as fh:" in code
    assert not whole_scopes
    expected_code, expected_findings, expected_whole = _run(SHAPES, whole_module=True)
    assert expected_whole  # (the route compared with: the whole module's scopes)
    assert (code, findings) == (expected_code, expected_findings)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: os.path.relpath(p, ROOT))
def test_samples_on_a_changed_tree(path):
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    code, findings, whole_scopes = _run(source, whole_module=False)
    assert not whole_scopes
    assert (code, findings) == _run(source, whole_module=True)[:2]


def test_a_changed_tree_whose_wrapper_copies_it_is_indexed_once(monkeypatch):
    """A node object used twice in the changed tree: the wrapper works on a copy, and only
    that copy is indexed; the result is the one on a fresh parse of the same code."""
    from flask_codemod.codemods import _open_with_index

    parsed = cst.parse_module(SHAPES)
    shared = cst.parse_statement("CHANGED_BEFORE = True\n")
    module = parsed.with_changes(body=[*parsed.body, shared, shared])
    indexed: list = []
    index_module = _open_with_index.index_module
    monkeypatch.setattr(_open_with_index, "index_module", lambda tree: indexed.append(tree) or index_module(tree))
    ctx = Context("app.py")
    code = transform_changed_tree("open-with", module, ctx, whole_module=False).code
    assert ctx.metadata(module).module is not module and indexed == [ctx.metadata(module).module]
    fresh = Context("app.py")
    expected = transform_changed_tree("open-with", cst.parse_module(module.code), fresh, whole_module=False).code
    assert "with open(name) as f:" in code
    assert (code, ctx.findings) == (expected, fresh.findings)
