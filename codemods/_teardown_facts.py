"""What the ``teardown`` analysis records about a module, and the node questions it asks.

A *key* names one resource: ``("g", "db")`` for ``g.db``, ``("session", "db_session")`` for a
module-level ``db_session = scoped_session(...)``. ``Analysis`` holds, for one module, the
connections stored on ``flask.g``, the ``scoped_session`` registries, every function's facts
(what it closes, pops, calls, returns), the teardown / after_request hooks, and connections
kept in module globals. Data and read-only helpers only: ``_teardown_analysis`` fills it in.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

import libcst as cst
from libcst.metadata import (
    Assignment,
    GlobalScope,
    MetadataWrapper,
    ParentNodeProvider,
    QualifiedNameProvider,
    ScopeProvider,
)

from ._base import Context, metadata_value
from ._declared_releases import allows_below
from ._flask import is_main_guard, qualified_names, string_value
from ._flask_versions import available
from ._name_candidates import candidates_of, roots_of
from ._node_fields import nodes_below
from ._teardown_names import (  # noqa: F401 (the analysis's names for them too)
    DELATTR,
    G_ACCESSORS,
    G_NAMES,
    GETATTR,
    SET_OR_DELATTR,
    SETATTR,
    TEARDOWN_HOOKS,
    TEARDOWN_SIGNALS,
    Key,
)
from ._teardown_released import released_at_teardown

ANALYSIS_METADATA = (QualifiedNameProvider, ScopeProvider, ParentNodeProvider)

HASATTR = frozenset({"builtins.hasattr", "hasattr"})
SIGNAL_HOOK = "tearing_down signal"
AFTER_HOOKS = frozenset({"after_request", "after_app_request"})


@dataclass(frozen=True)
class Factory:
    """What opens a connection: ``label`` for messages, ``kind`` for decisions."""

    label: str  # "sqlite3.connect(...)"
    # "dbapi", "redis" (a client with its own pool), "redis-shared" (given one), "engine",
    # "orm-session" (a plain SQLAlchemy session) or "generic"
    kind: str


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
    passes: set = field(default_factory=set)  # g attributes whose value (a local holding it) it passes to a call
    callees: list = field(default_factory=list)  # the Names it calls (``Analysis.calls_of``: the functions)
    calls: list | None = None  # the FunctionDefs of the module it calls by name, once looked up
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
    connections: Any = None  # the module's ConnectionFactories (what its calls open)
    nodes: list = field(default_factory=list)  # the module and every node in it, in source order (iter_all)
    tree: ast.Module | None = None  # the module's stdlib AST (parsed from its code when not given)
    session_names: tuple = ()  # scoped sessions of other modules it may release

    def nodes_of(self, wrapper: MetadataWrapper) -> list[cst.CSTNode]:
        """``iter_all(wrapper.module)``: the list this analysis read, when it read that module."""
        return self.nodes if wrapper is self.wrapper and self.nodes else iter_all(wrapper.module)

    # -- derived facts -------------------------------------------------------------------
    def facts_of(self, function: cst.FunctionDef) -> FunctionFacts | None:
        return self.facts.get(id(function))

    def reachable_releases(self, function: cst.FunctionDef) -> set:
        """Keys ``function`` releases, itself or through the module functions it calls."""
        return self._reachable(function, "releases")

    def reachable_uses(self, function: cst.FunctionDef) -> set:
        """g attributes ``function`` uses, itself or through the module functions it calls."""
        return self._reachable(function, "uses")

    def _reachable(self, function: cst.FunctionDef, kind: str) -> set:
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
            found |= getattr(facts, kind)
            stack.extend(self.calls_of(facts))
        return found

    def calls_of(self, facts: FunctionFacts) -> list[cst.FunctionDef]:
        """The functions of the module ``facts.function`` calls by name (looked up once, when
        first asked: only a handler's, and those they call, are)."""
        if facts.calls is None:
            found = [self.connections.local_function(name) for name in facts.callees]
            facts.calls = [f for f in found if f is not None and f is not facts.function]
        return facts.calls

    def handler_releases(self, function: cst.FunctionDef) -> set:
        """Keys the teardown handler ``function`` releases: what it closes, itself or through
        the module functions it calls, and the g attributes it pops and hands to a call of the
        project's own (``self.close(conn)``, a pool's ``putconn(conn)``): the connection is
        off ``g`` and in the project's hands, so a new handler would find nothing, or close
        what the project means to give back."""
        found = self.reachable_releases(function) | self.imported_releases(function)
        facts = self.facts_of(function)
        if facts is not None:
            found |= {("g", attr) for attr in facts.pops & facts.passes}
        return found

    def imported_releases(self, function: cst.FunctionDef) -> set:
        """The ``g`` attributes closed by the functions of other modules of the project that
        ``function`` calls, itself or through the module functions it calls (OpenAtlas's
        handler calls ``close_connection()`` from its ``database.connect``): each read in its
        own module, as what opens a connection is. Only ``g``'s: a scoped session is named
        by its module."""
        found: set = set()
        seen: set[int] = set()
        stack = [function]
        while stack:
            current = stack.pop()
            facts = self.facts_of(current) if id(current) not in seen else None
            seen.add(id(current))
            if facts is None:
                continue
            stack.extend(self.calls_of(facts))
            for callee in facts.callees:
                if not isinstance(callee, cst.Name) or self.connections.local_function(callee) is not None:
                    continue
                definition = self.connections.definition(callee)  # (another module's: read there)
                other = getattr(getattr(definition, "factories", None), "analysis", None)
                if other is None or other is self or not isinstance(definition.node, cst.FunctionDef):
                    continue
                found |= {key for key in other.reachable_releases(definition.node) if key[0] == "g"}
        return found

    def owned_redis(self) -> set[str]:
        """The g attributes every store of which holds a redis client with its own pool."""
        kinds: dict[str, set[str]] = {}
        for store in self.stores:
            kinds.setdefault(store.attr, set()).add(store.factory.kind)
        return {attr for attr, found in kinds.items() if found == {"redis"}}

    def teardown_released(self) -> set:
        """Keys some registered teardown handler already releases: ``_teardown_released``'s
        rule, the one the gates ask, on the module's stdlib AST."""
        if self.tree is None:
            self.tree = ast.parse(self.wrapper.module.code)
        found = set(released_at_teardown(self.tree, self.session_names))
        for hook in self.hooks:
            if hook.is_teardown:
                found |= self.imported_releases(hook.function)
        return found

    def getattr_local(self, attr: str) -> str | None:
        for facts in self.facts.values():
            if attr in facts.getattr_locals:
                return facts.getattr_locals[attr]
        return None


# ---------------------------------------------------------------------------------------------
# questions about nodes


_ROOTS: dict[frozenset[str], frozenset[str]] = {}


def qualified_among(wrapper: MetadataWrapper, node: cst.CSTNode, wanted: frozenset[str]) -> set[str]:
    """``qualified_names(wrapper, node) & wanted``, not looked up when the node's spelling and
    the module's imports rule every one of ``wanted`` out (``_name_candidates``): the lookup
    would need the scopes of the node's function, which are analysed when first asked for
    (``_lazy_scopes``)."""
    roots = _ROOTS.get(wanted)
    if roots is None:
        roots = _ROOTS[wanted] = roots_of(wanted)
    if not candidates_of(wrapper.module).may_refer_to(node, wanted, roots):
        return set()
    return qualified_names(wrapper, node) & wanted


def is_g(wrapper: MetadataWrapper, node: cst.CSTNode) -> bool:
    return isinstance(node, (cst.Name, cst.Attribute)) and bool(qualified_among(wrapper, node, G_NAMES))


def positional(call: cst.Call) -> list[cst.BaseExpression] | None:
    """The positional arguments, or None when there are keywords / stars we do not follow."""
    values = []
    for arg in call.args:
        if arg.star:
            return None
        if arg.keyword is None:
            values.append(arg.value)
    return values


def function_scope_binds(wrapper: MetadataWrapper, name: cst.Name) -> list[Assignment]:
    scope = metadata_value(wrapper, ScopeProvider, name)
    if scope is None:
        return []
    return [a for a in scope[name.value] if isinstance(a, Assignment)]


def resolves_to_global(wrapper: MetadataWrapper, name: cst.Name) -> bool:
    scope = metadata_value(wrapper, ScopeProvider, name)
    if scope is None:
        return False
    assignments = list(scope[name.value])
    return bool(assignments) and all(isinstance(a.scope, GlobalScope) for a in assignments)


_SCOPES = (cst.FunctionDef, cst.ClassDef, cst.Lambda)


def iter_body(node: cst.CSTNode) -> list[cst.CSTNode]:
    """Every node inside ``node``, in source order, not descending into nested functions,
    classes or lambdas; no token nodes (whitespace, punctuation, operators, numbers: the
    analysis asks for none)."""
    return nodes_below(node, _SCOPES, tokens=False)


def accepts_one_argument(function: cst.FunctionDef) -> bool:
    """True when ``function(x)`` is a valid call (a teardown handler gets the exception)."""
    params = function.params
    in_order = list(params.posonly_params) + list(params.params)
    if any(p.default is None for p in params.kwonly_params):
        return False
    if isinstance(params.star_arg, cst.Param):
        return all(p.default is not None for p in in_order[1:]) or not in_order
    if not in_order:
        return False
    return all(p.default is not None for p in in_order[1:])


def iter_all(node: cst.CSTNode) -> list[cst.CSTNode]:
    """``node`` and every node inside it, in source order, but token nodes (as ``iter_body``)."""
    return [node, *nodes_below(node, tokens=False)]


def g_attribute(
    wrapper: MetadataWrapper,
    node: cst.BaseExpression,
    bindings: dict[str, str],
    accessors: frozenset[str] = G_ACCESSORS,
) -> str | None:
    """The g attribute ``node`` evaluates to: ``g.db``, ``getattr(g, "db", None)``,
    ``g.get("db")`` (and the other ``accessors``), or a local that ``bindings`` maps to one."""
    if isinstance(node, cst.Attribute) and is_g(wrapper, node.value):
        return node.attr.value
    if isinstance(node, cst.Name):
        return bindings.get(node.value)
    if isinstance(node, cst.Call):
        args = positional(node) or []
        if len(args) >= 2 and qualified_among(wrapper, node.func, GETATTR) and is_g(wrapper, args[0]):
            return string_value(args[1])
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in accessors and args and is_g(wrapper, func.value):
            return string_value(args[0])
    return None


def key_order(key: Key) -> tuple[int, str]:
    """Sort order of keys: g attributes first, then scoped sessions, each by name."""
    return (0 if key[0] == "g" else 1, key[1])


def describe(key: Key) -> str:
    return f"g.{key[1]}" if key[0] == "g" else f"the scoped session {key[1]}"


def kept_open_message(attr: str, where: str, handler: str) -> str:
    """The finding for a connection a teardown handler of another module uses without closing."""
    return (
        f"teardown handler {handler}() in {where} uses g.{attr} but does not close it, and a new handler "
        f"might close the connection before it runs: close g.{attr} at the end of {handler}() instead"
    )


# the first Flask with teardown_appcontext, the hook a handler for an app is registered with
TEARDOWN_APPCONTEXT = (0, 9)


def before_teardown_appcontext(ctx: Context) -> bool:
    """The code may run on a Flask older than 0.9, which has no ``teardown_appcontext``
    (the target version, or the Flask the project declares): the planner changes nothing
    and reports each resource no teardown handler releases."""
    return not available(ctx, TEARDOWN_APPCONTEXT) or allows_below(ctx, "flask", TEARDOWN_APPCONTEXT)


@dataclass
class Teardowns:
    """What the teardown handlers of some modules do with the resources."""

    released: set = field(default_factory=set)  # the keys they release
    registered: set[str] = field(default_factory=set)  # the names they register as handlers
    kept_open: dict[str, tuple[str, str]] = field(default_factory=dict)  # g attribute -> (module, handler)

    def add(self, path: str, analysis: Analysis) -> None:
        self.released |= analysis.teardown_released()
        self.registered |= analysis.registered_names
        for hook in analysis.hooks:
            if hook.is_teardown:
                closed = {name for kind, name in analysis.handler_releases(hook.function) if kind == "g"}
                for attr in sorted(analysis.reachable_uses(hook.function) - closed):
                    self.kept_open.setdefault(attr, (path, hook.function.name.value))
