"""http-timeout: which calls of a module are HTTP client calls, read off the standard
library's AST — the only calls whose ``timeout=`` is an HTTP wait in seconds.

A call is one when the code proves it, through the module's imports and bindings:

- a request function of requests, httpx or aiohttp, or urllib's ``urlopen``
  (``requests.get``, ``from requests import post``, ``urllib.request.urlopen``);
- a request method (``get``, ``post`` ..., ``request``, ``stream``, ``send``) called on a new
  client (``requests.Session().get``), on a name every binding of which in the module is a
  new client (``s = requests.Session()``, ``async with aiohttp.ClientSession() as s``, a
  parameter annotated ``requests.Session``), or on an attribute every value of which the
  module assigns is one (``self.session = requests.Session()``), or on a parameter every
  call of its function in the module hands such a client (``client_id(self.session, org)``;
  the function read nowhere else);
- a ``functools.partial`` of one of those (its keywords are the call's: ``partial(requests.get,
  timeout=...)``);
- a call of the module's own wrapper around those: a function or method of the module that
  hands its ``timeout`` parameter or its ``**kwargs`` on to such a call (called by its name,
  or as ``self.name`` / ``cls.name``).

A call that may be one (``may_be_http``): any call by a request's name (``get``, ``post``
..., ``urlopen``) on anything, given no keyword that no client's request takes (a Celery
result's ``get(propagate=True)`` is none), or of a function of the module that hands its ``timeout`` or
``**kwargs`` on to such a call. Not proven: a browser page's ``page.get(url, timeout=500)``
in milliseconds, a queue's ``jobs.get(timeout=1)``, a session the module also binds to
something else. Their waits may only lengthen a wait chosen from proven calls, or leave
calls alone (a configured wait, a host read for ever); never choose one alone: a queue's
one second is no request's wait. A call by no request's name (a job queue's
``enqueue(f, timeout=job["timeout"])``) is neither.

Across modules, a wrapper is known by its name (``wrapper_names``), as the per-host waits
know functions (_http_timeout_endpoints): the project joins the names its modules define.
"""

from __future__ import annotations

import ast

from ._ast_facts import facts
from ._parsed_modules import tree_fact
from ._http_timeout_node_kinds import of_kinds
from ._http_timeout_session_classes import REQUESTS_SESSIONS

_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request")
FUNCTIONS = frozenset(
    [f"requests.{verb}" for verb in _VERBS]
    + [f"requests.api.{verb}" for verb in _VERBS]
    + [f"httpx.{verb}" for verb in (*_VERBS, "stream")]
    + ["urllib.request.urlopen", "urllib2.urlopen", "aiohttp.request"]
)
CLIENTS = REQUESTS_SESSIONS | frozenset({"httpx.Client", "httpx.AsyncClient", "aiohttp.ClientSession"})
# the methods of a client that send a request and take ``timeout=``
METHODS = frozenset((*_VERBS, "stream", "send"))
# names no wrapper is known by across modules: every client library's methods have them
REQUEST_METHOD_NAMES = METHODS
# the names a call may send a request by, whatever it is called on (urllib's ``urlopen`` too)
REQUEST_NAMES = frozenset((*METHODS, "urlopen"))
# the keywords the request calls of requests, httpx, aiohttp, urllib and urllib3 take (and of
# the requests-like clients of curl_cffi and requests-cache)
_REQUEST_KEYWORDS = frozenset(
    "method url params data headers cookies files auth timeout allow_redirects proxies hooks stream verify cert "
    "json request content follow_redirects extensions proxy trust_env skip_auto_headers max_redirects compress "
    "chunked expect100 raise_for_status read_until_eof proxy_auth verify_ssl fingerprint ssl_context ssl "
    "server_hostname proxy_headers trace_request_ctx read_bufsize auto_decompress max_line_size max_field_size "
    "cafile capath cadefault context body fields encode_multipart multipart_boundary retries redirect "
    "assert_same_host pool_timeout release_conn preload_content decode_content enforce_content_length "
    "impersonate expire_after only_if_cached refresh force_refresh".split()
)
_FUNCTION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef)


class ClientCalls:
    """The HTTP client calls of one module (``ids``: ids of their ``ast.Call`` nodes) and the
    names of its functions that wrap them (``wrappers``)."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.found = facts(tree)
        self.names, self.attributes = _client_bindings(tree, self.found)
        self._handing_on: dict[int, list[ast.Call]] = {}
        self.ids, self.wrappers = self._closed({id(call) for call in self.found.calls if self._direct(call)})
        named = {
            id(call)
            for call in self.found.calls
            if (_called_name(call) in REQUEST_NAMES or (self._partial(call) and _called_name(call.args[0]) in REQUEST_NAMES))
            and _request_keywords(call)
        }
        self.maybe_ids, self.maybe_wrappers = self._closed(self.ids | named)

    def _closed(self, direct: set[int]) -> tuple[set[int], set[str]]:
        """``direct`` with the calls of the module's wrappers around them, and those wrappers'
        names (a wrapper of a wrapper: fetch_json -> fetch_remote -> requests.request)."""
        ids, wrappers = set(direct), set()
        for _ in range(3):
            found = {function.name for function in self.found.functions if self._wraps(function, ids)}
            if found <= wrappers:
                break
            wrappers |= found
            ids = direct | {id(call) for call in self.found.calls if _wrapper_call(call, wrappers)}
        return ids, wrappers

    def _partial(self, call: ast.Call) -> bool:
        """``functools.partial(f, ...)``: a call of ``f`` with those arguments, when it is made."""
        return bool(call.args) and "functools.partial" in self.found.qualified(call.func)

    def is_http(self, call: ast.Call) -> bool:
        return id(call) in self.ids

    def may_be_http(self, call: ast.Call) -> bool:
        """Whether ``call`` may send an HTTP request (see the module's docstring)."""
        return id(call) in self.maybe_ids

    def _direct(self, call: ast.Call) -> bool:
        func = call.func
        if self._partial(call):
            return self._direct(ast.Call(func=call.args[0], args=[], keywords=[]))
        if not self.found.qualified(func).isdisjoint(FUNCTIONS):
            return True
        if not isinstance(func, ast.Attribute) or func.attr not in METHODS:
            return False
        owner = func.value
        if isinstance(owner, ast.Call):
            return not self.found.qualified(owner.func).isdisjoint(CLIENTS)
        if isinstance(owner, ast.Name):
            return self.names.get(owner.id, False)
        if isinstance(owner, ast.Attribute):
            return self.attributes.get(owner.attr, False)
        return False

    def _wraps(self, function: ast.FunctionDef | ast.AsyncFunctionDef, ids: set[int]) -> bool:
        """Whether ``function`` hands its ``timeout`` parameter or its ``**kwargs`` on to one of
        the calls ``ids``."""
        handing_on = self._handing_on.get(id(function))
        if handing_on is None:
            handing_on = self._handing_on[id(function)] = _handing_on(function)
        return any(id(call) in ids for call in handing_on)


def _may_hand_on(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether ``function`` takes a ``timeout`` parameter or ``**kwargs`` (a wrapper does)."""
    arguments = function.args
    return arguments.kwarg is not None or any(
        a.arg == "timeout" for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)
    )


def _handing_on(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.Call]:
    """The calls within ``function`` given its ``timeout`` parameter (``timeout=timeout``) or
    its ``**kwargs`` (``**kwargs``)."""
    if not _may_hand_on(function):
        return []
    arguments = function.args
    timeout = {a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs) if a.arg == "timeout"}
    kwargs = arguments.kwarg.arg if arguments.kwarg is not None else None
    found = []
    for node in ast.walk(function):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            value = keyword.value
            if keyword.arg is None and isinstance(value, ast.Name) and value.id == kwargs:
                found.append(node)
                break
            if keyword.arg == "timeout" and isinstance(value, ast.Name) and value.id in timeout:
                found.append(node)
                break
    return found


def client_calls(tree: ast.Module) -> ClientCalls:
    """The module's ``ClientCalls``, found once per kept tree (``tree_fact``)."""
    return tree_fact(tree, "http-timeout client calls", ClientCalls)


def wrapper_names(tree: ast.Module) -> frozenset[str]:
    """The names of the module's wrappers around calls that may send a request, another
    module may call them by (a wait it gives them read from its configuration leaves calls
    alone): not a request method's name (``get``: every client has one)."""
    if not any(_may_hand_on(function) for function in facts(tree).functions):
        return frozenset()  # a wrapper takes ``timeout`` or ``**kwargs``: none does here
    return frozenset(client_calls(tree).maybe_wrappers - REQUEST_METHOD_NAMES)


def proven_wrapper_names(tree: ast.Module) -> frozenset[str]:
    """Of ``wrapper_names``, those of functions that hand their wait on to a proven HTTP
    client call (not to a call only named like one: a queue's ``get``)."""
    if not any(_may_hand_on(function) for function in facts(tree).functions):
        return frozenset()
    return frozenset(client_calls(tree).wrappers - REQUEST_METHOD_NAMES)


def _request_keywords(call: ast.Call) -> bool:
    """Whether every keyword ``call`` names is one some HTTP client's request takes: a Celery
    result's ``get(timeout=..., propagate=True, interval=0.3)`` or a queue's ``get(block=True,
    timeout=1)`` sends no request (requests would raise ``TypeError`` on ``propagate=``)."""
    return all(keyword.arg is None or keyword.arg in _REQUEST_KEYWORDS for keyword in call.keywords)


def _called_name(call: ast.AST) -> str:
    func = call.func if isinstance(call, ast.Call) else call
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _wrapper_call(call: ast.Call, wrappers: set[str]) -> bool:
    """A call of one of ``wrappers`` by its name, or as ``self.name`` / ``cls.name``."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in wrappers
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in ("self", "cls")
        and func.attr in wrappers
    )


def _client_bindings(tree: ast.Module, found) -> tuple[dict[str, bool], dict[str, bool]]:  # type: ignore[no-untyped-def]
    """Names and attribute names -> whether every value the module binds them to is a new
    client (a parameter: where annotated as one)."""
    names: dict[str, bool] = {}
    attributes: dict[str, bool] = {}

    def is_client(value: ast.AST | None) -> bool:
        if isinstance(value, ast.Await):
            value = value.value
        return isinstance(value, ast.Call) and not found.qualified(value.func).isdisjoint(CLIENTS)

    def bind(target: ast.AST, client: bool, in_class: bool = False) -> None:
        if isinstance(target, ast.Name):
            names[target.id] = names.get(target.id, True) and client
            if in_class:  # a class attribute, read as ``self.name``
                attributes[target.id] = attributes.get(target.id, True) and client
        elif isinstance(target, ast.Attribute):
            attributes[target.attr] = attributes.get(target.attr, True) and client
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                bind(element, False)
        elif isinstance(target, ast.Starred):
            bind(target.value, False)

    fed: list[tuple[ast.AST, int, str]] = []  # (function, position, name) of its parameters
    class_level: set[int] = set()  # filled as the walk meets a class, before its statements
    for node in of_kinds(tree, _BINDING_KINDS):  # (the walk's order: a class before its statements)
        if isinstance(node, ast.ClassDef):
            class_level.update(id(statement) for statement in node.body)
        if isinstance(node, ast.Assign):
            if isinstance(node.value, ast.Constant) and node.value.value is None:
                continue  # a placeholder (``session = None``): a call on None fails as it did
            for target in node.targets:
                bind(target, is_client(node.value), id(node) in class_level)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            placeholder = isinstance(node.value, ast.Constant) and node.value.value is None
            if isinstance(node, ast.AugAssign) or (node.value is not None and not placeholder):
                bind(node.target, isinstance(node, ast.AnnAssign) and is_client(node.value), id(node) in class_level)
        elif isinstance(node, ast.NamedExpr):
            bind(node.target, is_client(node.value))
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    bind(item.optional_vars, is_client(item.context_expr))
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            bind(node.target, False)
        elif isinstance(node, (*_FUNCTION_NODES, ast.Lambda)):
            parameters = _positional(node)
            for argument in (*parameters, *node.args.kwonlyargs, node.args.vararg, node.args.kwarg):
                if argument is None:
                    continue
                annotation = argument.annotation
                if annotation is not None and not found.qualified(annotation).isdisjoint(CLIENTS):
                    continue  # declared a client
                if argument in parameters and not isinstance(node, ast.Lambda):
                    fed.append((node, parameters.index(argument), argument.arg))
                else:
                    bind(ast.Name(argument.arg), False)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                bind(ast.Name((alias.asname or alias.name).split(".")[0]), False)
        if isinstance(node, (*_FUNCTION_NODES, ast.ClassDef)):
            bind(ast.Name(node.name), False)
    # a parameter: a client where every call in the module hands it one, which needs a name or
    # an attribute bound to none but clients; a parameter also bound to something else is none
    proven = any(names.values()) or any(attributes.values())
    loads: dict[str, int] | None = None
    for function, index, name in fed:
        client = False
        if proven and names.get(name, True):
            if loads is None:
                loads = _loads_by_name(tree)
            client = _fed_clients(function, index, name, found, names, attributes, loads)
        bind(ast.Name(name), client)
    return names, attributes


# what binds a name or an attribute (or holds statements that may: a class's body)
_BINDING_KINDS = (
    ast.ClassDef, ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr, ast.With, ast.AsyncWith, ast.For,
    ast.AsyncFor, ast.comprehension, *_FUNCTION_NODES, ast.Lambda, ast.Import, ast.ImportFrom,
)


def _loads_by_name(tree: ast.Module) -> dict[str, int]:
    """Name -> how many ``ast.Name`` nodes of ``tree`` spell it."""
    counts: dict[str, int] = {}
    for node in of_kinds(tree, ast.Name):
        counts[node.id] = counts.get(node.id, 0) + 1
    return counts


def _positional(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> list[ast.arg]:
    """The parameters a caller passes by position (a method's ``self`` or ``cls`` too)."""
    return [*function.args.posonlyargs, *function.args.args]


def _fed_clients(function, index, name, found, names, attributes, loads) -> bool:  # type: ignore[no-untyped-def]
    """Whether every call of ``function`` in the module (by its name; a method's as
    ``self.name``) hands the parameter ``name`` (at ``index``) a client the module proves (a
    name or an attribute bound to none but new clients); at least one does, and the function
    is read nowhere but in those calls."""
    method = bool(function.args.args) and function.args.args[0].arg in ("self", "cls")
    position = index - 1 if method else index
    calls = [
        call
        for call in found.calls
        if (isinstance(call.func, ast.Name) and not method and call.func.id == function.name)
        or (
            isinstance(call.func, ast.Attribute)
            and method
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id in ("self", "cls")
            and call.func.attr == function.name
        )
    ]
    if not calls or position < 0:
        return False
    if not method:  # read elsewhere (a callback handed on): called with who knows what
        if loads.get(function.name, 0) != len(calls):
            return False
    for call in calls:
        given = next((k.value for k in call.keywords if k.arg == name), None)
        if given is None and not any(isinstance(a, ast.Starred) for a in call.args[: position + 1]):
            given = call.args[position] if len(call.args) > position else None
        if isinstance(given, ast.Name) and names.get(given.id, False):
            continue
        if isinstance(given, ast.Attribute) and attributes.get(given.attr, False):
            continue
        return False
    return True
