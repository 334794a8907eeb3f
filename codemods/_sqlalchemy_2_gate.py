"""The gate of sqlalchemy-2 on the standard-library AST: what its three rules need to see.

- the declarative import: a name of ``sqlalchemy.ext.declarative`` that moved to
  ``sqlalchemy.orm``, imported by a statement of the module's own body (the codemod moves
  no other: one in a function, a class or a ``try:`` / ``if`` block stays, unreported);
- ``declarative_base(engine)`` / ``declarative_base(bind=engine)``: a call that may be
  ``declarative_base`` with an argument;
- ``X.execute(...)`` where ``X`` may be a SQLAlchemy object (``_sqlalchemy.SQLAlchemyObjects``
  types it, or the codemod does nothing with the call) and the call passes a string it may
  wrap in ``text()`` (a literal, an f-string, ``"..." % x``, ``"a" + b``, a str method's
  result, or a name assigned one of these), or ``X`` may be an engine, whose ``execute()``
  is reported whatever it runs.

A call in a version guard (``try:`` with a handler that catches everything or an import or
attribute failure, a branch of a version test: ``_version_guards.unguarded_calls``) counts
for none of these: the codemod leaves it alone.

What may be a SQLAlchemy object, following the rules of ``SQLAlchemyObjects`` without
resolving them: a call of a factory or of a class (``create_engine(...)``, ``Session()``),
``.connect()``/``.connection()``/``.get_engine()``/``.get_bind()`` of what may be one
itself (not a call of a function of the module, ``get_db()``; ``.connect()`` and ``.begin()``
only without arguments, as ``SQLAlchemyObjects`` types them: not ``sqlite3.connect(path)``),
``X.session``/``X.engine`` of what may be one (``SQLAlchemyObjects`` types only the
extension's: not ``self.db.session``), a name assigned one of these (or bound by ``with ...
as``), a name imported from a module that may be one of the project's (a neighbour's ``db``;
in the project stage, only where ``_sqlalchemy.imported_kind`` types it, as the planner
does), an instance of a class, or the first parameter of its methods, when the class
extends a factory's class (``class Database(SQLAlchemy)``) or a class of the module (never
one imported: the planner does not type it). Not a DB-API cursor
(``conn.cursor().execute("SELECT 1")``), ``self.cursor.execute(...)``, nor alembic's
``op.execute(...)``.
"""

from __future__ import annotations

import ast
from typing import Callable

from ._ast_facts import Facts, facts
from ._ast_nodes import last_name
from ._imports import STDLIB
from ._sqlalchemy import CREATE_ENGINE, FSA, MIGRATION_BIND, SCOPED_SESSION, SESSION_CLASS, SESSIONMAKER, STAR_SOURCES
from ._sqlalchemy_2_gate_bindings import function_bindings, may_be_a_string as _may_be_a_string
from ._sqlalchemy_2_text import ONCE, bindings_reading, string_refused, write_refused
from ._version_guards import unguarded_calls

_ENGINE_GETTERS = frozenset({"get_engine", "create_engine"})
# methods that give a SQLAlchemy object of one (engine.connect(), db.session(), op.get_bind() ...)
_TYPED_METHODS = frozenset({"connect", "connection", "begin", "get_engine", "get_bind", "session", "engine"})
# ... of which these only when called without arguments (``engine.connect()``, ``with engine.begin()``)
_WITHOUT_ARGUMENTS = frozenset({"connect", "begin"})
_TYPED_ATTRIBUTES = frozenset({"session", "engine"})
_FACTORIES = FSA | CREATE_ENGINE | SESSIONMAKER | SCOPED_SESSION | SESSION_CLASS | MIGRATION_BIND
# packages whose names are what they are: never a module of the project
_NOT_NEIGHBOURS = STDLIB | {"sqlalchemy", "flask_sqlalchemy", "alembic", "flask"}
_DEPTH = 6


# (module, name) -> whether a name imported from a module of the project may be typed
Imported = Callable[[str, str], bool]


def may_act(
    tree: ast.Module,
    moved: tuple[str, frozenset[str]],
    declarative_base: frozenset[str],
    metadata: frozenset[str] = frozenset(),
    imported: Imported | None = None,
) -> bool:
    """Whether sqlalchemy-2 may change or report something in the module; ``moved``: the
    module the declarative names moved from and those names, ``declarative_base``: what the
    callee of ``declarative_base()`` may be, ``metadata``: what ``MetaData()``'s may be,
    ``imported``: see ``Receivers``."""
    if imports_moved_name(tree, moved):
        return True
    found = facts(tree)
    receivers = Receivers(tree, found, imported)
    for call in unguarded_calls(tree):  # (a call in a version guard is left alone)
        func = call.func
        if type(func) is ast.Attribute and func.attr == "execute":
            if receivers.execute_may_act(call):
                return True
        elif (
            any(type(a) is not ast.Starred for a in call.args) or any(k.arg == "bind" for k in call.keywords)
        ) and not found.qualified(func).isdisjoint(declarative_base | metadata):
            return True
        elif any(k.arg == "convert_unicode" for k in call.keywords) and not found.qualified(func).isdisjoint(CREATE_ENGINE):
            return True
    # X.bind = ... (bound metadata): X is told a MetaData only through a sqlalchemy import of the module
    if not any(module == "sqlalchemy" or module.startswith("sqlalchemy.") for module in found.modules):
        return False
    return any(
        type(target) is ast.Attribute and target.attr == "bind"
        for assignment in found.assignments
        if type(assignment) is ast.Assign
        for target in assignment.targets
    )


def may_rewrite(tree: ast.Module, moved: tuple[str, frozenset[str]], imported: Imported | None = None) -> bool:
    """Whether sqlalchemy-2 may act on the module where the project may not run SQLAlchemy
    2.0, which reports nothing of what 2.0 removed: only a moved declarative import (moved,
    or reported where the project allows a release older than 1.4) and an ``X.execute(...)``
    passed a string it may wrap, ``X`` what may be a session or a connection."""
    if imports_moved_name(tree, moved):
        return True
    found = facts(tree)
    receivers = Receivers(tree, found, imported)
    return any(
        type(call.func) is ast.Attribute and call.func.attr == "execute" and receivers.execute_may_rewrite(call)
        for call in unguarded_calls(tree)
    )


def imports_moved_name(tree: ast.Module, moved: tuple[str, frozenset[str]]) -> bool:
    """Whether a statement of the module's own body imports one of ``moved``'s names from
    its module (``from sqlalchemy.ext.declarative import declarative_base``)."""
    source, names = moved
    for statement in tree.body:
        if type(statement) is ast.ImportFrom and not statement.level and statement.module == source:
            if any(alias.name in names for alias in statement.names):
                return True
    return False


class Receivers:
    """Whether an expression may be a SQLAlchemy object (see the module's docstring); the
    module's bindings of names are gathered on the first question about a name.
    ``imported(module, name)``, when given, says whether a name imported from a module that
    may be the project's may be typed (the planner's own question,
    ``_sqlalchemy.imported_kind``): one it says no for is not counted."""

    def __init__(self, tree: ast.Module, found: Facts, imported: Imported | None = None) -> None:
        self.tree = tree
        self.found = found
        self.imported = imported
        self._bindings: dict[str, list[ast.expr | None]] | None = None
        self._parents: dict[int, ast.AST] | None = None  # child -> parent, for a call's function
        self._star_import: bool | None = None

    @property
    def _star(self) -> bool:
        """``from sqlalchemy import *`` may bind the factories the planner then takes as
        SQLAlchemy's (``_sqlalchemy.STAR_SOURCES``): a name no import binds may be one."""
        if self._star_import is None:
            self._star_import = any(
                type(node) is ast.ImportFrom and not node.level and node.module in STAR_SOURCES and node.names[0].name == "*"
                for node in _all_statements(self.tree)
            )
        return self._star_import

    def _qualified(self, node: ast.expr) -> set[str]:
        names = self.found.qualified(node)
        if type(node) is ast.Name and self._star and names <= {node.id, f"builtins.{node.id}"}:  # bound by no import
            return names | {f"{source}.{node.id}" for source in STAR_SOURCES}
        return names

    def execute_may_act(self, call: ast.Call) -> bool:
        """Whether sqlalchemy-2 may rewrite or report the call ``X.execute(...)``: it passes a
        string it may wrap and ``X`` may be a SQLAlchemy object, or ``X`` may be an engine."""
        receiver = call.func.value  # type: ignore[attr-defined]
        found = self.found
        string = call.args and type(call.args[0]) is not ast.Starred and _may_be_a_string(found, call.args[0])
        return bool(string or self.may_be_engine(receiver, 0)) and self.may_be_typed(receiver, 0)

    def execute_may_rewrite(self, call: ast.Call) -> bool:
        """Whether sqlalchemy-2 may wrap the string ``X.execute(...)`` is passed in
        ``text()``: ``X`` may be a SQLAlchemy object other than an engine (what
        ``execute_may_act`` asks, less an engine's ``execute()``, which is only reported:
        ``execute_verdict``)."""
        receiver = call.func.value  # type: ignore[attr-defined]
        string = call.args and type(call.args[0]) is not ast.Starred and _may_be_a_string(self.found, call.args[0])
        if not (string and self.may_be_wrapped_on(receiver, 0)):
            return False
        return not (self._migration_connection(receiver) and self._refused_on_migration(call))

    def _migration_connection(self, node: ast.expr) -> bool:
        """``op.get_bind()`` (Alembic's connection of the running migration), or a name bound
        to nothing else: what ``SQLAlchemyObjects`` types as a migration's connection or as
        nothing."""
        if type(node) is ast.Call:
            return not self.found.qualified(node.func).isdisjoint(MIGRATION_BIND)  # type: ignore[attr-defined]
        if type(node) is not ast.Name:
            return False
        values = self.bindings().get(node.id, ())  # type: ignore[attr-defined]
        return bool(values) and all(value is not None and type(value) is ast.Call and self._migration_connection(value) for value in values)

    def _refused_on_migration(self, call: ast.Call) -> bool:
        """Whether the planner certainly wraps nothing of ``X.execute(argument, ...)`` on a
        migration's connection: ``plain_sql`` wraps only a string literal (or a name bound to
        one once) that ``string_refused`` and ``write_refused`` let through; an f-string, a
        string built with ``%`` or ``+`` or a str method is built at run time."""
        parameters = len(call.args) > 1 or bool(call.keywords)
        argument = call.args[0]
        values = [argument]
        if type(argument) is ast.Name:
            if self._parents is None:
                self._parents = {id(child): node for node in ast.walk(self.tree) for child in ast.iter_child_nodes(node)}
            own = function_bindings(self.found, self._parents, call, argument.id)  # type: ignore[attr-defined]
            if own is not None:  # the call's function binds the name: read as the planner reads it
                reading = bindings_reading([kind for kind, _ in own])
                if reading != ONCE or own[0][1] is None:
                    return True  # bound more than once (built at run time, or unknown), or not by `=`
                values = [own[0][1]]
            else:
                values = self.bindings().get(argument.id, [])  # type: ignore[attr-defined]
            if not values:
                return False
        for value in values:
            if value is None:
                return False
            if type(value) is ast.Constant and type(value.value) is str:  # type: ignore[attr-defined]
                text = value.value  # type: ignore[attr-defined]
                if string_refused(text, parameters) is None and write_refused(text, "migration-connection") is None:
                    return False
            elif type(value) is not ast.JoinedStr and not (type(value) is not ast.Name and _may_be_a_string(self.found, value)):
                return False  # (a name, or what is no string: not known here)
        return True

    def may_be_wrapped_on(self, node: ast.expr, depth: int) -> bool:
        """``may_be_typed``, less what ``SQLAlchemyObjects`` types as an engine or as nothing:
        ``X.engine`` (it types an attribute only as the name it spells: ``db.engine``),
        ``X.get_engine()`` of what is no factory, and a name bound only to these (pgadmin's
        migrations' ``db.engine.execute("ALTER TABLE ...")``: reported where SQLAlchemy 2.0
        may run, never wrapped)."""
        kind = type(node)
        if kind is ast.Attribute and node.attr == "engine":  # type: ignore[attr-defined]
            return False
        if kind is ast.Call:
            func = node.func  # type: ignore[attr-defined]
            if type(func) is ast.Attribute and func.attr == "get_engine" and self.found.qualified(func).isdisjoint(_FACTORIES):
                return False
        if kind is ast.Name:
            if depth > _DEPTH:
                return False
            values = self.bindings().get(node.id, ())  # type: ignore[attr-defined]
            return any(value is None or self.may_be_wrapped_on(value, depth + 1) for value in values)
        return self.may_be_typed(node, depth)

    def may_be_typed(self, node: ast.expr, depth: int) -> bool:
        kind = type(node)
        if kind is ast.Attribute:  # db.session, db.engine: of what may be typed itself
            return node.attr in _TYPED_ATTRIBUTES and self.may_be_typed(node.value, depth)  # type: ignore[attr-defined]
        if kind is ast.Call:
            func = node.func  # type: ignore[attr-defined]
            if type(func) is ast.Name:  # a factory, a class with bases, a session factory
                return not self._qualified(func).isdisjoint(_FACTORIES) or self.may_be_typed(func, depth + 1)
            if type(func) is ast.Attribute:
                if func.attr in _WITHOUT_ARGUMENTS and (node.args or node.keywords):  # type: ignore[attr-defined]
                    return not self.found.qualified(func).isdisjoint(_FACTORIES)  # sqlite3.connect(path)
                if not self.found.qualified(func).isdisjoint(_FACTORIES):
                    return True
                return func.attr in _TYPED_METHODS and self.may_be_typed(func.value, depth)  # engine.connect()
            return depth <= _DEPTH and self.may_be_typed(func, depth + 1)  # sessionmaker(...)()
        if kind is not ast.Name or depth > _DEPTH:
            return False
        values = self.bindings().get(node.id, ())  # type: ignore[attr-defined]
        return any(value is None or self.may_be_typed(value, depth + 1) for value in values)

    def may_be_engine(self, node: ast.expr, depth: int) -> bool:
        """``X.engine``, ``X.get_engine()``, ``create_engine(...)``, or a name bound to one
        (or typed elsewhere)."""
        kind = type(node)
        if kind is ast.Attribute:
            return node.attr == "engine" and self.may_be_typed(node.value, depth)  # type: ignore[attr-defined]
        if kind is ast.Call:
            callee = node.func  # type: ignore[attr-defined]
            return last_name(callee) in _ENGINE_GETTERS or not self._qualified(callee).isdisjoint(CREATE_ENGINE)
        if kind is not ast.Name or depth > _DEPTH:
            return False
        values = self.bindings().get(node.id, ())  # type: ignore[attr-defined]
        return any(value is None or self.may_be_engine(value, depth + 1) for value in values)

    def bindings(self) -> dict[str, list[ast.expr | None]]:
        """name -> the values it is bound to (None: typed elsewhere, by a neighbour module or
        as the instance of a class with bases)."""
        if self._bindings is None:
            found: dict[str, list[ast.expr | None]] = {}
            for assignment in self.found.assignments:
                targets = assignment.targets if type(assignment) is ast.Assign else [assignment.target]
                if assignment.value is not None:
                    for target in targets:
                        if type(target) is ast.Name:
                            found.setdefault(target.id, []).append(assignment.value)
            statements = list(_all_statements(self.tree))
            classes = {statement.name for statement in statements if type(statement) is ast.ClassDef}
            for statement in statements:
                kind = type(statement)
                if kind is ast.ImportFrom:
                    root = (statement.module or "").split(".", 1)[0]
                    if statement.level or root not in _NOT_NEIGHBOURS:
                        source = "." * statement.level + (statement.module or "")
                        for alias in statement.names:
                            if self.imported is None or self.imported(source, alias.name):
                                found.setdefault(alias.asname or alias.name, []).append(None)
                elif kind is ast.With or kind is ast.AsyncWith:
                    for item in statement.items:
                        if type(item.optional_vars) is ast.Name:
                            found.setdefault(item.optional_vars.id, []).append(item.context_expr)
                elif kind is ast.ClassDef and any(self._may_be_typed_class(base, classes) for base in statement.bases):
                    found.setdefault(statement.name, []).append(None)  # its instances may be typed
                    for method in statement.body:
                        if type(method) in (ast.FunctionDef, ast.AsyncFunctionDef) and method.args.args:
                            found.setdefault(method.args.args[0].arg, []).append(None)
            self._bindings = found
        return self._bindings

    def _may_be_typed_class(self, base: ast.expr, classes: set[str]) -> bool:
        """Whether a class with the base ``base`` may be one whose instances
        ``SQLAlchemyObjects`` types: a factory's class (``SQLAlchemy``, ``Session``), or a
        class of the module (which may extend one)."""
        if type(base) is ast.Name and base.id in classes:
            return True
        return not self.found.qualified(base).isdisjoint(_FACTORIES)


def _all_statements(tree: ast.Module):
    """Every statement, in functions and classes too."""
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        statement = stack.pop()
        yield statement
        for field in ("body", "orelse", "finalbody"):
            stack.extend(getattr(statement, field, ()))
        for handler in getattr(statement, "handlers", ()):
            stack.extend(handler.body)
        for case in getattr(statement, "cases", ()):
            stack.extend(case.body)
