"""http-timeout: which test that pins a call is the one that runs it (session 39).

Several tests may hold one call back: dtale's ``views.py:196`` (``requests.get(...)`` in
``kill()``) is pinned by ``test_app.py:280``, a stand-in for ``requests.get`` a test puts in
while it starts an instance, and by ``test_instance.py:150``, which patches ``requests.get``,
calls ``instance.kill()`` and asserts the exact shutdown call: the test that fails once the
call passes ``timeout=``. Both patch the function for every caller, so which test reaches the
call is not told by the patch; the finding cited the first one the project lists.

The test that calls, while its patch is in force, the function that makes the call (by the
name of a function or class that holds it: ``kill``) runs the call surely; one that does not
may reach it through other code, or not at all. ``exercised`` gives, for each patch of a test
module, the names of the functions the code it is in force for calls: the body of the ``with``
that enters it (an ``ExitStack``'s too), the function a decorator patches, or the rest of the
function (or module) that starts it. ``holders`` gives the names that hold a call.
"""

from __future__ import annotations

import ast
from typing import Any, Callable

import libcst as cst

from ._http_timeout_calls import parent
from ._http_timeout_node_kinds import of_kinds

_BLOCKS = (ast.With, ast.AsyncWith, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def exercised(tree: ast.Module) -> Callable[[ast.AST | int], frozenset[str]]:
    """A function of a patch (its node, or its line) -> the names of the functions called
    where it is in force (see the module's docstring)."""
    calls = [(node.lineno, _last_name(node.func)) for node in of_kinds(tree, ast.Call)]
    spans: list[tuple[int, int]] = []
    decorated: dict[int, tuple[int, int]] = {}  # id of a decorator -> the span of what it decorates
    for node in of_kinds(tree, _BLOCKS):
        span = (node.lineno, node.end_lineno or node.lineno)
        spans.append(span)
        for decorator in getattr(node, "decorator_list", ()):
            decorated[id(decorator)] = span
    last = max((line for line, _ in calls), default=0)

    def names(patch: ast.AST | int) -> frozenset[str]:
        line = patch if isinstance(patch, int) else patch.lineno  # type: ignore[attr-defined]
        span = decorated.get(id(patch)) if not isinstance(patch, int) else None
        if span is None:
            holding = [each for each in spans if each[0] <= line <= each[1]]
            span = (line, min(holding, key=lambda each: each[1] - each[0])[1] if holding else last)
        return frozenset(name for at, name in calls if name and span[0] <= at <= span[1])

    return names


def holders(wrapper: Any, call: cst.Call) -> frozenset[str]:
    """The names of the functions and classes that hold ``call`` (innermost first, up to the
    module's top level)."""
    found: set[str] = set()
    node = parent(wrapper, call) if wrapper is not None else None
    while node is not None and not isinstance(node, cst.Module):
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            found.add(node.name.value)
        node = parent(wrapper, node)
    return frozenset(found)


def tests_of(tree: ast.Module) -> Callable[[int], tuple[int, int]]:
    """A function of a line -> the lines (first, last) of the innermost test function, method
    or class (its first decorator's line on) that holds it; (0, 0) outside them all."""
    spans = []
    for statement in tree.body:
        inner = statement.body if isinstance(statement, ast.ClassDef) else []
        for node in (statement, *inner):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                spans.append((first, node.end_lineno or node.lineno))

    def test(line: int) -> tuple[int, int]:
        holding = [span for span in spans if span[0] <= line <= span[1]]
        return max(holding) if holding else (0, 0)  # the innermost starts last

    return test


def _last_name(node: ast.expr) -> str | None:
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
