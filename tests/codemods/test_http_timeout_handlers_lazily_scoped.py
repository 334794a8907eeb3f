"""http-timeout's evidence (``choose_waits``) finds the handlers around a call on the planner's
lazy scopes (a function's body analysed when a node in it is looked up), not on a whole-module
analysis: ``timeout_handlers`` gives, call by call, the handlers it gives on LibCST's scopes of
the whole module, the classes named as LibCST's own QualifiedNameProvider names them (an
attribute of what a call returns included), and analyses no other function's body."""

from __future__ import annotations

import ast

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, ParentNodeProvider, ScopeProvider

from flask_codemod.codemods import _metadata
from flask_codemod.codemods._http_timeout_handlers import timeout_handlers
from flask_codemod.codemods._lazy_scopes import lazily_scoped
from helpers import all_nodes, real_code, run_codemods

SOURCES = real_code("http-timeout/*.before.py", legacy_app=True)

SHAPES = '''
import socket
import requests
from requests.exceptions import ConnectionError as Broken, Timeout

ERRORS = (requests.Timeout, Broken)


class LocalError(Exception):
    pass


def make():
    return requests


def fetch(url):
    try:
        requests.get(url)
    except Timeout:
        return None
    try:
        requests.get(url)
    except ERRORS:
        pass
    try:
        requests.get(url)
    except make().Timeout:
        pass
    try:
        requests.get(url)
    except (LocalError, socket.timeout):
        pass
    try:
        try:
            requests.get(url)
        except Broken:
            raise
    except:
        pass
    try:
        requests.get(url)
    except requests.RequestException as error:
        raise RuntimeError(error)


def elsewhere(url):
    values = [requests.get(url) for _ in range(3)]
    return values
'''


def _wrappers(source: str) -> tuple[MetadataWrapper, MetadataWrapper]:
    """(a wrapper with LibCST's scopes of the whole module, the lazily scoped one of a fresh
    parse of the same text), as the codemod makes them."""
    whole = MetadataWrapper(cst.parse_module(source))
    module = cst.parse_module(source)
    wrapper = _metadata.new_wrapper(module, unique=True)
    _metadata.resolve(wrapper, (ParentNodeProvider,))
    return whole, lazily_scoped(wrapper, ast.parse(source))


def _handlers(wrapper: MetadataWrapper) -> list[list[int]]:
    """For each requests call under a try, the positions (in visiting order) of the handlers
    found to catch its timeout."""
    nodes = all_nodes(wrapper.module)
    place = {id(node): index for index, node in enumerate(nodes)}
    found = []
    for node in nodes:
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get":
            found.append([place[id(handler)] for handler in timeout_handlers(wrapper, node, "requests")])
    return found


@pytest.mark.parametrize("source", [SHAPES, *(open(path, encoding="utf-8").read() for path in SOURCES)])
def test_the_handlers_on_lazy_scopes_are_those_of_the_whole_module(source: str):
    whole, lazy = _wrappers(source)
    whole.resolve(ScopeProvider)
    assert _handlers(lazy) == _handlers(whole)


def test_an_attribute_of_what_a_call_returns_is_named_as_libcst_names_it():
    # LibCST's provider names ``make().Timeout`` ``make.Timeout`` (a class of the module's
    # own function, not a class it defines: cannot be told), on either scopes
    whole, lazy = _wrappers(SHAPES)
    found = _handlers(lazy)
    assert found == _handlers(whole)
    assert found[0] and not found[2]  # ``except Timeout`` catches it; ``make().Timeout`` cannot be told


def test_only_the_function_holding_the_call_is_analysed():
    _, lazy = _wrappers(SHAPES)
    scopes = lazy._metadata[ScopeProvider]
    bodies = {
        statement.name.value: id(statement.body)
        for statement in lazy.module.body
        if isinstance(statement, cst.FunctionDef)
    }
    fetch = next(
        node for node in all_nodes(lazy.module)
        if isinstance(node, cst.FunctionDef) and node.name.value == "fetch"
    )
    call = next(node for node in all_nodes(fetch) if isinstance(node, cst.Call))
    assert bodies["elsewhere"] in scopes._left_out and bodies["fetch"] in scopes._left_out
    assert timeout_handlers(lazy, call, "requests")
    assert bodies["elsewhere"] in scopes._left_out  # left out still
    assert bodies["fetch"] not in scopes._left_out


def test_choosing_the_waits_analyses_no_whole_module(monkeypatch):
    # the handled call's function is analysed for its handlers; the module's other function is
    # not, and no whole-module scope analysis runs (it used to, for LibCST's qualified names)
    whole_module = []
    walker = _metadata._module_walker

    def recording(wrapper, provider):
        if provider is ScopeProvider and provider not in wrapper._metadata:
            whole_module.append(wrapper)
        return walker(wrapper, provider)

    monkeypatch.setattr(_metadata, "_module_walker", recording)
    result = run_codemods(HANDLED, "http-timeout")
    assert "timeout=" in result.new_text  # the unhandled call is given its wait
    assert not whole_module


HANDLED = """
import requests


def page(url):
    try:
        return requests.get(url).text
    except requests.Timeout:
        return ""


def report(url, body):
    requests.post(url, json=body)
"""
