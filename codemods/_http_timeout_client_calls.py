"""http-timeout: which calls of a module may send an HTTP request, read off the standard
library's AST — the calls whose ``timeout=`` the codemod reads as an HTTP wait in seconds.

A call may be one (``may_be_http``) when it is called by a request's name, on anything
(``requests.get``, ``session.post``, ``client.request``, ``urlopen``: ``get``, ``post`` ...,
``request``, ``stream``, ``send``, ``urlopen``), or when it calls the module's own wrapper
around those: a function or method of the module that hands its ``timeout`` parameter or its
``**kwargs`` on to such a call (called by its name, or as ``self.name`` / ``cls.name``).

The module does not try to prove more: a wait read off a call that is no HTTP call after all
(a browser page's ``page.get(url, timeout=500)`` in milliseconds) can only lengthen the wait
chosen or leave calls alone, while a wait left out (a session the module also binds to
something else) could let a shorter one be written over the one the author chose. A call by
no request's name (a job queue's ``enqueue(f, timeout=job["timeout"])``, a deploy runner's
``TaskRunner(timeout=...)``) is no HTTP call unless it is the module's wrapper.

Across modules, a wrapper is known by its name (``wrapper_names``), as the per-host waits
know functions (_http_timeout_endpoints): the project joins the names its modules define.
"""

from __future__ import annotations

import ast

from ._ast_facts import facts
from ._parsed_modules import tree_fact

# the methods of a client that send a request and take ``timeout=``
REQUEST_METHOD_NAMES = frozenset(("get", "post", "put", "patch", "delete", "head", "options", "request", "stream", "send"))
# the names a call may send a request by, whatever it is called on (urllib's ``urlopen`` too)
REQUEST_NAMES = frozenset((*REQUEST_METHOD_NAMES, "urlopen"))


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


class ClientCalls:
    """The calls of one module that may send an HTTP request, and the names of the module's
    functions that wrap them (``wrappers``)."""

    def __init__(self, tree: ast.Module) -> None:
        found = facts(tree)
        self.wrappers: set[str] = set()
        for _ in range(3):  # a wrapper of a wrapper (fetch_json -> fetch_remote -> requests.request)
            wrappers = {function.name for function in found.functions if self._wraps(function)}
            if wrappers <= self.wrappers:
                break
            self.wrappers |= wrappers

    def may_be_http(self, call: ast.Call) -> bool:
        """Whether ``call`` may send an HTTP request: a call by a request's name, or of one of
        the module's wrappers (see the module's docstring)."""
        return _called_name(call) in REQUEST_NAMES or self._wrapper_call(call)

    def _wrapper_call(self, call: ast.Call) -> bool:
        func = call.func
        if isinstance(func, ast.Name):
            return func.id in self.wrappers
        return (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in ("self", "cls")
            and func.attr in self.wrappers
        )

    def _wraps(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        """Whether ``function`` hands its ``timeout`` parameter or its ``**kwargs`` on to a
        call that may send an HTTP request."""
        arguments = function.args
        timeout = {a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs) if a.arg == "timeout"}
        kwargs = arguments.kwarg.arg if arguments.kwarg is not None else None
        for node in ast.walk(function):
            if not isinstance(node, ast.Call) or not self.may_be_http(node):
                continue
            for keyword in node.keywords:
                value = keyword.value
                if keyword.arg is None and isinstance(value, ast.Name) and value.id == kwargs:
                    return True
                if keyword.arg == "timeout" and isinstance(value, ast.Name) and value.id in timeout:
                    return True
        return False


def client_calls(tree: ast.Module) -> ClientCalls:
    """The module's ``ClientCalls``, found once per kept tree (``tree_fact``)."""
    return tree_fact(tree, "http-timeout client calls", ClientCalls)


def wrapper_names(tree: ast.Module) -> frozenset[str]:
    """The names of the module's wrappers another module may call them by: not a request
    method's name (``get``: every client has one)."""
    return frozenset(client_calls(tree).wrappers - REQUEST_METHOD_NAMES)
