"""http-timeout: which timeout to write, as the code itself already says it.

1. The largest number this module already passes as the timeout of an HTTP call (a request
   function, a session's or client's request method, ``urlopen``): the calls of one module
   usually talk to one service, and the author chose that wait for it.
2. Else the largest wait the project's application code passes to a call: a number given
   as a call's ``timeout=`` (or ``connect_timeout=``, ``read_timeout=`` ...) — a request's, a
   job's, a database client's, a query's. A call that legitimately runs that long elsewhere
   in the project (a query runner, a report) is not cut shorter than the project allows it.
   A number that is only named (``TIMEOUT = 1800``, a ``{"timeout": 1800}`` of server
   options: how long a gunicorn worker may take) is not a wait any call makes, and cache
   lifetimes and session, token or lock expiries are not waits at all: none of them count.
   Nor do modules that drive a browser (Playwright, Pyppeteer: their timeouts are in
   milliseconds), nor a wait above ten minutes: that is a batch's or a protocol's (an ACME
   client's ``timeout=3600``), not what a login or a webhook elsewhere should wait.
3. Else the codemod's option (60 seconds by default).

But no number at all where the code reads its request timeouts from its configuration
(``timeout=int(Setting().get("api_timeout"))``, ``timeout=app.config["HTTP_TIMEOUT"]``, a
lookup with no number as its default): in this module when it names no number (before 2),
or anywhere in the project when neither names one (before 3). Any number picked then could
be shorter than the one a user configured: the call is reported, to be given that setting.

A ``(connect, read)`` pair counts by its larger part; ``x.get("timeout", 30)`` and
``int(os.environ.get("X", "600"))`` by their defaults.
"""

from __future__ import annotations

import ast
import re

from ._ast_facts import facts
from ._ast_numbers import number_of, numeric_constants
from ._base import Context
from ._parsed_modules import python_fact
from ._project_answers import remembered
from ._project_view import application_modules

# the last name of a call that sends a request and takes timeout=
_HTTP_CALLS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "stream", "urlopen", "send"})
# names of durations that are not how long something may wait
_NOT_A_WAIT = re.compile(
    r"(?i)cache|session|token|cookie|lifetime|expir|ttl|lock|remember|idle|login|jwt|password|otp|refresh|keep_?alive|"
    r"heartbeat|interval|delay|sleep|retry|backoff"
)
# calls whose timeout= is a lifetime: Flask-Caching's cache.set(..., timeout=), @cache.cached(timeout=)
_CACHE_CALL = re.compile(r"(?i)cache|memoize")
_TIMEOUT_NAME = re.compile(r"(?i)timeout(_?(s|secs?|seconds|ms|millis|milliseconds))?$")
_MILLISECONDS = re.compile(r"(?i)(^|_)(ms|millis|milliseconds)(_|$)")
_MENTIONS = re.compile(r"(?i)timeout")
# libraries whose timeouts are in milliseconds
_MILLISECOND_LIBRARIES = ("playwright", "pyppeteer")
# calls whose keywords are fields of the value they build, not options of something that waits
_BUILDS_VALUES = frozenset({"format", "format_map", "dict"})
# the longest wait (seconds) of the project's that may serve as any HTTP call's
LONGEST_WAIT = 600


def module_http_timeout(tree: ast.Module) -> float | None:
    """The largest number ``tree`` passes as the timeout of a request call."""
    constants = _constants(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _last_name(node.func) in _HTTP_CALLS:
            for keyword in node.keywords:
                if keyword.arg == "timeout":
                    found.append(_seconds(keyword.value, constants))
    return _largest(found)


def module_configured_timeout(tree: ast.Module) -> int | None:
    """The line of the first call in ``tree`` given a wait the code reads from its
    configuration (``fetch_json(url, timeout=int(Setting().get("api_timeout")))``,
    ``requests.get(url, timeout=app.config["HTTP_TIMEOUT"])``): a lookup with no number
    written as its default. The same calls and names as the waits counted, cache lifetimes
    and expiries left out."""
    if any(facts(tree).imports(library) for library in _MILLISECOND_LIBRARIES):
        return None
    constants = _constants(tree)
    for node in ast.walk(tree):
        if _gives_waits(node):
            for keyword in node.keywords:
                if keyword.arg and _is_wait_name(keyword.arg) and _reads_configuration(keyword.value, constants):
                    return node.lineno
    return None


def _gives_waits(node: ast.AST) -> bool:
    """A call whose ``timeout=`` may be a wait: not a cache's (``cache.set(k, v, timeout=300)``,
    ``@cache.cached(timeout=60)``: lifetimes), not text or data built with that field
    (``"{timeout} minutes".format(timeout=...)``, ``dict(timeout=...)``)."""
    return (
        isinstance(node, ast.Call)
        and not _CACHE_CALL.search(_dotted(node.func))
        and _last_name(node.func) not in _BUILDS_VALUES
    )


def _is_wait_name(name: str) -> bool:
    return bool(_TIMEOUT_NAME.search(name)) and not _NOT_A_WAIT.search(name)


def project_configured_timeout(ctx: Context) -> str | None:
    """Where (``path:line``) the project's application code first gives a call a wait read
    from its configuration (see ``module_configured_timeout``); kept per project
    (``_project_answers``)."""
    return remembered(ctx, "http-timeout: configured", _first_configured)


def _first_configured(ctx: Context) -> str | None:
    for path, text in application_modules(ctx, _MENTIONS):
        line = python_fact(text, "http-timeout configured", module_configured_timeout)
        if line is not None:
            return f"{path}:{line}"
    return None


def _reads_configuration(value: ast.AST, constants: dict[str, float]) -> bool:
    if _seconds(value, constants) is not None:
        return False  # a number, or a lookup whose default says the number
    return any(isinstance(node, (ast.Call, ast.Subscript)) for node in ast.walk(value))


def project_wait(ctx: Context) -> tuple[float, str] | None:
    """The largest wait the project's application code passes to a call, and where
    (``path:line``); kept per project (``_project_answers``)."""
    return remembered(ctx, "http-timeout: waits", _largest_wait)


def _largest_wait(ctx: Context) -> tuple[float, str] | None:
    best: tuple[float, str] | None = None
    for path, text in application_modules(ctx, _MENTIONS):
        for seconds, line in python_fact(text, "http-timeout waits", _waits) or ():
            if best is None or seconds > best[0]:
                best = (seconds, f"{path}:{line}")
    return best


def _waits(tree: ast.Module) -> list[tuple[float, int]]:
    if any(facts(tree).imports(library) for library in _MILLISECOND_LIBRARIES):
        return []
    constants = _constants(tree)
    found: list[tuple[float, int]] = []

    def add(name: str, value: ast.AST, line: int) -> None:
        if not _is_wait_name(name):
            return
        seconds = _seconds(value, constants)
        if seconds is not None and _MILLISECONDS.search(name):
            seconds /= 1000
        if seconds is not None and 0 < seconds <= LONGEST_WAIT:
            found.append((seconds, line))

    for node in ast.walk(tree):
        if _gives_waits(node):
            for keyword in node.keywords:
                if keyword.arg:
                    add(keyword.arg, keyword.value, node.lineno)
    return found


def _constants(tree: ast.Module) -> dict[str, float]:
    """The module's numeric constants, a ``(connect, read)`` pair by its larger part."""
    constants = numeric_constants(tree)
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
            if isinstance(statement.value, ast.Tuple):
                pair = _seconds(statement.value, constants)
                if pair is not None:
                    constants[statement.targets[0].id] = pair
    return constants


def _seconds(node: ast.AST, constants: dict[str, float]) -> float | None:
    """A timeout's value; a ``(connect, read)`` pair by its larger part."""
    if isinstance(node, ast.Tuple):
        parts = [number_of(element, constants) for element in node.elts]
        return _largest(parts)
    return number_of(node, constants)


def _largest(values: list[float | None]) -> float | None:
    known = [value for value in values if value is not None and value > 0]
    return max(known) if known else None


def _last_name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))
