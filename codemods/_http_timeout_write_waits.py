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
"""

from __future__ import annotations

import ast
from typing import Any

import libcst as cst

from ._base import Context
from ._http_timeout_caller_waits import parameter_default
from ._http_timeout_client_calls import client_calls
from ._http_timeout_default import TimeoutMentions, callee_name, may_give_waits, module_http_timeout, seconds_of, wait_constants
from ._http_timeout_retries import changing_method
from ._parsed_modules import plain_fact
from ._project_answers import remembered
from ._project_view import application_modules

_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def writes(wrapper: Any, call: cst.Call, library: str) -> bool:
    """Whether ``call`` is a request the code proves a write (its method told, not guessed)."""
    return changing_method(wrapper, call, library) in _WRITES


def write_wait(ctx: Context, module: cst.Module) -> float | None:
    """The largest wait the code gives a write: the module's, where it gives its HTTP calls a
    wait (the seconds are then its own), else the project's; None where it gives none."""
    tree = ctx.python_tree(module)
    if tree is not None and module_http_timeout(tree) is not None:
        return module_write_wait(tree)
    return remembered(ctx, "http-timeout: write waits", _project_write_wait)


def _project_write_wait(reader: Any) -> float | None:
    found = [
        plain_fact(text, "http-timeout write wait", module_write_wait)
        for _, text in application_modules(reader, TimeoutMentions)  # type: ignore[arg-type]
        if may_give_waits(text)
    ]
    known = [seconds for seconds in found if seconds is not None]
    return max(known) if known else None


def module_write_wait(tree: ast.Module) -> float | None:
    """The largest number ``tree`` passes as the timeout of a call that may be an HTTP client
    call and writes (``post``, ``put``, ``patch``, ``delete``, ``request()`` of such a literal
    method, ``urlopen`` with data)."""
    http = client_calls(tree)
    constants = wait_constants(tree)
    found = [
        seconds_of(keyword.value, constants) or parameter_default(tree, keyword.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _writes(node) and http.may_be_http(node)
        for keyword in node.keywords
        if keyword.arg == "timeout"
    ]
    known = [seconds for seconds in found if seconds is not None and seconds > 0]
    return max(known) if known else None


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
