"""http-timeout: a request that changes something, sent again by a retry (review 24).

Without a timeout, the only errors a request raised were about the connection: the request
never reached the server. A read timeout comes after the server got it; a retry that catches
the timeout and sends the request again then repeats its action (SpiderKeeper's
``request_post`` scheduled one scrapyd job twice). So a request that changes something —
``post``, ``put``, ``patch``, ``delete``, ``request()`` with such a method or one that cannot be
told, ``urlopen`` with data (or a ``Request`` built with data or such a method) — inside a retry
is left, with a finding. A retry is a ``while`` loop or a ``for`` loop over ``range()``, left
once the request succeeds (a ``return`` or ``break`` in it), whose body holds a try around the
call with a handler that may catch the timeout and goes round again (it does not return, raise
or break); not a loop that sends on every pass anyway (a periodic check); or a function decorated with one
(``@retry``, tenacity's, backoff's: a decorator named like a retry or a backoff).
"""

from __future__ import annotations

import re
from typing import Any

import libcst as cst

from ._http_timeout_calls import keyword, parent
from ._http_timeout_token_requests import TOKEN_METHODS, token_request_method

_CHANGES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# what a urllib3 pool's timeout raises (ReadTimeoutError; MaxRetryError once its own retries are spent) and their bases
_URLLIB3_CATCHES = frozenset({"HTTPError", "PoolError", "RequestError", "ReadTimeoutError", "MaxRetryError"})
_RETRY_DECORATOR = re.compile(r"(?i)retry|retries|backoff|tenacity")
_CATCHES = frozenset(
    {"Exception", "BaseException", "OSError", "IOError", "EnvironmentError", "RequestException", "Timeout", "ReadTimeout", "timeout", "TimeoutError", "error"}
)


def changing_method(wrapper: Any, call: cst.Call, library: str) -> str | None:
    """The method of a request that changes something (``POST`` ...), or None."""
    func = call.func
    name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
    if library == "urllib":
        return "POST" if _sends_data(wrapper, call) else None
    if name.upper() in _CHANGES:
        return name.upper()
    if name == "request" or (library == "urllib3" and name in ("urlopen", "request_encode_url", "request_encode_body")):
        method = keyword(call, "method")  # (a urllib3 pool's methods take the method first, as request() does)
        given = method.value if method is not None else call.args[0].value if call.args and not call.args[0].keyword else None
        if isinstance(given, cst.SimpleString):
            told = given.evaluated_value
            return told.upper() if isinstance(told, str) and told.upper() in _CHANGES else None
        return "request of a method not told here"
    if isinstance(func, cst.Call):  # ``getattr(requests, method)(...)``: a GET or a PUT (_http_timeout_picked_functions)
        return "request of a method picked by name"
    if name in TOKEN_METHODS and isinstance(func, cst.Attribute):  # requests-oauthlib's (_http_timeout_token_requests)
        told = token_request_method(call)
        return (told if told in _CHANGES else None) if told is not None else "token request of a method not told here"
    if name == "send" and library == "requests":
        return "prepared request (its method not told here)"  # a Session's ``send``: the method is the request's
    return None


def _sends_data(wrapper: Any, call: cst.Call) -> bool:
    positional = [arg for arg in call.args if not arg.keyword and not arg.star]
    if len(positional) > 1 or keyword(call, "data") is not None:
        return True
    target = positional[0].value if positional else None
    if isinstance(target, cst.Name):
        target = _local_value(wrapper, call, target.value)
    if isinstance(target, cst.Call) and _name_of(target.func) == "Request":
        method = keyword(target, "method")
        built = [arg for arg in target.args if not arg.keyword and not arg.star]
        if len(built) > 1 or keyword(target, "data") is not None:
            return True
        if method is not None:
            told = method.value.evaluated_value if isinstance(method.value, cst.SimpleString) else None
            return not (isinstance(told, str) and told.upper() in ("GET", "HEAD"))
    return False


def _local_value(wrapper: Any, call: cst.Call, name: str) -> cst.BaseExpression | None:
    """The value of the last plain ``name = value`` in the function that holds ``call``."""
    node: Any = call
    while node is not None and not isinstance(node, cst.FunctionDef):
        node = parent(wrapper, node)
    if node is None:
        return None
    found: list[cst.BaseExpression] = []

    class _Assigns(cst.CSTVisitor):
        def visit_Assign(self, assign: cst.Assign) -> None:
            if any(isinstance(t.target, cst.Name) and t.target.value == name for t in assign.targets):
                found.append(assign.value)

    node.body.visit(_Assigns())
    return found[-1] if found else None


def retry_around(wrapper: Any, call: cst.Call, library: str = "requests") -> str | None:
    """How ``call`` is retried, or None (see the module's docstring)."""
    catching = _CATCHES | _URLLIB3_CATCHES if library == "urllib3" else _CATCHES
    goes_round = False
    node: Any = call
    while True:
        up = parent(wrapper, node)
        if up is None or isinstance(up, cst.Lambda):
            return None
        if isinstance(up, (cst.Try, cst.TryStar)) and node is up.body:
            goes_round = goes_round or any(_catches(handler, catching) and not _ends(handler) for handler in up.handlers)
        if isinstance(up, (cst.While, cst.For)) and node is up.body and goes_round and _retrying_loop(up):
            return "a loop whose handler catches its timeout and sends it again"
        if isinstance(up, cst.FunctionDef):
            for decorator in up.decorators:
                spelled = wrapper.module.code_for_node(decorator.decorator)
                if _RETRY_DECORATOR.search(spelled):
                    return f"its function is decorated with @{spelled.split('(')[0]}"
            return None
        node = up


def _retrying_loop(loop: cst.While | cst.For) -> bool:
    """A ``while`` loop or one over ``range()``, left once the request succeeds (a ``return`` or
    ``break`` in it): a loop that sends the request on every pass anyway (a periodic check) sends
    it no more often with a timeout."""
    if isinstance(loop, cst.For) and not (isinstance(loop.iter, cst.Call) and _name_of(loop.iter.func) == "range"):
        return False
    found: list[cst.CSTNode] = []

    class _Exits(cst.CSTVisitor):
        def visit_Return(self, node: cst.Return) -> None:
            found.append(node)

        def visit_Break(self, node: cst.Break) -> None:
            found.append(node)

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return False

    loop.body.visit(_Exits())
    return bool(found)


def _catches(handler: cst.ExceptHandler, catching: frozenset[str]) -> bool:
    if handler.type is None:
        return True
    classes = handler.type.elements if isinstance(handler.type, cst.Tuple) else [handler.type]
    return any(_name_of(each.value if isinstance(each, cst.Element) else each) in catching for each in classes)


def _ends(handler: cst.ExceptHandler) -> bool:
    """Whether the handler's own statements return, raise or break (it does not go round again)."""
    body = handler.body.body if isinstance(handler.body, cst.IndentedBlock) else []
    for statement in body:
        small = statement.body if isinstance(statement, cst.SimpleStatementLine) else []
        if any(isinstance(each, (cst.Return, cst.Raise, cst.Break)) for each in small):
            return True
    return False


def _name_of(node: Any) -> str:
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return node.value if isinstance(node, cst.Name) else ""


def retried_change(wrapper: Any, call: cst.Call, library: str) -> str | None:
    """The finding for a request that changes something inside a retry, or None."""
    method = changing_method(wrapper, call, library)
    if method is None:
        return None
    retry = retry_around(wrapper, call, library)
    if retry is None:
        return None
    return (
        f"not changed: this {method} is retried ({retry}): a read timeout comes after the server received it, "
        "and the retry would send it again; bound it where a repeat is harmless, or let the retry skip timeouts"
    )
