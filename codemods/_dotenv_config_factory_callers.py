"""dotenv-config: what a factory's ``from_object(<parameter>)`` loads, told by its callers.

``def create_app(config_object): app.config.from_object(config_object)`` loads whatever each
caller passes (timetrack's ``run.py``: ``create_app('config')``). Where the application code
of the project calls the factory, and every such call passes what ``from_object`` takes
plainly, the loader loads those: a string literal (a module, or a class by its dotted path), a
class of the calling module, or a name or dotted name the calling module imports, or a
variable the calling module binds at module level to such values only (walle-web's ``CONFIG =
DevConfig if get_debug_flag() else ProdConfig``, ``CONFIG = TestConfig`` under an ``if``: each
may be loaded). One call passing anything else (a value read from the environment, a variable
bound otherwise, nothing), or no call found, leaves the loader naming nothing, as before. Calls are found by name, resolved through
the calling module's imports (``from shop import create_app``, ``import shop``); the tests'
calls are not how the app is configured, and are not read."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import replace

from ._code_kinds import APPLICATION, PACKAGING, code_kind
from ._dotenv_config_loaders import Loader, _imports, _module_names, _objects
from ._parsed_modules import python_tree


def followed(loaders: list[Loader], texts: Iterable[tuple[str, str]]) -> list[Loader]:
    """``loaders``, each ``from_object`` of a factory's parameter given what its callers
    pass, where they say it plainly (see above)."""
    if not any(loader.parameter is not None for loader in loaders):
        return loaders
    modules = [(path, text) for path, text in texts if code_kind(path) in (APPLICATION, PACKAGING)]
    return [_followed(loader, modules) if loader.parameter is not None else loader for loader in loaders]


def _followed(loader: Loader, modules: list[tuple[str, str]]) -> Loader:
    assert loader.parameter is not None
    function, position, parameter = loader.parameter
    home = set(_module_names(loader.path))
    passed: list[tuple[str, str | None]] = []
    calls = 0
    for path, text in modules:
        if f"{function}(" not in text and f"{function} (" not in text:
            continue
        tree = python_tree(text)
        if tree is None:
            return loader  # a caller that cannot be read may pass anything
        imports = _imports(tree, path)
        classes = {s.name for s in tree.body if isinstance(s, ast.ClassDef)}
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and _calls(call.func, function, path, loader.path, home, imports)):
                continue
            calls += 1
            value = _argument(call, position, parameter)
            values = _bound_values(value, tree) if value is not None and not _plain(value, imports, classes) else [value]
            if value is None or not values or not all(_plain(v, imports, classes) for v in values):
                return loader
            for one in values:
                passed.extend(_objects(one, imports, path, tree))
    if not calls or not passed:
        return loader
    return replace(loader, modules=tuple(dict.fromkeys((*loader.modules, *passed))), parameter=None)


def _calls(func: ast.expr, function: str, path: str, home_path: str, home: set[str], imports: dict) -> bool:
    """Whether ``func`` is the factory ``function`` of the module ``home_path`` (dotted names
    ``home``), as the module at ``path`` spells it."""
    if isinstance(func, ast.Name):
        if path == home_path:
            return func.id == function
        bound = imports.get(func.id)
        return bound is not None and bound[1] == function and bound[0] in home
    if isinstance(func, ast.Attribute) and func.attr == function and isinstance(func.value, ast.Name):
        bound = imports.get(func.value.id)
        if bound is None:
            return False
        module = ".".join(part for part in bound if part)
        return module in home
    return False


def _bound_values(value: ast.expr, tree: ast.Module) -> list[ast.expr]:
    """What a variable passed to the factory may hold: a name the calling module binds only
    by plain assignments at module level (in ``if`` and ``try`` blocks too), each value one
    expression or a conditional choice between them (``CONFIG = DevConfig if debug else
    ProdConfig``, then ``CONFIG = TestConfig`` under an ``if``); nothing (unsure) for a name
    bound otherwise (a parameter, a loop, an import, ``global``, a walrus)."""
    if not isinstance(value, ast.Name):
        return []
    name = value.id
    values: list[ast.expr] = []
    module_level = set()
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        statement = stack.pop()
        module_level.add(id(statement))
        if isinstance(statement, (ast.If, ast.Try)):
            stack.extend((*statement.body, *statement.orelse, *getattr(statement, "finalbody", ())))
            stack.extend(s for handler in getattr(statement, "handlers", ()) for s in handler.body)
    for node in ast.walk(tree):
        binds = [t for t in _stored_names(node) if t == name]
        if not binds:
            continue
        if not (isinstance(node, ast.Assign) and id(node) in module_level and len(node.targets) == 1):
            return []
        if not isinstance(node.targets[0], ast.Name):
            return []
        values.extend(_choices(node.value))
    return values


def _stored_names(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
        return []  # counted at the statement that binds it
    if isinstance(node, ast.Assign):
        return [n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name)]
    if isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor, ast.NamedExpr)):
        return [n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)]
    if isinstance(node, (ast.Global, ast.Nonlocal)):
        return list(node.names)
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [(a.asname or a.name).split(".", 1)[0] for a in node.names]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.arg):
        return [node.arg]
    if isinstance(node, (ast.withitem,)) and node.optional_vars is not None:
        return [n.id for n in ast.walk(node.optional_vars) if isinstance(n, ast.Name)]
    if isinstance(node, ast.ExceptHandler) and node.name:
        return [node.name]
    return []


def _choices(value: ast.expr) -> list[ast.expr]:
    """``a if test else b`` → both (each read the same way); anything else → itself."""
    if isinstance(value, ast.IfExp):
        return [*_choices(value.body), *_choices(value.orelse)]
    return [value]


def _argument(call: ast.Call, position: int, parameter: str) -> ast.expr | None:
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    if position < len(call.args):
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == parameter), None)


def _plain(value: ast.expr, imports: dict, classes: set[str]) -> bool:
    """A string literal, a class of the calling module, or a name (dotted or not) it imports."""
    if isinstance(value, ast.Constant):
        return isinstance(value.value, str) and bool(value.value)
    head: ast.expr = value
    while isinstance(head, ast.Attribute):
        head = head.value
    if not isinstance(head, ast.Name):
        return False
    return head.id in imports if head is not value else value.id in classes or value.id in imports  # type: ignore[attr-defined]
