"""The nodes of a module's walk by kind (issue 19): ``of_kinds`` gives what a loop over
``walked`` filtering by ``isinstance`` gave, in the same order, from one grouping per tree;
http-timeout's facts of a module read through it are the facts that loop gave."""

from __future__ import annotations

import ast
import pathlib
import sys

import pytest

from flask_codemod.codemods import (
    _http_timeout_pinning_in,
    _http_timeout_bound_reads,
    _http_timeout_client_calls,
    _http_timeout_module_waits,
    _http_timeout_default,
    _http_timeout_generation,
    _http_timeout_imported_numbers,
    _http_timeout_named_wait,
    _http_timeout_socket_default,
    _http_timeout_unknown_waits,
    _http_timeout_node_kinds,
)
from flask_codemod.codemods._ast_facts import facts
from flask_codemod.codemods._parsed_modules import walked

ROOT = pathlib.Path(__file__).resolve().parents[2]

SHAPES = '''
import os, requests as r
from . import x
def f(a, *b, c=lambda d: [e for e in d if e], **g):
    global h
    with open(a) as (i, j), r.Session() as s:
        k = [m async for m in n] if (o := s.get(a, timeout=5)) else {p: q for p, q in g.items()}
        k += 1
    class C:
        t: int = 3
        def m(self): return self.t
    match a:
        case {"k": v, **rest}: pass
        case [1, *others]: pass
        case C(t=w) as z: pass
    try:
        pass
    except* ValueError as err:
        raise
'''

KINDS = [
    ast.Call,
    ast.Name,
    (ast.Import, ast.ImportFrom),
    (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef),
    (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr, ast.For, ast.comprehension, ast.With),
    ast.stmt,  # a base class: every statement, of every kind
    (ast.expr, ast.excepthandler, ast.pattern),
    ast.Global,
    ast.Yield,  # none in any of these
]


def _texts() -> list[str]:
    paths = sorted((ROOT / "codemods").glob("_http_timeout_*.py"))[:12] + sorted((ROOT / "samples").rglob("*.py"))[:30]
    return [SHAPES, *(path.read_text(encoding="utf-8") for path in paths)]


@pytest.mark.parametrize("kinds", KINDS, ids=str)
def test_the_nodes_of_kinds_are_those_a_filter_of_the_walk_gives_in_its_order(kinds):
    for text in _texts():
        tree = ast.parse(text)
        expected = [node for node in ast.walk(tree) if isinstance(node, kinds)]
        assert [id(node) for node in _http_timeout_node_kinds.of_kinds(tree, kinds)] == [id(node) for node in expected]


def test_a_tree_is_grouped_once_and_each_combination_merged_once(monkeypatch):
    groupings = []
    real = _http_timeout_node_kinds._ByKind.__init__

    def counting(self, tree):
        groupings.append(id(tree))
        real(self, tree)

    monkeypatch.setattr(_http_timeout_node_kinds._ByKind, "__init__", counting)
    tree = ast.parse(SHAPES)
    calls = _http_timeout_node_kinds.of_kinds(tree, ast.Call)
    bindings = _http_timeout_node_kinds.of_kinds(tree, (ast.Assign, ast.AugAssign))
    assert _http_timeout_node_kinds.of_kinds(tree, ast.Call) is calls
    assert _http_timeout_node_kinds.of_kinds(tree, (ast.Assign, ast.AugAssign)) is bindings
    assert walked(tree)  # (the same walk, kept with the grouping)
    assert groupings == [id(tree)]
    other = ast.parse(SHAPES)
    assert len(_http_timeout_node_kinds.of_kinds(other, ast.Call)) == len(calls) == 4  # open(), r.Session(), s.get(), g.items()
    assert groupings == [id(tree), id(other)]


# -- http-timeout's facts of a module, read through ``of_kinds`` and through a filter of the walk
def _readers() -> list:
    """Every module of http-timeout that reads nodes through ``of_kinds``."""
    return [module for name, module in sorted(sys.modules.items()) if name.startswith(_PREFIX) and hasattr(module, "of_kinds") and module is not _http_timeout_node_kinds]


_PREFIX = "flask_codemod.codemods._http_timeout_"


def _filtered(tree, kinds):
    """The reading before ``of_kinds``: every node of the walk, tested."""
    return [node for node in walked(tree) if isinstance(node, kinds)]


def _facts(text: str) -> dict[str, object]:
    tree = ast.parse(text)  # (a tree of its own: no fact kept of another)
    lines = lambda ids: sorted((node.lineno, node.col_offset) for node in ast.walk(tree) if id(node) in ids)  # noqa: E731
    names, attributes = _http_timeout_client_calls._client_bindings(tree, facts(tree))
    constants = sorted(name for name in ("TIMEOUT", "REQUEST_TIMEOUT", "HTTP_TIMEOUT", "timeout", "url"))
    return {
        "client bindings": (names, attributes),
        "wrappers": (_http_timeout_client_calls.wrapper_names(tree), _http_timeout_client_calls.proven_wrapper_names(tree)),
        "configured waits": _http_timeout_default.module_configured_waits(tree),
        "longest wait": _http_timeout_default.module_longest_wait(tree),
        "unread calls": lines(_http_timeout_default.unread_calls(tree)),
        "unknown waits": _http_timeout_unknown_waits.module_unknown_waits(tree),
        "mapping numbers": _http_timeout_unknown_waits.module_mapping_numbers(tree),
        "imported through": _http_timeout_unknown_waits.module_imported_through(tree),
        "imported waits": _http_timeout_module_waits._find_imported_waits(tree),
        "pinning": _http_timeout_pinning_in.pinning_in(tree),
        "socket default": _http_timeout_socket_default.module_socket_default(tree),
        "mentions": _http_timeout_socket_default._unresolved_mention(tree),
        "own names": _http_timeout_socket_default._own_names(tree),
        "generation": (_http_timeout_generation._module_signs(tree), _http_timeout_generation._asks_stream(tree)),
        "numbers": _http_timeout_imported_numbers.module_numbers(tree),
        "used otherwise": _http_timeout_named_wait._used_otherwise(tree, set(constants)),
        "bound once": [_http_timeout_named_wait._bound_once(tree, name) for name in constants],
        "handed on": lines(_http_timeout_bound_reads._handed_on(tree, lambda value: isinstance(value, ast.Subscript), lambda name: "timeout" in name)),
        "calls": len(facts(tree).calls),
    }


def _http_texts() -> list[str]:
    """The made modules of http-timeout's tests that parse (the cases its facts are about)."""
    found = []
    for path in sorted((ROOT / "tests" / "codemods").glob("test_http_timeout*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and ("requests" in node.value or "urlopen" in node.value):
                try:
                    ast.parse(node.value)
                except SyntaxError:
                    continue
                found.append(node.value)
    return found


def test_http_timeouts_facts_of_a_module_are_those_a_filter_of_the_walk_gave(monkeypatch):
    texts = [*_http_texts(), *_texts()]
    assert len(texts) > 100
    indexed = [_facts(text) for text in texts]
    readers = _readers()
    assert len(readers) >= 9
    for module in readers:
        monkeypatch.setattr(module, "of_kinds", _filtered)
    filtered = [_facts(text) for text in texts]
    for text, by_kind, by_filter in zip(texts, indexed, filtered):
        assert by_kind == by_filter, text
    assert any(facts["configured waits"] for facts in indexed) and any(facts["client bindings"][0] for facts in indexed)
