"""codemods/_global_imports.py: the names a top-level function reads from the module's
imports alone, as LibCST's scopes qualify them."""

from __future__ import annotations

import ast
import textwrap

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, QualifiedNameProvider

from flask_codemod.codemods._global_imports import function_imports

MODULE = """
import os.path
from flask import session, request, g
from flask import g
from shop import db
try:
    from flask import json
except ImportError:
    json = None
if os.path:
    from flask import abort
for item in ():
    pass

class Form:
    request = None

    def method(self, g):
        return g

def other(session):
    from shop import db
    return [item for item in session]

def reset():
    global abort
    abort = None

def view(rows=request):
    local = [x for x in rows]
    return session, request, g, db, json, abort, item, os, local, x
"""


class _ReadInView(cst.CSTVisitor):
    """LibCST's qualified names of each name read in the ``view`` function's return."""

    METADATA_DEPENDENCIES = (QualifiedNameProvider,)

    def __init__(self) -> None:
        self.answers: dict[str, set[str]] = {}
        self.inside = False

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.inside = node.name.value == "view"

    def visit_Return(self, node: cst.Return) -> None:
        if self.inside and isinstance(node.value, cst.Tuple):
            for element in node.value.elements:
                name = element.value
                assert isinstance(name, cst.Name)
                self.answers[name.value] = {q.name for q in self.get_metadata(QualifiedNameProvider, name)}


def _libcst_answers(source: str) -> dict[str, set[str]]:
    visitor = _ReadInView()
    MetadataWrapper(cst.parse_module(source)).visit(visitor)
    return visitor.answers


def test_names_bound_only_by_one_import_in_the_global_scope_are_resolved():
    source = textwrap.dedent(MODULE)
    tree = ast.parse(source)
    view = next(s for s in tree.body if isinstance(s, ast.FunctionDef) and s.name == "view")
    found = function_imports(view, tree)
    assert found == {"session": "flask.session", "request": "flask.request", "g": "flask.g", "db": "shop.db", "os": "os"}
    # as LibCST qualifies them; the others it gives another answer, or more than one
    libcst = _libcst_answers(source)
    for name, target in found.items():
        assert libcst[name] == {target}, name
    assert all(libcst[name] != {"flask." + name} for name in ("json", "abort"))


@pytest.mark.parametrize(
    "source",
    ["def view():\n    return session\n\nfrom flask import *\nfrom flask import session\n",
     "def outer():\n    from flask import session\n    def view():\n        return session\n"],
    ids=["star-import", "nested-function"],
)
def test_nothing_is_resolved_under_a_star_import_or_for_a_nested_function(source):
    tree = ast.parse(source)
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "view"]
    assert function_imports(functions[0], tree) == {}
