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
- a bulk export or a computation: a call whose URL ends in a literal path whose last segment is
  ``export`` (``f"{host}/api/projects/{id}/export"``) or ``compute`` (``urljoin(GN3, "api/rqtl/
  compute")``): the server answers once the work on all the data asked for is done, and that
  grows with the data (Label Studio's project export, which its own server lets run 120 s under
  uWSGI, 300 s behind its nginx; genenetwork2's R/qtl scan with permutations on GN3).
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
# the last segment of a path that asks for work growing with the data: a bulk export, a computation
_OPEN_ENDED = {"export": "a bulk export", "compute": "a computation"}
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
    url = url_argument(call)
    path = literal_path(wrapper, url) or _tail(url)  # (a relative path joined to a base: ``urljoin(GN3, "api/x")``)
    last = path.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1].lower() if path else None
    if last in _OPEN_ENDED:
        return (
            f"not changed: this call asks for {_OPEN_ENDED[last]} ({path!r}): the server answers once the work on all "
            "the data asked for is done, and that grows with the data, so no wait picked here is provably long "
            f"enough; give it the time the largest {last} may take"
        )
    return None


def _tail(url: cst.BaseExpression | None, depth: int = 0) -> str | None:
    """The literal text a URL expression ends in, where it holds a ``/`` (``urljoin(base,
    "api/rqtl/compute")``, ``base + "/export"``, an f-string's last text), or None."""
    if url is None or depth > 3:
        return None
    if isinstance(url, cst.SimpleString):
        text = url.evaluated_value
        return text if isinstance(text, str) and "/" in text else None
    if isinstance(url, cst.Call) and isinstance(url.func, (cst.Name, cst.Attribute)) and url.args:
        name = url.func.attr.value if isinstance(url.func, cst.Attribute) else url.func.value
        return _tail(url.args[-1].value, depth + 1) if name in ("urljoin", "join") else None
    if isinstance(url, cst.BinaryOperation) and isinstance(url.operator, cst.Add):
        return _tail(url.right, depth + 1)
    if isinstance(url, cst.FormattedString) and url.parts and isinstance(url.parts[-1], cst.FormattedStringText):
        return url.parts[-1].value if "/" in url.parts[-1].value else None
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
