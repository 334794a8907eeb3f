"""One function's own body, read for teardown (``_teardown_released``): what its local names
hold of ``g``, what it releases, pops, hands to calls and calls, in source order, and the
``g`` attribute it returns when it is a getter."""

from __future__ import annotations

import ast
from typing import Any

from ._teardown_names import DELATTR, GETATTR, G_ACCESSORS, Key, SET_OR_DELATTR, FunctionNode


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


class FunctionScan:
    """One function's own body, in source order: what its local names hold, and what it
    releases, pops, hands to calls and calls."""

    def __init__(self, module: Any, function: FunctionNode) -> None:  # module: _teardown_released's _Module
        self.module = module
        self.function = function
        self.bindings: dict[str, str] = {}  # local name -> the g attribute it holds
        self.releases: set[Key] = set()
        self.pops: set[str] = set()
        self.passes: set[str] = set()
        self.callees: list[ast.Name] = []
        self.imported_sessions = _imported_sessions(module, function)

    def run(self, getter_only: bool = False) -> str | None:
        """The g attribute the function returns (a getter), the last one returned."""
        returns = None
        for node in self.module.own[id(self.function)]:
            kind = type(node)
            if kind is ast.Assign:
                self._assign(node)  # type: ignore[arg-type]
            elif kind is ast.Return:
                if node.value is not None:  # type: ignore[attr-defined]
                    attr = self.attr_of(node.value)  # type: ignore[attr-defined]
                    returns = attr if attr is not None else returns
            elif getter_only:
                continue
            elif kind is ast.Call:
                self._call(node)  # type: ignore[arg-type]
            elif kind is ast.Delete:
                for target in node.targets:  # type: ignore[attr-defined]
                    for element in target.elts if type(target) in (ast.Tuple, ast.List) else [target]:
                        if type(element) is ast.Attribute and self.module.is_g(element.value):
                            self.pops.add(element.attr)
        return returns

    def _assign(self, node: ast.Assign) -> None:
        is_g = self.module.is_g
        stored = []
        for target in node.targets:
            if type(target) is ast.Attribute and is_g(target.value):
                stored.append(target.attr)
                if _is_none(node.value):
                    self.pops.add(target.attr)
        attr = stored[0] if stored else self.attr_of(node.value)
        for target in node.targets:
            if type(target) is ast.Name:
                if attr is not None:
                    self.bindings[target.id] = attr
                else:
                    self.bindings.pop(target.id, None)

    def _call(self, node: ast.Call) -> None:
        module, func = self.module, node.func
        args = positional(node) or []
        self.passes.update(self.bindings[a.id] for a in args if type(a) is ast.Name and a.id in self.bindings)
        names = module.qualified(func) & SET_OR_DELATTR if len(args) >= 2 else set()
        if names and module.is_g(args[0]):
            attr = _string(args[1])
            if attr is not None and (names & DELATTR or (len(args) == 3 and _is_none(args[2]))):
                self.pops.add(attr)
            return
        if type(func) is ast.Attribute:
            if func.attr in G_ACCESSORS and args and module.is_g(func.value):
                attr = _string(args[0])
                if attr is not None and func.attr == "pop":
                    self.pops.add(attr)
                return
            receiver, method = func.value, func.attr
            if method == "disconnect" and type(receiver) is ast.Attribute and receiver.attr == "connection_pool":
                receiver, method = receiver.value, "close"  # closes every connection of its client
            if method in ("close", "remove"):
                key = self._key_of(receiver, method)
                if key is not None:
                    self.releases.add(key)
                return
        if type(func) is ast.Name:
            self.callees.append(func)

    def _key_of(self, receiver: ast.expr, method: str) -> Key | None:
        """The resource ``receiver.close()`` / ``.remove()`` releases."""
        module = self.module
        if type(receiver) is ast.Name and receiver.id in self.imported_sessions:
            return ("session", self.imported_sessions[receiver.id])
        if type(receiver) is ast.Name and receiver.id not in self.bindings:
            if receiver.id in module.session_names:
                names = module.module_names  # a session of another module: the name the module binds
            else:
                names = module.sessions
            if receiver.id in names and module.is_module_name(receiver):
                return ("session", receiver.id)
        if type(receiver) is ast.Attribute and receiver.attr in module.session_names:
            return ("session", receiver.attr)
        if method != "close":
            return None
        attr = self.attr_of(receiver)
        return ("g", attr) if attr is not None else None

    def attr_of(self, node: ast.expr) -> str | None:
        """The g attribute ``node`` evaluates to: ``g.db``, ``getattr(g, "db", None)``,
        ``g.get("db")`` (``pop``, ``setdefault``), a local holding one, or a call of a getter
        of the module."""
        module = self.module
        kind = type(node)
        if kind is ast.Attribute and module.is_g(node.value):  # type: ignore[attr-defined]
            return node.attr  # type: ignore[attr-defined]
        if kind is ast.Name:
            return self.bindings.get(node.id)  # type: ignore[attr-defined]
        if kind is not ast.Call:
            return None
        args = positional(node) or []  # type: ignore[arg-type]
        func = node.func  # type: ignore[attr-defined]
        attr = None
        if len(args) >= 2 and not module.qualified(func).isdisjoint(GETATTR) and module.is_g(args[0]):
            attr = _string(args[1])
        elif type(func) is ast.Attribute and func.attr in G_ACCESSORS and args and module.is_g(func.value):
            attr = _string(args[0])
        if attr is None and type(func) is ast.Name:
            called = module.local_function(func)
            return module.getters.get(id(called)) if called is not None else None
        return attr


def positional(call: ast.Call) -> list[ast.expr] | None:
    """The positional arguments, or None when a star or double star is passed."""
    if any(type(a) is ast.Starred for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    return list(call.args)


def _string(node: ast.expr) -> str | None:
    return node.value if type(node) is ast.Constant and type(node.value) is str else None  # type: ignore[attr-defined]


def _is_none(node: ast.expr | None) -> bool:
    return type(node) is ast.Constant and node.value is None  # type: ignore[union-attr]


def _imported_sessions(module: Any, function: FunctionNode) -> dict[str, str]:
    """The names by which ``function`` reads sessions of other modules (``module.session_names``)
    through imports: its own (a handler that imports ``db_session`` itself: ``from
    pkg.database import db_session``) or those of a function around it, as Python resolves a
    name it does not bind (a factory that imports ``db_session`` in its body and defines the
    handler that removes it). A name a nearer function binds otherwise hides the outer import."""
    found: dict[str, str] = {}
    hidden: set[str] = set()
    around = [scope for scope in module.scopes_of.get(id(function), ()) if type(scope) in _FUNCTIONS]
    for scope in [function, *reversed(around)]:
        for node in module.own.get(id(scope), ()):
            if type(node) is not ast.ImportFrom:
                continue
            for alias in node.names:  # type: ignore[attr-defined]
                bound = alias.asname or alias.name
                if alias.name in module.session_names and bound not in found and bound not in hidden:
                    found[bound] = alias.name
        hidden |= module.bound_in(scope)
    return found
