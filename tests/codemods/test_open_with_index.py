"""codemods/_open_with_index.py: ``index_module``'s walk gives the Index that LibCST's visit of
the module with the Index as its visitor gives, every list in the same order."""

from __future__ import annotations

import os

import hypothesmith
import libcst as cst
import pytest
from hypothesis import HealthCheck, given, settings

from flask_codemod.codemods._open_with_index import Index, index_module
from flask_codemod.codemods._reading import _TOKEN_METHOD, _VisitorKind
from helpers import real_code

HERE = os.path.dirname(os.path.abspath(__file__))
LIBRARIES = os.path.dirname(os.path.dirname(cst.__file__))
SOURCES = real_code(
    every=2,
    legacy_app=True,
    modules=("codemods/_open_with_index.py", "codemods/_open_with_lifetime.py", "tool/engine.py"),
) + [
    os.path.join(LIBRARIES, *parts)
    for parts in (("libcst", "_nodes", "statement.py"), ("libcst", "metadata", "scope_provider.py"), ("flask", "app.py"))
]

# every callback of the Index, in the places its units and their parameters make tricky
SHAPES = '''
import os, typing as t
from os.path import *
from typing import TypeVar as TV, NewType
import builtins

T = TV("T")
builtins.open = None
setattr(builtins, "open", print)
__builtins__["open"] = open
__all__ = ["load", "f" "g", b"x", 1]

def load(path: "os.PathLike" = os.sep, *rest: int, mode=lambda m="r": m, **kw) -> str:
    global COUNT
    import json
    from json import loads as read
    def inner(x=open(path)):
        nonlocal path
        return [open(p).read() for p in (x, path) if (y := p)]
    return inner(), f"{path!r:>{len(path)}}", "a" f"{path}"

key = lambda item, *, default=None: item or default
COUNT = 0

class Store(t.Generic[T]):
    kind: str = "s"
    opener = staticmethod(open)

    @property
    def path(self) -> str:
        return getattr(self, "kind")

    async def fetch(self, url, *, timeout=3):
        async with open(url) as f:
            async for line in f:
                yield line

    def save(self, data, /, locals=None):
        with gzip.open(self.path, "w") as out, ZipFile(self.path) as z:
            out.write(data); z.close()
        try:
            match data:
                case {"k": [x, *rest]} | Store(kind=x, rest=rest):
                    pass
                case _:
                    raise
        except* ValueError:
            pass
        finally:
            del data

def typed():
    K = NewType("K", int)
    return K

if True:
    def nested_at_module_level(a=open("x")):
        return a
for line in open("y"):
    print(line, file=open("z", "a"))
while False:
    break
'''


def described(index: Index) -> tuple:
    """Everything the Index holds, nodes named by identity (in their order)."""

    def ids(nodes):
        return [id(node) for node in nodes]

    return (
        ids(index.calls),
        {name: ids(nodes) for name, nodes in index.names.items()},
        ids(index.star_imports),
        [(id(node), id(target)) for node, target in index.builtins_writes],
        index.identifier_strings,
        ids(index.outside),
        index.order,
        index.renames_type_factory,
        [
            (key, id(unit.function), ids(unit.names), {name: ids(nodes) for name, nodes in unit.unscoped.items()}, unit.unsure)
            for key, unit in index.units.items()
        ],
    )


def visited(module: cst.Module) -> Index:
    """The Index as LibCST's visit of the module gives it (what index_module did before its walk)."""
    index = Index(module)
    module.visit(index)
    if index.renames_type_factory:
        for unit in index.units.values():
            unit.unsure = True
    return index


def _same(source: str) -> None:
    module = cst.parse_module(source)
    assert described(index_module(module)) == described(visited(module))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: os.path.relpath(p, os.path.dirname(HERE)))
def test_the_walk_gives_the_visits_index_on_real_code(path):
    with open(path, encoding="utf-8") as handle:
        _same(handle.read())


def test_the_walk_gives_the_visits_index_on_tricky_shapes():
    module = cst.parse_module(SHAPES)
    index = index_module(module)
    assert described(index) == described(visited(module))
    # (the shapes do reach every callback)
    assert index.star_imports and len(index.builtins_writes) == 3 and index.renames_type_factory
    assert {"load", "f", "g", "open", "T", "K"} <= index.identifier_strings
    assert all(unit.unsure for unit in index.units.values())
    assert any(unit.unscoped for unit in index.units.values())
    assert len(index.calls) >= 8


def test_the_walk_gives_the_visits_index_on_a_rewritten_tree():
    """Nodes built by a codemod (sentinels, empty parentheses) and a node object used twice."""
    module = cst.parse_module(SHAPES)
    name = cst.Name("shared")
    rewritten = module.with_changes(body=[*module.body, cst.SimpleStatementLine([cst.Expr(cst.Call(name, [cst.Arg(name)]))])])
    assert described(index_module(rewritten)) == described(visited(rewritten))


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_node())
def test_the_walk_gives_the_visits_index_on_any_syntax(source):
    try:
        module = cst.parse_module(source)
    except Exception:
        return
    assert described(index_module(module)) == described(visited(module))


def test_the_index_has_no_token_callback():
    """The walk goes into no token node (whitespace, punctuation ...: ``_node_fields.TOKEN_TYPES``)
    for the Index: it has no callback for one."""
    assert _VisitorKind(Index).skips_tokens
    assert not any(_TOKEN_METHOD.match(name) for name in vars(Index))
