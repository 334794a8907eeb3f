"""http-timeout: a request that writes borrows no short wait the code gives only to reads (review 36).

How soon a service answers a read says nothing of how long it takes to do what a write asks,
and a write whose timeout fires after the server accepted it leaves its outcome unknown: the
edit was saved, the app reports a failure, a retry conflicts with it. So a POST, PUT, PATCH or
DELETE (by its function, by a literal method given to ``request()``, ``urlopen`` with data; or
a helper handing its ``**kwargs`` on to one, which gets a ``setdefault``) is given a wait
shorter than the option only where the code gives that wait to a write of its own: the
module's, where the seconds are the module's (a module's calls usually talk to one service),
else the project's; never less than that write's wait. Otherwise it gets the option, as any call of a project that names no wait
(the ledger judged 60 s per socket wait right for writes: webhooks, purges, uploads). A wait
the module names for its requests (``REQUEST_TIMEOUT``: _http_timeout_named_wait) is its
authors' for every request and is kept.

Review 37: a request whose method the code does not show (``request(method, url)``, a function
of requests picked by name, a prepared request sent) may write: it counts as one unless every
value its method can take is a read (a literal, or what each caller of a top-level function
gives its parameter: _http_timeout_picked_functions.names_given). And a wait is borrowed only
from a write to the same service: where the write's URL names its host, from writes to that host
(or, in a module that times its calls, to a host its URL does not name: the module's service);
the project's write waits only from writes to the same host, so a write whose host is not told
borrows none of them and gets the option.
"""

from __future__ import annotations

import ast
from typing import Any

import libcst as cst

from ._base import Context
from ._http_timeout_caller_waits import parameter_default
from ._http_timeout_calls import keyword
from ._http_timeout_client_calls import client_calls
from ._http_timeout_default import TimeoutMentions, callee_name, may_give_waits, module_http_timeout, seconds_of, wait_constants
from ._http_timeout_endpoints import host_of, request_url
from ._http_timeout_picked_functions import names_given
from ._http_timeout_retries import changing_method
from ._parsed_modules import plain_fact
from ._project_answers import remembered
from ._project_view import application_modules

_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_READS = frozenset({"GET", "HEAD", "OPTIONS"})


def writes(wrapper: Any, ctx: Context, call: cst.Call, library: str, calls: list[cst.Call]) -> bool:
    """Whether ``call`` may write: a POST, PUT, PATCH or DELETE by its function or a literal
    method, ``urlopen`` with data; or a request whose method the code does not show, unless
    every value it can take is a read. ``calls``: every call of the module (a parameter's callers)."""
    method = changing_method(wrapper, call, library)
    if method is None or method in _WRITES:
        return method is not None
    told = _methods_told(wrapper, ctx, call, calls)
    return told is None or not told <= _READS


def _methods_told(wrapper: Any, ctx: Context, call: cst.Call, calls: list[cst.Call]) -> set[str] | None:
    """The methods (upper-cased) a request of a method not told at the call may send; None
    when they cannot be told (a prepared request's, a value read from anywhere)."""
    func = call.func
    if isinstance(func, cst.Call):  # getattr(requests, name)(...): the function's name is the method
        given = func.args[1].value if len(func.args) == 2 else None
        names = names_given(wrapper, ctx, given, calls) if given is not None else None
        return {name.upper() for name in names} if names and "request" not in names else None
    if not (isinstance(func, cst.Attribute) and func.attr.value == "request") and not (isinstance(func, cst.Name) and func.value == "request"):
        return None
    method = keyword(call, "method")
    given = method.value if method is not None else call.args[0].value if call.args and not call.args[0].keyword and not call.args[0].star else None
    names = names_given(wrapper, ctx, given, calls) if given is not None else None
    return {name.upper() for name in names} if names else None


def write_wait(ctx: Context, module: cst.Module, host: str | None) -> float | None:
    """The largest wait the code gives a write to the service of a write whose URL names
    ``host`` (None: not told): the module's, where it gives its HTTP calls a wait (the seconds
    are then its own), of its writes but those to another host; else the project's, of its
    writes to ``host``. None where it gives none."""
    tree = ctx.python_tree(module)
    if tree is not None and module_http_timeout(tree) is not None:
        waits = module_write_waits(tree)
        return max((seconds for to, seconds in waits if host is None or to is None or to == host), default=None)
    if host is None:
        return None
    return remembered(ctx, "http-timeout: write waits per host", _project_write_waits).get(host)


def _project_write_waits(reader: Any) -> dict[str, float]:
    """Host -> the largest wait the project's application code gives a write to it."""
    found: dict[str, float] = {}
    for _, text in application_modules(reader, TimeoutMentions):  # type: ignore[arg-type]
        if not may_give_waits(text):
            continue
        for host, seconds in plain_fact(text, "http-timeout write waits", module_write_waits) or ():
            if host is not None:
                found[host] = max(seconds, found.get(host, 0))
    return found


def module_write_waits(tree: ast.Module) -> tuple[tuple[str | None, float], ...]:
    """(host or None, seconds) of each number ``tree`` passes as the timeout of a call that may
    be an HTTP client call and writes (``post``, ``put``, ``patch``, ``delete``, ``request()``
    of such a literal method, ``urlopen`` with data); the host its URL names, if it names one."""
    http = client_calls(tree)
    constants = wait_constants(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _writes(node) and http.may_be_http(node)):
            continue
        for keyword_ in node.keywords:
            if keyword_.arg != "timeout":
                continue
            seconds = seconds_of(keyword_.value, constants) or parameter_default(tree, keyword_.value)
            if seconds is not None and seconds > 0:
                url = request_url(node)
                found.append((host_of(url) if url is not None else None, seconds))
    return tuple(found)


def _writes(node: ast.Call) -> bool:
    name = callee_name(node.func)
    if name.upper() in _WRITES:
        return True
    if name == "request":
        method = next((keyword.value for keyword in node.keywords if keyword.arg == "method"), None)
        if method is None and node.args:
            method = node.args[0]
        return isinstance(method, ast.Constant) and isinstance(method.value, str) and method.value.upper() in _WRITES
    if name == "urlopen":
        return len(node.args) > 1 or any(keyword.arg == "data" for keyword in node.keywords)
    return False
