"""http-timeout's waits per host read each module's calls and returns once, in one reading of
its nodes (``_http_timeout_endpoints._scoped_calls``, issue 19): each with the scope whose own
node it is, none in a lambda, as a recursive reading of the tree finds them."""

from __future__ import annotations

import ast
import pathlib

from flask_codemod.codemods import _http_timeout_endpoints as endpoints

ROOT = pathlib.Path(__file__).resolve().parents[2]

SCOPES = '''
import requests

def url(item):
    return "https://api.example/v1/" + item


@cached(timeout=lambda: fetch(3))
def fetch(item, *, timeout=requests.get("https://defaults.example/x", timeout=2)):
    def inner(path=helper(item)):
        return requests.get("https://inner.example/" + path, timeout=9)

    later = lambda: requests.get("https://lambda.example/x", timeout=11)
    return requests.get(url(item), timeout=30), inner, later


class Client:
    def send(self, address):
        return self.post(address, timeout=(3, 20))

    async def stream(self):
        return [await self.get(x) for x in range(3) if check(x)]
'''


def _reference(tree: ast.Module) -> list[tuple[int, int]]:
    """(call or return, the function or module whose own node it is), by a recursive reading."""
    found = []

    def read(node: ast.AST, scope: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Lambda):
                continue
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                read(child, child)
                continue
            if isinstance(child, (ast.Call, ast.Return)):
                found.append((id(child), id(scope)))
            read(child, scope)

    read(tree, tree)
    return sorted(found)


def test_each_call_and_return_is_read_with_its_own_scope_and_none_in_a_lambda():
    texts = [SCOPES, *(path.read_text(encoding="utf-8") for path in sorted((ROOT / "codemods").glob("_http_timeout_*.py")))]
    for text in texts:
        tree = ast.parse(text)
        scopes: list = []
        read = endpoints._scoped_calls(tree, scopes)
        assert sorted((id(node), id(scope.node)) for node, scope in read) == _reference(tree)
        functions = [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
        inside_lambdas = {id(inner) for node in ast.walk(tree) if isinstance(node, ast.Lambda) for inner in ast.walk(node)}
        assert sorted(id(scope.node) for scope in scopes) == sorted([id(tree), *(id(f) for f in functions if id(f) not in inside_lambdas)])
    flows = endpoints.module_url_flows(ast.parse(SCOPES))
    assert sorted(flows.waits) == [("defaults.example", 2.0), ("inner.example", 9.0)]  # (not the lambda's)
    assert ("url", "api.example") in flows.builders
