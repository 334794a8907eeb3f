"""static-max-age: hooks run after every request that set the responses' Cache-Control.

An ``after_request`` hook (``after_app_request`` of a blueprint) that writes
``Cache-Control`` (``response.headers["Cache-Control"] = ...``, ``headers.set(...)``,
``response.cache_control.max_age = ...``) is the app's own caching policy, and it reaches
the static files too: the header it writes replaces the one ``SEND_FILE_MAX_AGE_DEFAULT``
gives them, so the setting would change nothing but a contradicting ``Expires``.

A hook writes the header on every response when every way through it that hands a response
back passes a write: both branches of an if/else, every branch of an elif chain that ends in
an else, a try's body and each of its handlers. A hook with a way around the write — an if
without an else (``if path.startswith("/api/"):``), an early return before it, a loop that may
run no time, a conditional expression — may leave the static files alone:
``conditional_caching_hooks`` names those apart, so that a certain reason to leave the app
alone is given first, and this one only as a possibility. A mention in an ``if``'s test only
reads the header.
"""

from __future__ import annotations

import ast
import re

from ._base import Context
from ._function_defs import decorated_by_method
from ._static_max_age_files import project_places

HOOKS = frozenset({"after_request", "after_app_request"})
_MENTIONS = re.compile(r"(?i)cache.control")
_TRIES = (ast.Try, getattr(ast, "TryStar", ast.Try))  # try ... except* from Python 3.11


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


def _sets_cache_control(function: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[int, bool] | None:
    """The line of the first mention of Cache-Control in ``function`` (the header's name as a
    string, or Werkzeug's ``cache_control`` attribute), and whether some way through the
    function hands a response back without writing it first (the write is conditional)."""
    lines = [line for line, _ in _mentions(function, False)]
    if not lines:
        return None
    every_return_writes, end = _block(function.body, False)
    return min(lines), not (every_return_writes and end is not False)


def _block(statements: list[ast.stmt], written: bool) -> tuple[bool, bool | None]:
    """(whether every return in ``statements`` comes after a write of the header, whether the
    header is written when they run to their end: None when they never do), the header
    written before them or not (``written``)."""
    every = True
    for statement in statements:
        ok, after = _statement(statement, written)
        every = every and ok
        if after is None:
            return every, None
        written = after
    return every, written


def _statement(statement: ast.stmt, written: bool) -> tuple[bool, bool | None]:
    """What ``_block`` says of one statement."""
    if isinstance(statement, ast.If):
        return _branches([statement.body, statement.orelse], written)
    if isinstance(statement, (ast.For, ast.AsyncFor, ast.While)):
        ok, _ = _block(statement.body, written)  # it may run no time
        ok_else, after = _block(statement.orelse, written)
        return ok and ok_else, written if after is None else after
    if isinstance(statement, (ast.With, ast.AsyncWith)):
        return _block(statement.body, written)
    if isinstance(statement, _TRIES):
        ok, after = _branches(
            [statement.body + statement.orelse, *(handler.body for handler in statement.handlers)], written
        )
        if after is None and not statement.finalbody:
            return ok, None
        ok_final, final = _block(statement.finalbody, bool(after))
        return ok and ok_final, final if after is not None else None
    if isinstance(statement, ast.Match):
        last = statement.cases[-1] if statement.cases else None
        catch_all = last is not None and last.guard is None and isinstance(last.pattern, ast.MatchAs) and last.pattern.pattern is None
        # without a ``case _:`` no case may match
        return _branches([*(case.body for case in statement.cases), *([] if catch_all else [[]])], written)
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return True, written  # defined, not run
    written = written or any(not under_if for _, under_if in _mentions(statement, False))
    if isinstance(statement, ast.Return):
        return written, None
    if isinstance(statement, ast.Raise):
        return True, None  # no response handed back
    return True, written


def _branches(blocks: list[list[ast.stmt]], written: bool) -> tuple[bool, bool | None]:
    """``_block`` of one of ``blocks``, whichever runs (an empty one: the way around)."""
    every, ends = True, []
    for block in blocks:
        ok, end = _block(block, written)
        every = every and ok
        if end is not None:
            ends.append(end)
    return every, (all(ends) if ends else None)


def _mentions(node: ast.AST, under_if: bool):
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str) and child.value.lower() == "cache-control":
            yield child.lineno, under_if
        elif isinstance(child, ast.Attribute) and child.attr == "cache_control":
            yield child.lineno, under_if
        yield from _mentions(child, under_if or isinstance(child, (ast.If, ast.IfExp)))
