"""http-timeout: a wait looked up in the data a function is handed, which is no setting of the
application's.

Another module's calls are left alone where the project reads the waits of its HTTP calls from
its configuration (_http_timeout_configured): a number written there may be shorter than one
a user configures. That holds for the application's configuration, which every module can read:
``app.config`` (Flask loads only upper-case keys into it: ``from_object``, ``from_pyfile``,
``from_mapping``), the environment, a settings module. Not for a lookup under a lower-case key
in a mapping the function is handed as a parameter (``def run(config, ...)`` then
``config.get("timeout_secs", 5)``; also through a local name, or ``int(...)`` of it): that
mapping is its caller's data, a bot node's or a job's own settings, and bounds the calls of
that function only. ``caller_data_lines`` names the calls whose every wait is read so; the
module's own calls are read as before. A lookup on ``self`` or ``cls`` (an object's
configuration, as redash's data sources keep theirs) or under an upper-case key is not one.
"""

from __future__ import annotations

import ast

from ._ast_walk import functions_around
from ._http_timeout_default import calls_given_waits, is_wait_name
from ._parsed_modules import plain_fact

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_OWN_OBJECT = frozenset({"self", "cls"})
_CONVERSIONS = frozenset({"int", "float"})


def caller_data_lines(text: str) -> frozenset[int]:
    """The lines of the calls of the module ``text`` whose every wait is looked up in data
    the function is handed (see the module's docstring)."""
    return plain_fact(text, "http-timeout waits of caller data", _caller_data_lines) or frozenset()


def _caller_data_lines(tree: ast.Module) -> frozenset[int]:
    found = set()
    for call in calls_given_waits(tree):
        waits = [keyword.value for keyword in call.keywords if keyword.arg and is_wait_name(keyword.arg)]
        functions = [function for function in functions_around(tree).get(id(call), ()) if isinstance(function, _FUNCTIONS)]
        if waits and functions and all(_caller_data(value, functions[-1]) for value in waits):
            found.add(call.lineno)
    return frozenset(found)


def _caller_data(value: ast.AST, function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A lookup of the function's data, or a local name bound only to such lookups."""
    parameters = _parameters(function)
    if not isinstance(value, ast.Name) or value.id in parameters:
        return _looked_up(value, parameters)
    stores = [node for node in ast.walk(function) if isinstance(node, ast.Name) and node.id == value.id and isinstance(node.ctx, ast.Store)]
    bound = [
        node.value
        for node in ast.walk(function)
        if isinstance(node, ast.Assign) and any(isinstance(target, ast.Name) and target.id == value.id for target in node.targets)
    ]
    return bool(bound) and len(bound) == len(stores) and all(_looked_up(part, parameters) for part in bound)


def _looked_up(value: ast.AST, parameters: set[str]) -> bool:
    """``param.get("key", default)`` or ``param["key"]`` (or ``int``/``float`` of one): a lower-case key of a parameter."""
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in _CONVERSIONS and len(value.args) == 1:
        return _looked_up(value.args[0], parameters)
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "get" and value.args:
        owner, key = value.func.value, value.args[0]
    elif isinstance(value, ast.Subscript):
        owner, key = value.value, value.slice
    else:
        return False
    return (
        isinstance(owner, ast.Name)
        and owner.id in parameters
        and isinstance(key, ast.Constant)
        and isinstance(key.value, str)
        and key.value == key.value.lower()
    )


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    arguments = function.args
    every = (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)
    return {argument.arg for argument in every} - _OWN_OBJECT
