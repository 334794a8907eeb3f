"""http-timeout: a session one of the module's own functions makes and hands out, but not a
new one each call (``def get_session(): ... sessions[lang] = s; return s``: one kept per
language and returned again; a factory that mounts an adapter) — the fresh-each-call factories
are clients like ``requests.Session()`` (``session_factories``, _http_timeout_handed_on).

A name every binding of which calls one top-level function of the module (undecorated, no
generator) that creates a ``requests.Session()`` holds what that function returns. It is a
requests Session when the function says so: its return annotation names ``requests.Session``
(as a parameter's does, _http_timeout_holders), or every ``return`` gives ``requests.Session()``
or a local name bound only to one. Then its calls get what a session's calls get; but where the
function mounts a transport adapter that is not requests' own ``HTTPAdapter`` (which sets no
timeout; also through a local name bound only to one), the adapter may bound the waits (reported,
as for any session mounting one). A session kept in a name the function declares ``global``
counts where the module binds that name to ``None`` at most (the placeholder before the first call). A
function that creates a session but may return something else (a session kept earlier under
an unannotated lookup, an object wrapping it) is reported at each call through the name, as
another library's factory is (_http_timeout_factory_sessions): what it returns cannot be told.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Callable

import libcst as cst
from libcst.metadata import Assignment, MetadataWrapper

from ._ast_facts import Facts, facts
from ._http_timeout_calls import REQUESTS_SESSIONS, assignment_of, referents
from ._http_timeout_collector import refers_to_top_level_function
from ._http_timeout_handed_on import own_nodes, top_level_def
from ._http_timeout_holders import PLAIN_ADAPTERS
from ._parsed_modules import plain_tree_fact


@dataclass(frozen=True)
class OwnFactory:
    """What one of the module's functions that creates a session is known to return."""

    name: str
    returns_session: bool  # every value it returns is a requests Session
    mounted_adapter: bool  # it mounts an adapter other than requests' own HTTPAdapter


def own_factory(wrapper: MetadataWrapper, tree: ast.Module | None, owner: cst.BaseExpression) -> OwnFactory | None:
    """The module's own session-making function every binding of the name ``owner`` calls, or None."""
    if tree is None or not isinstance(owner, cst.Name):
        return None
    if owner.value not in plain_tree_fact(tree, "http-timeout own factory targets", _factory_targets):
        return None  # (no name so spelled is bound to a call of one: its scope is not looked up)
    found = referents(wrapper, owner)
    called: set[str] = set()
    for assignment in found or ():
        if not isinstance(assignment, Assignment):
            return None
        statement = assignment_of(wrapper, assignment.node)
        value = statement.value if statement is not None else None
        if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Name)):
            return None
        if not refers_to_top_level_function(wrapper, value.func):
            return None
        called.add(value.func.value)
    if len(called) != 1:
        return None
    return factory_in(tree, called.pop())


def factory_in(tree: ast.Module, name: str) -> OwnFactory | None:
    """What the top-level function ``name`` of the module ``tree`` returns, when it creates a
    requests Session (also for a module of the project another one imports it from:
    _http_timeout_project_factories); else None."""
    function = top_level_def(tree, name)
    if function is None:
        return None
    known = facts(tree)
    nodes = own_nodes(function)

    def creates(node: ast.AST | None) -> bool:
        return isinstance(node, ast.Call) and bool(known.qualified(node.func) & REQUESTS_SESSIONS)

    if not any(creates(node) for node in nodes):
        return None
    returns = _returns_session(function, nodes, creates, known) and _globals_only_placeholders(tree, nodes)
    return OwnFactory(name, returns, _mounts_other_adapter(nodes, known))


def _factory_targets(tree: ast.Module) -> frozenset[str]:
    """The names the module binds (``s = f(...)``) to a call of one of its top-level functions
    that creates a requests Session somewhere in its own body."""
    known = facts(tree)
    if not known.imports("requests"):
        return frozenset()
    makers = {
        statement.name
        for statement in tree.body
        if isinstance(statement, ast.FunctionDef)
        and any(isinstance(node, ast.Call) and known.qualified(node.func) & REQUESTS_SESSIONS for node in own_nodes(statement))
    }
    if not makers:
        return frozenset()
    return frozenset(
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name)
        and node.value.func.id in makers
        for target in node.targets
        if isinstance(target, ast.Name)
    )


def _returns_session(function: ast.FunctionDef, nodes: list[ast.AST], creates: Callable[[ast.AST | None], bool], known: Facts) -> bool:
    annotation = function.returns
    if annotation is not None and known.qualified(annotation) & REQUESTS_SESSIONS:
        return True
    assigned = {id(target) for node in nodes if isinstance(node, ast.Assign) for target in node.targets}
    bound: dict[str, bool] = {}  # a local name -> every binding of it creates a session
    for node in nodes:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    bound[target.id] = bound.get(target.id, True) and creates(node.value)
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load) and id(node) not in assigned:
            bound[node.id] = False  # a loop's, a with-block's, an annotated one's ...
    arguments = function.args
    for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
        bound[argument.arg] = False
    returns = [node.value for node in nodes if isinstance(node, ast.Return)]
    return bool(returns) and all(
        creates(value) or (isinstance(value, ast.Name) and bound.get(value.id, False)) for value in returns
    )


def _globals_only_placeholders(tree: ast.Module, nodes: list[ast.AST]) -> bool:
    """A name the function declares ``global`` (a session kept for later calls) is bound at
    the module's top level to ``None`` at most: the function's own bindings are all it holds."""
    declared = {name for node in nodes if isinstance(node, ast.Global) for name in node.names}
    for statement in tree.body:
        if isinstance(statement, (ast.Assign, ast.AnnAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            named = {target.id for target in targets if isinstance(target, ast.Name)} & declared
            if named and not (isinstance(statement.value, ast.Constant) and statement.value.value is None):
                return False
    return True


def _mounts_other_adapter(nodes: list[ast.AST], known: Facts) -> bool:
    """``s.mount(prefix, adapter)`` with an adapter that is not a call of requests' HTTPAdapter,
    nor a name the function binds only to one."""
    plain = {}  # a local name -> every binding of it is an HTTPAdapter(...)
    for node in nodes:
        if isinstance(node, ast.Assign):
            is_plain = isinstance(node.value, ast.Call) and bool(known.qualified(node.value.func) & PLAIN_ADAPTERS)
            for target in node.targets:
                if isinstance(target, ast.Name):
                    plain[target.id] = plain.get(target.id, True) and is_plain
    for node in nodes:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "mount":
            given = [keyword.value for keyword in node.keywords if keyword.arg == "adapter"] or node.args[1:2]
            adapter = given[0] if given else None
            if isinstance(adapter, ast.Name) and plain.get(adapter.id, False):
                continue
            if not (isinstance(adapter, ast.Call) and known.qualified(adapter.func) & PLAIN_ADAPTERS):
                return True
    return False
