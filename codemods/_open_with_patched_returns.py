"""open-with: what a test's patched callable returns, read from the test module's AST.

Read for _open_with_test_doubles (which names the classes no with-block can enter): each
``(target, made, line)`` says what a patch of ``target`` makes the patched callable return,
however the test says it (``return_value``, ``side_effect``; set on the mock bound to a name,
or given to the patch). ``made`` is ``("call", NAME)`` where the answer is what calling NAME
gives (a class: an instance of it; a function of the tests: what it returns) or
``("value", NAME)`` where it is the value of a name the module binds to no call (a pytest
fixture's name, read where the fixture is defined: ``returned_classes``).
"""

from __future__ import annotations

import ast
from typing import Iterator

from ._mock_patches import patch_target

Made = tuple[str, str]  # ("call" | "value", a name)
_SET_ON_MOCKS = ("return_value", "side_effect")
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def patched_returns(tree: ast.Module) -> tuple[tuple[str, Made, int], ...]:
    """(patch target, what the patched callable returns, the patch's line): see the module's
    docstring."""
    made_by = _names_made(tree)
    bound: dict[str, tuple[str, int]] = {}  # a mock's name -> its patch's target and line
    found: list[tuple[str, Made, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            patched = patch_target(node)
            for keyword in node.keywords if patched is not None else ():
                found += [(patched, made, node.lineno) for made in _made(keyword.arg, keyword.value, made_by)]
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and isinstance(node.value, ast.Call):
                patched = patch_target(node.value)
                if patched is not None:
                    bound[target.id] = (patched, node.lineno)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                patched = patch_target(item.context_expr) if isinstance(item.context_expr, ast.Call) else None
                if patched is not None and isinstance(item.optional_vars, ast.Name):
                    bound[item.optional_vars.id] = (patched, node.lineno)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
            continue
        target = node.targets[0]
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id in bound:
            patched, line = bound[target.value.id]
            found += [(patched, made, line) for made in _made(target.attr, node.value, made_by)]
    return tuple(dict.fromkeys(found))


def _made(setting: str | None, value: ast.AST, made_by: dict[str, str]) -> Iterator[Made]:
    if setting == "return_value":
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
            yield ("call", value.func.id)
        elif isinstance(value, ast.Name):
            yield ("call", made_by[value.id]) if value.id in made_by else ("value", value.id)
    elif setting == "side_effect":
        if isinstance(value, ast.Name) and value.id not in made_by:  # a class or a function, called by the mock
            yield ("call", value.id)
        elif isinstance(value, ast.Lambda):
            yield from _made("return_value", value.body, made_by)
        elif isinstance(value, (ast.List, ast.Tuple)):  # one answer per call
            for part in value.elts:
                yield from _made("return_value", part, made_by)


def _names_made(tree: ast.Module) -> dict[str, str]:
    """The names the module binds to a call of a name (``answer = FakeAnswer(url)``), with that name."""
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value.func.id
    return found


def returned_classes(tree: ast.Module) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(function, the names it returns a call of) for the module's functions that return (or a
    fixture's, yield) ``Name(...)``: a factory of the tests by its name, a pytest fixture
    also as ``fixture NAME`` (its ``name=`` if it gives one)."""
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, _FUNCTIONS):
            continue
        made = _names_made(function)
        called = []
        for node in _own_nodes(function):
            if isinstance(node, (ast.Return, ast.Yield)) and node.value is not None:
                value = node.value
                if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
                    called.append(value.func.id)
                elif isinstance(value, ast.Name) and value.id in made:
                    called.append(made[value.id])
        if not called:
            continue
        classes = tuple(dict.fromkeys(called))
        found.append((function.name, classes))
        fixture = _fixture_name(function)
        if fixture is not None:
            found.append((f"fixture {fixture}", classes))
    return tuple(found)


def _own_nodes(function: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``function``'s body, not those of a function or class inside it."""
    pending = list(function.body)  # type: ignore[attr-defined]
    while pending:
        node = pending.pop()
        yield node
        pending += [child for child in ast.iter_child_nodes(node) if not isinstance(child, (*_FUNCTIONS, ast.Lambda, ast.ClassDef))]


def _fixture_name(function: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    for decorator in function.decorator_list:
        call = decorator if isinstance(decorator, ast.Call) else None
        spelled = call.func if call is not None else decorator
        if (isinstance(spelled, ast.Name) and spelled.id == "fixture") or (isinstance(spelled, ast.Attribute) and spelled.attr == "fixture"):
            for keyword in call.keywords if call is not None else ():
                if keyword.arg == "name" and isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
                    return keyword.value.value
            return function.name
    return None
