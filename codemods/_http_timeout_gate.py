"""http-timeout's gate on the standard library's AST (``may_lack_timeout``): a module the
codemod may change or report on — an HTTP call without a timeout, ``timeout=None``, or a
session the planner may put in a with-block."""

from __future__ import annotations

import ast

from ._ast_facts import Facts, facts
from ._ast_nodes import keyword_value
from ._http_timeout_calls import CLIENT_METHODS, CLIENTS, HTTP_FUNCTIONS, KEYWORD_TIMEOUT, UNBOUNDED
from ._http_timeout_factory_names import imports_a_session_factory
from ._http_timeout_session_classes import REQUESTS_SESSIONS
from ._http_timeout_token_requests import TOKEN_METHODS

# every method by which a client of any library sends a request, and requests-oauthlib's token
# requests: the only calls through a client the planner gives a timeout or reports
_SENDING_METHODS = frozenset().union(*CLIENT_METHODS.values()) | TOKEN_METHODS


def may_lack_timeout(tree: ast.Module) -> bool:
    """The gate on the standard library's AST: a client constructor whose session the planner
    may act on (``constructor_may_count``), or a call of an HTTP function that passes no
    timeout, or ``timeout=None`` (reported). urlopen's third positional argument is its
    timeout (``urlopen(url, data, 30)``). In a module that imports requests, also a request
    method called without a timeout on a parameter (a session passed in) or on an attribute
    named like a session (``self.session``; one created in the class is a constructor call),
    and a function of requests picked by name (``getattr(requests, method)(url)``)."""
    found = facts(tree)
    requests_imported = found.imports("requests")
    # parameters that may hold a session: annotated (the transform reads the annotation), or
    # named like one (reported)
    parameters = {
        a.arg
        for f in (found.functions if requests_imported else ())
        for a in (*f.args.posonlyargs, *f.args.args, *f.args.kwonlyargs)
        if a.annotation is not None or "session" in a.arg.lower()
    }
    factory_imported: bool | None = None  # (another library's session factory: asked once, when needed)
    constructors_count: bool | None = None  # (asked once, at the first constructor)
    for call in found.calls:
        func = call.func
        if type(func) is ast.Attribute and type(func.value) is ast.Name and func.attr in CLIENT_METHODS["requests"]:  # type: ignore[attr-defined]
            if factory_imported is None:
                factory_imported = imports_a_session_factory(tree)
            if factory_imported and keyword_value(call, "timeout") is None:
                return True
        if requests_imported and type(func) is ast.Attribute and func.attr in CLIENT_METHODS["requests"]:  # type: ignore[attr-defined]
            owner = func.value  # type: ignore[attr-defined]
            held = (type(owner) is ast.Attribute and "session" in owner.attr.lower()) or (
                type(owner) is ast.Name and owner.id in parameters
            )
            if held and keyword_value(call, "timeout") is None:
                return True
        if requests_imported and type(func) is ast.Call and func.args and "builtins.getattr" in found.qualified(func.func):  # type: ignore[attr-defined]
            if "requests" in found.qualified(func.args[0]) and keyword_value(call, "timeout") is None:  # type: ignore[attr-defined]
                return True  # a request function picked by name (_http_timeout_picked_functions)
        names = found.qualified(func)
        if not names:
            continue
        if not names.isdisjoint(CLIENTS):
            if constructors_count is None:
                constructors_count = constructor_may_count(tree, found)
            if constructors_count:
                return True
            continue
        if names.isdisjoint(HTTP_FUNCTIONS):
            continue
        given = keyword_value(call, "timeout")
        if given is not None:
            if type(given) is ast.Constant and given.value is None:
                return True
            continue
        if names.isdisjoint(UNBOUNDED):
            continue  # httpx bounds its calls itself
        positional = sum(1 for a in call.args if type(a) is not ast.Starred)
        if positional > 2 and names.isdisjoint(KEYWORD_TIMEOUT):
            continue
        return True
    return False


def constructor_may_count(tree: ast.Module, found: Facts) -> bool:
    """Whether the planner may act on a session or client the module creates. Through a
    client it acts only on the calls that send a request — a client's request methods
    (``get`` ... ``request``, ``send``, ``stream``) and requests-oauthlib's token requests —
    and only on one that passes no ``timeout=`` or passes ``timeout=None``
    (``Planner._plan_timeout``); apart from its calls, only on a requests session a function
    binds to a name (a with-block, or a finding why not: ``SessionPlanner``), directly (``s =
    requests.Session()``) or by a call of a function of the module that returns a new one
    (``session_factories``, the planner's own reading). A module whose
    every such call passes a timeout, and whose sessions are made in place
    (``requests.Session().post(u, timeout=10)``), kept in an attribute (``self._session =
    requests.Session()``) or a module's name, an httpx client, or handed on, gives it
    nothing."""
    for call in found.calls:
        func = call.func
        if type(func) is ast.Attribute and func.attr in _SENDING_METHODS:  # type: ignore[attr-defined]
            given = keyword_value(call, "timeout")
            if given is None or (type(given) is ast.Constant and given.value is None):
                return True
    from ._http_timeout_handed_on import own_nodes, session_factories  # (lazy: rarely asked)

    for function in found.functions:
        for node in own_nodes(function):  # type: ignore[arg-type]
            kind = type(node)
            if kind is not ast.Assign and kind is not ast.AnnAssign:
                continue
            value = node.value  # type: ignore[attr-defined]
            if type(value) is not ast.Call or found.qualified(value.func).isdisjoint(REQUESTS_SESSIONS):
                continue
            targets = node.targets if kind is ast.Assign else [node.target]  # type: ignore[attr-defined]
            if any(type(target) is ast.Name for target in targets):
                return True
    return bool(session_factories(tree))
