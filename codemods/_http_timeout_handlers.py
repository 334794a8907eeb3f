"""http-timeout: the handlers a call's timeout would get past.

A call that waits for ever without a timeout raises, once it has one, an exception it never
raised before: requests a ``ReadTimeout`` (a ``Timeout``, and not a ``ConnectionError``:
only ``ConnectTimeout`` is both), ``urlopen`` a ``socket.timeout`` while it waits for the
response (an ``OSError``; ``TimeoutError`` only from Python 3.10 on, and no ``URLError``:
only the sending of the request is wrapped in one). Where the call sits in a try whose
handlers catch the network errors it raises today but not that one, the code means network
trouble to be handled, and the timeout would open a path past its handler: the call is left
as it is, with a finding (``uncaught_timeout``).

Only a handler for network trouble counts: an error the transport raises when the connection
cannot be made, breaks or is closed by the peer. One for an error about a response that did
arrive (its status: requests' ``HTTPError`` from ``raise_for_status()``, urllib's
``HTTPError``; too many redirects; a body that does not decode; retries used up on error
statuses) shows no such expectation: a connection error already gets past it today, and a
timeout getting past it too changes nothing in kind, so the timeout is added.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import Assignment, MetadataWrapper

from ._http_timeout_calls import parent, qualified, referents

# what catches any exception, or every OSError (requests' exceptions are OSErrors too)
_EVERYTHING = frozenset({"builtins.Exception", "builtins.BaseException"})
_OS_ERRORS = frozenset({"builtins.OSError", "builtins.IOError", "builtins.EnvironmentError", "socket.error"})

# requests' exceptions, under the names they are imported by
_REQUESTS_PREFIXES = ("requests.exceptions.", "requests.")
_REQUESTS_TIMEOUT = frozenset({"Timeout", "ReadTimeout", "RequestException"})
# network trouble: no connection (refused, DNS, proxy, TLS; ConnectTimeout also without a
# timeout, when the OS gives up connecting), or one that breaks while the body is read
# (ChunkedEncodingError). Not: HTTPError (raise_for_status()), TooManyRedirects,
# ContentDecodingError, RetryError (urllib3 retries used up on error statuses): each says a
# response arrived.
_REQUESTS_NETWORK = frozenset({"ConnectionError", "ConnectTimeout", "ProxyError", "SSLError", "ChunkedEncodingError"})

# urlopen: socket.timeout is caught by these (TimeoutError is not counted: on Python 3.8 and
# 3.9 socket.timeout is no TimeoutError)
_URLLIB_TIMEOUT = frozenset({"socket.timeout"})
# URLError: what urlopen wraps a failure to connect or send in. Not its subclasses HTTPError
# (a response arrived with an error status) and ContentTooShortError (urlretrieve's alone)
_URLLIB_ERRORS = frozenset({"urllib.error.URLError", "urllib.request.URLError"})
# what urlopen raises unwrapped while it reads the response: http.client's errors for a peer
# that hangs up (RemoteDisconnected, a BadStatusLine), a cut-off body (IncompleteRead) and
# their base class; not those for a malformed URL or response (InvalidURL, LineTooLong ...)
_HTTP_CLIENT_NETWORK = frozenset(
    f"http.client.{name}" for name in ("HTTPException", "error", "BadStatusLine", "RemoteDisconnected", "IncompleteRead")
)
# the builtin errors of a peer that hangs up (ConnectionResetError) and the OS's own connect timeout
_BUILTIN_NETWORK = frozenset(
    f"builtins.{name}"
    for name in (
        "ConnectionError",
        "ConnectionResetError",
        "ConnectionAbortedError",
        "ConnectionRefusedError",
        "BrokenPipeError",
        "TimeoutError",
    )
)

_TIMEOUT_NAMES = {"requests": "requests.Timeout", "urllib": "socket.timeout"}
_ADVICE = {
    "requests": "a ReadTimeout is no ConnectionError; catch requests.Timeout there too, then pass timeout=",
    "urllib": "urlopen raises socket.timeout, an OSError and no URLError, while it waits for the response; "
    "catch OSError there too (or socket.timeout), then pass timeout=",
}


def _kind(names: set[str], library: str) -> str | None:
    """"timeout" when every name the handler's class may be catches the timeout,
    "network" when one of them is a network error the call raises without one, else None."""
    if not names:
        return None
    if all(_catches_timeout(name, library) for name in names):
        return "timeout"
    if any(_is_network(name, library) for name in names):
        return "network"
    return None


def _requests_class(name: str) -> str | None:
    for prefix in _REQUESTS_PREFIXES:
        if name.startswith(prefix) and "." not in name[len(prefix) :]:
            return name[len(prefix) :]
    return None


def _catches_timeout(name: str, library: str) -> bool:
    if name in _EVERYTHING or name in _OS_ERRORS:
        return True
    if library == "requests":
        return _requests_class(name) in _REQUESTS_TIMEOUT
    return name in _URLLIB_TIMEOUT


def _is_network(name: str, library: str) -> bool:
    if library == "requests":
        return _requests_class(name) in _REQUESTS_NETWORK
    return name in _URLLIB_ERRORS or name in _BUILTIN_NETWORK or name in _HTTP_CLIENT_NETWORK


def _classes(wrapper: MetadataWrapper, caught: cst.BaseExpression, depth: int = 0) -> list[cst.BaseExpression]:
    """The class expressions a handler's ``caught`` names: a tuple's elements, and what a name
    bound by a plain assignment holds (``NETWORK_ERRORS = (requests.ConnectionError, ...)``)."""
    if isinstance(caught, cst.Tuple):
        return [
            found
            for element in caught.elements
            if not isinstance(element, cst.StarredElement)
            for found in _classes(wrapper, element.value, depth)
        ]
    if isinstance(caught, cst.Name) and depth < 4:
        values = _assigned(wrapper, caught)
        if values:
            return [found for value in values for found in _classes(wrapper, value, depth + 1)]
    return [caught]


def _assigned(wrapper: MetadataWrapper, name: cst.Name) -> list[cst.BaseExpression]:
    """The values a name may hold when every binding it may refer to is ``name = value``."""
    values = []
    for assignment in referents(wrapper, name) or ():
        target = assignment.node if isinstance(assignment, Assignment) else None
        holder = parent(wrapper, target) if target is not None else None
        statement = parent(wrapper, holder) if isinstance(holder, cst.AssignTarget) else None
        if not isinstance(statement, cst.Assign) or holder.target is not target:
            return []
        values.append(statement.value)
    return values


def uncaught_timeout(wrapper: MetadataWrapper, call: cst.Call, library: str) -> str | None:
    """Why a timeout on ``call`` (a requests or urlopen call) would get past the code's own
    handler, or None: the trys whose body holds the call in its function (nested ones
    included) catch some network error it raises today and none catches the timeout. A
    handler that catches the timeout anywhere up the function (``Exception``, ``OSError``, a
    bare except, requests' ``Timeout`` or ``RequestException``, ``socket.timeout``) handles
    it. A call under no such try already lets its errors out: a timeout changes nothing in
    kind there. Handlers in the function's callers are not looked at."""
    module = wrapper.module
    network: list[str] = []
    node: cst.CSTNode = call
    while True:
        up = parent(wrapper, node)
        if up is None or isinstance(up, (cst.FunctionDef, cst.Lambda)):
            break
        if isinstance(up, (cst.Try, cst.TryStar)) and node is up.body:
            for handler in up.handlers:
                if handler.type is None:
                    return None  # a bare except
                for caught in _classes(wrapper, handler.type):
                    kind = _kind(qualified(wrapper, caught), library)
                    if kind == "timeout":
                        return None
                    if kind == "network":
                        network.append(module.code_for_node(caught))
        node = up
    if not network:
        return None
    names = ", ".join(dict.fromkeys(network))
    return (
        f"not changed: this call is in a try that catches {names} but not {_TIMEOUT_NAMES[library]}, which a "
        f"timeout raises: it would escape the handler where the call used to wait ({_ADVICE[library]})"
    )
