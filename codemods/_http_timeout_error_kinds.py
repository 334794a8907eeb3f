"""http-timeout: the exception classes each library's call raises, read by the handlers around
it (_http_timeout_handlers): which catch the timeout a call raises once it has one, and which
catch the network errors it raises today without one. The reasons are _http_timeout_handlers'
docstring; urllib3's own pools: _http_timeout_urllib3."""

from __future__ import annotations

from typing import Callable

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

# urlopen: socket.timeout is caught by these; TimeoutError only where every Python the project
# declares is 3.10 or later (before, socket.timeout is no TimeoutError)
_URLLIB_TIMEOUT = frozenset({"socket.timeout"})
_TIMEOUT_ERROR, TIMEOUT_ERROR_SINCE = "builtins.TimeoutError", (3, 10)
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

# a streamed body the code reads through ``.raw`` (_http_timeout_raw_reads): urllib3's own
# errors, unwrapped. A stall raises ReadTimeoutError (no OSError, no requests exception), caught
# by it and its bases; a peer hanging up mid-body a ProtocolError (ConnectionError is its old
# alias), a short body IncompleteRead, a broken TLS read SSLError: what such a read raises today
RAW_READ = "urllib3 .raw"
_URLLIB3_PREFIXES = ("urllib3.exceptions.", "requests.packages.urllib3.exceptions.")
_URLLIB3_TIMEOUT = frozenset({"ReadTimeoutError", "TimeoutError", "RequestError", "PoolError", "HTTPError"})
_URLLIB3_NETWORK = frozenset({"ProtocolError", "ConnectionError", "IncompleteRead", "SSLError"})
# a request through a urllib3 pool (_http_timeout_urllib3): a stalled read raises ReadTimeoutError
# where the method is not retried (a POST) or retries=False, else MaxRetryError once the retries
# are spent (a GET, Retry(3) by default): only their common bases catch it either way. Today a
# failed connection raises MaxRetryError (or NewConnectionError unretried), a peer that hangs up
# ProtocolError; a handler of ReadTimeoutError alone misses a GET's MaxRetryError
_POOL_TIMEOUT = frozenset({"RequestError", "PoolError", "HTTPError"})
_POOL_NETWORK = frozenset(
    {"MaxRetryError", "NewConnectionError", "ConnectTimeoutError", "ReadTimeoutError", "TimeoutError", "ProtocolError",
     "ConnectionError", "IncompleteRead", "SSLError", "ProxyError"}
)

TIMEOUT_NAMES = {
    "requests": "requests.Timeout", "urllib": "socket.timeout", RAW_READ: "urllib3's ReadTimeoutError",
    "urllib3": "urllib3's HTTPError (a ReadTimeoutError, or a MaxRetryError once a GET's retries are spent)",
}
ADVICE = {
    "requests": "a ReadTimeout is no ConnectionError; catch requests.Timeout there too, then pass timeout=",
    "urllib": "urlopen raises socket.timeout, an OSError and no URLError, while it waits for the response; "
    "catch OSError there too (or socket.timeout), then pass timeout=",
    RAW_READ: "a read of .raw raises urllib3's own errors, no OSError or requests exception; catch "
    "urllib3.exceptions.ReadTimeoutError there too, or read the body with iter_content(), then pass timeout=",
    "urllib3": "catch urllib3.exceptions.HTTPError there too, the base of both, then pass timeout=",
}


def kind_of(names: set[str], library: str, python: Callable[[], bool]) -> str | None:
    """"timeout" when every name the handler's class may be catches the timeout,
    "network" when one of them is a network error the call raises without one, else None.
    ``python()``: whether every Python the project declares is 3.10 or later."""
    if not names:
        return None
    if all(_catches_timeout(name, library) or (name == _TIMEOUT_ERROR and library == "urllib" and python()) for name in names):
        return "timeout"
    if any(_is_network(name, library) for name in names):
        return "network"
    return None


def _class_under(name: str, prefixes: tuple[str, ...]) -> str | None:
    """The class ``name`` spells directly under one of ``prefixes`` (``requests.Timeout``), else None."""
    for prefix in prefixes:
        if name.startswith(prefix) and "." not in name[len(prefix) :]:
            return name[len(prefix) :]
    return None


def requests_class(name: str) -> str | None:
    return _class_under(name, _REQUESTS_PREFIXES)


def _urllib3_class(name: str) -> str | None:
    return _class_under(name, _URLLIB3_PREFIXES)


# a library's own exception classes: (its class under a name, those that catch the timeout, the network errors)
_OWN_CLASSES = {
    "requests": (requests_class, _REQUESTS_TIMEOUT, _REQUESTS_NETWORK),
    RAW_READ: (_urllib3_class, _URLLIB3_TIMEOUT, _URLLIB3_NETWORK),
    "urllib3": (_urllib3_class, _POOL_TIMEOUT, _POOL_NETWORK),
}


def _catches_timeout(name: str, library: str) -> bool:
    if name in _EVERYTHING or (name in _OS_ERRORS and not library.startswith("urllib3")):
        return True  # (urllib3's errors are no OSErrors)
    if library in _OWN_CLASSES:
        class_of, timeouts, _ = _OWN_CLASSES[library]
        return class_of(name) in timeouts
    return name in _URLLIB_TIMEOUT


def _is_network(name: str, library: str) -> bool:
    if library in _OWN_CLASSES:
        class_of, _, network = _OWN_CLASSES[library]
        return class_of(name) in network
    return name in _URLLIB_ERRORS or name in _BUILTIN_NETWORK or name in _HTTP_CLIENT_NETWORK
