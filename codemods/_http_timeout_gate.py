"""http-timeout's gate on the standard library's AST (``may_lack_timeout``): a module the
codemod may change or report on — an HTTP call without a timeout, ``timeout=None``, or a
session the planner may put in a with-block."""

from __future__ import annotations

import ast
import re

from ._ast_facts import Facts, facts
from ._ast_nodes import keyword_value
from ._http_timeout_calls import _CLIENTS, _FUNCTIONS, _KEYWORD_TIMEOUT, _UNBOUNDED, CLIENT_METHODS
from ._http_timeout_factory_names import imports_a_session_factory
from ._http_timeout_project_factories import imported_makers, spelled
from ._http_timeout_session_classes import REQUESTS_SESSIONS
from ._http_timeout_token_requests import TOKEN_METHODS
from ._http_timeout_urllib3 import METHODS as URLLIB3_METHODS
from ._parsed_modules import walked
from ._text_gates import starts_statement

# every method by which a client of any library sends a request, and requests-oauthlib's token
# requests: the only calls through a client the planner gives a timeout or reports
_SENDING_METHODS = frozenset().union(*CLIENT_METHODS.values()) | TOKEN_METHODS

# an import of an HTTP client module, at any indentation
# (where a statement may start: see _text_gates.starts_statement; continued lines included)
_HTTP_IMPORT = re.compile(r"(?:import|from)[ \t\\][^\n]*(?:\\\r?\n[^\n]*)*\b(?:requests|requests_oauthlib|httpx|urllib3?)\b")
# a session factory of another library or module (``from ocean_utils.http_requests.requests_session import ...``)
_FACTORY_IMPORT = re.compile(r"from[ \t\\][^\n]*(?:(?i:requests)[^\n]*(?i:session)|(?i:session)[^\n]*(?i:requests))")
# a name with "session" in it imported from a module, also in parentheses over several lines
# (``from ..helpers import prepare_global_session``: a factory of the project, whatever it makes)
_NAMED_SESSION_IMPORT = re.compile(r"from[ \t\\][^\n]*?\bimport\b(?:[^\n(]*|[ \t]*\([^)]*)(?i:session)")


def may_import_http(source: str) -> bool:
    """The text gate (``HttpTimeout.applies_to``): an import of requests, requests-oauthlib,
    httpx or urllib where a statement starts, a factory's import naming requests and a session,
    or a name with "session" in it imported from a module (_http_timeout_project_factories); urllib3 too."""
    if "requests" not in source and "httpx" not in source and "urllib" not in source:
        return "ession" in source and starts_statement(_NAMED_SESSION_IMPORT, source)
    return (
        starts_statement(_HTTP_IMPORT, source)
        or starts_statement(_FACTORY_IMPORT, source)
        or starts_statement(_NAMED_SESSION_IMPORT, source)
    )


def may_lack_timeout(tree: ast.Module) -> bool:
    """The gate on the standard library's AST: a client constructor whose session the planner
    may act on (``constructor_may_count``), or a call of an HTTP function that passes no
    timeout, or ``timeout=None`` (reported). urlopen's third positional argument is its
    timeout (``urlopen(url, data, 30)``). In a module that imports requests, also a request
    method called without a timeout on an annotated parameter (a session passed in: the
    planner reads the annotation), or on a parameter (a lambda's too) or an attribute named
    like a session (``self.session``; one created in the class is a constructor call) with
    what looks like what it sends first (``request_first``: the planner reports only such a
    call, not ``db.session.delete(row)``), and a function of requests picked by name
    (``getattr(requests, method)(url)``). In a module that imports urllib3, a call of a pool's
    sending method without a timeout (_http_timeout_urllib3: the planner proves the pool)."""
    found = facts(tree)
    if found.imports("urllib3") and any(
        type(call.func) is ast.Attribute and call.func.attr in URLLIB3_METHODS and _no_wait(keyword_value(call, "timeout"))  # type: ignore[attr-defined]
        for call in found.calls
    ):
        return True  # (timeout=None: reported)
    requests_imported = found.imports("requests")
    # parameters that may hold a session: annotated (the transform reads the annotation), or
    # named like one (reported, when called with what looks like what it sends)
    every = [a for f in (found.functions if requests_imported else ()) for a in _parameters(f)]
    annotated = {a.arg for a in every if a.annotation is not None}
    parameters = {a.arg for a in every if "session" in a.arg.lower()}
    lambdas: set[str] | None = None  # (the parameters of lambdas: found once, when needed)
    factory_imported: bool | None = None  # (another library's session factory: asked once, when needed)
    constructors_count: bool | None = None  # (asked once, at the first constructor)
    for call in found.calls:
        func = call.func
        if (
            type(func) is ast.Attribute
            and type(func.value) in (ast.Name, ast.Attribute)  # type: ignore[attr-defined]  (a name or self.X)
            and func.attr in CLIENT_METHODS["requests"]  # type: ignore[attr-defined]
        ):
            if factory_imported is None:
                factory_imported = imports_a_session_factory(tree)
            if factory_imported and keyword_value(call, "timeout") is None:
                return True
            if keyword_value(call, "timeout") is None and spelled(func.value) in imported_makers(tree) and request_first(call):  # type: ignore[attr-defined]
                return True  # a session a function of the project may make (_http_timeout_project_factories)
        if requests_imported and type(func) is ast.Attribute and func.attr in CLIENT_METHODS["requests"]:  # type: ignore[attr-defined]
            owner = func.value  # type: ignore[attr-defined]
            named = type(owner) is ast.Attribute and "session" in owner.attr.lower()
            if type(owner) is ast.Name and "session" in owner.id.lower() and owner.id not in parameters:
                if lambdas is None:
                    lambdas = {a.arg for node in walked(tree) if type(node) is ast.Lambda for a in _parameters(node)}  # type: ignore[arg-type]
                named = owner.id in lambdas
            elif type(owner) is ast.Name:
                named = owner.id in parameters
            held = (type(owner) is ast.Name and owner.id in annotated) or (named and request_first(call))
            if held and keyword_value(call, "timeout") is None:
                return True
        if requests_imported and type(func) is ast.Call and func.args and "builtins.getattr" in found.qualified(func.func):  # type: ignore[attr-defined]
            if "requests" in found.qualified(func.args[0]) and keyword_value(call, "timeout") is None:  # type: ignore[attr-defined]
                return True  # a request function picked by name (_http_timeout_picked_functions)
        names = found.qualified(func)
        if not names:
            continue
        if not names.isdisjoint(_CLIENTS):
            if constructors_count is None:
                constructors_count = constructor_may_count(tree, found)
            if constructors_count:
                return True
            continue
        if names.isdisjoint(_FUNCTIONS):
            continue
        given = keyword_value(call, "timeout")
        if given is not None:
            if type(given) is ast.Constant and given.value is None:
                return True
            continue
        if names.isdisjoint(_UNBOUNDED):
            continue  # httpx bounds its calls itself
        positional = sum(1 for a in call.args if type(a) is not ast.Starred)
        if positional > 2 and names.isdisjoint(_KEYWORD_TIMEOUT):
            continue
        return True
    return False


def _no_wait(given: ast.expr | None) -> bool:
    """No ``timeout=`` given, or ``timeout=None``."""
    return given is None or (type(given) is ast.Constant and given.value is None)


def constructor_may_count(tree: ast.Module, found: Facts) -> bool:
    """Whether the planner may act on a session or client the module creates. Through a
    client it acts only on the calls that send a request — a client's request methods
    (``get`` ... ``request``, ``send``, ``stream``) and requests-oauthlib's token requests —
    that pass no ``timeout=`` or pass ``timeout=None`` (``Planner._plan_timeout``), called on
    what may hold a client it proves: a call (``requests.Session().get(u)``), a name or
    attribute bound to what may make one, or an annotated parameter (``_holders``); apart from its calls, only on a requests
    session a function binds to a name (a with-block, or a finding why not:
    ``SessionPlanner``), directly or by a call of a function of the module that returns a new
    one (``session_factories``, the planner's own reading). A module whose sessions are made
    in place or kept in an attribute or a module's name, every request through them with its
    timeout, gives it nothing; nor does ``data.get("key")`` on a name bound to no call."""
    holders: tuple[set[str], set[str]] | None = None
    for call in found.calls:
        func = call.func
        if type(func) is not ast.Attribute or func.attr not in _SENDING_METHODS:  # type: ignore[attr-defined]
            continue
        given = keyword_value(call, "timeout")
        if given is not None and not (type(given) is ast.Constant and given.value is None):
            continue
        owner = func.value  # type: ignore[attr-defined]
        if type(owner) is ast.Call:
            return True
        if holders is None:
            holders = _holders(tree, found)
        if (type(owner) is ast.Name and owner.id in holders[0]) or (type(owner) is ast.Attribute and owner.attr in holders[1]):
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


def _holders(tree: ast.Module, found: Facts) -> tuple[set[str], set[str]]:
    """(the names, the attribute names) the module binds to what may make a client: a call of
    a client's class or of a function by its bare name (the module's session factory, another
    library's, one a project module defines: ``make_session()``), by an assignment (``s =
    ...``, ``self.s = ...``, ``s: T = ...``, a class attribute ``s = ...``) or a with-item
    (``with ... as s``); and the names of annotated parameters. Never a name bound to a
    method's result (``data = db.session.query(...).scalar()``, ``row = request.get_json()``),
    whose ``data.get("key")`` the planner never reads as a request."""
    names: set[str] = set()
    attributes: set[str] = set()

    def makes(value: ast.expr | None) -> bool:
        if type(value) is not ast.Call:
            return False
        func = value.func  # type: ignore[union-attr]
        return type(func) is ast.Name or not found.qualified(func).isdisjoint(_CLIENTS)

    for assignment in found.assignments:
        if not makes(assignment.value):
            continue
        targets = assignment.targets if type(assignment) is ast.Assign else [assignment.target]  # type: ignore[union-attr]
        for target in targets:
            if type(target) is ast.Name:
                names.add(target.id)
                attributes.add(target.id)
            elif type(target) is ast.Attribute:
                attributes.add(target.attr)
    for node in walked(tree):
        if type(node) is ast.With or type(node) is ast.AsyncWith:
            names.update(
                item.optional_vars.id
                for item in node.items  # type: ignore[attr-defined]
                if makes(item.context_expr) and type(item.optional_vars) is ast.Name
            )
    for function in found.functions:
        names.update(a.arg for a in _parameters(function) if a.annotation is not None)
    return names, attributes


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> list[ast.arg]:
    arguments = function.args
    every = (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg)
    return [a for a in every if a is not None]


_URL_WORDS = ("url", "uri", "endpoint", "api", "path", "link", "href")


def request_first(call: ast.Call) -> bool:
    """``_http_timeout_holders.request_first`` on the standard library's AST, never False where
    it may say True: the call's first argument, positional, looks like what its method sends —
    for ``send`` a prepared request (``x.prepare()``, ``s.prepare_request(r)``, a name spelled
    with ``req`` or ``prep``), else a URL: a string with a ``/`` or a ``:`` (or one that may
    be written as several literals, which LibCST reads as a concatenation: taken as a URL), an
    f-string, an operation (``base + "/x"``), a name spelled like one (``url``, ``endpoint``...)."""
    if not call.args or type(call.args[0]) is ast.Starred:
        return False
    first = call.args[0]
    if call.func.attr == "send":  # type: ignore[attr-defined]
        if type(first) is ast.Call and type(first.func) is ast.Attribute:
            return first.func.attr in ("prepare", "prepare_request")
        spelled = _spelled(first)
        return "req" in spelled or "prep" in spelled
    if type(first) is ast.Constant:
        value = first.value
        if type(value) is not str:
            return type(value) is bytes  # (LibCST's string_value of bytes is None: taken as a URL)
        return "/" in value or ":" in value or not _one_literal(first, value)
    if type(first) is ast.JoinedStr or type(first) is ast.BinOp:
        return True
    return any(word in _spelled(first) for word in _URL_WORDS)


def _spelled(node: ast.expr) -> str:
    return (node.attr if type(node) is ast.Attribute else node.id if type(node) is ast.Name else "").lower()  # type: ignore[attr-defined]


def _one_literal(node: ast.Constant, value: str) -> bool:
    """Whether the string ``node`` is surely one literal, not several side by side (``"user"
    "_id"``): on one line, too short for two pairs of quotes around its value (the offsets
    count UTF-8 bytes, never fewer than the characters)."""
    if node.end_lineno != node.lineno or node.end_col_offset is None:
        return False
    return node.end_col_offset - node.col_offset <= len(value) + 3
