"""static-max-age: hooks run after every request that set the responses' Cache-Control.

An ``after_request`` hook (``after_app_request`` of a blueprint) that writes
``Cache-Control`` (``response.headers["Cache-Control"] = ...``, ``headers.set(...)``,
``response.cache_control.max_age = ...``) is the app's own caching policy, and it reaches
the static files too: the header it writes replaces the one ``SEND_FILE_MAX_AGE_DEFAULT``
gives them, so the setting would change nothing but a contradicting ``Expires``.
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
    application code (this module's text included), sets Cache-Control."""
    return project_places(ctx, own_text, _MENTIONS, _hook_lines)


def _hook_lines(tree: ast.Module) -> list[int]:
    """The first line of each hook in ``tree`` that sets Cache-Control."""
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
            line = _sets_cache_control(node)
            if line is not None:
                lines.append(line)
    return lines


def _sets_cache_control(function: ast.AST) -> int | None:
    """The line of the first mention of Cache-Control in ``function``: the header's name as a
    string, or Werkzeug's ``cache_control`` attribute."""
    for node in ast.walk(function):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.lower() == "cache-control":
            return node.lineno
        if isinstance(node, ast.Attribute) and node.attr == "cache_control":
            return node.lineno
    return None
