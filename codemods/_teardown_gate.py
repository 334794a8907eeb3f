"""The gates of the ``teardown`` codemod: what a module's text and standard-library AST must
show for the codemod to act on it (see ``_ast_facts``). Also asked about the other modules an
app module imports (``_teardown_foreign``): a module ``holds_request_resources`` says no to
keeps nothing on ``g`` and no scoped session, so it is not parsed.
"""

from __future__ import annotations

import ast
import re
from typing import Callable
from unicodedata import normalize

from ._ast_facts import Facts, creates_flask_app, facts
from ._ast_nodes import last_name
from ._parsed_modules import tree_fact
from ._statement_walk import statements_of_kinds
from ._imports import STDLIB
from ._names import dotted_name
from ._resource_factories import DBAPI_CONNECTS, ENGINES, REDIS_CLIENTS, SCOPED_SESSIONS
from ._sqlalchemy import SESSION_CLASS, SESSIONMAKER
from ._teardown_connections import looks_like_connect
from ._teardown_released import main_guard

# what may open a connection teardown closes (besides a callee named like a connect): a plain
# session is made by ``Session(...)`` or by calling what ``sessionmaker(...)`` made
_FACTORIES = DBAPI_CONNECTS | REDIS_CLIENTS | SCOPED_SESSIONS | SESSION_CLASS | SESSIONMAKER
_SHARED = DBAPI_CONNECTS | SCOPED_SESSIONS
_G_OBJECT = frozenset({"flask.g", "flask.globals.g"})
_NOTHING: frozenset[str] = frozenset()
# modules a project cannot have one of its own of, next to a Flask app (Flask needs them)
_NEVER_THE_PROJECTS = frozenset({"flask", "werkzeug", "jinja2", "click", "itsdangerous", "markupsafe", "blinker"})


def may_be_of_the_project(module: str) -> bool:
    """An imported module (``.db``, ``shop.models``) that may be a file of the project:
    relative, or neither the standard library nor Flask and what Flask needs."""
    root = module.split(".", 1)[0]
    return module.startswith(".") or (root not in STDLIB and root not in _NEVER_THE_PROJECTS)


def text_may_apply(source: str) -> bool:
    """A flask import (what the connection comes from, and the app, may be in other modules),
    or ``scoped_session`` (a module of the project that keeps one, flask or not)."""
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
    """With a flask import: something stored on ``flask.g`` and a call that may open what is
    stored there (a DB-API connect, Redis, a scoped_session, a plain SQLAlchemy session or the
    sessionmaker that makes it, a callee named like a connect,
    directly or in a function the module defines, or a call of a name imported from what
    may be a module of the project: a getter's factory may live there); or a connection
    shared by every request (``conn = sqlite3.connect(...)`` at module level or assigned to
    a global, reported) or a ``scoped_session(...)`` assigned. Without one: a
    ``scoped_session(...)`` assigned. A ``signal.connect(handler)`` with nothing stored on
    ``g`` opens nothing teardown closes."""
    found = facts(tree)
    if not found.imports("flask", prefix=True):  # flask or flask_*
        return any(not found.qualified(call.func).isdisjoint(SCOPED_SESSIONS) for call in shared_assigned_calls(found))
    stored = values_stored_on_g(tree)
    if stored:
        for call in found.calls:
            func = call.func
            spelled = last_name(func)
            if spelled is not None and (looks_like_connect(spelled) or not found.qualified(func).isdisjoint(_FACTORIES)):
                return True
        imported = {name for name, targets in found.bound.items() if any(_of_the_project(t) for t in targets)}
        if not imported:
            return False
        local = {function.name for function in found.functions}
        return any(_may_come_from_a_getter(found, value, imported | local) for value in stored)
    return bool(shared_assigned_calls(found)) and _may_open_shared(found)


def _may_come_from_a_getter(found: Facts, value: ast.expr, callables: set[str]) -> bool:
    """Whether a value stored on ``g`` may come from a function of the project (imported, or
    of this module) or a method of an object (``db.get_connection()``): a call of one, or a
    name assigned such a call. Not ``User.query.first()`` (a method of what a call returned)
    nor ``user if ok else None``."""
    if type(value) is ast.Name:
        calls = [
            a.value
            for a in found.assignments
            if type(a) is ast.Assign and type(a.value) is ast.Call
            and any(type(t) is ast.Name and t.id == value.id for t in a.targets)
        ]
    else:
        calls = [value] if type(value) is ast.Call else []
    for call in calls:
        func = call.func  # type: ignore[attr-defined]
        if (type(func) is ast.Name and func.id in callables) or (type(func) is ast.Attribute and type(func.value) is ast.Name):
            return True
    return False


def _may_open_shared(found: Facts, sessions: bool = True) -> bool:
    """A name assigned what opens a connection a module may share (a DB-API connect,
    ``<engine>.connect()``) or a scoped_session, directly or through a function of the
    module or a method of an object made here: what the analysis reports (or closes) when a
    module-level name or a global holds it, given that some call of the module opens one.
    Without ``sessions``, a scoped session is not counted. Only the calls assigned to such
    a name are tested first; every call only when one of them is of a function or an object
    of the module."""
    openers = _SHARED if sessions else DBAPI_CONNECTS
    engines: list[bool] = []  # whether some call makes an engine: found when first needed

    def opens(call: ast.Call) -> bool:
        func = call.func
        if not found.qualified(func).isdisjoint(openers):
            return True
        if type(func) is not ast.Attribute or func.attr != "connect":  # type: ignore[attr-defined]
            return False
        receiver = (dotted_name(func.value) or "").rsplit(".", 1)[-1].lower()  # type: ignore[attr-defined]
        if "engine" in receiver or type(func.value) is ast.Call:  # type: ignore[attr-defined]
            return True
        if not engines:
            engines.append(any(not found.qualified(c.func).isdisjoint(ENGINES) for c in found.calls))
        return engines[0]

    made_here = False  # a call of a function of the module, or of a method of an object made here
    instances: set[str] | None = None
    for call in shared_assigned_calls(found):
        if opens(call):
            return True
        func = call.func
        if not made_here and type(func) is ast.Name:
            made_here = any(function.name == func.id for function in found.functions)
        elif not made_here and type(func) is ast.Attribute and type(func.value) is ast.Name:
            instances = _instances(found) if instances is None else instances
            made_here = func.value.id in instances
    return made_here and any(opens(call) for call in found.calls)


def _instances(found: Facts) -> set[str]:
    """The names assigned a call of a plain name (``db = Database()``), anywhere."""
    return {
        target.id
        for assignment in found.assignments
        if type(assignment.value) is ast.Call and type(assignment.value.func) is ast.Name
        for target in (assignment.targets if type(assignment) is ast.Assign else [assignment.target])
        if type(target) is ast.Name
    }


def shared_assigned_calls(found: Facts) -> list[ast.Call]:
    """The calls assigned to a name every request shares, where the analysis looks for
    scoped sessions and shared connections: a name assigned in code that runs at import (not
    in a function or class), or in a function that declares it ``global`` (computed once
    per tree; a module without a ``global`` statement has none of the latter)."""
    return tree_fact(found.tree, "teardown: shared assigned calls", lambda _tree: _shared_assigned_calls(found))


def _shared_assigned_calls(found: Facts) -> list[ast.Call]:
    calls = []
    # as the analysis (``_scan_module_level``), not in a module-level ``if __name__ ==
    # "__main__":`` (a script's connection, closed when the script ends)
    script = [statement for statement in found.tree.body if main_guard(statement)]
    left_out = {id(node) for guard in script for node in ast.walk(guard)} if script else set()
    for statement in found.module_level():
        if id(statement) in left_out:
            continue
        if type(statement) in (ast.Assign, ast.AnnAssign) and _assigns_call_to_a_name(statement, None):
            calls.append(statement.value)
    if not statements_of_kinds(found.tree, (ast.Global,)):
        return calls  # no function declares a global
    for function in found.functions:
        statements = statements_of_kinds(function, (ast.Global, ast.Assign, ast.AnnAssign))  # one walk, no expressions
        declared = {name for node in statements if type(node) is ast.Global for name in node.names}  # type: ignore[attr-defined]
        if not declared:
            continue
        for node in statements:
            if type(node) is not ast.Global and _assigns_call_to_a_name(node, declared):  # type: ignore[arg-type]
                calls.append(node.value)  # type: ignore[attr-defined]
    return calls


def _assigns_call_to_a_name(statement: ast.Assign | ast.AnnAssign, names: set[str] | None) -> bool:
    """``name = call(...)`` (``names``: one of these names)."""
    targets = statement.targets if type(statement) is ast.Assign else [statement.target]
    return type(statement.value) is ast.Call and any(
        type(t) is ast.Name and (names is None or t.id in names) for t in targets
    )


def keeps_scoped_sessions(tree: ast.Module) -> bool:
    """A ``scoped_session(...)`` assigned in code that runs at import."""
    names = scoped_session_names(tree)
    return names is None or bool(names)


def scoped_session_names(tree: ast.Module) -> set[str] | None:
    """The names a ``scoped_session(...)`` is assigned to in code that runs at import; None
    when one is assigned to something else (an attribute, a tuple)."""
    found = facts(tree)
    names: set[str] = set()
    for statement in found.module_level():
        value = getattr(statement, "value", None) if type(statement) in (ast.Assign, ast.AnnAssign) else None
        if type(value) is ast.Call and not found.qualified(value.func).isdisjoint(SCOPED_SESSIONS):
            targets = statement.targets if type(statement) is ast.Assign else [statement.target]  # type: ignore[attr-defined]
            if any(type(t) is not ast.Name for t in targets):
                return None
            names.update(t.id for t in targets)
    return names


def holds_request_resources(tree: ast.Module) -> bool:
    """What the teardown analysis of a module needs to find a resource: something stored on
    ``flask.g`` (with a flask import), or a ``scoped_session(...)`` assigned in code that runs
    at import."""
    if keeps_scoped_sessions(tree):
        return True
    found = facts(tree)
    if not found.imports("flask", prefix=True):
        return False
    return bool(values_stored_on_g(tree))


_G_NAME = re.compile(r"\bg\b")


def text_may_hold_request_resources(text: str) -> bool:
    """What the text of a module ``holds_request_resources`` says yes to must show: the word
    ``scoped_session`` (what a scoped session's callee is spelled or imported by), or
    ``flask`` and a ``g`` name (``flask.g``, however imported, is spelled ``g`` somewhere).
    A text that is not ASCII is asked in its NFKC form, the form Python reads identifiers in
    (``\uff47`` spells ``g``), so an accent in a comment or a string costs no parse."""
    if not text.isascii():
        text = normalize("NFKC", text)
    return "scoped_session" in text or ("flask" in text and _G_NAME.search(text) is not None)


def values_stored_on_g(tree: ast.Module) -> list[ast.expr]:
    """The values stored on ``flask.g`` (see ``_stored_on_g``), found once per tree."""
    return [value for _, value in stores_on_g(tree)]


def stores_on_g(tree: ast.Module) -> list[tuple[tuple[str, ...] | None, ast.expr]]:
    """The values stored on ``flask.g``, each with its attributes (see ``stores_on``), found
    once per tree."""
    return tree_fact(tree, "teardown: stores on g", _stores_on_g)


def _stores_on_g(tree: ast.Module) -> list[tuple[tuple[str, ...] | None, ast.expr]]:
    found = facts(tree)
    stored = _stored_on_g(found, any(_star_import_of_flask(statement) for statement in tree.body))
    injected = _in_injected_receivers(tree) if stored and "connected_to" in found.attributes else set()
    return [store for store in stored if id(store[1]) not in injected] if injected else stored


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def _in_injected_receivers(tree: ast.Module) -> set[int]:
    """The nodes of the own bodies (not of a function, class or lambda within) of the functions
    named like a receiver handed to a signal's ``connected_to(receiver, ...)`` (a name as its
    first positional argument): what the analysis leaves out of the stores on ``g``
    (``_injected_receivers``: blinker connects such a receiver for the with-block only)."""
    names = set()
    for node in ast.walk(tree):
        if type(node) is ast.Call and type(node.func) is ast.Attribute and node.func.attr == "connected_to":
            if node.args and type(node.args[0]) is ast.Name:
                names.add(node.args[0].id)
    inside: set[int] = set()
    for function in ast.walk(tree):
        if type(function) in (ast.FunctionDef, ast.AsyncFunctionDef) and function.name in names:  # type: ignore[attr-defined]
            stack: list[ast.AST] = [*function.body]  # type: ignore[attr-defined]
            while stack:
                node = stack.pop()
                if type(node) in _SCOPES:
                    continue
                inside.add(id(node))
                stack.extend(ast.iter_child_nodes(node))
    return inside


def shares_connections(tree: ast.Module) -> bool:
    """A connection shared by every request assigned, in a flask module (where the analysis
    reports one): the part of ``opens_resources`` that needs nothing stored on ``g``, but
    scoped sessions (``keeps_scoped_sessions``)."""
    found = facts(tree)
    return found.imports("flask", prefix=True) and bool(shared_assigned_calls(found)) and _may_open_shared(found, False)


def _stored_on_g(found: Facts, star: bool) -> list[tuple[tuple[str, ...] | None, ast.expr]]:
    """The values stored on ``flask.g``: ``g.x = ...``, ``setattr(g, ...)``,
    ``g.setdefault(...)`` (``star``: ``from flask import *`` brings a bare ``g``); where a
    statement names no value (``g.db: Connection``, ``setattr(g, name)``), what it names
    instead, which comes from no call."""

    def is_g(node: ast.AST) -> bool:
        # (every name ``qualified`` gives an attribute ends with its attribute's; a plain
        # name's are itself, ``builtins.<it>`` and what imports bind to it)
        kind = type(node)
        if kind is ast.Name:
            return (star and node.id == "g") or not found.bound.get(node.id, _NOTHING).isdisjoint(_G_OBJECT)  # type: ignore[attr-defined]
        return kind is ast.Attribute and node.attr == "g" and not found.qualified(node).isdisjoint(_G_OBJECT)  # type: ignore[attr-defined]

    return stores_on(found, is_g)


def values_stored_on(found: Facts, is_g: Callable[[ast.AST], bool]) -> list[ast.expr]:
    """The values stored on what ``is_g`` says is ``flask.g`` (see ``_stored_on_g``)."""
    return [value for _, value in stores_on(found, is_g)]


def stores_on(found: Facts, is_g: Callable[[ast.AST], bool]) -> list[tuple[tuple[str, ...] | None, ast.expr]]:
    """``values_stored_on``, each with the attributes of ``g`` it is stored as (``g.db = v``:
    ``("db",)``); None when they are not known or the store is reported whatever closes it
    (``g.setdefault``, ``setattr(g, name, v)``)."""
    stores: list[tuple[tuple[str, ...] | None, ast.expr]] = []
    for assignment in found.assignments:
        targets = assignment.targets if type(assignment) is ast.Assign else [assignment.target]
        attrs = tuple(t.attr for t in targets if type(t) is ast.Attribute and is_g(t.value))
        if attrs:
            stores.append((attrs, assignment.value if assignment.value is not None else targets[0]))
    for call in found.calls:
        func = call.func
        if type(func) is ast.Name and func.id == "setattr" and call.args and is_g(call.args[0]):
            named = call.args[1] if len(call.args) > 1 else None
            known = type(named) is ast.Constant and type(named.value) is str  # type: ignore[union-attr]
            stores.append(((named.value,) if known else None, call.args[2] if len(call.args) > 2 else call.args[0]))  # type: ignore[union-attr]
        elif type(func) is ast.Attribute and func.attr == "setdefault" and is_g(func.value):
            stores.append((None, call.args[1] if len(call.args) > 1 else func.value))
    return stores


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
