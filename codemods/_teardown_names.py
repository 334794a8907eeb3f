"""The names teardown's analysis resolves, by qualified name: ``flask.g`` and its accessors,
``getattr`` / ``setattr`` / ``delattr``, the teardown hooks and the tearing-down signals; and
``Key``, what a handler releases (``("g", attribute)`` or ``("session", global name)``)."""

from __future__ import annotations

import ast
from typing import Iterable

Key = tuple[str, str]  # ("g", attribute) or ("session", global name)

G_NAMES = frozenset({"flask.g", "flask.globals.g"})
G_ACCESSORS = frozenset({"get", "pop", "setdefault"})
GETATTR = frozenset({"builtins.getattr", "getattr"})
SETATTR = frozenset({"builtins.setattr", "setattr"})
DELATTR = frozenset({"builtins.delattr", "delattr"})
SET_OR_DELATTR = SETATTR | DELATTR
TEARDOWN_HOOKS = frozenset({"teardown_appcontext", "teardown_request", "teardown_app_request"})
TEARDOWN_SIGNALS = frozenset(
    {
        "flask.appcontext_tearing_down",
        "flask.signals.appcontext_tearing_down",
        "flask.request_tearing_down",
        "flask.signals.request_tearing_down",
    }
)
FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


def may_hold_teardowns(text: str, words: Iterable[str]) -> bool:
    """Whether a module whose text is ``text`` may hold a teardown handler that does something
    with one of ``words`` (attributes, sessions, functions): it mentions teardown and one of
    them. The only modules whose handlers the planner asks about (``Project.teardowns``)."""
    return ("teardown" in text or "tearing_down" in text) and any(word in text for word in words)
