"""cache-views: which of the project's own context processors and template globals gives a
template a name, and where (for the finding on a name a view does not pass).

MultiScanner's web UI renders ``index.html``, which reads ``api_loc``; ``@app.context_processor
def inject_locs()`` in the same module returns it. The view stays uncached (what a processor
gives is not proved the same for every request: ara's reads the database), but the finding names
the processor rather than one "the codemod cannot see".

Read on CPython's AST of every application module that spells a registration:

- a context processor of an app (``_cache_views_context_processors.processors``: not a
  blueprint's own, which serves its views only) gives the string keys it returns, in a dict
  literal or ``dict(...)`` or through a local name it binds to a dict literal;
- a template global: a function decorated with ``X.template_global()`` or
  ``X.app_template_global()`` (its name, or the string given), ``X.add_template_global(f,
  "name")`` (``name=``, else ``f``'s own name), ``X.jinja_env.globals["name"] = ...`` and
  ``X.jinja_env.globals.update(name=..., ...)`` (or a dict literal).

The first registration found of a name is the one named (modules in the listing's order).
"""

from __future__ import annotations

import ast
import re
from typing import Iterator

from ._cache_views_context_processors import processors, returned
from ._project_answers import remembered
from ._project_view import application_modules

_REGISTERS = re.compile(r"context_processor|template_global|jinja_env\s*\.\s*globals")
_GLOBAL_DECORATORS = frozenset({"template_global", "app_template_global"})


def provided_names(ctx) -> dict[str, str]:
    """Name -> what of the project gives it to every template, as the finding names it
    (``"context processor inject_locs() (web/app.py:53)"``); empty without a listing of the
    project. Kept per project."""
    if ctx.project_files() is None:
        return {}
    return dict(remembered(ctx, ("cache-views: names the project's processors and globals give",), _derive))


def _derive(reader) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    for path, text in application_modules(reader, _REGISTERS):
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        for processor in processors(tree):
            spelled = f"{processor.name}()" if not isinstance(processor, ast.Lambda) else "lambda"
            for name in [n for n, _value in returned(processor)] + _returned_dict_names(processor):
                found.setdefault(name, f"context processor {spelled} ({path}:{processor.lineno})")
        for name, line in _globals(tree):
            found.setdefault(name, f"template global {name} ({path}:{line})")
    return tuple(found.items())


def _returned_dict_names(processor) -> list[str]:
    """The string keys of a dict literal a processor binds to a local name it returns
    (``d = {"api_loc": ...}; return d``)."""
    if isinstance(processor, ast.Lambda):
        return []
    dicts: dict[str, list[ast.Dict]] = {}
    returns: list[str] = []
    for node in ast.walk(processor):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    dicts.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.Return) and isinstance(node.value, ast.Name):
            returns.append(node.value.id)
    return [_string(key) for name in returns for d in dicts.get(name, []) for key in d.keys if _string(key) is not None]


def _globals(tree: ast.Module) -> Iterator[tuple[str, int]]:
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                call = decorator if isinstance(decorator, ast.Call) else None
                func = call.func if call is not None else decorator
                if isinstance(func, ast.Attribute) and func.attr in _GLOBAL_DECORATORS:
                    given = _string(call.args[0]) if call is not None and call.args else None
                    given = given or (_keyword(call, "name") if call is not None else None)
                    yield given or node.name, node.lineno
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "add_template_global" and node.args:
                given = _string(node.args[1]) if len(node.args) > 1 else _keyword(node, "name")
                first = node.args[0]
                if given is None and isinstance(first, ast.Name):
                    given = first.id
                if given is not None:
                    yield given, node.lineno
            elif node.func.attr == "update" and _is_globals(node.func.value):
                for keyword in node.keywords:
                    if keyword.arg is not None:
                        yield keyword.arg, node.lineno
                for argument in node.args:
                    if isinstance(argument, ast.Dict):
                        for key in argument.keys:
                            if _string(key) is not None:
                                yield _string(key), node.lineno
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Subscript) and _is_globals(target.value) and _string(target.slice) is not None:
                    yield _string(target.slice), node.lineno


def _is_globals(node: ast.AST) -> bool:
    """``X.jinja_env.globals``."""
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "globals"
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "jinja_env"
    )


def _string(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _keyword(call: ast.Call, name: str) -> str | None:
    return next((_string(k.value) for k in call.keywords if k.arg == name), None)
