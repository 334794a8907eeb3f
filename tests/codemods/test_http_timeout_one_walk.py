"""http-timeout's one-walk analyses (issue 19) give the answers of the walks per function they
replaced: the calls that hand on a ``**kwargs`` given a configured wait (``_handed_on``), and
each node's innermost function (``_Reader.enclosing``, read off the module's shared
``_ast_walk.functions_around``), on real code and on cases made to tell
them apart (nested functions, a wait given in the outer function and handed on in the inner,
decorators and defaults, lambdas)."""

from __future__ import annotations

import ast

import pytest

from flask_codemod.codemods import _http_timeout_bound_reads as bound_reads
from flask_codemod.codemods import _http_timeout_unknown_waits as unknown_waits
from flask_codemod.codemods._ast_numbers import lookup_constants
from flask_codemod.codemods._http_timeout_default import is_wait_name, reads_configuration, wait_constants
from helpers import real_code

SOURCES = real_code("http-timeout/*.py") + real_code(every=5)

MADE = {
    "wrapper": (
        "def get(url, **kwargs):\n"
        "    kwargs.setdefault('timeout', current_app.config['HTTP_TIMEOUT'])\n"
        "    return requests.get(url, **kwargs)\n"
    ),
    "given outside, handed on inside": (
        "def outer(**kwargs):\n"
        "    kwargs['timeout'] = settings['T']\n"
        "    def inner():\n"
        "        return requests.get(u, **kwargs)\n"
        "    return inner\n"
    ),
    "given inside, handed on outside": (
        "def outer(**kwargs):\n"
        "    def inner():\n"
        "        kwargs.setdefault('read_timeout', conf.get('t'))\n"
        "    return requests.get(u, **kwargs)\n"
    ),
    "two functions, one gives": (
        "def a(**kw):\n    kw.setdefault('timeout', cfg['t'])\n    return f(**kw)\n"
        "def b(**kw):\n    return f(**kw)\n"
    ),
    "a number given": "def a(**kw):\n    kw.setdefault('timeout', 30)\n    return f(**kw)\n",
    "not a wait": "def a(**kw):\n    kw.setdefault('retries', cfg['r'])\n    return f(**kw)\n",
    "handed on at the top": "kw = {}\nkw['timeout'] = cfg['t']\nf(**kw)\n",
    "in a decorator and a default": (
        "@deco(**opts)\n"
        "def a(x=f(**opts), **opts2):\n"
        "    opts['timeout'] = cfg['t']\n"
        "    g = lambda: h(**opts)\n"
        "    return g\n"
    ),
    "methods": (
        "class C:\n"
        "    def get(self, **kw):\n"
        "        kw.setdefault('timeout', self.config['T'])\n"
        "        return self.session.get(self.url, **kw)\n"
        "    async def post(self, **kw):\n"
        "        async def send():\n"
        "            kw['timeout'] = os.environ['T']\n"
        "            return await client.post(u, **kw)\n"
        "        return await send()\n"
    ),
}

TREES = {**{path: open(path, encoding="utf-8").read() for path in SOURCES}, **MADE}


def walked_per_function(tree, reads):
    """The calls that hand on a configured ``**`` mapping, one walk per function (as before)."""
    found = set()
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        given = {name for node in ast.walk(function) for name in bound_reads._configured_keys(node, reads, is_wait_name)}
        for node in ast.walk(function) if given else ():
            if isinstance(node, ast.Call) and any(
                keyword.arg is None and isinstance(keyword.value, ast.Name) and keyword.value.id in given
                for keyword in node.keywords
            ):
                found.add(id(node))
    return frozenset(found)


def innermost_functions_per_function(tree):
    """Each node's innermost function, one walk per function (as before): outer ones first."""
    enclosing = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for inner in ast.walk(node):
                if inner is not node:
                    enclosing[id(inner)] = node
    return enclosing


def _reads(tree):
    constants, settings = wait_constants(tree), lookup_constants(tree)
    return lambda value: reads_configuration(value, constants, settings)


@pytest.mark.parametrize("name", sorted(TREES))
def test_the_calls_handing_on_a_configured_wait_are_the_walks_per_function(name):
    tree = ast.parse(TREES[name])
    reads = _reads(tree)
    assert bound_reads._handed_on(tree, reads, is_wait_name) == walked_per_function(tree, reads)


@pytest.mark.parametrize("name", sorted(TREES))
def test_each_node_has_the_innermost_function_of_the_walks_per_function(name):
    tree = ast.parse(TREES[name])
    reader = unknown_waits._Reader(tree)
    expected = innermost_functions_per_function(tree)
    # the Load/Store contexts and operators are one object each, shared by every node: not compared
    shared = (ast.expr_context, ast.boolop, ast.operator, ast.unaryop, ast.cmpop)
    nodes = [node for node in ast.walk(tree) if not isinstance(node, shared)]
    assert [reader.enclosing(node) for node in nodes] == [expected.get(id(node)) for node in nodes]


def test_the_functions_around_each_node_are_found_once_per_tree_and_only_when_asked(monkeypatch):
    """The module's analyses share one reading of the functions around its nodes, made only
    when a call hands on a ``**`` mapping by its name."""
    from flask_codemod.codemods import _ast_walk

    made: list[int] = []
    real = _ast_walk._functions_around

    def counted(tree):
        made.append(id(tree))
        return real(tree)

    monkeypatch.setattr(_ast_walk, "_functions_around", counted)
    plain = ast.parse("import requests\n\ndef get(url):\n    return requests.get(url, timeout=5)\n")
    assert unknown_waits._find_waits(plain) == [] and made == []  # nothing handed on: not read
    tree = ast.parse(MADE["wrapper"].replace("def get(", "import requests\n\ndef get("))
    reads = _reads(tree)
    bound_reads._handed_on(tree, reads, is_wait_name)
    unknown_waits._find_waits(tree)
    reader = unknown_waits._Reader(tree)
    call = next(node for node in ast.walk(tree) if isinstance(node, ast.Call) and ast.unparse(node.func) == "requests.get")
    assert getattr(reader.enclosing(call), "name", None) == "get"
    assert made == [id(tree)]


def test_the_made_cases_tell_the_answers_apart():
    """Which calls the made cases hand on: the cases are not all alike."""
    handing = {}
    for name, text in MADE.items():
        tree = ast.parse(text)
        calls = {id(node): node for node in ast.walk(tree) if isinstance(node, ast.Call)}
        handed = bound_reads._handed_on(tree, _reads(tree), is_wait_name)
        handing[name] = sorted(ast.unparse(calls[key].func) for key in handed)
    assert handing == {
        "wrapper": ["requests.get"],
        "given outside, handed on inside": ["requests.get"],
        "given inside, handed on outside": ["requests.get"],
        "two functions, one gives": ["f"],
        "a number given": [],
        "not a wait": [],
        "handed on at the top": [],
        "in a decorator and a default": ["deco", "f", "h"],
        "methods": ["client.post", "self.session.get"],
    }
