"""static-max-age: hooks run after every request that set the responses' Cache-Control.

An ``after_request`` hook (``after_app_request`` of a blueprint) that writes
``Cache-Control`` (``response.headers["Cache-Control"] = ...``, ``headers.set(...)``,
``response.cache_control.max_age = ...``) is the app's own caching policy, and it reaches
the static files too: the header it writes replaces the one ``SEND_FILE_MAX_AGE_DEFAULT``
gives them, so the setting would change nothing but a contradicting ``Expires``.

A hook that writes the header only under a condition (``if path.startswith("/api/"):``) may
leave the static files alone: ``conditional_caching_hooks`` names those apart, so that a
certain reason to leave the app alone is given first, and this one only as a possibility.
"""

from __future__ import annotations

import ast
import re

from ._base import Context
from ._function_defs import decorated_by_method
from ._static_max_age_files import project_places

HOOKS = frozenset({"after_request", "after_app_request"})
_MENTIONS = re.compile(r"(?i)cache.control")


def caching_hooks(ctx: Context, own_text: str) -> list[str]:
    """``path:line`` of the places where a hook run after every request, in the project's
    application code (this module's text included), sets Cache-Control on every response
    (outside any ``if``)."""
    return project_places(ctx, own_text, _MENTIONS, lambda tree: _hook_lines(tree, conditional=False))


def conditional_caching_hooks(ctx: Context, own_text: str) -> list[str]:
    """The same for the hooks that set Cache-Control only under a condition."""
    return project_places(ctx, own_text, _MENTIONS, lambda tree: _hook_lines(tree, conditional=True))


def _hook_lines(tree: ast.Module, conditional: bool) -> list[int]:
    """The first line of each hook in ``tree`` that sets Cache-Control (under a condition,
    or not)."""
    registered = {
        node.args[0].id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in HOOKS
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Name)
    }
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and (node.name in registered or decorated_by_method(node, HOOKS)):
            found = _sets_cache_control(node)
            if found is not None and found[1] == conditional:
                lines.append(found[0])
    return lines


def _sets_cache_control(function: ast.AST) -> tuple[int, bool] | None:
    """The line of the first mention of Cache-Control in ``function`` (the header's name as a
    string, or Werkzeug's ``cache_control`` attribute), and whether every mention is under
    an ``if`` (a statement or an expression) of the function."""
    mentions = list(_mentions(function, False))
    if not mentions:
        return None
    return min(line for line, _ in mentions), all(under_if for _, under_if in mentions)


def _mentions(node: ast.AST, under_if: bool):
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str) and child.value.lower() == "cache-control":
            yield child.lineno, under_if
        elif isinstance(child, ast.Attribute) and child.attr == "cache_control":
            yield child.lineno, under_if
        yield from _mentions(child, under_if or isinstance(child, (ast.If, ast.IfExp)))
