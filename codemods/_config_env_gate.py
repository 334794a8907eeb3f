"""The gates of the ``config-env`` codemod: what a module's standard-library AST must show
for the codemod to report or rewrite something, each test a necessary condition of what its
finder looks for (``_config_env_plan.Planner._uses``), erring towards True.

- ``FLASK_ENV`` as the key of ``os.environ[...]``, or the first argument of
  ``os.environ.get``, ``os.getenv`` or ``os.environ.setdefault`` (not of another reader's
  call, such as environs' ``env.str("FLASK_ENV")``, nor a dict literal's key);
- ``X.env``, ``X.config["ENV"]`` or ``X.config.get("ENV")`` (the key a literal, not another
  key of the config) where X may be an app: a name assigned a ``flask.Flask(...)`` somewhere
  in the module, or ``current_app``;
- ``ENV = ...`` in the body of a class named like a config class, or ``ENV`` given to
  ``X.config.update`` / ``from_mapping`` (a keyword, or a key of a dict literal argument).

With ``own_name`` (the project gate, at a target Flask that does not read them: 2.3 on, or
before 1.0) the writes the planner leaves silent are left out: ``ENV`` in a config class or
call that also sets ``DEBUG`` (each alone on its line, as ``config_containers`` sees it), and
an ``os.environ`` write of ``FLASK_ENV`` in a function (or the module) that also sets
``FLASK_DEBUG`` there.
"""

from __future__ import annotations

import ast
from typing import Iterator

from ._ast_facts import Facts, facts
from ._config_entries import CONFIG_CALLS

_CURRENT_APPS = frozenset({"flask.current_app", "flask.globals.current_app"})
_ENVIRON_READS = frozenset({"os.environ.get", "os.getenv"})
_ENVIRON_SETDEFAULT = "os.environ.setdefault"
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def may_use_env(tree: ast.Module, *, own_name: bool = False) -> bool:
    """Whether the module may read or write ``app.env``, ``ENV`` or ``FLASK_ENV`` in a way the
    codemod reports or rewrites (see the module's docstring)."""
    found = facts(tree)
    flask_env = found.spells_key({"FLASK_ENV"})
    env_attribute, env_key = "env" in found.attributes, found.spells_key({"ENV"})
    if not (flask_env or env_attribute or env_key):
        return False
    apps = _app_names(found)
    quiet_writes: list[tuple[ast.AST, ast.AST]] = []  # (a FLASK_ENV write, its scope)
    debug_scopes: set[int] = set()
    targets: set[int] = set()  # ids of the assignment and del targets met so far
    for node, scope in _walk(tree):
        kind = type(node)
        if kind is ast.Assign or kind is ast.Delete:
            targets.update(id(target) for target in node.targets)  # type: ignore[attr-defined]
        elif kind is ast.AugAssign or kind is ast.AnnAssign:
            targets.add(id(node.target))  # type: ignore[attr-defined]
        if kind is ast.Attribute and node.attr == "env" and _may_be_app(found, node.value, apps):  # type: ignore[attr-defined]
            return True
        if flask_env:
            use = _environ_use(found, node, targets)
            if use is not None:
                key, write = use
                if key == "FLASK_ENV":
                    if not (own_name and write):
                        return True
                    quiet_writes.append((node, scope))
                elif key == "FLASK_DEBUG" and write:
                    debug_scopes.add(id(scope))
        if not env_key:
            continue
        if kind is ast.ClassDef and "Config" in node.name:  # type: ignore[attr-defined]
            if _sets_env(node.body, own_name):  # type: ignore[attr-defined]
                return True
        elif kind is ast.Subscript and _is_env(node.slice) and _config_of_app(found, node.value, apps):  # type: ignore[attr-defined]
            return True
        elif kind is ast.Call and type(node.func) is ast.Attribute:  # type: ignore[attr-defined]
            func = node.func  # type: ignore[attr-defined]
            if func.attr == "get" and node.args and _is_env(node.args[0]) and _config_of_app(found, func.value, apps):  # type: ignore[attr-defined]
                return True
            if func.attr in CONFIG_CALLS and type(func.value) is ast.Attribute and func.value.attr == "config":
                if _call_sets_env(node, own_name):  # type: ignore[arg-type]
                    return True
    return any(id(scope) not in debug_scopes for _, scope in quiet_writes)


def _walk(tree: ast.Module) -> Iterator[tuple[ast.AST, ast.AST]]:
    """Every node with the function (or the module) whose code runs it, as the planner's
    ``_scope`` sees it (a function's decorators and defaults count as the function's); a
    statement comes before the nodes in it."""
    stack: list[tuple[ast.AST, ast.AST]] = [(tree, tree)]
    while stack:
        node, scope = stack.pop()
        yield node, scope
        inner = node if isinstance(node, _FUNCTIONS) else scope
        stack.extend((child, inner) for child in ast.iter_child_nodes(node))


def _environ_use(found: Facts, node: ast.AST, targets: set[int]) -> tuple[str, bool] | None:
    """(key, whether it is a write) for ``os.environ[KEY]`` and for ``os.environ.get(KEY)``,
    ``os.getenv(KEY)``, ``os.environ.setdefault(KEY, ...)``; a write only where the planner
    counts one for sure (an assignment's, ``del``'s target; ``setdefault``)."""
    kind = type(node)
    if kind is ast.Subscript:
        index = node.slice  # type: ignore[attr-defined]
        if type(index) is not ast.Constant or type(index.value) is not str:
            return None
        value = node.value  # type: ignore[attr-defined]
        if "os.environ" not in found.qualified(value):
            return None
        return index.value, id(node) in targets and _imported_root(found, value)
    if kind is ast.Call and node.args:  # type: ignore[attr-defined]
        first = node.args[0]  # type: ignore[attr-defined]
        if type(first) is not ast.Constant or type(first.value) is not str:
            return None
        names = found.qualified(node.func)  # type: ignore[attr-defined]
        if _ENVIRON_SETDEFAULT in names:
            return first.value, _imported_root(found, node.func)  # type: ignore[attr-defined]
        if names & _ENVIRON_READS:
            return first.value, False
    return None


def _imported_root(found: Facts, node: ast.AST) -> bool:
    """Whether the chain's first name is bound by an import (what the planner's qualified names
    resolve; an unbound ``os`` may be no module at all)."""
    while type(node) is ast.Attribute:
        node = node.value  # type: ignore[attr-defined]
    return type(node) is ast.Name and node.id in found.bound  # type: ignore[attr-defined]


def _sets_env(body: list[ast.stmt], own_name: bool) -> bool:
    """Whether a config class's body sets ``ENV`` where the planner reports it: at all, or with
    ``own_name`` not beside a ``DEBUG`` set alone on its line."""
    keys = {_assigned_key(statement) for statement in body}
    if "ENV" not in keys:
        return False
    if not own_name:
        return True
    return not any(_assigned_key(s) == "DEBUG" and _alone_on_its_lines(s, body) for s in body)


def _assigned_key(statement: ast.stmt) -> str | None:
    """NAME of ``NAME = value`` (one target) or ``NAME: T = value``."""
    if type(statement) is ast.Assign and len(statement.targets) == 1 and type(statement.targets[0]) is ast.Name:
        return statement.targets[0].id
    if type(statement) is ast.AnnAssign and statement.value is not None and type(statement.target) is ast.Name:
        return statement.target.id
    return None


def _alone_on_its_lines(statement: ast.stmt, body: list[ast.stmt]) -> bool:
    """No other statement of ``body`` shares a line with ``statement`` (``a = 1; DEBUG = 2``)."""
    first, last = statement.lineno, statement.end_lineno or statement.lineno
    return not any(
        other is not statement and other.lineno <= last and (other.end_lineno or other.lineno) >= first for other in body
    )


def _call_sets_env(call: ast.Call, own_name: bool) -> bool:
    """Whether ``X.config.update(...)`` / ``from_mapping(...)`` sets ``ENV`` where the planner
    reports it: as a keyword, or as a key of a dict literal argument; with ``own_name`` not
    beside ``DEBUG`` in the same keywords or dict."""
    words = {keyword.arg for keyword in call.keywords}
    if "ENV" in words and not (own_name and "DEBUG" in words):
        return True
    for argument in call.args:
        if type(argument) is ast.Dict:
            keys = {k.value for k in argument.keys if type(k) is ast.Constant and type(k.value) is str}
            if "ENV" in keys and not (own_name and "DEBUG" in keys):
                return True
    return False


def _is_env(node: ast.expr) -> bool:
    """The literal key ``"ENV"`` (the planner reads a key only when it is a literal string)."""
    return type(node) is ast.Constant and node.value == "ENV"


def _app_names(found: Facts) -> set[str]:
    """The names assigned what may be a ``flask.Flask(...)`` anywhere in the module."""
    names = set()
    for assignment in found.assignments:
        value = assignment.value
        if type(value) is ast.Call and "flask.Flask" in found.qualified(value.func):
            targets = assignment.targets if type(assignment) is ast.Assign else [assignment.target]
            names.update(t.id for t in targets if type(t) is ast.Name)
    return names


def _may_be_app(found: Facts, node: ast.expr, apps: set[str]) -> bool:
    return (type(node) is ast.Name and node.id in apps) or not found.qualified(node).isdisjoint(_CURRENT_APPS)


def _config_of_app(found: Facts, node: ast.expr, apps: set[str]) -> bool:
    """``X.config`` where X may be an app."""
    return type(node) is ast.Attribute and node.attr == "config" and _may_be_app(found, node.value, apps)
