"""The gates' side of ``_app_config.add_config_default``: what the standard library's AST tells
of the apps a module creates, and when the transform would stop without a word.

``add_config_default`` takes the apps FlaskIndex finds (``x = Flask(...)``, ``flask.Flask`` by
qualified name), keeps the served ones and the unclear ones (a module-level app with no sign of
being served, outside an entry module: a finding), reports a module that mentions the key, and
only then asks the codemod's check, which says no silently when the project sets the key
elsewhere. These helpers answer on the AST, erring towards "may act".
"""

from __future__ import annotations

import ast

from ._ast_facts import facts
from ._text_gates import path_parts
from ._global_imports import names_bound_by
from ._project_view import where_project_sets
from ._served_apps import ENTRY_MODULES, SERVING_ATTRIBUTES

FLASK = "flask.Flask"


def created_apps(tree: ast.Module) -> list[tuple[ast.Call, bool]]:
    """Each assigned call that may create a Flask app, and whether it runs outside any function
    (at module level or in a class body: an app without a factory)."""
    found = facts(tree)
    apps: list[tuple[ast.Call, bool]] = []
    stack: list[tuple[ast.AST, bool]] = [(statement, True) for statement in tree.body]
    while stack:
        node, outside = stack.pop()
        kind = type(node)
        if kind is ast.Assign or kind is ast.AnnAssign:
            value = node.value  # type: ignore[attr-defined]
            if type(value) is ast.Call and FLASK in found.qualified(value.func):
                apps.append((value, outside))
            continue
        inside = outside and kind is not ast.FunctionDef and kind is not ast.AsyncFunctionDef
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.stmt, ast.excepthandler)) or type(child).__name__ == "match_case":
                stack.append((child, inside))
    return apps


def spells(tree: ast.Module, key: str) -> bool:
    """Whether ``key`` is part of any name, attribute, keyword, import or string of the module."""
    for node in ast.walk(tree):
        for _, value in ast.iter_fields(node):
            if type(value) is str and key in value:
                return True
            if type(value) is list and any(type(item) is str and key in item for item in value):
                return True
    return False


def set_elsewhere_quietly(tree: ast.Module, ctx, key: str) -> bool:
    """Whether add_config_default would end silently at a check that finds ``key`` set in the
    project (``where_project_sets``): no finding can come first (``silent_until_check``). The
    caller rules out its own findings that come before the check."""
    return silent_until_check(tree, ctx.path, (key,)) and where_project_sets(ctx, key) is not None


def silent_until_check(tree: ast.Module, path: str, keys: tuple[str, ...]) -> bool:
    """Whether add_config_default surely says nothing before it asks the codemod's check: the
    module spells none of ``keys`` (no mention to report) and no app of it may be unclear (each
    is made in a function or surely served: ``surely_served``, or this is an entry module). The caller rules out its own findings
    that come before the check (those of its ``choose``)."""
    parts = path_parts(path)
    entry = bool(parts) and parts[-1].split(".", 1)[0].lower() in ENTRY_MODULES
    if not entry and any(outside and not surely_served(call, tree) for call, outside in created_apps(tree)):
        return False
    return not any(spells(tree, key) for key in keys)


def surely_served(call: ast.Call, tree: ast.Module) -> bool:
    """Whether the app ``call`` creates is served for ``_served_apps.classify_apps`` (never
    unclear): a statement of the module's own assigns it to one name, which the module binds
    nowhere else (so every reference to it is to this app), and the module reads a serving
    attribute of it
    (``app.route``, ``app.run``, ``app.register_blueprint``...)."""
    name = _assigned_name(call, tree)
    if name is None:
        return False
    served = False
    bindings = 0
    for node in ast.walk(tree):
        kind = type(node)
        if kind is ast.Attribute:
            value = node.value  # type: ignore[attr-defined]
            served = served or (type(value) is ast.Name and value.id == name and node.attr in SERVING_ATTRIBUTES)  # type: ignore[attr-defined]
        elif kind is ast.Name:
            bindings += node.id == name and type(node.ctx) is not ast.Load  # type: ignore[attr-defined]
        else:
            bindings += name in names_bound_by(node)
    return served and bindings == 1


def _assigned_name(call: ast.Call, tree: ast.Module) -> str | None:
    """The one plain name an assignment among the module's own statements (not in a class
    body) binds ``call`` to, else None."""
    for assignment in facts(tree).module_level():
        if type(assignment) not in (ast.Assign, ast.AnnAssign) or assignment.value is not call:  # type: ignore[attr-defined]
            continue
        targets = assignment.targets if type(assignment) is ast.Assign else [assignment.target]  # type: ignore[union-attr]
        if len(targets) == 1 and type(targets[0]) is ast.Name:
            return targets[0].id  # type: ignore[attr-defined]
    return None

