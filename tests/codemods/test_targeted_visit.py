"""visit_toward: a transformer that changes planned nodes gives the code of LibCST's whole pass."""

from __future__ import annotations

import os
import random

import libcst as cst
import pytest
from libcst.metadata import ParentNodeProvider

from flask_codemod.codemods import _metadata
from flask_codemod.codemods._targeted_visit import visit_toward
from helpers import real_code

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCES = real_code("*/*.before.py", every=3)


class Renamer(cst.CSTTransformer):
    """Renames the planned Names, and wraps the planned calls in ``list(...)`` once the
    renames inside them are made (a change of a node whose children changed too)."""

    def __init__(self, names: set[int], calls: set[int]) -> None:
        self.names = names
        self.calls = calls

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return updated_node.with_changes(value=updated_node.value + "_x") if id(original_node) in self.names else updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        return cst.Call(cst.Name("list"), [cst.Arg(updated_node)]) if id(original_node) in self.calls else updated_node


def _wrapper(text: str):
    wrapper = _metadata.new_wrapper(cst.parse_module(text), unique=True)
    _metadata.resolve(wrapper, [ParentNodeProvider])
    return wrapper


def _planned(module: cst.Module, seed: int) -> tuple[set[int], set[int]]:
    names, calls = [], []
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        (names if isinstance(node, cst.Name) else calls if isinstance(node, cst.Call) else []).append(node)
        stack.extend(node.children)
    chosen = random.Random(seed)
    return (
        {id(n) for n in chosen.sample(names, min(5, len(names)))},
        {id(c) for c in chosen.sample(calls, min(3, len(calls)))},
    )


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: os.path.relpath(p, ROOT))
def test_the_same_code_as_the_whole_pass(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    for seed in range(3):
        wrapper = _wrapper(text)
        names, calls = _planned(wrapper.module, seed)
        expected = wrapper.module.visit(Renamer(names, calls)).code
        toward = visit_toward(wrapper, Renamer(names, calls), [*names, *calls])
        assert toward.code == expected
        if names or calls:
            assert toward.code != text


def test_nothing_planned_gives_the_module_unchanged():
    wrapper = _wrapper("x = f(a)\n")
    assert visit_toward(wrapper, Renamer(set(), set()), []).code == "x = f(a)\n"


def test_a_node_of_another_tree_gets_the_whole_pass():
    wrapper = _wrapper("x = f(a)\ny = g(b)\n")
    stranger = cst.Name("a")
    planned = {id(stranger)}
    names = {id(n) for n in (wrapper.module.body[1].body[0].value.func, stranger)}
    result = visit_toward(wrapper, Renamer(names, set()), planned)
    assert result.code == "x = f(a)\ny = g_x(b)\n"  # the whole pass still renames g
