"""http-timeout: the request method a parameter of a method picks, ``getattr(requests,
method)(url)`` in ``def _make_request(self, method="get", ...)`` of a module-level class.

A method is called by its name on any object (``self._make_request()``, ``feed._make_request``
of a subclass's object): the values are told only where every file of the project that names
it names it in a definition of that name or as the called function of a call
(``x._make_request(...)``), each call giving the parameter a literal (or leaving the literal
default), with no ``*``/``**`` argument; the method is undecorated and never rebinds the
parameter (``declaration``). Anything else — the method handed on (``handler =
self._make_request``), named in a string (``getattr(self, "_make_request")``), a file that does
not read or parse — leaves the values untold.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

import libcst as cst

from ._http_timeout_calls import parent
from ._http_timeout_handed_on import mentioning, unreadable
from ._http_timeout_holders import declaration

if TYPE_CHECKING:
    from ._base import Context


def method_parameter_values(wrapper: Any, ctx: Context, name: cst.Name) -> set[str] | None:
    """The literal strings every call of the method in the project gives its parameter
    ``name`` (its literal default where a call gives none); None where they cannot be told."""
    declared = declaration(wrapper, name)
    parameters = parent(wrapper, declared) if declared is not None else None
    function = parent(wrapper, parameters) if parameters is not None else None
    block = parent(wrapper, function) if function is not None else None
    owner = parent(wrapper, block) if block is not None else None
    if not (isinstance(function, cst.FunctionDef) and isinstance(owner, cst.ClassDef) and isinstance(parent(wrapper, owner), cst.Module)):
        return None
    assert isinstance(parameters, cst.Parameters) and declared is not None
    positional = [*parameters.posonly_params, *parameters.params]
    if function.decorators or declared.star or not positional or positional[0] is declared:
        return None
    index = next((i - 1 for i, p in enumerate(positional) if p is declared), None)  # as called on an object
    default = declared.default.evaluated_value if isinstance(declared.default, cst.SimpleString) else None
    if ctx.project_files() is None or unreadable(ctx):
        return None
    return _project_values(wrapper, ctx, function.name.value, index, declared.name.value, default if isinstance(default, str) else None, 2)


def _project_values(wrapper: Any, ctx: Context, method: str, index: int | None, keyword: str, default: str | None, depth: int) -> set[str] | None:
    """What every call of ``method`` in the project gives its parameter (``index`` as called on
    an object, ``keyword``), ``default`` where a call gives none; a call that hands on a
    parameter of its own method (``method=method``) gives what that method's calls give, up to
    ``depth`` methods further."""
    listing = ctx.project_files()
    assert listing is not None
    values: set[str] = set()
    for path in mentioning(ctx, method):
        text = wrapper.module.code if path == listing.this else ctx.read_file(listing.relative(path))
        try:
            tree = ast.parse(text or "")
        except (SyntaxError, ValueError):
            return None

        def forwarded(function: ast.FunctionDef, name: str, tree: ast.Module = tree) -> set[str] | None:
            if depth == 0:
                return None
            found = _own_parameter(tree, function, name)
            return _project_values(wrapper, ctx, function.name, found[0], name, found[1], depth - 1) if found else None

        given = _given(tree, method, index, keyword, default, forwarded)
        if given is None:
            return None
        values |= given
    if not values and default is not None:
        values.add(default)
    return values or None


def _own_parameter(tree: ast.Module, function: ast.FunctionDef, name: str) -> tuple[int | None, str | None] | None:
    """(its index as called on an object, its literal default) where ``name`` is a parameter
    of ``function``, an undecorated method of a module-level class that never rebinds it."""
    if function.decorator_list or not any(isinstance(c, ast.ClassDef) and function in c.body for c in tree.body):
        return None
    arguments = function.args
    positional = [*arguments.posonlyargs, *arguments.args]
    if not positional or positional[0].arg == name:
        return None
    if any(isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load) for n in ast.walk(function)):
        return None
    defaults = dict(zip([a.arg for a in positional][len(positional) - len(arguments.defaults):], arguments.defaults))
    defaults.update({a.arg: d for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is not None})
    index = next((i - 1 for i, a in enumerate(positional) if a.arg == name), None)
    if index is None and name not in {a.arg for a in arguments.kwonlyargs}:
        return None
    default = defaults.get(name)
    literal = default.value if isinstance(default, ast.Constant) and isinstance(default.value, str) else None
    return index, literal


def _given(tree: ast.Module, method: str, index: int | None, keyword: str, default: str | None, forwarded: Any) -> set[str] | None:
    """What the calls of ``method`` in ``tree`` give the parameter; None where one gives
    something else, or ``tree`` names it other than in a definition or as a call's function.
    ``forwarded(function, name)``: what a parameter of the calling method holds."""
    called = {id(node.func): node for node in ast.walk(tree) if isinstance(node, ast.Call)}
    enclosing: dict[int, ast.FunctionDef] = {}
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef):
            enclosing.update({id(node): function for node in ast.walk(function)})  # inner ones later: they win
    values: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == method:
            return None
        if isinstance(node, ast.Constant) and node.value == method:
            return None
        if isinstance(node, ast.Attribute) and node.attr == method:
            call = called.get(id(node))
            if call is None or any(isinstance(arg, ast.Starred) for arg in call.args) or any(k.arg is None for k in call.keywords):
                return None
            value = next((k.value for k in call.keywords if k.arg == keyword), None)
            if value is None and index is not None and index < len(call.args):
                value = call.args[index]
            if value is None:
                if default is None:
                    return None
                values.add(default)
            elif isinstance(value, ast.Constant) and isinstance(value.value, str):
                values.add(value.value)
            elif isinstance(value, ast.Name) and id(call) in enclosing:
                handed = forwarded(enclosing[id(call)], value.id)
                if handed is None:
                    return None
                values |= handed
            else:
                return None
    return values
