"""cache-views: the names the project's own context processors fill in from the user.

A template may read a name its view does not pass; a context processor fills it in on every
render. Where the project's own processor, registered for every view of the app, returns the
name with a value that reads per-user state (kerbalstuff's ``'user': current_user`` in
``@app.context_processor def inject()``), the page differs per user: a settled refusal, which
the contract says nothing of, not a processor "the codemod cannot see".

Read on CPython's AST of every application module that spells ``context_processor``:

- a processor is a function decorated with ``@X.context_processor`` or
  ``@X.app_context_processor``, or given to such a call (a function of the module's top, or
  a lambda); ``X.context_processor`` of a name the module binds to a ``Blueprint(...)`` serves
  that blueprint's views only and is not read;
- what it returns: a dict literal with string keys, or ``dict(name=...)``, in its own
  ``return`` statements (a lambda's body);
- a value reads the user where a name in it, or in what a local of the processor it reads
  was assigned, is bound by the module's imports alone (``imported_names``, as LibCST reads them) to
  what the catalogue names as per-user state (``current_user``, ``session``, ``g``;
  ``flask.ext.login`` read as ``flask_login``, as the ``flask.ext`` hook loaded it).
"""

from __future__ import annotations

import ast
import re
from typing import Iterator

from ._cache_views_catalog import USER, named_reason
from ._cache_views_settled_body import imported_names
from ._names import flask_ext_module
from ._project_answers import remembered
from ._project_view import application_modules

_REGISTERS = re.compile(r"context_processor")
_EVERY_VIEW = "app_context_processor"
_THE_APPS = "context_processor"  # an app's (a blueprint's serves its views only)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def per_user_names(ctx) -> dict[str, str]:
    """Name -> the per-user name its value reads (``current_user``), for every name a context
    processor of the project returns for every view from per-user state; empty without a
    listing of the project. Kept per project."""
    if ctx.project_files() is None:
        return {}
    return dict(remembered(ctx, ("cache-views: names context processors fill in per user",), _derive))


def _derive(reader) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    for _path, text in application_modules(reader, _REGISTERS):
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        for processor in processors(tree):
            for name, read in _per_user_values(processor, tree):
                found.setdefault(name, read)
    return tuple(sorted(found.items()))


def processors(tree: ast.Module) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda]:
    """The context processors ``tree`` registers for every view of an app (not a blueprint's own)."""
    blueprints = _blueprint_names(tree)
    top = {s.name: s for s in tree.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if any(_registers(d, blueprints) for d in node.decorator_list):
                yield node
        elif isinstance(node, ast.Call) and _registers(node.func, blueprints) and len(node.args) == 1:
            given = node.args[0]
            if isinstance(given, ast.Lambda):
                yield given
            elif isinstance(given, ast.Name) and given.id in top:
                yield top[given.id]


def _registers(node: ast.expr, blueprints: set[str]) -> bool:
    if not isinstance(node, ast.Attribute):
        return False
    if node.attr == _EVERY_VIEW:
        return True
    return node.attr == _THE_APPS and not (isinstance(node.value, ast.Name) and node.value.id in blueprints)


def _blueprint_names(tree: ast.Module) -> set[str]:
    """The names the module assigns a call of something spelled ``Blueprint``."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            callee = node.value.func
            spelled = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", None)
            if spelled == "Blueprint":
                names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _per_user_values(processor, tree: ast.Module) -> Iterator[tuple[str, str]]:
    imported = imported_names(tree)
    local = _local_values(processor)
    for name, value in returned(processor):
        read = _user_read(value, local, imported)
        if read is not None:
            yield name, read


def returned(processor) -> Iterator[tuple[str, ast.expr]]:
    """``(name, value)`` of what a processor returns: a dict literal's string keys, ``dict(name=...)``."""
    if isinstance(processor, ast.Lambda):
        values = [processor.body]
    else:
        values = [n.value for n in _own_nodes(processor.body) if isinstance(n, ast.Return) and n.value is not None]
    for value in values:
        if isinstance(value, ast.Dict):
            for key, item in zip(value.keys, value.values):
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    yield key.value, item
        elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict":
            for keyword in value.keywords:
                if keyword.arg is not None:
                    yield keyword.arg, keyword.value


def _local_values(processor) -> dict[str, list[ast.expr]]:
    """A local name of the processor -> the values its own assignments give it."""
    if isinstance(processor, ast.Lambda):
        return {}
    local: dict[str, list[ast.expr]] = {}
    for node in _own_nodes(processor.body):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    local.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            local.setdefault(node.target.id, []).append(node.value)
    return local


def _user_read(value: ast.expr, local: dict[str, list[ast.expr]], imported: dict[str, str]) -> str | None:
    """The per-user name ``value`` reads, itself or through the processor's locals."""
    stack, seen = [value], set()
    while stack:
        node = stack.pop()
        for name in (n for n in ast.walk(node) if isinstance(n, ast.Name)):
            if name.id in local:
                if name.id not in seen:
                    seen.add(name.id)
                    stack.extend(local[name.id])
                continue
            target = imported.get(name.id)
            if target is None:
                continue
            problem = named_reason(flask_ext_module(target) or target)
            if problem is not None and problem.category == USER:
                return name.id
    return None


def _own_nodes(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """The nodes of a function's body in source order, not into functions, classes or lambdas
    defined there."""
    stack: list[ast.AST] = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed([child for child in ast.iter_child_nodes(node) if not isinstance(child, _SCOPES)]))
