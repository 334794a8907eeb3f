"""http-timeout's cheaper analyses give the answers of the plain ones they replaced: on real
code and on cases made to tell them apart (waits on several lines, aliases, comments)."""

from __future__ import annotations

import ast

import libcst as cst
import pytest

from flask_codemod.codemods import _http_timeout_default as default
from flask_codemod.codemods import _metadata
from flask_codemod.codemods._ast_numbers import is_lookup_default, lookup_constants
from flask_codemod.codemods._http_timeout_bound_reads import bound_reads
from flask_codemod.codemods._http_timeout_calls import ClientCollector
from flask_codemod.codemods._http_timeout_client_calls import client_calls
from flask_codemod.codemods._http_timeout_holders import _ClassValues
from flask_codemod.codemods._http_timeout_collector import Collector as _Collector
from flask_codemod.codemods.http_timeout import HttpTimeout
from helpers import real_code

SOURCES = real_code("http-timeout/*.py") + real_code(every=7)

MADE = {
    "ties on two lines": "r = requests.get(u, timeout=30)\nclient.connect(timeout=30)\nf(read_timeout=5)\n",
    "fired and forgotten": "requests.post(u, timeout=30)\nr = requests.get(u, timeout=5)\n",
    "configured on two lines": (
        "import requests\ndef f():\n    requests.get(u, timeout=app.config['T'])\nrequests.post(u, timeout=int(get('t')))\n"
    ),
    "nested": "outer(timeout=10, x=inner(timeout=10))\n",
    "deep tie": "f(\n    g(timeout=30))\nh(timeout=30)\n",  # the walk meets h (line 3) before g (line 2)
    "deep configured": "f(\n    g(timeout=conf['t']))\nh(timeout=conf['u'])\n",
    "milliseconds": "import playwright\npage.goto(u, timeout=30000)\n",
    "pair": "T = (3, 20)\nr = requests.get(u, timeout=T)\nx.wait(timeout_ms=900000)\n",
    "cache": "cache.set(k, v, timeout=300)\n'{timeout}'.format(timeout=5)\n",
    "comment before =": "f(read_timeout  # why\n  = 7)\n",
    "socket alias": "from socket import setdefaulttimeout as sdt\nsdt(5)\n",
    "socket module alias": "import socket as s\ns.setdefaulttimeout(5)\n",
    "socket local": "setdefaulttimeout = print\nsetdefaulttimeout(5)\n",
    "no socket": "import socket\nsocket.gethostname()\n",
}


def _texts():
    texts = {path: open(path, encoding="utf-8").read() for path in SOURCES}
    texts.update(MADE)
    return texts


TEXTS = _texts()


# -- the plain answers, as they were computed before ----------------------------------------------


def plain_http_timeout(tree):
    constants = default.wait_constants(tree)
    settings = lookup_constants(tree)
    found = []
    chosen = []  # the numbers of proven calls that are no setting's default: only they choose
    statements = [node.value for node in ast.walk(tree) if isinstance(node, ast.Expr)]
    unread = [value.value if isinstance(value, ast.Await) else value for value in statements]
    for node in ast.walk(tree):
        if any(node is call for call in unread):
            continue  # fired and forgotten: its wait bounds a side effect, not an answer
        if isinstance(node, ast.Call) and client_calls(tree).may_be_http(node):
            waits = [k.value for k in node.keywords if k.arg == "timeout"]
            found += [default.seconds_of(value, constants) for value in waits]
            if client_calls(tree).is_http(node):
                chosen += [default.seconds_of(v, constants) for v in waits if not is_lookup_default(v, settings)]
    return default._largest(found) if default._largest(chosen) is not None else None


def plain_configured(tree, wrappers=frozenset()):
    if any(default.facts(tree).imports(library) for library in default.MILLISECOND_LIBRARIES):
        return None
    constants = default.wait_constants(tree)
    reads = lambda value: default.reads_configuration(value, constants, lookup_constants(tree))  # noqa: E731
    bound = bound_reads(tree, reads, default.is_wait_name)
    for node in ast.walk(tree):
        http = isinstance(node, ast.Call) and (client_calls(tree).may_be_http(node) or default.callee_name(node.func) in wrappers)
        if http and default.gives_waits(node):
            if id(node) in bound.handed_on:
                return node.lineno
            for k in node.keywords:
                if k.arg and default.is_wait_name(k.arg) and (reads(k.value) or bound.reads(k.value)):
                    return node.lineno
    return None


def plain_longest_wait(tree):
    """What the project's search made of one module's waits: the longest, at its first line in
    ``ast.walk``'s order."""
    best = None
    for seconds, line in default._waits(tree):
        if best is None or seconds > best[0]:
            best = (seconds, line)
    return best


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_the_module_answers_are_the_walks(name):
    text = TEXTS[name]
    tree = ast.parse(text)
    assert default.module_http_timeout(tree) == plain_http_timeout(tree)
    assert default.module_configured_timeout(tree) == plain_configured(tree)
    wrappers = frozenset({"f", "g", "h", "outer", "inner"})  # the made cases' calls, as the project's wrappers
    assert default.module_configured_timeout(tree, wrappers) == plain_configured(tree, wrappers)
    assert default.module_longest_wait(tree) == plain_longest_wait(tree)
    if not default.may_give_waits(text):  # not parsed for the project: nothing lost
        assert plain_configured(tree) is None and plain_longest_wait(tree) is None
    assert bool(default.TimeoutMentions.search(text)) == bool(default._MENTIONS.search(text))


def test_the_made_cases_tell_the_answers_apart():
    """The cases above reach the walks' order and the text filter's corners."""
    assert default.module_longest_wait(ast.parse(MADE["ties on two lines"])) == (30, 1)
    assert default.module_configured_timeout(ast.parse(MADE["configured on two lines"])) == 4  # the walk meets line 4 first
    assert default.module_longest_wait(ast.parse(MADE["deep tie"])) == (30, 3)
    assert default.module_configured_timeout(ast.parse(MADE["deep configured"]), frozenset({"g", "h"})) == 3
    assert default.module_configured_timeout(ast.parse(MADE["deep configured"])) is None  # no HTTP call of any kind
    assert default.may_give_waits(MADE["comment before ="])
    assert not default.may_give_waits("TIMEOUTS_HELP = 'timeout'\n".replace("=", ":"))
    assert default.may_give_waits("f(tımeout=5)\n")  # not ASCII: parsed
    assert default.TimeoutMentions.search("Read TimeOut") and not default.TimeoutMentions.search("time out")


def _wrapper(text):
    wrapper = _metadata.new_wrapper(cst.parse_module(text), unique=True)
    _metadata.resolve(wrapper, HttpTimeout.METADATA)
    return wrapper


class _VisitingCollector(ClientCollector):
    def __init__(self, wrapper):
        super().__init__(wrapper)
        self.calls = []

    def visit_Call(self, node):
        self.calls.append(node)


class _PlainClassValues(cst.CSTVisitor):
    def __init__(self):
        self.assigned = {}

    def _add(self, target, value):
        if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name):
            self.assigned.setdefault((target.value.value, target.attr.value), []).append(value)

    def visit_Assign(self, node):
        for target in node.targets:
            self._add(target.target, node.value)

    def visit_AnnAssign(self, node):
        if node.value is not None:
            self._add(node.target, node.value)

    def visit_AugAssign(self, node):
        self._add(node.target, node.value)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_the_collected_nodes_are_the_visitors(name):
    """Calls and clients in the visit's order; each class's attribute values."""
    text = TEXTS[name]
    wrapper = _wrapper(text)
    ours, visited = _Collector(wrapper), _VisitingCollector(wrapper)
    wrapper.module.visit(visited)
    assert ours.calls == visited.calls
    assert list(ours.by_target) == list(visited.by_target)
    classes = [node for node in _metadata.every_node(wrapper) or () if isinstance(node, cst.ClassDef)]
    for cls in classes:
        plain = _PlainClassValues()
        cls.body.visit(plain)
        assert _ClassValues(cls).assigned == plain.assigned
