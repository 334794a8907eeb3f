"""Which calls open a connection that the ``teardown`` codemod closes per request (read-only).

A call opens one when its callee resolves to a DB-API ``connect`` or a redis client of the
shared catalogue (``_resource_factories``), when it is ``<engine>.connect()``, when it calls a
function of the module whose ``return`` gives back such a call, or, for a callee the module
does not define, when its name promises a new connection (``connect_db``). A function that
hands out a module-level object (a shared connection) opens nothing.
"""

from __future__ import annotations

import re
from typing import Callable

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider

from ._base import metadata_value
from ._flask import qualified_names
from ._names import dotted_name
from ._resource_factories import DBAPI_CONNECTS, ENGINES, REDIS_CLIENTS
from ._teardown_facts import Factory, function_scope_binds, resolves_to_global

_CONNECTION_WORD = re.compile(r"^(get|create|new|open|make)_?\w*connection$")
# words one of which the text of a module opening a connection holds
CONNECTION_TEXT = re.compile(r"(?i:connect)|Redis|from_url|scoped_session")


def may_open_connections(text: str) -> bool:
    """Whether a module's text may open what teardown releases: a flask module that mentions
    a connect or a redis client, or any module that mentions ``scoped_session``."""
    return ("flask" in text and CONNECTION_TEXT.search(text) is not None) or "scoped_session" in text


def looks_like_connect(name: str) -> bool:
    """A callee name that promises a new connection: ``connect``, ``db_connect``,
    ``connect_db``, ``get_db_connection`` (never ``disconnect`` nor a bare ``connection``)."""
    lowered = name.lower()
    if "disconnect" in lowered:
        return False
    return lowered.endswith("connect") or lowered.startswith("connect_") or bool(_CONNECTION_WORD.match(lowered))


class ConnectionFactories:
    """Answers ``factory_of(call)`` for one module. ``body_of(function)`` gives the nodes of a
    function's own body (the analyzer computes them once)."""

    def __init__(self, wrapper: MetadataWrapper, body_of: Callable[[cst.FunctionDef], list[cst.CSTNode]]) -> None:
        self.wrapper = wrapper
        self.body_of = body_of

    def factory_of(self, call: cst.Call, depth: int = 0) -> Factory | None:
        """The connection ``call`` opens, or None when it is not a (new) connection."""
        names = qualified_names(self.wrapper, call.func)
        label = f"{dotted_name(call.func) or 'connect'}(...)"
        if names & DBAPI_CONNECTS:
            return Factory(label, "dbapi")
        if names & REDIS_CLIENTS:
            return Factory(label, "redis")
        if isinstance(call.func, cst.Attribute) and call.func.attr.value == "connect":
            if self._is_engine(call.func.value):
                return Factory(label, "engine")
        local = self.local_function(call.func)
        if local is not None:
            if depth >= 3:
                return None
            return self._factory_of_function(local, label, depth + 1)
        last = call.func.attr.value if isinstance(call.func, cst.Attribute) else getattr(call.func, "value", "")
        if isinstance(last, str) and looks_like_connect(last):
            return Factory(label, "generic")
        return None

    def local_function(self, func: cst.BaseExpression) -> cst.FunctionDef | None:
        """The function of this module a callee named by a plain Name refers to."""
        if not isinstance(func, cst.Name):
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
        if isinstance(node, cst.Call) and qualified_names(self.wrapper, node.func) & ENGINES:
            return True
        last = dotted_name(node) or ""
        if "engine" in last.rsplit(".", 1)[-1].lower():
            return True
        if isinstance(node, cst.Name):
            for assignment in function_scope_binds(self.wrapper, node):
                parent = self.assigned_value(assignment.node)
                if isinstance(parent, cst.Call) and qualified_names(self.wrapper, parent.func) & ENGINES:
                    return True
        return False

    def _factory_of_function(self, function: cst.FunctionDef, label: str, depth: int) -> Factory | None:
        """A module function used as a factory: what its ``return`` statements give back."""
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
                inner = self.factory_of(value, depth)
                if inner is not None:
                    found = found or Factory(label, inner.kind)
        # no guessing from the name here: the body is visible and shows no connection
        return found
