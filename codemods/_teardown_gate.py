"""The gates of the ``teardown`` codemod: what a module's text and standard-library AST must
show for the codemod to act on it (see ``_ast_facts``). Also asked about the other modules an
app module imports (``_teardown_foreign``): a module whose tree ``opens_resources`` says no
to opens nothing the codemod would release.
"""

from __future__ import annotations

import ast

from ._ast_facts import creates_flask_app, facts, is_packaging_script, is_test_path, last_name
from ._imports import STDLIB
from ._names import dotted_name
from ._resource_factories import DBAPI_CONNECTS, REDIS_CLIENTS, SCOPED_SESSIONS
from ._teardown_connections import looks_like_connect

# what may open a connection teardown closes (besides a callee named like a connect)
_FACTORIES = DBAPI_CONNECTS | REDIS_CLIENTS | SCOPED_SESSIONS
_G = frozenset({"flask", "flask.g", "flask.globals.g"})
# modules a project cannot have one of its own of, next to a Flask app (Flask needs them)
_NEVER_THE_PROJECTS = frozenset({"flask", "werkzeug", "jinja2", "click", "itsdangerous", "markupsafe", "blinker"})


def may_be_of_the_project(module: str) -> bool:
    """An imported module (``.db``, ``shop.models``) that may be a file of the project:
    relative, or neither the standard library nor Flask and what Flask needs."""
    root = module.split(".", 1)[0]
    return module.startswith(".") or (root not in STDLIB and root not in _NEVER_THE_PROJECTS)


def text_may_apply(source: str, path: str) -> bool:
    """Not test code nor ``setup.py``; a flask import (what the connection comes from, and
    the app, may be in other modules), or ``scoped_session`` (a module of the project that
    keeps one, flask or not)."""
    if is_test_path(path) or is_packaging_script(path):
        return False
    return "flask" in source or "scoped_session" in source


def tree_may_apply(tree: ast.Module) -> bool:
    """The module may open a resource (``opens_resources``), or it is an app that may
    release what the modules it imports open: ``x = Flask(...)`` and an import of what may
    be a module of the project."""
    if opens_resources(tree):
        return True
    found = facts(tree)
    return (
        found.imports("flask", prefix=True)
        and creates_flask_app(tree)
        and any(may_be_of_the_project(module) for module in found.modules)
    )


def opens_resources(tree: ast.Module) -> bool:
    """With a flask import: a call that may open a connection (a DB-API connect, Redis, a
    scoped_session, a callee named like a connect: every resource reported or closed comes
    from one, directly or in a function the module defines), or a call of a name imported
    from what may be a module of the project while ``flask.g`` is at hand (a getter's factory
    may live there). Without one: a ``scoped_session(...)`` assigned."""
    found = facts(tree)
    if not found.imports("flask", prefix=True):  # flask or flask_*
        return any(not found.qualified(call.func).isdisjoint(SCOPED_SESSIONS) for call in found.assigned_calls)
    imported = {name for name, targets in found.bound.items() if any(_of_the_project(t) for t in targets)}
    g_at_hand = any(not targets.isdisjoint(_G) for targets in found.bound.values())
    g_at_hand = g_at_hand or any(_star_import_of_flask(statement) for statement in tree.body)
    for call in found.calls:
        func = call.func
        spelled = last_name(func)
        if spelled is None:
            continue
        if looks_like_connect(spelled) or not found.qualified(func).isdisjoint(_FACTORIES):
            return True
        if g_at_hand and (dotted_name(func) or "").split(".", 1)[0] in imported:
            return True
    return False


def _star_import_of_flask(statement: ast.stmt) -> bool:
    return (
        type(statement) is ast.ImportFrom
        and (statement.module or "").split(".")[0] == "flask"
        and any(alias.name == "*" for alias in statement.names)
    )


def _of_the_project(imported: str) -> bool:
    """A name bound by an import (``.db.get_db``, ``shop.db.get_db``) from what may be a
    module of the project."""
    return may_be_of_the_project(imported.rsplit(".", 1)[0] if "." in imported.lstrip(".") else imported)
