"""http-timeout: the calls of a module whose timeout a handler in their function would catch,
read on the standard library's AST by the handlers' names (review 24).

A short wait the code gives such a call (``timeout=5`` on a page fetch inside ``except
RequestException: return None``) is the authors' budget for that call failing, not the wait
of a call nothing handles (_http_timeout_evidence). Read generously: a handler named like one
that may catch a timeout counts (``Exception``, ``OSError``, requests' ``RequestException`` or
``Timeout``, ``socket.timeout``, ``TimeoutError``, a bare except); wrongly counting one only
leaves a short wait out, so the call it would have timed gets the longer default.
"""

from __future__ import annotations

import ast

from ._ast_nodes import last_name

# the last part of a class name that may catch a request's timeout
CATCHES_TIMEOUT = frozenset(
    {
        "Exception",
        "BaseException",
        "OSError",
        "IOError",
        "EnvironmentError",
        "RequestException",
        "Timeout",
        "ReadTimeout",
        "timeout",
        "TimeoutError",
        "error",
    }
)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_TRIES = (ast.Try, ast.TryStar) if hasattr(ast, "TryStar") else (ast.Try,)


def catches_timeout(handler: ast.ExceptHandler) -> bool:
    """Whether the handler may catch a timeout (by its classes' names; a bare except does)."""
    if handler.type is None:
        return True
    classes = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(last_name(each) in CATCHES_TIMEOUT for each in classes)


def handled_calls(tree: ast.Module) -> set[int]:
    """The ids of the calls of ``tree`` in the body of a try, in their own function, whose
    handlers may catch a timeout."""
    found: set[int] = set()

    def visit(node: ast.AST, caught: bool) -> None:
        if isinstance(node, _SCOPES):
            caught = False
        if isinstance(node, ast.Call) and caught:
            found.add(id(node))
        if isinstance(node, _TRIES):
            inner = caught or any(catches_timeout(handler) for handler in node.handlers)
            for statement in node.body:
                visit(statement, inner)
            for rest in (*node.handlers, *node.orelse, *node.finalbody):
                visit(rest, caught)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, caught)

    visit(tree, False)
    return found

