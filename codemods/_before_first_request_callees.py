"""before-first-request: what a function run at setup must not use, also through what it calls.

A function run at setup must not need a request, also through what it calls. Functions of
the same module are followed by the planner; a function imported from a neighbouring module
(``from .auth import load_user``) is read here, through ``ctx.read_file``: its body, and the
functions of its own module it calls, looked for a name of ``REQUEST_BOUND``.
"""

from __future__ import annotations

import ast

from . import _ast_facts, _neighbours
from ._base import Context

# what exists only during a request (or whose data would not outlive the setup's app context)
REQUEST_BOUND = frozenset(
    {
        "flask.request",
        "flask.session",
        "flask.g",
        "flask.url_for",
        "flask.flash",
        "flask.get_flashed_messages",
        "flask.after_this_request",
        "flask.copy_current_request_context",
        "flask.stream_with_context",
        "flask.has_request_context",
        "flask.ctx.has_request_context",
        "flask.globals.request",
        "flask.globals.session",
        "flask.globals.g",
        # templates commonly read request, session and url_for
        "flask.render_template",
        "flask.render_template_string",
        "flask.stream_template",
        "flask.templating.render_template",
        # the logged-in user is the request's
        "flask_login.current_user",
        "flask_login.utils.current_user",
        "flask_login.login_user",
        "flask_login.logout_user",
    }
)
# how many calls deep a neighbour's own functions are followed
DEPTH = 3


def imported_request_bound(ctx: Context, qualified: str) -> str | None:
    """The first request-bound name the imported function ``qualified`` uses (``request``,
    or ``request (through helper())``); None when it uses none or cannot be read."""
    found = _neighbours.function(ctx, qualified)
    if found is None:
        return None
    tree, function = found
    facts = _ast_facts.Facts(tree)
    functions = {s.name: s for s in tree.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return _uses(facts, function, functions, {function.name}, DEPTH)


def _uses(facts, function, functions, seen: set[str], depth: int) -> str | None:
    called: list[str] = []
    for node in ast.walk(function):
        if isinstance(node, (ast.Name, ast.Attribute)) and facts.qualified(node) & REQUEST_BOUND:
            return node.id if isinstance(node, ast.Name) else node.attr
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in functions:
            called.append(node.func.id)
    if depth <= 0:
        return None
    for name in called:
        if name not in seen:
            seen.add(name)
            inner = _uses(facts, functions[name], functions, seen, depth - 1)
            if inner is not None:
                return f"{inner} (through {name}())"
    return None
