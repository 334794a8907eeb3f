"""The tree gate of the ``config-env`` codemod: what a module's standard-library AST must
show for the codemod to report or rewrite something, each test a necessary condition of
what its finder looks for (``config_env._Planner._uses``), erring towards True.

- ``FLASK_ENV`` as a key (``os.environ["FLASK_ENV"]``, ``os.getenv("FLASK_ENV")``);
- ``X.env``, ``X.config["ENV"]`` or ``X.config.get("ENV")`` where X may be an app: a name
  assigned a ``flask.Flask(...)`` somewhere in the module, or ``current_app``;
- ``ENV`` in a class named like a config class, or given to ``X.config.update`` /
  ``from_mapping`` (a keyword, or a key of a dict literal).
"""

from __future__ import annotations

import ast

from ._ast_facts import Facts, facts
from ._config_entries import CONFIG_CALLS

_CURRENT_APPS = frozenset({"flask.current_app", "flask.globals.current_app"})


def may_use_env(tree: ast.Module) -> bool:
    """Whether the module may read or write ``app.env``, ``ENV`` or ``FLASK_ENV`` (see the
    module's docstring)."""
    found = facts(tree)
    if found.spells_key({"FLASK_ENV"}):
        return True
    env_attribute, env_key = "env" in found.attributes, found.spells_key({"ENV"})
    if not (env_attribute or env_key):
        return False
    apps = _app_names(found)
    for node in ast.walk(tree):
        kind = type(node)
        if kind is ast.Attribute and node.attr == "env" and _may_be_app(found, node.value, apps):  # type: ignore[attr-defined]
            return True
        if not env_key:
            continue
        if kind is ast.ClassDef and "Config" in node.name:  # type: ignore[attr-defined]
            return True
        if kind is ast.Subscript and _config_of_app(found, node.value, apps):  # type: ignore[attr-defined]
            return True
        if kind is ast.Call and type(node.func) is ast.Attribute:  # type: ignore[attr-defined]
            func = node.func  # type: ignore[attr-defined]
            if func.attr == "get" and _config_of_app(found, func.value, apps):
                return True
            if func.attr in CONFIG_CALLS and type(func.value) is ast.Attribute and func.value.attr == "config":
                return True
    return False


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
