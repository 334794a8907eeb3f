"""codemods/_name_candidates.py: every qualified name LibCST's scope gives a node is among the
candidates computed from its spelling and the module's imports, or of the one kind the
candidates leave out (a local of a class or function, named after it)."""

from __future__ import annotations

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, QualifiedNameProvider

from flask_codemod.codemods._base import metadata_value
from flask_codemod.codemods._metadata import names_statically
from flask_codemod.codemods._name_candidates import NameCandidates
from helpers import all_nodes, real_code

SOURCES = real_code("*/*.before.py", every=3, legacy_app=True, modules=("codemods/_name_candidates.py",))

SHAPES = '''
import os.path
import a.b.c
import werkzeug.contrib as wc
import flask as f, jinja2
from werkzeug import secure_filename as sf, cached_property
from . import sibling
from .pkg import thing as other
from ..up import *
try:
    from flask import Markup
except ImportError:
    from jinja2 import Markup
if True: import json as j

x = os.path.join(a.b.c.d, wc.cache.SimpleCache, f.Markup, sf("n"), j.dumps({}), len([]))
y = sibling.z + other.w + Markup("q") + jinja2.escape("s") + cached_property.x + dict.fromkeys
open("p").read()
rows[0].close()
Markup[int]()

class Cls:
    kind = Markup
    def method(self, other=kind):
        local = f.g
        return [v for v in local] + self.kind + local.attr

def outer():
    global late
    late = sf
    def inner():
        from flask.ext import login
        return login.current_user, late
    return inner, (lambda q: q.r)
'''


def _check(source: str) -> int:
    wrapper = MetadataWrapper(cst.parse_module(source), unsafe_skip_copy=True)
    found = NameCandidates(wrapper.module)
    checked = 0
    for node in all_nodes(wrapper.module):
        candidates = found.candidates(node)
        if candidates is None:
            continue
        actual = {q.name for q in metadata_value(wrapper, QualifiedNameProvider, node) or ()}
        if not names_statically(node):
            actual = set()
        for name in actual - candidates:
            first = name.split(".")[0]
            assert first in found.defined or first.startswith("<"), (type(node).__name__, name, candidates)
        checked += bool(actual)
    return checked


def test_shapes():
    assert _check(SHAPES) > 30


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.split("samples/")[-1])
def test_real_code(path):
    with open(path, encoding="utf-8") as handle:
        _check(handle.read())


def test_may_refer_to():
    module = cst.parse_module(SHAPES)
    found = NameCandidates(module)
    expressions = {cst.Module([statement]).code.strip(): statement for statement in module.body}
    call = cst.parse_expression("wc.cache.SimpleCache")
    assert found.may_refer_to(call, {"werkzeug.cache.SimpleCache"}, ("werkzeug",))
    assert found.may_refer_to(call, {"werkzeug.contrib.cache.SimpleCache"}, ("werkzeug",))
    assert not found.may_refer_to(call, {"werkzeug.contrib.cache.FileSystemCache"}, ("werkzeug",))
    assert not found.may_refer_to(cst.parse_expression("open(p).read"), {"builtins.open"}, ("builtins",))
    assert found.may_refer_to(cst.parse_expression("open(p)"), {"builtins.open"}, ("builtins",))
    assert found.may_refer_to(cst.parse_expression("sf"), {"werkzeug.secure_filename"}, ("werkzeug",))
    assert not found.may_refer_to(cst.parse_expression("secure_filename"), {"werkzeug.secure_filename"}, ("werkzeug",))
    assert found.may_refer_to(cst.parse_expression("'a'"), {"x.y"}, ("x",))  # not a name: look it up
    # a function named like a wanted name's first part: its locals could be named so
    assert found.may_refer_to(cst.parse_expression("anything"), {"outer.<locals>.late"}, ("outer",))
    assert expressions


def _assigned_calls_by_visit(module: cst.Module) -> set[tuple[str, int]]:
    found = set()
    for node in all_nodes(module):
        if isinstance(node, cst.Assign) and isinstance(node.value, cst.Call):
            found |= {(t.target.value, id(node.value)) for t in node.targets if isinstance(t.target, cst.Name)}
        elif isinstance(node, cst.AnnAssign) and isinstance(node.value, cst.Call) and isinstance(node.target, cst.Name):
            found.add((node.target.value, id(node.value)))
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.split("samples/")[-1])
def test_every_assigned_call_and_import_is_found_by_the_statement_walk(path):
    with open(path, encoding="utf-8") as handle:
        module = cst.parse_module(handle.read())
    found = NameCandidates(module)
    ours = {(name, id(call)) for name, calls in found.assigned_calls.items() for call in calls}
    assert ours == _assigned_calls_by_visit(module)
    imports = [n for n in all_nodes(module) if isinstance(n, (cst.Import, cst.ImportFrom)) and not isinstance(n.names, cst.ImportStar)]
    for statement in imports:
        alone = NameCandidates(cst.Module([cst.SimpleStatementLine([statement])]))
        for local, targets in alone.bound.items():
            assert targets <= found.bound[local]


def test_assigned_calls_in_nested_statements():
    source = (
        "from flask import Flask\nif a:\n    app = Flask(__name__)\nelif b: app = make()\nelse:\n    other: Flask = Flask('x')\n"
        "try:\n    pass\nexcept E:\n    x = y = f()\nfinally:\n    z = g()\n"
        "class C:\n    def m(self):\n        with w:\n            inner = h()\n"
        "match v:\n    case 1:\n        m1 = k()\n"
        "a, b = f()\n"
    )
    found = NameCandidates(cst.parse_module(source))
    assert set(found.assigned_calls) == {"app", "other", "x", "y", "z", "inner", "m1"}
    assert found.defined == {"C", "m"}
    assert found.assigned_call_of({"flask.Flask"}, ("flask",)) == {"app", "other"}  # make() may be anything: no
