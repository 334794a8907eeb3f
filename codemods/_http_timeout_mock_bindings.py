"""http-timeout: where a test module puts a mock in place of a name, besides ``patch``, and the names its
tests reach that mock by.

- ``setattr_target``: what ``monkeypatch.setattr(owner, "name", value)``,
  ``monkeypatch.setattr("a.b.name", value)`` or the builtin ``setattr(owner, "name", value)``
  replaces, and with what.
- ``set_mocks``: those of them that put in a mock (``Mock()``, ``MagicMock()``, ``mocker.Mock()``,
  ``create_autospec(...)``: inline, or a name the same function binds to one), with that name.
- ``fixture_names``: a pytest fixture that returns or yields a mock (the name it is bound to, or
  the patch itself: ``return mocker.patch(...)``) hands it to every test that takes the fixture,
  under the fixture's name (``@pytest.fixture(name="fake")``'s ``name`` where it is given);
  ``fixture_takers``: the tests that take each fixture (all of them for an ``autouse`` one).

Read from the stdlib AST of one test module, by spelling: a test module names these plainly.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ._names import dotted_name

MOCK_CLASSES = frozenset({"Mock", "MagicMock", "AsyncMock", "NonCallableMock", "NonCallableMagicMock", "create_autospec"})
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def setattr_target(node: ast.Call) -> tuple[str, ast.expr] | None:
    """(dotted target, the value put in) of a ``setattr`` call (above); None for any other call,
    or an owner no dotted name spells."""
    if _last_name(node.func) != "setattr":
        return None
    args = node.args
    if len(args) == 2 and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
        return args[0].value, args[1]
    if len(args) == 3 and isinstance(args[1], ast.Constant) and isinstance(args[1].value, str):
        owner = dotted_name(args[0])
        return (f"{owner}.{args[1].value}", args[2]) if owner else None
    return None


def is_mock(node: ast.expr | None) -> bool:
    """``node`` makes a mock: a call of one of unittest.mock's classes (or ``create_autospec``),
    however reached (``mock.Mock()``, ``mocker.MagicMock()``)."""
    return isinstance(node, ast.Call) and _last_name(node.func) in MOCK_CLASSES


def set_mocks(tree: ast.Module) -> list[tuple[ast.Call, str, str | None]]:
    """(the ``setattr`` call, its target, the name its mock is bound to: None for one made
    inline) of every ``setattr`` in a function of the module that puts a mock in place."""
    found = []
    for function in _functions(tree):
        mocks = {target.id for node in _own_nodes(function) if isinstance(node, ast.Assign) and is_mock(node.value)
                 for target in node.targets if isinstance(target, ast.Name)}
        for node in _own_nodes(function):
            if not isinstance(node, ast.Call):
                continue
            replaced = setattr_target(node)
            if replaced is None:
                continue
            target, value = replaced
            if isinstance(value, ast.Name) and value.id in mocks:
                found.append((node, target, value.id))
            elif is_mock(value):
                found.append((node, target, None))
    return found


def fixture_names(tree: ast.Module, bound: dict[int, str]) -> dict[int, str]:
    """id of a patch or ``setattr`` call -> the name of the fixture that returns or yields its
    mock (``bound``: id of such a call -> the name its mock is bound to in its function)."""
    found: dict[int, str] = {}
    for function in _functions(tree):
        name = _fixture_name(function)
        if name is None:
            continue
        handed: set[str] = set()
        own = list(_own_nodes(function))
        for node in own:
            value = node.value if isinstance(node, (ast.Return, ast.Yield)) else None
            if isinstance(value, ast.Name):
                handed.add(value.id)
            elif isinstance(value, ast.Call):
                found[id(_entered(value))] = name
        for node in own:
            if isinstance(node, ast.Call) and bound.get(id(node)) in handed:
                found[id(node)] = name
    return found


def fixture_takers(tree: ast.Module) -> dict[str, list[tuple[int, int]]]:
    """Fixture name -> the lines (``def`` to end) of the tests that take it: those naming it
    among their parameters, every test of the module for an ``autouse`` fixture."""
    tests = [node for node in _functions(tree) if node.name.startswith("test")]
    found: dict[str, list[tuple[int, int]]] = {}
    for function in _functions(tree):
        name = _fixture_name(function)
        if name is None:
            continue
        autouse = any(keyword.arg == "autouse" and isinstance(keyword.value, ast.Constant) and keyword.value.value is True
                      for decorator in function.decorator_list for keyword in getattr(decorator, "keywords", ()))
        found[name] = [(test.lineno, test.end_lineno or test.lineno) for test in tests
                       if autouse or any(arg.arg == name for arg in (*test.args.posonlyargs, *test.args.args, *test.args.kwonlyargs))]
    return found


def _fixture_name(function: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """The name tests take ``function`` by when it is a pytest fixture; else None."""
    for decorator in function.decorator_list:
        called = decorator.func if isinstance(decorator, ast.Call) else decorator
        if _last_name(called) != "fixture":
            continue
        given = [keyword.value for keyword in getattr(decorator, "keywords", ()) if keyword.arg == "name"]
        if given and isinstance(given[0], ast.Constant) and isinstance(given[0].value, str):
            return given[0].value
        return function.name
    return None


def _entered(node: ast.Call) -> ast.expr:
    """The patch ``patch(...).start()`` starts; else ``node``."""
    if isinstance(node.func, ast.Attribute) and node.func.attr == "start" and not node.args:
        return node.func.value
    return node


def _functions(tree: ast.Module) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    return (node for node in ast.walk(tree) if isinstance(node, _FUNCTIONS))


def _own_nodes(function: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``function``'s body, not those of the functions and classes inside it."""
    pending = list(getattr(function, "body", ()))
    while pending:
        node = pending.pop()
        yield node
        pending += [child for child in ast.iter_child_nodes(node)
                    if not isinstance(child, (*_FUNCTIONS, ast.ClassDef, ast.Lambda))]


def _last_name(node: ast.expr) -> str | None:
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
