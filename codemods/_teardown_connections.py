"""Which calls open a connection that the ``teardown`` codemod closes per request (read-only).

A call opens one when its callee resolves to a DB-API ``connect`` or a redis client of the
shared catalogue (``_resource_factories``), when it is ``<engine>.connect()``, when it makes a
plain SQLAlchemy session (``Session(...)``, ``sessionmaker(...)()``, a call of a name bound once
to a ``sessionmaker(...)``: not a ``scoped_session``'s registry, whose sessions it keeps), when it calls a
function of the project (of this module, or imported from another one: ``elsewhere`` finds
it) or a method of an object of a class of the project, whose ``return`` gives back such a
call, or, for a callee nobody can read, when its name promises a new connection
(``connect_db``). Pooled and shared connections open nothing: a function that hands out a
module-level object (a shared connection), and a call on a connection pool (one of the
catalogue, or anything the code calls a pool: ``self._pool.get_connection()``), whose
connections go back to the pool rather than being closed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider

from ._base import metadata_value
from ._name_candidates import candidates_of
from ._names import dotted_name
from ._resource_factories import CONNECTION_POOLS, DBAPI_CONNECTS, ENGINES, REDIS_CLIENTS, created_by
from ._sqlalchemy import SESSION_CLASS, SESSIONMAKER
from ._teardown_facts import Factory, function_scope_binds, resolves_to_global

_CONNECTION_WORD = re.compile(r"^(get|create|new|open|make)_?\w*connection$")


def looks_like_connect(name: str) -> bool:
    """A callee name that promises a new connection: ``connect``, ``db_connect``,
    ``connect_db``, ``get_db_connection`` (never ``disconnect`` nor a bare ``connection``)."""
    lowered = name.lower()
    if "disconnect" in lowered:
        return False
    return lowered.endswith("connect") or lowered.startswith("connect_") or bool(_CONNECTION_WORD.match(lowered))


@dataclass(frozen=True)
class Definition:
    """What a name stands for: a function or class, or the value assigned to it, as a node
    of the module ``factories`` answers for."""

    factories: "ConnectionFactories"
    node: cst.CSTNode
    path: str | None = None  # the module's, from the transformed file's folder, when another module's


# finds what the name an import statement binds stands for in the module it imports from
Elsewhere = Callable[[cst.CSTNode, str], "Definition | None"]
_MAX_DEPTH = 3  # functions followed, one into the next


class ConnectionFactories:
    """Answers ``factory_of(call)`` for one module. ``body_of(function)`` gives the nodes of a
    function's own body (the analyzer computes them once); ``elsewhere`` follows imports."""

    def __init__(
        self,
        wrapper: MetadataWrapper,
        body_of: Callable[[cst.FunctionDef], list[cst.CSTNode]],
        elsewhere: Elsewhere | None = None,
    ) -> None:
        self.wrapper = wrapper
        self.body_of = body_of
        self.elsewhere = elsewhere
        self.analysis: Any = None  # the module's ``Analysis``, which these answers are part of

    def factory_of(self, call: cst.Call, depth: int = 0, follow: bool = True) -> Factory | None:
        """The connection ``call`` opens, or None when it is not a (new) connection.
        ``follow``: read other modules of the project for what an imported name is."""
        names = created_by(self.wrapper, call)
        label = f"{dotted_name(call.func) or 'connect'}(...)"
        if names & DBAPI_CONNECTS:
            return Factory(label, "dbapi")
        if names & REDIS_CLIENTS:
            shared = any(arg.keyword is not None and arg.keyword.value == "connection_pool" for arg in call.args)
            return Factory(label, "redis-shared" if shared else "redis")
        func = call.func
        if names & SESSION_CLASS or (isinstance(func, cst.Call) and created_by(self.wrapper, func) & SESSIONMAKER):
            return Factory(label, "orm-session")
        if isinstance(func, cst.Attribute):
            if func.attr.value == "connect" and self._is_engine(func.value):
                return Factory(label, "engine")
            if self._is_pool(func.value, follow):
                return None  # a pooled connection goes back to its pool
            method = self._method(func.value, func.attr.value, follow)
            if method is not None:
                return None if depth >= _MAX_DEPTH else method.factories.returned(method.node, label, depth + 1, follow)
        local = self.local_function(func)
        if local is None and isinstance(func, cst.Name):
            found = self.definition(func, follow)
            if found is not None and isinstance(found.node, cst.Call) and created_by(found.factories.wrapper, found.node) & SESSIONMAKER:
                return Factory(label, "orm-session")  # SessionLocal = sessionmaker(...)
            if found is not None and isinstance(found.node, cst.Attribute):  # get = db.get_connection
                found = found.factories._method(found.node.value, found.node.attr.value, follow)
            if found is not None and found.factories is not self and isinstance(found.node, cst.FunctionDef):
                return None if depth >= _MAX_DEPTH else found.factories.returned(found.node, label, depth + 1, follow)
        if local is not None:
            if depth >= _MAX_DEPTH:
                return None
            return self.returned(local, label, depth + 1, follow)
        last = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
        if isinstance(last, str) and looks_like_connect(last):
            return Factory(label, "generic")
        return None

    def definition(self, name: cst.Name, follow: bool = True) -> Definition | None:
        """What ``name`` stands for, when it is bound once: a function or class of this
        module, the value assigned to it here, or (``follow``) what it is in the module of the
        project it is imported from."""
        binds = function_scope_binds(self.wrapper, name)
        if len(binds) != 1:
            return None
        node = binds[0].node
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            return Definition(self, node)
        if isinstance(node, (cst.Import, cst.ImportFrom)):
            return self.elsewhere(node, name.value) if follow and self.elsewhere is not None else None
        value = self.assigned_value(node)
        return Definition(self, value) if value is not None else None

    def _is_pool(self, node: cst.BaseExpression, follow: bool) -> bool:
        """A connection pool: an object made by a pool of the catalogue, or named one."""
        if "pool" in (dotted_name(node) or "").rsplit(".", 1)[-1].lower():
            return True
        found = self.definition(node, follow) if isinstance(node, cst.Name) else None
        return (
            found is not None
            and isinstance(found.node, cst.Call)
            and bool(created_by(found.factories.wrapper, found.node) & CONNECTION_POOLS)
        )

    def _method(self, receiver: cst.BaseExpression, name: str, follow: bool) -> Definition | None:
        """``name`` of the class of the project ``receiver`` is an instance of (``db = DB()``)."""
        instance = self.definition(receiver, follow) if isinstance(receiver, cst.Name) else None
        if instance is None or not isinstance(instance.node, cst.Call) or not isinstance(instance.node.func, cst.Name):
            return None
        made_by = instance.factories.definition(instance.node.func, follow)
        if made_by is None or not isinstance(made_by.node, cst.ClassDef):
            return None
        for statement in made_by.node.body.body:
            if isinstance(statement, cst.FunctionDef) and statement.name.value == name:
                return Definition(made_by.factories, statement)
        return None

    def local_function(self, func: cst.BaseExpression) -> cst.FunctionDef | None:
        """The function of this module a callee named by a plain Name refers to (not looked
        up when no function or class of the module is so named: only a ``def`` of that name
        binds it to a function)."""
        if not isinstance(func, cst.Name) or func.value not in candidates_of(self.wrapper.module).defined:
            return None
        for assignment in function_scope_binds(self.wrapper, func):
            if isinstance(assignment.node, cst.FunctionDef):
                return assignment.node
        return None

    def assigned_value(self, target: cst.CSTNode) -> cst.BaseExpression | None:
        """The value assigned to the Name ``target`` (``target = value``), if it is one."""
        parent = metadata_value(self.wrapper, ParentNodeProvider, target)
        if isinstance(parent, cst.AssignTarget):
            statement = metadata_value(self.wrapper, ParentNodeProvider, parent)
            if isinstance(statement, cst.Assign):
                return statement.value
        if isinstance(parent, cst.AnnAssign) and parent.target is target:
            return parent.value
        return None

    def _is_engine(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, cst.Call) and created_by(self.wrapper, node) & ENGINES:
            return True
        last = dotted_name(node) or ""
        if "engine" in last.rsplit(".", 1)[-1].lower():
            return True
        if isinstance(node, cst.Name):
            for assignment in function_scope_binds(self.wrapper, node):
                parent = self.assigned_value(assignment.node)
                if isinstance(parent, cst.Call) and created_by(self.wrapper, parent) & ENGINES:
                    return True
        return False

    def returned(self, function: cst.FunctionDef, label: str, depth: int, follow: bool = True) -> Factory | None:
        """A function of this module used as a factory: what its ``return`` statements give back."""
        found: Factory | None = None
        for node in self.body_of(function):
            if not isinstance(node, cst.Return) or node.value is None:
                continue
            value = node.value
            if isinstance(value, cst.Name):
                if resolves_to_global(self.wrapper, value):
                    return None  # hands out a shared, module-level object
                bound = [self.assigned_value(a.node) for a in function_scope_binds(self.wrapper, value)]
                calls = [b for b in bound if isinstance(b, cst.Call)]
                value = calls[0] if len(calls) == 1 and len(bound) == 1 else value
            if isinstance(value, cst.Call):
                inner = self.factory_of(value, depth, follow)
                if inner is not None:
                    found = found or Factory(label, inner.kind)
        # no guessing from the name here: the body is visible and shows no connection
        return found
