"""``used_names`` lists its nodes instead of visiting them: the names are those its visitor
collects by visiting, on real code."""

from __future__ import annotations

import os

import libcst as cst
import pytest

from flask_codemod.codemods import _names
from helpers import real_code

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCES = real_code(every=3, modules=("codemods/_names.py",))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: os.path.relpath(p, ROOT))
def test_the_names_a_visit_collects(path):
    with open(path, encoding="utf-8") as handle:
        module = cst.parse_module(handle.read())
    for node in [module, *module.body[:8]]:
        visitor = _names._NameCollector()
        node.visit(visitor)
        assert _names.used_names(node) == visitor.names


def test_a_name_or_string_on_its_own():
    assert _names.used_names(cst.Name("x")) == {"x"}
    assert _names.used_names(cst.SimpleString('"db"')) == {"db"}
    assert _names.used_names(cst.SimpleString('"not a name"')) == set()
