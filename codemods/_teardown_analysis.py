"""Analysis for the ``teardown`` codemod: what a module opens per request, and what closes it.

Nothing here rewrites anything. ``analyze(wrapper)`` reads a module (with ``ANALYSIS_METADATA``
resolved) and returns an ``Analysis``: the connections stored on ``flask.g``, the
``scoped_session`` registries, every function's facts (what it closes, pops, calls, returns),
the teardown / after_request hooks, and connections kept in module globals.

A *key* names one resource: ``("g", "db")`` for ``g.db``, ``("session", "db_session")`` for a
module-level ``db_session = scoped_session(...)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

import libcst as cst
from libcst.metadata import (
    Assignment,
    GlobalScope,
    MetadataWrapper,
    ParentNodeProvider,
    QualifiedNameProvider,
    ScopeProvider,
)

from ._base import metadata_value
from ._flask import qualified_names, string_value
from ._names import dotted_name

ANALYSIS_METADATA = (QualifiedNameProvider, ScopeProvider, ParentNodeProvider)

Key = tuple[str, str]  # ("g", attribute) or ("session", global name)

G_NAMES = frozenset({"flask.g", "flask.globals.g"})
SCOPED_SESSION = frozenset({"sqlalchemy.orm.scoped_session", "sqlalchemy.orm.scoping.scoped_session"})
CREATE_ENGINE = frozenset({"sqlalchemy.create_engine", "sqlalchemy.engine.create_engine"})
GETATTR = frozenset({"builtins.getattr", "getattr"})
SETATTR = frozenset({"builtins.setattr", "setattr"})
DELATTR = frozenset({"builtins.delattr", "delattr"})
HASATTR = frozenset({"builtins.hasattr", "hasattr"})

# DB-API connection factories, by qualified name
DBAPI_FACTORIES = frozenset(
    {
        "sqlite3.connect",
        "sqlite3.dbapi2.connect",
        "psycopg2.connect",
        "psycopg.connect",
        "psycopg.Connection.connect",
        "pymysql.connect",
        "pymysql.Connect",
        "pymysql.connections.Connection",
        "MySQLdb.connect",
        "MySQLdb.Connect",
        "mysql.connector.connect",
        "pyodbc.connect",
        "oracledb.connect",
        "cx_Oracle.connect",
        "pg8000.connect",
        "mariadb.connect",
    }
)
REDIS_FACTORIES = frozenset(
    {
        "redis.Redis",
        "redis.StrictRedis",
        "redis.client.Redis",
        "redis.client.StrictRedis",
        "redis.from_url",
        "redis.Redis.from_url",
        "redis.StrictRedis.from_url",
    }
)

TEARDOWN_HOOKS = frozenset({"teardown_appcontext", "teardown_request", "teardown_app_request"})
TEARDOWN_SIGNALS = frozenset(
    {
        "flask.appcontext_tearing_down",
        "flask.signals.appcontext_tearing_down",
        "flask.request_tearing_down",
        "flask.signals.request_tearing_down",
    }
)
SIGNAL_HOOK = "tearing_down signal"
AFTER_HOOKS = frozenset({"after_request", "after_app_request"})
G_ACCESSORS = frozenset({"get", "pop", "setdefault"})

_CONNECTION_WORD = re.compile(r"^(get|create|new|open|make)_?\w*connection$")


def looks_like_connect(name: str) -> bool:
    """A callee name that promises a new connection: ``connect``, ``db_connect``,
    ``connect_db``, ``get_db_connection`` (never ``disconnect`` nor a bare ``connection``)."""
    lowered = name.lower()
    if "disconnect" in lowered:
        return False
    return lowered.endswith("connect") or lowered.startswith("connect_") or bool(_CONNECTION_WORD.match(lowered))


@dataclass(frozen=True)
class Factory:
    """What opens a connection: ``label`` for messages, ``kind`` for decisions."""

    label: str  # "sqlite3.connect(...)"
    kind: str  # "dbapi", "redis", "engine" or "generic"


@dataclass(eq=False)
class Store:
    """``g.<attr> = <connection>`` (or setattr / setdefault) inside a function."""

    attr: str
    node: cst.CSTNode  # the Assign / Call that stores it
    function: cst.FunctionDef
    factory: Factory
    via: str  # "assign", "setattr" or "setdefault"


@dataclass(eq=False)
class ScopedSession:
    """A module-level ``name = scoped_session(...)``."""

    name: str
    target: cst.Name
    node: cst.CSTNode  # the Assign


@dataclass(eq=False)
class SharedConnection:
    """A connection kept in a module global: shared by every request."""

    name: str
    node: cst.CSTNode
    factory: Factory


@dataclass(eq=False)
class Hook:
    """A function registered as a teardown or after_request handler."""

    function: cst.FunctionDef
    hook: str  # "teardown_appcontext", "after_request", ...
    receiver: cst.BaseExpression  # the app / blueprint expression
    decorator: cst.Decorator | None = None
    call: cst.Call | None = None  # ``app.teardown_appcontext(fn)``

    @property
    def is_teardown(self) -> bool:
        return self.hook in TEARDOWN_HOOKS or self.hook == SIGNAL_HOOK


@dataclass(eq=False)
class FunctionFacts:
    """What one function (its own body, nested functions excluded) does with the resources."""

    function: cst.FunctionDef
    module_level: bool
    releases: set = field(default_factory=set)  # keys it closes / removes
    release_nodes: dict = field(default_factory=dict)  # key -> the first call that releases it
    uses: set = field(default_factory=set)  # g attributes it reads, writes or tests
    pops: set = field(default_factory=set)  # g attributes it pops / deletes / resets
    calls: list = field(default_factory=list)  # FunctionDefs it calls by name
    returns_attr: str | None = None  # a getter: returns g.<attr>
    getattr_locals: dict = field(default_factory=dict)  # attr -> local name of getattr(g, attr)


@dataclass
class Analysis:
    wrapper: MetadataWrapper
    stores: list[Store] = field(default_factory=list)
    sessions: list[ScopedSession] = field(default_factory=list)
    shared: list[SharedConnection] = field(default_factory=list)
    hooks: list[Hook] = field(default_factory=list)
    facts: dict[int, FunctionFacts] = field(default_factory=dict)  # id(FunctionDef) -> facts
    registered_names: set[str] = field(default_factory=set)  # names passed to teardown hooks
    g_spelling: str | None = None  # how module-level code spells flask.g ("g", "flask.g")
    imports_flask: bool = False
    single_quotes: bool = False  # the module prefers '...' strings

    # -- derived facts -------------------------------------------------------------------
    def facts_of(self, function: cst.FunctionDef) -> FunctionFacts | None:
        return self.facts.get(id(function))

    def reachable_releases(self, function: cst.FunctionDef) -> set:
        """Keys ``function`` releases, itself or through the module functions it calls."""
        seen: set[int] = set()
        found: set = set()
        stack = [function]
        while stack:
            current = stack.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            facts = self.facts_of(current)
            if facts is None:
                continue
            found |= facts.releases
            stack.extend(facts.calls)
        return found

    def reachable_uses(self, function: cst.FunctionDef) -> set:
        """g attributes ``function`` uses, itself or through the module functions it calls."""
        seen: set[int] = set()
        found: set = set()
        stack = [function]
        while stack:
            current = stack.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            facts = self.facts_of(current)
            if facts is None:
                continue
            found |= facts.uses
            stack.extend(facts.calls)
        return found

    def teardown_released(self) -> set:
        """Keys some registered teardown handler already releases."""
        found: set = set()
        for hook in self.hooks:
            if hook.is_teardown:
                found |= self.reachable_releases(hook.function)
        return found

    def getattr_local(self, attr: str) -> str | None:
        for facts in self.facts.values():
            if attr in facts.getattr_locals:
                return facts.getattr_locals[attr]
        return None


# ---------------------------------------------------------------------------------------------
# helpers on expressions


def _is_g(wrapper: MetadataWrapper, node: cst.CSTNode) -> bool:
    return isinstance(node, (cst.Name, cst.Attribute)) and bool(qualified_names(wrapper, node) & G_NAMES)


def _positional(call: cst.Call) -> list[cst.BaseExpression] | None:
    """The positional arguments, or None when there are keywords / stars we do not follow."""
    values = []
    for arg in call.args:
        if arg.star:
            return None
        if arg.keyword is None:
            values.append(arg.value)
    return values


def _function_scope_binds(wrapper: MetadataWrapper, name: cst.Name) -> list[Assignment]:
    scope = metadata_value(wrapper, ScopeProvider, name)
    if scope is None:
        return []
    return [a for a in scope[name.value] if isinstance(a, Assignment)]


def _resolves_to_global(wrapper: MetadataWrapper, name: cst.Name) -> bool:
    scope = metadata_value(wrapper, ScopeProvider, name)
    if scope is None:
        return False
    assignments = list(scope[name.value])
    return bool(assignments) and all(isinstance(a.scope, GlobalScope) for a in assignments)


class _NodeCollector(cst.CSTVisitor):
    """Collects nodes in source order; ``stop_at_scopes``: not inside nested functions,
    classes or lambdas (they are still collected themselves)."""

    def __init__(self, root: cst.CSTNode, stop_at_scopes: bool) -> None:
        self.root = root
        self.stop_at_scopes = stop_at_scopes
        self.nodes: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if node is self.root:
            return True
        self.nodes.append(node)
        return not (self.stop_at_scopes and isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)))


def _iter_body(node: cst.CSTNode) -> list[cst.CSTNode]:
    """Every node inside ``node``, in source order, not descending into nested functions,
    classes or lambdas."""
    collector = _NodeCollector(node, stop_at_scopes=True)
    node.visit(collector)
    return collector.nodes


def _is_main_guard(node: cst.CSTNode) -> bool:
    if not isinstance(node, cst.If) or not isinstance(node.test, cst.Comparison):
        return False
    test = node.test
    return (
        isinstance(test.left, cst.Name)
        and test.left.value == "__name__"
        and len(test.comparisons) == 1
        and string_value(test.comparisons[0].comparator) == "__main__"
    )


def accepts_one_argument(function: cst.FunctionDef) -> bool:
    """True when ``function(x)`` is a valid call (a teardown handler gets the exception)."""
    params = function.params
    positional = list(params.posonly_params) + list(params.params)
    if any(p.default is None for p in params.kwonly_params):
        return False
    if isinstance(params.star_arg, cst.Param):
        return all(p.default is not None for p in positional[1:]) or not positional
    if not positional:
        return False
    return all(p.default is not None for p in positional[1:])


# ---------------------------------------------------------------------------------------------
# the analyzer


class _Analyzer:
    def __init__(self, wrapper: MetadataWrapper, session_names: Iterable[str] = ()) -> None:
        self.wrapper = wrapper
        self.module = wrapper.module
        self.result = Analysis(wrapper)
        self.global_scope = metadata_value(wrapper, ScopeProvider, self.module)
        self.functions: list[cst.FunctionDef] = []
        self.module_functions: dict[str, cst.FunctionDef] = {}
        self.getters: dict[int, str] = {}  # id(FunctionDef) -> attr it returns
        self.extra_session_names = set(session_names)
        self.all_nodes = _iter_all(self.module)
        self._bodies: dict[int, list[cst.CSTNode]] = {}

    def body_of(self, function: cst.FunctionDef) -> list[cst.CSTNode]:
        """The nodes of ``function``'s own body (computed once)."""
        nodes = self._bodies.get(id(function))
        if nodes is None:
            nodes = self._bodies[id(function)] = _iter_body(function.body)
        return nodes

    # -- entry point ---------------------------------------------------------------------
    def run(self) -> Analysis:
        result = self.result
        self._scan_module_level()
        # two passes: getters (functions returning g.<attr>) first, then what uses them
        for function in self.functions:
            facts = self._scan_function(function)
            if facts.returns_attr is not None:
                self.getters[id(function)] = facts.returns_attr
        for function in self.functions:
            result.facts[id(function)] = self._scan_function(function, collect=True)
        self._collect_hooks()
        return result

    # -- module level: imports, g spelling, functions, sessions, shared connections --------
    def _scan_module_level(self) -> None:
        result = self.result
        quotes = {"'": 0, '"': 0}
        for node in self.all_nodes:
            if isinstance(node, cst.FunctionDef):
                self.functions.append(node)
            elif isinstance(node, (cst.Import, cst.ImportFrom)):
                if _imports_flask(node):
                    result.imports_flask = True
            elif isinstance(node, cst.SimpleString):
                quote = node.quote[-1]
                if quote in quotes:
                    quotes[quote] += 1
        result.single_quotes = quotes["'"] > quotes['"']
        for statement in self.module.body:
            if isinstance(statement, cst.FunctionDef):
                self.module_functions.setdefault(statement.name.value, statement)
        result.g_spelling = self._g_spelling()
        for statement in self.module.body:
            if _is_main_guard(statement):
                continue
            for node in _iter_body_with_self(statement):
                if isinstance(node, (cst.Assign, cst.AnnAssign)):
                    self._module_assignment(node)
        # assignments to globals inside functions (``global conn; conn = connect()``)
        for function in self.functions:
            for node in self.body_of(function):
                if isinstance(node, (cst.Assign, cst.AnnAssign)):
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
            if qualified_names(self.wrapper, value.func) & SCOPED_SESSION:
                self.result.sessions.append(ScopedSession(target.value, target, node))
                continue
            factory = self.factory_of(value)
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
                factory = self.factory_of(value)
                if factory is not None and factory.kind in ("dbapi", "engine"):
                    self.result.shared.append(SharedConnection(target.value, node, factory))

    # -- what opens a connection -----------------------------------------------------------
    def factory_of(self, call: cst.Call, depth: int = 0) -> Factory | None:
        """The connection ``call`` opens, or None when it is not a (new) connection."""
        names = qualified_names(self.wrapper, call.func)
        label_name = dotted_name(call.func) or "connect"
        label = f"{label_name}(...)"
        if names & DBAPI_FACTORIES:
            return Factory(label, "dbapi")
        if names & REDIS_FACTORIES:
            return Factory(label, "redis")
        if isinstance(call.func, cst.Attribute) and call.func.attr.value == "connect":
            receiver = call.func.value
            if self._is_engine(receiver):
                return Factory(label, "engine")
        local = self._local_function(call.func)
        if local is not None:
            if depth >= 3:
                return None
            return self._factory_of_function(local, label, depth + 1)
        last = call.func.attr.value if isinstance(call.func, cst.Attribute) else getattr(call.func, "value", "")
        if isinstance(last, str) and looks_like_connect(last):
            return Factory(label, "generic")
        return None

    def _is_engine(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, cst.Call) and qualified_names(self.wrapper, node.func) & CREATE_ENGINE:
            return True
        last = dotted_name(node) or ""
        if "engine" in last.rsplit(".", 1)[-1].lower():
            return True
        if isinstance(node, cst.Name):
            for assignment in _function_scope_binds(self.wrapper, node):
                parent = self._assigned_value(assignment.node)
                if isinstance(parent, cst.Call) and qualified_names(self.wrapper, parent.func) & CREATE_ENGINE:
                    return True
        return False

    def _assigned_value(self, target: cst.CSTNode) -> cst.BaseExpression | None:
        """The value assigned to the Name ``target`` (``target = value``), if it is one."""
        parent = metadata_value(self.wrapper, ParentNodeProvider, target)
        if isinstance(parent, cst.AssignTarget):
            statement = metadata_value(self.wrapper, ParentNodeProvider, parent)
            if isinstance(statement, cst.Assign):
                return statement.value
        if isinstance(parent, cst.AnnAssign) and parent.target is target:
            return parent.value
        return None

    def _local_function(self, func: cst.BaseExpression) -> cst.FunctionDef | None:
        if not isinstance(func, cst.Name):
            return None
        for assignment in _function_scope_binds(self.wrapper, func):
            if isinstance(assignment.node, cst.FunctionDef):
                return assignment.node
        return None

    def _factory_of_function(self, function: cst.FunctionDef, label: str, depth: int) -> Factory | None:
        """A module function used as a factory: what its ``return`` statements give back."""
        found: Factory | None = None
        for node in self.body_of(function):
            if not isinstance(node, cst.Return) or node.value is None:
                continue
            value = node.value
            if isinstance(value, cst.Name):
                if _resolves_to_global(self.wrapper, value):
                    return None  # hands out a shared, module-level object
                bound = [self._assigned_value(a.node) for a in _function_scope_binds(self.wrapper, value)]
                calls = [b for b in bound if isinstance(b, cst.Call)]
                value = calls[0] if len(calls) == 1 and len(bound) == 1 else value
            if isinstance(value, cst.Call):
                inner = self.factory_of(value, depth)
                if inner is not None:
                    found = found or Factory(label, inner.kind)
        # no guessing from the name here: the body is visible and shows no connection
        return found

    # -- one function's facts ------------------------------------------------------------------
    def _scan_function(self, function: cst.FunctionDef, collect: bool = False) -> FunctionFacts:
        module_level = any(s is function for s in self.module.body)
        facts = FunctionFacts(function, module_level)
        bindings: dict[str, str] = {}  # local name -> g attribute it holds
        local_calls: dict[str, cst.Call] = {}  # local name -> the call it was assigned from
        for node in self.body_of(function):
            if isinstance(node, cst.Assign):
                self._note_assignment(node, facts, bindings, local_calls, collect)
            elif isinstance(node, cst.Return) and node.value is not None:
                attr = self.attr_of(node.value, bindings)
                if attr is not None:
                    facts.returns_attr = attr
            elif isinstance(node, cst.Call):
                self._note_call(node, facts, bindings, local_calls, collect)
                attr = self.attr_of(node, {})
                if attr is not None:
                    facts.uses.add(attr)
            elif isinstance(node, cst.Attribute) and _is_g(self.wrapper, node.value):
                facts.uses.add(node.attr.value)
            elif isinstance(node, cst.Comparison) and len(node.comparisons) == 1:
                target = node.comparisons[0]
                if isinstance(target.operator, (cst.In, cst.NotIn)) and _is_g(self.wrapper, target.comparator):
                    attr = string_value(node.left)
                    if attr is not None:
                        facts.uses.add(attr)
            elif isinstance(node, cst.Del):
                for element in _deleted(node.target):
                    if isinstance(element, cst.Attribute) and _is_g(self.wrapper, element.value):
                        facts.pops.add(element.attr.value)
        return facts

    def _note_assignment(
        self,
        node: cst.Assign,
        facts: FunctionFacts,
        bindings: dict[str, str],
        local_calls: dict[str, cst.Call],
        collect: bool,
    ) -> None:
        value = node.value
        stored_attrs = []
        for target in (t.target for t in node.targets):
            if isinstance(target, cst.Attribute) and _is_g(self.wrapper, target.value):
                stored_attrs.append(target.attr.value)
                if isinstance(value, cst.Name) and value.value == "None":
                    facts.pops.add(target.attr.value)
        attr = stored_attrs[0] if stored_attrs else self.attr_of(value, bindings)
        for target in (t.target for t in node.targets):
            if isinstance(target, cst.Name):
                if attr is not None:
                    bindings[target.value] = attr
                    if isinstance(value, cst.Call) and qualified_names(self.wrapper, value.func) & GETATTR:
                        facts.getattr_locals.setdefault(attr, target.value)
                else:
                    bindings.pop(target.value, None)
                if isinstance(value, cst.Call):
                    local_calls[target.value] = value
        if collect and stored_attrs:
            call = value if isinstance(value, cst.Call) else None
            if isinstance(value, cst.Name) and value.value in local_calls:
                call = local_calls[value.value]
            factory = self.factory_of(call) if call is not None else None
            if factory is not None:
                for stored in stored_attrs:
                    self.result.stores.append(Store(stored, node, facts.function, factory, "assign"))

    def _note_call(
        self,
        node: cst.Call,
        facts: FunctionFacts,
        bindings: dict[str, str],
        local_calls: dict[str, cst.Call],
        collect: bool,
    ) -> None:
        func = node.func
        args = _positional(node) or []
        names = qualified_names(self.wrapper, func)
        # setattr(g, "db", value) / delattr(g, "db")
        if names & (SETATTR | DELATTR) and len(args) >= 2 and _is_g(self.wrapper, args[0]):
            attr = string_value(args[1])
            if attr is not None:
                if names & DELATTR:
                    facts.pops.add(attr)
                elif len(args) == 3:
                    self._note_stored_value(node, attr, args[2], facts, local_calls, "setattr", collect)
            return
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            receiver = func.value
            # g.pop("db"), g.setdefault("db", value)
            if method in G_ACCESSORS and _is_g(self.wrapper, receiver) and args:
                attr = string_value(args[0])
                if attr is not None and method == "pop":
                    facts.pops.add(attr)
                if attr is not None and method == "setdefault" and len(args) == 2:
                    self._note_stored_value(node, attr, args[1], facts, local_calls, "setdefault", collect)
                return
            # x.close() / session.remove()
            if method in ("close", "remove"):
                key = self.key_of(receiver, bindings, method)
                if key is not None:
                    facts.releases.add(key)
                    facts.release_nodes.setdefault(key, node)
                return
        called = self._local_function(func)
        if called is not None and called is not facts.function:
            facts.calls.append(called)

    def _note_stored_value(
        self,
        node: cst.Call,
        attr: str,
        value: cst.BaseExpression,
        facts: FunctionFacts,
        local_calls: dict[str, cst.Call],
        via: str,
        collect: bool,
    ) -> None:
        if isinstance(value, cst.Name) and value.value == "None" and via == "setattr":
            facts.pops.add(attr)
            return
        if not collect:
            return
        if isinstance(value, cst.Name):
            value = local_calls.get(value.value, value)
        if isinstance(value, cst.Call):
            factory = self.factory_of(value)
            if factory is not None:
                self.result.stores.append(Store(attr, node, facts.function, factory, via))

    # -- which resource an expression holds --------------------------------------------------------
    def attr_of(self, node: cst.BaseExpression, bindings: dict[str, str]) -> str | None:
        """The g attribute ``node`` evaluates to: ``g.db``, ``getattr(g, "db", None)``,
        ``g.get("db")``, ``g.pop("db", None)``, a local bound to one, or a getter's result."""
        wrapper = self.wrapper
        if isinstance(node, cst.Attribute) and _is_g(wrapper, node.value):
            return node.attr.value
        if isinstance(node, cst.Name):
            return bindings.get(node.value)
        if isinstance(node, cst.Call):
            args = _positional(node) or []
            if qualified_names(wrapper, node.func) & GETATTR and len(args) >= 2 and _is_g(wrapper, args[0]):
                return string_value(args[1])
            func = node.func
            if (
                isinstance(func, cst.Attribute)
                and func.attr.value in G_ACCESSORS
                and _is_g(wrapper, func.value)
                and args
            ):
                return string_value(args[0])
            called = self._local_function(func)
            if called is not None:
                return self.getters.get(id(called))
        return None

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
            return _resolves_to_global(self.wrapper, name)
        targets = {id(s.target) for s in self.result.sessions}
        if not targets:
            return False
        return any(id(a.node) in targets for a in _function_scope_binds(self.wrapper, name))

    # -- teardown / after_request hooks ------------------------------------------------------------
    def _is_teardown_signal(self, node: cst.BaseExpression) -> bool:
        return bool(qualified_names(self.wrapper, node) & TEARDOWN_SIGNALS)

    def _collect_hooks(self) -> None:
        result = self.result
        for function in self.functions:
            for decorator in function.decorators:
                expression = decorator.decorator
                if isinstance(expression, cst.Attribute) and expression.attr.value in TEARDOWN_HOOKS | AFTER_HOOKS:
                    result.hooks.append(Hook(function, expression.attr.value, expression.value, decorator=decorator))
                # @appcontext_tearing_down.connect / .connect_via(app)
                if isinstance(expression, cst.Call):
                    expression = expression.func
                if (
                    isinstance(expression, cst.Attribute)
                    and expression.attr.value in ("connect", "connect_via")
                    and self._is_teardown_signal(expression.value)
                ):
                    result.hooks.append(Hook(function, SIGNAL_HOOK, expression.value, decorator=decorator))
        for node in self.all_nodes:
            if not isinstance(node, cst.Call) or not isinstance(node.func, cst.Attribute):
                continue
            hook = node.func.attr.value
            if hook == "connect" and self._is_teardown_signal(node.func.value):
                # appcontext_tearing_down.connect(close_db, app)
                args = _positional(node)
                function = self._local_function(args[0]) if args else None
                if function is not None:
                    result.hooks.append(Hook(function, SIGNAL_HOOK, node.func.value, call=node))
                continue
            if hook not in TEARDOWN_HOOKS | AFTER_HOOKS:
                continue
            args = _positional(node)
            if not args or len(args) != 1 or len(node.args) != 1:
                continue
            registered = args[0]
            if hook in TEARDOWN_HOOKS:
                last = dotted_name(registered)
                if last:
                    result.registered_names.add(last.rsplit(".", 1)[-1])
            function = self._local_function(registered)
            if function is not None:
                result.hooks.append(Hook(function, hook, node.func.value, call=node))
        for hook in result.hooks:
            if hook.is_teardown:
                result.registered_names.add(hook.function.name.value)


def _iter_all(node: cst.CSTNode) -> list[cst.CSTNode]:
    """``node`` and every node inside it, in source order."""
    collector = _NodeCollector(node, stop_at_scopes=False)
    node.visit(collector)
    return [node, *collector.nodes]


def _iter_body_with_self(node: cst.CSTNode) -> list[cst.CSTNode]:
    if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
        return [node]
    return [node, *_iter_body(node)]


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


def analyze(wrapper: MetadataWrapper, session_names: Iterable[str] = ()) -> Analysis:
    """Read ``wrapper.module`` (``ANALYSIS_METADATA`` resolved). ``session_names``: names of
    scoped sessions defined in another module (used when checking a sibling file)."""
    return _Analyzer(wrapper, session_names).run()


# ---------------------------------------------------------------------------------------------
# after_request handlers that do nothing but release resources


def after_request_releases(analysis: Analysis, function: cst.FunctionDef) -> set | None:
    """The keys an after_request handler releases when releasing is ALL it does, else None.

    Accepted body: a docstring; ``x = g.pop("db", None)`` / ``getattr(g, "db", None)`` /
    ``g.get("db")`` / ``g.db``; ``x.close()``, ``g.db.close()``, ``session.remove()``; those
    calls guarded by ``if x is not None:`` / ``if x:`` / ``if "db" in g:`` /
    ``if hasattr(g, "db"):``; and a final ``return response``.
    """
    params = function.params
    if (
        len(params.params) != 1
        or params.posonly_params
        or params.kwonly_params
        or isinstance(params.star_arg, (cst.Param, cst.ParamStar))
        or params.star_kwarg is not None
    ):
        return None
    response = params.params[0].name.value
    statements = _statements(function.body)
    if statements and _is_docstring(statements[0]):
        statements = statements[1:]
    if not statements or not _is_return_of(statements[-1], response):
        return None
    checker = _ReleaseOnly(analysis)
    for statement in statements[:-1]:
        if not checker.statement(statement):
            return None
    uses = sum(1 for node in _iter_all(function.body) if isinstance(node, cst.Name) and node.value == response)
    if uses != 1 or not checker.released:
        return None
    return checker.released


def _statements(body: cst.BaseSuite) -> list[cst.CSTNode]:
    if isinstance(body, cst.SimpleStatementSuite):
        return list(body.body)
    found: list[cst.CSTNode] = []
    for statement in body.body:
        if isinstance(statement, cst.SimpleStatementLine):
            found.extend(statement.body)
        else:
            found.append(statement)
    return found


def _is_docstring(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.Expr) and isinstance(node.value, (cst.SimpleString, cst.ConcatenatedString))


def _is_return_of(node: cst.CSTNode, name: str) -> bool:
    return isinstance(node, cst.Return) and isinstance(node.value, cst.Name) and node.value.value == name


class _ReleaseOnly:
    """Checks statement by statement that a body only fetches and releases resources."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.wrapper = analysis.wrapper
        self.bindings: dict[str, str] = {}
        self.released: set = set()
        self.sessions = {s.name: s for s in analysis.sessions}

    def _attr(self, node: cst.BaseExpression) -> str | None:
        """Like the analyzer's attr_of, without getters (a getter may OPEN a connection)."""
        wrapper = self.wrapper
        if isinstance(node, cst.Attribute) and _is_g(wrapper, node.value):
            return node.attr.value
        if isinstance(node, cst.Name):
            return self.bindings.get(node.value)
        if isinstance(node, cst.Call):
            args = _positional(node) or []
            if qualified_names(wrapper, node.func) & GETATTR and len(args) >= 2 and _is_g(wrapper, args[0]):
                return string_value(args[1])
            func = node.func
            accessor = isinstance(func, cst.Attribute) and func.attr.value in ("get", "pop")
            if accessor and args and _is_g(wrapper, func.value):
                return string_value(args[0])
        return None

    def statement(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.Pass):
            return True
        if isinstance(node, cst.Assign):
            if len(node.targets) != 1 or not isinstance(node.targets[0].target, cst.Name):
                return False
            attr = self._attr(node.value)
            if attr is None or isinstance(node.value, cst.Name):
                return False
            self.bindings[node.targets[0].target.value] = attr
            return True
        if isinstance(node, cst.Expr):
            return self._release(node.value)
        if isinstance(node, cst.If):
            if node.orelse is not None or not self._guard(node.test):
                return False
            inner = _statements(node.body)
            return bool(inner) and all(isinstance(s, cst.Expr) and self._release(s.value) for s in inner)
        return False

    def _release(self, node: cst.BaseExpression) -> bool:
        if not isinstance(node, cst.Call) or node.args or not isinstance(node.func, cst.Attribute):
            return False
        method = node.func.attr.value
        receiver = node.func.value
        if isinstance(receiver, cst.Name) and receiver.value in self.sessions and receiver.value not in self.bindings:
            if method in ("remove", "close") and _resolves_to_global(self.wrapper, receiver):
                self.released.add(("session", receiver.value))
                return True
            return False
        if method != "close":
            return False
        attr = self._attr(receiver)
        if attr is None:
            return False
        self.released.add(("g", attr))
        return True

    def _guard(self, test: cst.BaseExpression) -> bool:
        wrapper = self.wrapper
        if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
            target = test.comparisons[0]
            operator = target.operator
            compared_to_none = isinstance(target.comparator, cst.Name) and target.comparator.value == "None"
            if isinstance(operator, cst.IsNot) and compared_to_none:
                return self._attr(test.left) is not None
            if isinstance(operator, cst.In) and _is_g(wrapper, target.comparator):
                return string_value(test.left) is not None
            return False
        if isinstance(test, cst.Call):
            args = _positional(test) or []
            if qualified_names(wrapper, test.func) & HASATTR and len(args) == 2 and _is_g(wrapper, args[0]):
                return string_value(args[1]) is not None
        return self._attr(test) is not None
