"""Helpers of the http-timeout codemod: which calls are HTTP calls and how to read their
arguments (its gate on the standard library's AST: _http_timeout_gate). Adding the
argument, keeping the call's layout: _http_timeout_keyword_layout."""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import (
    Assignment,
    ComprehensionScope,
    MetadataWrapper,
    ParentNodeProvider,
    QualifiedNameProvider,
    ScopeProvider,
)

from ._base import metadata_value
from ._http_timeout_session_classes import REQUESTS_SESSIONS
from ._http_timeout_token_requests import TokenRequest, token_request
from ._name_candidates import candidates_of, roots_of

# -- what is an HTTP call -------------------------------------------------------------------

_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request")

# module-level functions: qualified name -> library
REQUESTS_FUNCTIONS = frozenset(f"requests.{verb}" for verb in _VERBS) | frozenset(
    f"requests.api.{verb}" for verb in _VERBS
)
HTTPX_FUNCTIONS = frozenset(f"httpx.{verb}" for verb in (*_VERBS, "stream"))
URLOPEN = frozenset({"urllib.request.urlopen"})

# client constructors: qualified name -> library (requests' sessions: _http_timeout_session_classes)
HTTPX_CLIENTS = frozenset({"httpx.Client", "httpx.AsyncClient"})

# the methods of a client that send a request and take ``timeout=``: a requests Session's
# ``send(prepared, **kwargs)`` too (it hands its keywords to the transport adapter, whose
# ``send`` takes ``timeout``); httpx's ``send`` takes none (its wait travels in the request)
CLIENT_METHODS = {"requests": frozenset((*_VERBS, "send")), "httpx": frozenset((*_VERBS, "stream"))}

_FUNCTIONS = REQUESTS_FUNCTIONS | HTTPX_FUNCTIONS | URLOPEN
_UNBOUNDED = REQUESTS_FUNCTIONS | URLOPEN  # without timeout= they wait for ever (httpx: 5 s)
_KEYWORD_TIMEOUT = REQUESTS_FUNCTIONS | HTTPX_FUNCTIONS  # the timeout only as a keyword
_CLIENTS = REQUESTS_SESSIONS | HTTPX_CLIENTS
_FUNCTION_ROOTS, _CLIENT_ROOTS = roots_of(_FUNCTIONS), roots_of(_CLIENTS)


@dataclass(eq=False)
class Client:
    """A name bound to a requests Session / httpx client: ``s = requests.Session()`` or
    ``with httpx.Client() as client``."""

    library: str  # "requests" or "httpx"
    constructor: cst.Call
    target: cst.Name
    statement: cst.CSTNode | None = None  # the SimpleStatementLine of an ``s = ...`` binding
    in_with: bool = False
    # a call of a function of the module that makes one (``s = build_session()``): the session
    # classes it creates, by qualified name (_http_timeout_handed_on.session_factories)
    made: frozenset[str] = frozenset()


@dataclass(eq=False)
class HttpCall:
    """A call that sends an HTTP request."""

    call: cst.Call
    library: str  # "requests", "httpx" or "urllib"
    # the 0-based position at which ``timeout`` may be passed positionally, or None
    timeout_position: int | None
    clients: tuple[Client, ...] = field(default_factory=tuple)  # the client(s) it is called on
    constructor: cst.Call | None = None  # ``httpx.Client(...).get(...)``: the inline client
    function: bool = False  # one of the library's functions (``requests.post``), no client's method
    token: TokenRequest | None = None  # a token request of requests-oauthlib's sessions (_http_timeout_token_requests)


def qualified(wrapper: MetadataWrapper, node: cst.CSTNode) -> set[str]:
    """The qualified names a Name or Attribute may refer to (LibCST also names other
    expressions, e.g. the call ``requests.get(u)`` itself: those are not wanted here)."""
    if not isinstance(node, (cst.Name, cst.Attribute)):
        return set()
    found = metadata_value(wrapper, QualifiedNameProvider, node)
    return {q.name for q in found} if found else set()


def qualified_among(wrapper: MetadataWrapper, node: cst.CSTNode, wanted: frozenset[str], roots: frozenset[str]) -> set[str]:
    """``qualified(wrapper, node) & wanted`` (``roots``: the first parts of ``wanted``), not
    looked up when the node's spelling and the module's imports rule every one out
    (_name_candidates): the lookup would need the scopes of the node's function."""
    if not candidates_of(wrapper.module).may_refer_to(node, wanted, roots):
        return set()
    return qualified(wrapper, node) & wanted


def client_library(wrapper: MetadataWrapper, node: cst.CSTNode) -> str | None:
    """"requests" / "httpx" when ``node`` is a call that creates a session / client."""
    if not isinstance(node, cst.Call):
        return None
    names = qualified_among(wrapper, node.func, _CLIENTS, _CLIENT_ROOTS)
    if names & REQUESTS_SESSIONS:
        return "requests"
    if names & HTTPX_CLIENTS:
        return "httpx"
    return None


def referents(wrapper: MetadataWrapper, name: cst.Name) -> list[object] | None:
    """The assignments a Name (in load position) may refer to; None when unknown."""
    scope = metadata_value(wrapper, ScopeProvider, name)
    if scope is None:
        return None
    for access in scope.accesses[name.value]:
        if access.node is name:
            return list(access.referents)
    return None


def assignment_of(wrapper: MetadataWrapper, target: cst.CSTNode) -> cst.Assign | None:
    """The plain assignment ``... = target = ... = value`` that binds ``target`` (an
    assignment's node, as ``referents`` gives it); None for any other binding."""
    holder = parent(wrapper, target)
    statement = parent(wrapper, holder) if isinstance(holder, cst.AssignTarget) else None
    return statement if isinstance(statement, cst.Assign) else None


class ClientCollector(cst.CSTVisitor):
    """Every name bound to a new requests Session / httpx client."""

    def __init__(self, wrapper: MetadataWrapper) -> None:
        self.wrapper = wrapper
        self.by_target: dict[int, Client] = {}

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        for small in node.body:
            if isinstance(small, cst.Assign) and len(small.targets) == 1:
                target, value = small.targets[0].target, small.value
                # only ``s = requests.Session()`` alone on its line may become a with-block
                statement = node if len(node.body) == 1 else None
            elif isinstance(small, cst.AnnAssign) and small.value is not None:
                target, value, statement = small.target, small.value, None
            else:
                continue
            library = client_library(self.wrapper, value)
            if library is not None and isinstance(target, cst.Name):
                assert isinstance(value, cst.Call)
                self.by_target[id(target)] = Client(library, value, target, statement)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        library = client_library(self.wrapper, node.item)
        if library is not None and node.asname is not None and isinstance(node.asname.name, cst.Name):
            assert isinstance(node.item, cst.Call)
            self.by_target[id(node.asname.name)] = Client(library, node.item, node.asname.name, in_with=True)


def clients_of(wrapper: MetadataWrapper, name: cst.Name, by_target: dict[int, Client]) -> tuple[Client, ...] | None:
    """The clients ``name`` is bound to, when every binding it may refer to creates one of
    the same library; otherwise None."""
    found = referents(wrapper, name)
    if not found:
        return None
    clients = []
    for assignment in found:
        if not isinstance(assignment, Assignment):
            return None
        client = by_target.get(id(assignment.node))
        if client is None:
            return None
        clients.append(client)
    if len({c.library for c in clients}) != 1:
        return None
    return tuple(clients)


def classify(wrapper: MetadataWrapper, call: cst.Call, by_target: dict[int, Client]) -> HttpCall | None:
    """The HTTP call ``call`` is, or None."""
    names = qualified_among(wrapper, call.func, _FUNCTIONS, _FUNCTION_ROOTS)
    if names & REQUESTS_FUNCTIONS:
        return HttpCall(call, "requests", None, function=True)
    if names & HTTPX_FUNCTIONS:
        return HttpCall(call, "httpx", None, function=True)
    if names & URLOPEN:
        return HttpCall(call, "urllib", 2, function=True)  # urlopen(url, data=None, timeout=...)
    func = call.func
    if not isinstance(func, cst.Attribute):
        return None
    method = func.attr.value
    owner = func.value
    library = client_library(wrapper, owner)
    if library is not None:
        assert isinstance(owner, cst.Call)
        if method not in CLIENT_METHODS[library]:
            token = token_request(lambda node: qualified(wrapper, node), [owner], method)
            return HttpCall(call, library, token.position, constructor=owner, token=token) if token is not None else None
        return HttpCall(call, library, method_timeout_position(library, method), constructor=owner)
    if isinstance(owner, cst.Name) and any(client.target.value == owner.value for client in by_target.values()):
        # (a name bound to no client refers to none: not looked up)
        clients = clients_of(wrapper, owner, by_target)
        if clients is None:
            return None
        if method not in CLIENT_METHODS[clients[0].library]:
            made = {id(client.constructor.func): set(client.made) for client in clients if client.made}
            token = token_request(lambda node: made.get(id(node)) or qualified(wrapper, node), [client.constructor for client in clients], method)
            return HttpCall(call, clients[0].library, token.position, clients=clients, token=token) if token is not None else None
        library = clients[0].library
        return HttpCall(call, library, method_timeout_position(library, method), clients=clients)
    return None


def method_timeout_position(library: str, method: str) -> int | None:
    # requests.Session.request(method, url, params, data, headers, cookies, files, auth, timeout, ...)
    if library == "requests" and method == "request":
        return 8
    return None  # every other method takes timeout as a keyword only


# -- reading a call's arguments --------------------------------------------------------------


def keyword(call: cst.Call, name: str) -> cst.Arg | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


def positional_count(call: cst.Call) -> int:
    return sum(1 for arg in call.args if arg.keyword is None and arg.star == "")


def star_arg(call: cst.Call, star: str) -> cst.Arg | None:
    for arg in call.args:
        if arg.star == star:
            return arg
    return None


def is_none(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


# -- where a name is used ---------------------------------------------------------------------


def parent(wrapper: MetadataWrapper, node: cst.CSTNode) -> cst.CSTNode | None:
    return metadata_value(wrapper, ParentNodeProvider, node)


def in_eager_comprehension(scope: object, function_scope: object) -> bool:
    """True when ``scope`` is ``function_scope`` or lies inside it through list/set/dict
    comprehensions only (which run at once, unlike generator expressions and lambdas)."""
    while scope is not function_scope:
        if not isinstance(scope, ComprehensionScope) or isinstance(scope.node, cst.GeneratorExp):
            return False
        scope = scope.parent
    return True
