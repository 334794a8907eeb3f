"""What a SQLAlchemy expression is: a Flask-SQLAlchemy extension, an engine, a session, a
connection.

``SQLAlchemyObjects(wrapper, ctx).kind(node)`` answers from the code, never from a name's
spelling: calls resolved by qualified name (``flask_sqlalchemy.SQLAlchemy``,
``sqlalchemy.create_engine``, ``sessionmaker``, ``scoped_session``, ``Session``), attributes of
what is known (``db.session``, ``db.engine``, ``engine.connect()``), names through every
assignment of their scope (all must agree), ``with engine.connect() as conn``, instances of a
class of the module that extends one of these (``class Database(SQLAlchemy)``), Alembic's
``op.get_bind()``, names imported from a neighbouring module (``from
.extensions import db``, read through ``ctx.read_file``), and a factory that only the module's
one star import, ``from sqlalchemy import *``, can have bound. Anything else is unknown (None): a parameter, a name assigned twice in
different ways, an object from an installed package.

Kinds: ``"fsa"`` (the extension object), ``"engine"``, ``"session-factory"``,
``"session"``, ``"connection"`` (outside any transaction the code can see), and
``"transaction-connection"`` (``with engine.begin() as conn``, ``session.connection()``:
everything it runs commits or rolls back with that transaction), and ``"migration-connection"``
(``op.get_bind()``: in a transaction only when the project's ``env.py`` begins one).
"""

from __future__ import annotations

import ast

import libcst as cst
from libcst.metadata import Assignment, ParentNodeProvider, ScopeProvider

from . import _ast_facts, _neighbours
from ._base import Context, metadata_value
from ._flask import dotted_name, keyword_argument, qualified_names

FSA = frozenset({"flask_sqlalchemy.SQLAlchemy", "flask_sqlalchemy.extension.SQLAlchemy", "flask.ext.sqlalchemy.SQLAlchemy"})
CREATE_ENGINE = frozenset({"sqlalchemy.create_engine", "sqlalchemy.engine.create_engine"})
SESSIONMAKER = frozenset({"sqlalchemy.orm.sessionmaker", "sqlalchemy.orm.session.sessionmaker"})
SCOPED_SESSION = frozenset({"sqlalchemy.orm.scoped_session", "sqlalchemy.orm.scoping.scoped_session"})
SESSION_CLASS = frozenset({"sqlalchemy.orm.Session", "sqlalchemy.orm.session.Session"})
# Alembic's connection of the running migration
MIGRATION_BIND = frozenset({"alembic.op.get_bind"})
# packages whose star import binds a factory above under its own name: sqlalchemy's gives
# create_engine (and text); the session factories live in sqlalchemy.orm, whose star import
# the codemods' gates (which read names only through imports) cannot see through
STAR_SOURCES = frozenset({"sqlalchemy"})
_MAX_DEPTH = 12
# what an attribute may be: the extension's ``db.session`` and ``db.engine``, nothing else
ATTRIBUTE_KINDS = frozenset({"session", "engine"})
# the nodes ``kind`` may find a kind in, by class name (the same in LibCST and in ``ast``):
# None for every kind, else the kinds that node may be; every other node is unknown
_SHAPES: dict[str, frozenset[str] | None] = {"Call": None, "Name": None, "Attribute": ATTRIBUTE_KINDS}


def may_be(node: object, kind: str) -> bool:
    """Whether ``SQLAlchemyObjects.kind`` may find ``kind`` in a node shaped as ``node`` (a
    LibCST node or a standard-library one: its gates ask this of ``ast`` nodes): an
    attribute is never the extension, an item (``x["db"]``) nothing."""
    shape = type(node).__name__
    return shape in _SHAPES and (_SHAPES[shape] is None or kind in _SHAPES[shape])


def _kind_of_factory(names: set[str]) -> str | None:
    if names & MIGRATION_BIND:
        return "migration-connection"
    if names & FSA:
        return "fsa"
    if names & CREATE_ENGINE:
        return "engine"
    if names & (SESSIONMAKER | SESSION_CLASS):
        return "session-factory" if names & SESSIONMAKER else "session"
    if names & SCOPED_SESSION:
        return "session"
    return None


class SQLAlchemyObjects:
    def __init__(self, wrapper, ctx: Context) -> None:
        self.wrapper = wrapper
        self.ctx = ctx
        self._known: dict[int, str | None] = {}
        self._star_sources: list[str | None] | None = None

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return metadata_value(self.wrapper, ParentNodeProvider, node)

    def kind(self, node: cst.CSTNode, depth: int = 0) -> str | None:
        key = id(node)
        if key not in self._known:
            self._known[key] = None  # cycles resolve to unknown
            self._known[key] = self._kind(node, depth) if depth < _MAX_DEPTH else None
        return self._known[key]

    def _kind(self, node: cst.CSTNode, depth: int) -> str | None:
        if isinstance(node, cst.Call):
            return self._call_kind(node, depth)
        if isinstance(node, cst.Attribute):
            if may_be(node, node.attr.value) and self.kind(node.value, depth + 1) == "fsa":
                return node.attr.value
            return None
        if isinstance(node, cst.Name):
            return self._name_kind(node, depth)
        return None

    def _call_kind(self, call: cst.Call, depth: int) -> str | None:
        func = call.func
        kind = _kind_of_factory(qualified_names(self.wrapper, func) or self._star_imported(func)) or self._class_kind(func, depth)
        if kind is not None:
            if kind in ("session", "session-factory") and _sets_autocommit(call):
                return None  # the 1.x autocommit mode: nothing about it is mechanical
            if kind == "session" and call.args and not (qualified_names(self.wrapper, func) & SESSION_CLASS):
                inner = call.args[0].value  # scoped_session(factory)
                if isinstance(inner, cst.Call) and _sets_autocommit(inner):
                    return None
            return kind
        if isinstance(func, cst.Attribute):
            owner = self.kind(func.value, depth + 1)
            method = func.attr.value
            if owner == "engine" and method == "connect" and not call.args:
                return "connection"
            if owner == "fsa" and method == "get_engine":
                return "engine"
            if owner == "session" and method == "connection":
                return "transaction-connection"
        callee = self.kind(func, depth + 1)
        if callee in ("session-factory", "session") and not _sets_autocommit(call):
            return "session"  # Session() from a sessionmaker, db.session() from a scoped_session
        return None

    def _star_imported(self, func: cst.BaseExpression) -> set[str]:
        """``{"sqlalchemy.create_engine"}`` for a name that only ``from sqlalchemy import *``
        can have bound: the module's one star import, from a package of STAR_SOURCES, and no
        binding of the name the call can see. A second star import (or a relative one) may
        bind it too: unknown."""
        if not isinstance(func, cst.Name):
            return set()
        scope = metadata_value(self.wrapper, ScopeProvider, func)
        if scope is None or scope[func.value]:
            return set()
        if self._star_sources is None:
            self._star_sources = [
                dotted_name(node.module) if node.module is not None and not node.relative else None
                for node in _star_imports(self.wrapper.module)
            ]
        sources = self._star_sources
        if len(sources) != 1 or sources[0] not in STAR_SOURCES:
            return set()
        return {f"{sources[0]}.{func.value}"}

    def _class_kind(self, func: cst.BaseExpression, depth: int) -> str | None:
        """What an instance of a class of this module is, when the class extends one of the
        factories' classes (``class Database(SQLAlchemy)``: an extension object)."""
        if not isinstance(func, cst.Name) or depth >= _MAX_DEPTH:
            return None
        scope = metadata_value(self.wrapper, ScopeProvider, func)
        assignments = list(scope[func.value]) if scope is not None else []
        cls = getattr(assignments[0], "node", None) if len(assignments) == 1 else None
        return self._instance_kind(cls, depth) if isinstance(cls, cst.ClassDef) else None

    def _instance_kind(self, cls: cst.ClassDef, depth: int) -> str | None:
        for base in cls.bases:
            kind = _kind_of_factory(qualified_names(self.wrapper, base.value)) or self._class_kind(base.value, depth + 1)
            if kind in ("fsa", "session"):
                return kind
        return None

    def _self_kind(self, param: cst.Param, depth: int) -> str | None:
        """``self`` in a method of such a class."""
        function = self.parent(self.parent(param))
        if not (isinstance(function, cst.FunctionDef) and function.params.params and function.params.params[0] is param):
            return None
        if any(dotted_name(d.decorator) in ("staticmethod", "classmethod") for d in function.decorators):
            return None
        block = self.parent(function)
        cls = self.parent(block) if isinstance(block, cst.IndentedBlock) else None
        return self._instance_kind(cls, depth + 1) if isinstance(cls, cst.ClassDef) else None

    def _name_kind(self, node: cst.Name, depth: int) -> str | None:
        scope = metadata_value(self.wrapper, ScopeProvider, node)
        if scope is None:
            return None
        assignments = list(scope[node.value])
        if not assignments:
            return None
        kinds: set[str | None] = set()
        for assignment in assignments:
            if not isinstance(assignment, Assignment):
                return None
            kinds.add(self._assigned_kind(assignment, node.value, depth))
            if None in kinds or len(kinds) > 1:
                return None
        return kinds.pop()

    def _assigned_kind(self, assignment: Assignment, name: str, depth: int) -> str | None:
        node = assignment.node
        if isinstance(node, (cst.Import, cst.ImportFrom)):
            return self._imported_kind(node, name)
        if isinstance(node, cst.Param):
            return self._self_kind(node, depth)
        owner = self.parent(node)
        if isinstance(owner, cst.AssignTarget):
            statement = self.parent(owner)
            if isinstance(statement, cst.Assign) and len(statement.targets) == 1:
                return self.kind(statement.value, depth + 1)
            return None
        if isinstance(owner, cst.AnnAssign) and owner.value is not None and owner.target is node:
            return self.kind(owner.value, depth + 1)
        if isinstance(owner, cst.AsName):
            item = self.parent(owner)
            if isinstance(item, cst.WithItem):
                return self._with_kind(item.item, depth)
        return None

    def _with_kind(self, expression: cst.BaseExpression, depth: int) -> str | None:
        """What ``with EXPRESSION as name`` binds."""
        if isinstance(expression, cst.Call) and isinstance(expression.func, cst.Attribute):
            if self.kind(expression.func.value, depth + 1) == "engine" and not expression.args:
                return {"connect": "connection", "begin": "transaction-connection"}.get(expression.func.attr.value)
        kind = self.kind(expression, depth + 1)
        return kind if kind in ("session", "connection", "migration-connection") else None

    def _imported_kind(self, statement: cst.Import | cst.ImportFrom, name: str) -> str | None:
        if not isinstance(statement, cst.ImportFrom) or isinstance(statement.names, cst.ImportStar):
            return None
        for alias in statement.names:
            bound = alias.asname.name if alias.asname else alias.name
            if not (isinstance(bound, cst.Name) and bound.value == name):
                continue
            source = "." * len(statement.relative) + (dotted_name(statement.module) or "" if statement.module else "")
            return imported_kind(self.ctx, source, dotted_name(alias.name))
        return None


def imported_kind(ctx: Context, source: str, name: str) -> str | None:
    """What the name ``name`` imported from the module ``source`` (``.extensions``,
    ``app.models``) is, from its definition in a neighbouring module: None when the project
    does not hold it, or it is not a call of a factory or of a class extending one."""
    separator = "" if source.endswith(".") else "."
    found = _neighbours.definition(ctx, f"{source}{separator}{name}")
    if found is None or not isinstance(found.value, ast.Call):
        return None
    facts = _ast_facts.Facts(found.tree)
    kind = _kind_of_factory(facts.qualified(found.value.func)) or _neighbour_class_kind(facts, found.value.func)
    if kind is not None and any(k.arg == "autocommit" for k in found.value.keywords):
        return None
    return kind if kind != "session" or _scoped_or_session(facts, found.value) else None


def _neighbour_class_kind(facts: _ast_facts.Facts, func: ast.expr, depth: int = 0) -> str | None:
    """``_class_kind`` in a neighbouring module's tree (its module-level classes)."""
    if not isinstance(func, ast.Name) or depth >= _MAX_DEPTH:
        return None
    classes = [s for s in facts.tree.body if isinstance(s, ast.ClassDef) and s.name == func.id]
    if len(classes) != 1:
        return None
    for base in classes[0].bases:
        kind = _kind_of_factory(facts.qualified(base)) or _neighbour_class_kind(facts, base, depth + 1)
        if kind in ("fsa", "session"):
            return kind
    return None


def _sets_autocommit(call: cst.Call) -> bool:
    return keyword_argument(call, "autocommit") is not None or any(a.star == "**" for a in call.args)


def _scoped_or_session(facts: _ast_facts.Facts, call: ast.Call) -> bool:
    """A neighbour's ``scoped_session(sessionmaker(...))`` without the 1.x autocommit mode."""
    for argument in call.args:
        if isinstance(argument, ast.Call) and any(k.arg == "autocommit" or k.arg is None for k in argument.keywords):
            return False
    return True


def _star_imports(module: cst.Module) -> list[cst.ImportFrom]:
    """Every ``from X import *`` of the module (at its top level or in an if or try there:
    Python allows them nowhere else)."""
    found: list[cst.ImportFrom] = []

    class _Stars(cst.CSTVisitor):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return False

        def visit_ClassDef(self, node: cst.ClassDef) -> bool:
            return False

        def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
            if isinstance(node.names, cst.ImportStar):
                found.append(node)

    module.visit(_Stars())
    return found
