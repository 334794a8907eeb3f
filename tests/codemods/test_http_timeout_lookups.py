"""http-timeout asks the scopes only what can matter: each test it puts before a lookup gives,
node by node on real code, what the lookup through LibCST's scopes of the whole module gives
(the codemod's own lookups go to _lazy_scopes, a function's body analysed when first asked)."""

from __future__ import annotations

import ast

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, ParentNodeProvider, QualifiedNameProvider, ScopeProvider

from flask_codemod.codemods import _metadata
from flask_codemod.codemods._http_timeout_calls import (
    _CLIENT_ROOTS,
    _CLIENTS,
    _FUNCTION_ROOTS,
    _FUNCTIONS,
    ClientCollector,
    clients_of,
    qualified,
    qualified_among,
)
from flask_codemod.codemods._http_timeout_holders import _parameter, annotated_parameters
from flask_codemod.codemods._lazy_scopes import lazily_scoped
from flask_codemod.codemods._name_candidates import candidates_of
from helpers import all_nodes, real_code

SOURCES = real_code("http-timeout/*.before.py", legacy_app=True, modules=("codemods/_http_timeout_default.py",))

SHAPES = '''
import requests as r
import urllib.request
from httpx import Client, get as fetch
from requests import Session


def plain(session: Session, client: "Client", other, *rest: r.Session, **options: int):
    session.get("https://x")
    client.post("https://y")
    other.get("https://z")
    r.get("https://a")
    fetch("https://b")
    urllib.request.urlopen("https://c")
    s = r.Session()
    s.get("https://d")
    with Client() as c:
        c.get("https://e")
    local = make()
    local.get("https://f")
    return [rest[0].get(u) for u in options]


class Holder:
    http = Session()

    def run(self, url, session):
        self.http.get(url)
        session.get(url)
        return lambda session: session.get(url)


s = r.session()
s.put("https://g")
'''


def _full(source: str) -> MetadataWrapper:
    wrapper = MetadataWrapper(cst.parse_module(source), unsafe_skip_copy=True)
    wrapper.resolve_many((QualifiedNameProvider, ScopeProvider, ParentNodeProvider))
    return wrapper


def _check(source: str) -> int:
    """How many lookups the tests spared; asserting each gives the lookup's answer."""
    full = _full(source)
    tree = ast.parse(source)
    lazy = lazily_scoped(_metadata.new_wrapper(full.module, unique=True), tree)
    by_target = ClientCollector(full).by_target
    targets = {client.target.value for client in by_target.values()}
    annotated = annotated_parameters(tree)
    spared = 0
    for node in all_nodes(full.module):
        if isinstance(node, cst.Call):
            for wanted, roots in ((_FUNCTIONS, _FUNCTION_ROOTS), (_CLIENTS, _CLIENT_ROOTS)):
                expected = qualified(full, node.func) & wanted
                assert qualified_among(lazy, node.func, wanted, roots) == expected
                spared += not candidates_of(full.module).may_refer_to(node.func, wanted, roots)
        if isinstance(node, cst.Name) and node in full.resolve(ScopeProvider):
            if node.value not in targets:
                spared += 1
                assert clients_of(full, node, by_target) is None
            if node.value not in annotated:
                spared += 1
                assert _parameter(full, node) is None
    return spared


def test_shapes():
    assert _check(SHAPES) > 50


def test_the_candidates_kept_are_those_of_the_module_asked_about():
    first, second = cst.parse_module("from requests import get as g\n"), cst.parse_module("from os import getcwd as g\n")
    call = cst.parse_expression("g(u)")
    assert candidates_of(first).may_refer_to(call.func, _FUNCTIONS, _FUNCTION_ROOTS)
    assert not candidates_of(second).may_refer_to(call.func, _FUNCTIONS, _FUNCTION_ROOTS)
    assert candidates_of(first).may_refer_to(call.func, _FUNCTIONS, _FUNCTION_ROOTS)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.split("samples/")[-1])
def test_real_code(path):
    with open(path, encoding="utf-8") as handle:
        _check(handle.read())
