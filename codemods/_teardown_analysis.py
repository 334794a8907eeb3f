"""Analysis for the ``teardown`` codemod: what a module opens per request, and what closes it.

Nothing here rewrites anything. ``analyze(wrapper)`` reads a module (with ``ANALYSIS_METADATA``
resolved) and returns an ``Analysis`` (see ``_teardown_facts``): the connections stored on
``flask.g``, the ``scoped_session`` registries, every function's facts, the teardown /
after_request hooks, and connections kept in module globals.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Iterable

import libcst as cst
from libcst.metadata import Assignment, MetadataWrapper, ScopeProvider

from ._base import metadata_value
from ._flask import string_value
from ._names import dotted_name
from ._resource_factories import SCOPED_SESSIONS, created_by
from ._teardown_connections import ConnectionFactories, Elsewhere
from ._teardown_facts import (
    DELATTR,
    G_ACCESSORS,
    G_NAMES,
    GETATTR,
    SET_OR_DELATTR,
    Analysis,
    FunctionFacts,
    Key,
    ScopedSession,
    SharedConnection,
    Store,
    function_scope_binds,
    g_attribute,
    is_g,
    is_main_guard,
    iter_all,
    iter_body,
    positional,
    qualified_among,
    resolves_to_global,
)
from ._teardown_hooks import collect_hooks


@dataclass
class _Scan:
    """One function being scanned: its facts, what its local names hold, and whether the
    resources it stores on ``g`` are collected."""

    facts: FunctionFacts
    collect: bool
    bindings: dict[str, str] = field(default_factory=dict)  # local name -> g attribute it holds
    local_calls: dict[str, cst.Call] = field(default_factory=dict)  # local name -> the call it was assigned from


class _Analyzer:
    def __init__(
        self, wrapper: MetadataWrapper, session_names: Iterable[str] = (), elsewhere: Elsewhere | None = None
    ) -> None:
        self.wrapper = wrapper
        self.module = wrapper.module
        self.result = Analysis(wrapper)
        self.global_scope = metadata_value(wrapper, ScopeProvider, self.module)
        self.functions: list[cst.FunctionDef] = []
        self.classes: list[cst.ClassDef] = []
        self.getters: dict[int, str] = {}  # id(FunctionDef) -> attr it returns
        self.getter_names: set[str] = set()  # the names of those functions
        self.extra_session_names = set(session_names)
        self.all_nodes = self.result.nodes = iter_all(self.module)
        self._bodies: dict[int, list[cst.CSTNode]] = {}
        self.connections = ConnectionFactories(wrapper, self.body_of, elsewhere)
        self.result.connections = self.connections
        self.connections.analysis = self.result

    def body_of(self, function: cst.FunctionDef) -> list[cst.CSTNode]:
        """The nodes of ``function``'s own body (computed once)."""
        nodes = self._bodies.get(id(function))
        if nodes is None:
            nodes = self._bodies[id(function)] = iter_body(function.body)
        return nodes

    # -- entry point ---------------------------------------------------------------------
    def run(self) -> Analysis:
        result = self.result
        self._scan_module_level()
        # two passes: getters (functions returning g.<attr>) first, then what uses them
        for function in self.functions:
            facts = self._scan_function(function, getter_only=True)
            if facts.returns_attr is not None:
                self.getters[id(function)] = facts.returns_attr
                self.getter_names.add(function.name.value)
        for function in self.functions:
            result.facts[id(function)] = self._scan_function(function, collect=True)
        injected = _injected_receivers(self.all_nodes)
        if injected:  # a test harness's own (blinker connects them for a with-block only)
            result.stores = [store for store in result.stores if store.function.name.value not in injected]
        collect_hooks(self.wrapper, self.functions, self.classes, self.all_nodes, self.connections, self.body_of, result)
        return result

    # -- module level: imports, g spelling, functions, sessions, shared connections --------
    def _scan_module_level(self) -> None:
        result = self.result
        quotes = {"'": 0, '"': 0}
        # a node's exact type, not isinstance: none of these LibCST classes has a subclass
        for node in self.all_nodes:
            kind = type(node)
            if kind is cst.FunctionDef:
                self.functions.append(node)
            elif kind is cst.ClassDef:
                self.classes.append(node)
            elif kind is cst.Import or kind is cst.ImportFrom:
                if _imports_flask(node):
                    result.imports_flask = True
            elif kind is cst.SimpleString:
                quote = node.quote[-1]
                if quote in quotes:
                    quotes[quote] += 1
        result.single_quotes = quotes["'"] > quotes['"']
        result.g_spelling = self._g_spelling()
        for statement in self.module.body:
            if is_main_guard(statement):
                continue
            for node in _iter_body_with_self(statement):
                if type(node) in _ASSIGNMENTS:
                    self._module_assignment(node)
        # assignments to globals inside functions (``global conn; conn = connect()``)
        for function in self.functions:
            for node in self.body_of(function):
                if type(node) in _ASSIGNMENTS:
                    self._global_assignment_in_function(node)

    def _g_spelling(self) -> str | None:
        scope = self.global_scope
        if scope is None:
            return None
        via_module = None
        for assignment in scope.assignments:
            name = assignment.name
            if len(list(scope[name])) != 1:
                continue
            qualified = {q.name for q in scope.get_qualified_names_for(name)}
            if qualified & G_NAMES:
                return name
            if "flask" in qualified and via_module is None:
                via_module = f"{name}.g"
        return via_module

    def _targets(self, node: cst.Assign | cst.AnnAssign) -> list[cst.BaseExpression]:
        if isinstance(node, cst.Assign):
            return [t.target for t in node.targets]
        return [node.target]

    def _module_assignment(self, node: cst.Assign | cst.AnnAssign) -> None:
        value = node.value
        if not isinstance(value, cst.Call):
            return
        for target in self._targets(node):
            if not isinstance(target, cst.Name):
                continue
            if created_by(self.wrapper, value) & SCOPED_SESSIONS:
                self.result.sessions.append(ScopedSession(target.value, target, node))
                continue
            factory = self.connections.factory_of(value, follow=False)
            if factory is not None and factory.kind in ("dbapi", "engine"):
                self.result.shared.append(SharedConnection(target.value, node, factory))

    def _global_assignment_in_function(self, node: cst.Assign | cst.AnnAssign) -> None:
        value = node.value
        if not isinstance(value, cst.Call):
            return
        scope = self.global_scope
        for target in self._targets(node):
            if not isinstance(target, cst.Name) or scope is None:
                continue
            if any(a.node is target for a in scope.assignments[target.value] if isinstance(a, Assignment)):
                factory = self.connections.factory_of(value, follow=False)
                if factory is not None and factory.kind in ("dbapi", "engine"):
                    self.result.shared.append(SharedConnection(target.value, node, factory))

    # -- what opens a connection -----------------------------------------------------------
    # -- one function's facts ------------------------------------------------------------------
    def _scan_function(self, function: cst.FunctionDef, collect: bool = False, getter_only: bool = False) -> FunctionFacts:
        """``getter_only``: only ``returns_attr`` is wanted (it depends on the assignments and
        returns alone), the other nodes are skipped."""
        module_level = any(s is function for s in self.module.body)
        facts = FunctionFacts(function, module_level)
        scan = _Scan(facts, collect)
        wanted = _GETTER_NODES if getter_only else _FUNCTION_NODES
        # a node's exact type, not isinstance: none of these LibCST classes has a subclass
        for node in self.body_of(function):
            kind = type(node)
            if kind not in wanted:
                continue
            if kind is cst.Assign:
                self._note_assignment(node, scan)
            elif kind is cst.Return:
                if node.value is None:
                    continue
                attr = self.attr_of(node.value, scan.bindings)
                if attr is not None:
                    facts.returns_attr = attr
            elif kind is cst.Call:
                self._note_call(node, scan)
                attr = self.attr_of(node, {})
                if attr is not None:
                    facts.uses.add(attr)
            elif kind is cst.Attribute:
                if is_g(self.wrapper, node.value):
                    facts.uses.add(node.attr.value)
            elif kind is cst.Comparison and len(node.comparisons) == 1:
                target = node.comparisons[0]
                if isinstance(target.operator, (cst.In, cst.NotIn)) and is_g(self.wrapper, target.comparator):
                    attr = string_value(node.left)
                    if attr is not None:
                        facts.uses.add(attr)
            elif kind is cst.Del:
                for element in _deleted(node.target):
                    if isinstance(element, cst.Attribute) and is_g(self.wrapper, element.value):
                        facts.pops.add(element.attr.value)
        return facts

    def _note_assignment(self, node: cst.Assign, scan: _Scan) -> None:
        facts, bindings, local_calls = scan.facts, scan.bindings, scan.local_calls
        value = node.value
        stored_attrs = []
        for target in (t.target for t in node.targets):
            if isinstance(target, cst.Attribute) and is_g(self.wrapper, target.value):
                stored_attrs.append(target.attr.value)
                if isinstance(value, cst.Name) and value.value == "None":
                    facts.pops.add(target.attr.value)
        attr = stored_attrs[0] if stored_attrs else self.attr_of(value, bindings)
        for target in (t.target for t in node.targets):
            if isinstance(target, cst.Name):
                if attr is not None:
                    bindings[target.value] = attr
                    if isinstance(value, cst.Call) and qualified_among(self.wrapper, value.func, GETATTR):
                        facts.getattr_locals.setdefault(attr, target.value)
                else:
                    bindings.pop(target.value, None)
                if isinstance(value, cst.Call):
                    local_calls[target.value] = value
        if scan.collect and stored_attrs:
            call = value if isinstance(value, cst.Call) else None
            if isinstance(value, cst.Name) and value.value in local_calls:
                call = local_calls[value.value]
            factory = self.connections.factory_of(call) if call is not None else None
            if factory is not None:
                for stored in stored_attrs:
                    self.result.stores.append(Store(stored, node, facts.function, factory, "assign"))

    def _note_call(self, node: cst.Call, scan: _Scan) -> None:
        facts = scan.facts
        func = node.func
        args = positional(node) or []
        # pool.putconn(conn), self.close(conn): a local holding g.<attr> handed to a call
        facts.passes.update(scan.bindings[a.value] for a in args if isinstance(a, cst.Name) and a.value in scan.bindings)
        # setattr(g, "db", value) / delattr(g, "db")
        names = qualified_among(self.wrapper, func, SET_OR_DELATTR) if len(args) >= 2 else set()
        if names and is_g(self.wrapper, args[0]):
            attr = string_value(args[1])
            if attr is not None:
                if names & DELATTR:
                    facts.pops.add(attr)
                elif len(args) == 3:
                    self._note_stored_value(node, attr, args[2], scan, "setattr")
            return
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            receiver = func.value
            # g.pop("db"), g.setdefault("db", value)
            if method in G_ACCESSORS and is_g(self.wrapper, receiver) and args:
                attr = string_value(args[0])
                if attr is not None and method == "pop":
                    facts.pops.add(attr)
                if attr is not None and method == "setdefault" and len(args) == 2:
                    self._note_stored_value(node, attr, args[1], scan, "setdefault")
                return
            # x.close() / session.remove()
            if method in ("close", "remove"):
                key = self.key_of(receiver, scan.bindings, method)
                if key is not None:
                    facts.releases.add(key)
                    facts.release_nodes.setdefault(key, node)
                return
        if isinstance(func, cst.Name):
            facts.callees.append(func)  # which function it calls: looked up when asked (``Analysis.calls_of``)

    def _note_stored_value(self, node: cst.Call, attr: str, value: cst.BaseExpression, scan: _Scan, via: str) -> None:
        if isinstance(value, cst.Name) and value.value == "None" and via == "setattr":
            scan.facts.pops.add(attr)
            return
        if not scan.collect:
            return
        if isinstance(value, cst.Name):
            value = scan.local_calls.get(value.value, value)
        if isinstance(value, cst.Call):
            factory = self.connections.factory_of(value)
            if factory is not None:
                self.result.stores.append(Store(attr, node, scan.facts.function, factory, via))

    # -- which resource an expression holds --------------------------------------------------------
    def attr_of(self, node: cst.BaseExpression, bindings: dict[str, str]) -> str | None:
        """The g attribute ``node`` evaluates to (see ``g_attribute``), or the attribute a
        getter of the module returns when ``node`` calls it."""
        attr = g_attribute(self.wrapper, node, bindings)
        # (a callee not named like a getter is none: not looked up)
        if attr is None and isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in self.getter_names:
            called = self.connections.local_function(node.func)
            if called is not None:
                return self.getters.get(id(called))
        return attr

    def key_of(self, receiver: cst.BaseExpression, bindings: dict[str, str], method: str) -> Key | None:
        """The resource ``receiver.close()`` / ``receiver.remove()`` releases."""
        if isinstance(receiver, cst.Name) and receiver.value not in bindings:
            if self._is_session_name(receiver):
                return ("session", receiver.value)
        if isinstance(receiver, cst.Attribute) and receiver.attr.value in self.extra_session_names:
            return ("session", receiver.attr.value)
        if method != "close":
            return None
        attr = self.attr_of(receiver, bindings)
        return ("g", attr) if attr is not None else None

    def _is_session_name(self, name: cst.Name) -> bool:
        if name.value in self.extra_session_names:
            return resolves_to_global(self.wrapper, name)
        # (a scope binds a name by a Name node so spelled: only sessions of this name can be)
        targets = {id(s.target) for s in self.result.sessions if s.name == name.value}
        if not targets:
            return False
        return any(id(a.node) in targets for a in function_scope_binds(self.wrapper, name))


_ASSIGNMENTS = frozenset((cst.Assign, cst.AnnAssign))
# the nodes a function's scan reads: all of them, or what a getter's returned attribute depends on
_FUNCTION_NODES = frozenset((cst.Assign, cst.Return, cst.Call, cst.Attribute, cst.Comparison, cst.Del))
_GETTER_NODES = frozenset((cst.Assign, cst.Return))


def _iter_body_with_self(node: cst.CSTNode) -> list[cst.CSTNode]:
    if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
        return [node]
    return [node, *iter_body(node)]


def _deleted(target: cst.BaseExpression) -> list[cst.BaseExpression]:
    if isinstance(target, (cst.Tuple, cst.List)):
        return [e.value for e in target.elements]
    return [target]


def _imports_flask(node: cst.Import | cst.ImportFrom) -> bool:
    if isinstance(node, cst.Import):
        return any((dotted_name(a.name) or "").split(".")[0].startswith("flask") for a in node.names)
    if node.relative or node.module is None:
        return False
    return (dotted_name(node.module) or "").split(".")[0].startswith("flask")


def analyze(
    wrapper: MetadataWrapper,
    session_names: Iterable[str] = (),
    elsewhere: Elsewhere | None = None,
    tree: ast.Module | None = None,
) -> Analysis:
    """Read ``wrapper.module`` (``ANALYSIS_METADATA`` resolved). ``session_names``: names of
    scoped sessions defined in another module (used when checking a sibling file);
    ``elsewhere``: finds what a name imported from another module of the project is;
    ``tree``: the module's stdlib AST, when at hand (what its teardown handlers release is
    read off it: ``Analysis.teardown_released``)."""
    names = tuple(session_names)
    result = _Analyzer(wrapper, names, elsewhere).run()
    result.tree = tree
    result.session_names = names
    return result


def _injected_receivers(nodes: list[cst.CSTNode]) -> set[str]:
    """The names of functions handed to a signal's ``connected_to(receiver, ...)``: blinker
    connects them for the with-block around it only, the Flask documentation's way for tests to
    fake what ``g`` holds (``appcontext_pushed.connected_to(handler, app)``); what such a
    receiver opens belongs to the code that opens the block."""
    found = set()
    for node in nodes:
        if type(node) is not cst.Call:
            continue
        func = node.func  # type: ignore[attr-defined]
        if type(func) is cst.Attribute and func.attr.value == "connected_to" and node.args:  # type: ignore[attr-defined]
            first = node.args[0].value  # type: ignore[attr-defined]
            if type(first) is cst.Name:
                found.add(first.value)
    return found
