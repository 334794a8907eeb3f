"""http-timeout: calls whose answer takes as long as the work they ask of the other server.

A read timeout bounds how long the server may work before it sends a byte. Two kinds of call
ask for work whose length the calling code does not know, so no wait picked here is provably
long enough; each is left, with a finding:

- a relay: a function that hands the request it is serving on to another server, its method
  (``requests.request(request.method, ...)``, ``method=request.method``), or its raw body
  (``data=request.data``, ``request.get_data()``, ``request.stream``: Flask's ``request``,
  resolved) where an ``if`` of the function tests that method (a reverse proxy calling get,
  put or post as the client did), waits for whatever that server does for the client; so
  does every HTTP call of that function (the proxy's GET branch beside its PUT). The client's
  own wait bounds it (Novartis' cellxgene gateway relays a differential expression to the
  cellxgene process it launched). Not a view that posts fields of its form or JSON it builds,
  nor one that sends its body to fixed addresses whatever the method (PyGrid's search of
  each node).
- a bulk export: a call whose URL ends in a literal path whose last segment is ``export``
  (``f"{host}/api/projects/{id}/export"``): the server answers once the export of all the data
  asked for is built, and that grows with the data (Label Studio's project export, which its
  own server lets run 120 s under uWSGI, 300 s behind its nginx).
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from ._http_timeout_calls import keyword, parent, qualified
from ._http_timeout_generation import url_argument
from ._http_timeout_own_routes import literal_path
from ._node_fields import nodes_below

_REQUEST_PROXIES = frozenset({"flask.request", "flask.globals.request"})
_RAW_BODY = frozenset({"data", "stream", "input_stream"})  # attributes of the incoming request
_BODY_KEYWORDS = ("data", "content", "body")
_SCOPES = (cst.FunctionDef, cst.ClassDef, cst.Lambda)  # their nodes are not the function's own
_SENDERS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "Request", "urlopen"})


def open_ended_work(wrapper: Any, call: cst.Call, relays: dict[int, str | None]) -> str | None:
    """The finding for a call that relays the incoming request or fetches a bulk export, or
    None. ``relays``: what each function (by id) relays, kept by the caller for one module's
    run (a function's body is read once, not once per call in it)."""
    function = _function_of(wrapper, call)
    if function is None:
        relayed = None
    elif id(function) in relays:
        relayed = relays[id(function)]
    else:
        relayed = relays[id(function)] = _relayed_in(wrapper, function)
    if relayed is not None:
        return (
            f"not changed: this call's function hands the incoming request on to another server ({relayed}), "
            "so the call waits for whatever work that server does for the client: no wait picked here is "
            "provably long enough; bound it by what the server behind it may take"
        )
    path = literal_path(wrapper, url_argument(call))
    if path is not None and path.rstrip("/").rsplit("/", 1)[-1].lower() == "export":
        return (
            f"not changed: this call asks for a bulk export ({path!r}): the server answers once the export of all "
            "the data asked for is built, and that grows with the data, so no wait picked here is provably long "
            "enough; give it the time the largest export may take"
        )
    return None


def _function_of(wrapper: Any, node: cst.CSTNode) -> cst.FunctionDef | None:
    current = parent(wrapper, node)
    while current is not None and not isinstance(current, cst.FunctionDef):
        current = parent(wrapper, current)
    return current


def _relayed_in(wrapper: Any, function: cst.FunctionDef) -> str | None:
    """What of the incoming request a call of ``function`` hands on (``"its method"``,
    ``"its body, request.data"``), or None: its own nodes (``nodes_below``, not those of the
    functions, classes and lambdas in it) read once."""
    own = nodes_below(function.body, stop_at=_SCOPES, tokens=False)
    tests = [node.test for node in own if type(node) is cst.If]
    dispatches = any(_incoming(wrapper, each) == "method" for test in tests for each in (test, *nodes_below(test, tokens=False)))
    for node in own:
        if type(node) is not cst.Call:
            continue
        func = node.func
        name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
        if name not in _SENDERS:
            continue
        method = keyword(node, "method")
        positional = [arg for arg in node.args if not arg.keyword and not arg.star]
        if method is None and name == "request" and positional:
            method = positional[0]
        if method is not None and _incoming(wrapper, method.value) == "method":
            return "its method, request.method"
        for each in _BODY_KEYWORDS:
            given = keyword(node, each)
            body = _incoming(wrapper, given.value) if given is not None else None
            if body is not None and body != "method" and dispatches:
                return f"its body, request.{body}"
    return None


def _incoming(wrapper: Any, node: cst.BaseExpression) -> str | None:
    """``"data"``, ``"get_data()"``, ``"stream"``, ``"method"`` where ``node`` reads that of
    Flask's incoming request; else None."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get_data":
        return "get_data()" if qualified(wrapper, node.func.value) & _REQUEST_PROXIES else None
    if isinstance(node, cst.Attribute) and (node.attr.value in _RAW_BODY or node.attr.value == "method"):
        return node.attr.value if qualified(wrapper, node.value) & _REQUEST_PROXIES else None
    return None
