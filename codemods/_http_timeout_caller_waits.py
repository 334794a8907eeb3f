"""http-timeout: waits a function takes from its caller, which are not read from configuration.

- A value taken from the function's own ``**`` parameter (``kwargs["timeout"]``,
  ``kwargs.get("timeout", 10)``, ``kwargs.pop("timeout")``, also converted: ``float(...)``)
  is what its caller passes: the caller's wait, read where the function is called, never a
  setting (a lookup's default is read as any value is: ``kwargs.get("timeout",
  app.config["HTTP_TIMEOUT"])`` still reads the configuration). Only the ``**`` mapping: a
  named parameter's item (``app.config["HTTP_TIMEOUT"]`` in an ``init_app(self, app)``) may
  well be a setting.
- A parameter whose default is a number (``def lookup(name, timeout=10)``), read in its
  function where the function binds that name nowhere else, is a wait the project names for
  the call it is handed to, as a literal there is: ``parameter_defaults``.
"""

from __future__ import annotations

import ast

from ._ast_numbers import number_of, numeric_constants
from ._ast_walk import functions_around
from ._http_timeout_node_kinds import of_kinds
from ._parsed_modules import tree_fact

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_MAPPING_LOOKUPS = frozenset({"get", "pop"})
_CONVERSIONS = frozenset({"int", "float"})


def caller_values(tree: ast.Module) -> frozenset[int]:
    """The ids of the calls and subscripts of ``tree`` that take a value from the ``**``
    parameter of a function around them (and of ``int``/``float`` of one): see the module's
    docstring."""
    return tree_fact(tree, "http-timeout caller values", _caller_values)  # type: ignore[no-any-return]


def _caller_values(tree: ast.Module) -> frozenset[int]:
    if not any(function.args.kwarg is not None for function in of_kinds(tree, _FUNCTIONS)):
        return frozenset()
    around = functions_around(tree)
    found: set[int] = set()
    for node in of_kinds(tree, (ast.Subscript, ast.Call)):  # (the walk is breadth first: outer nodes come first)
        mappings = {f.args.kwarg.arg for f in around.get(id(node), ()) if f.args.kwarg is not None}
        if mappings and _takes_from(node, mappings):
            found.add(id(node))
    # a conversion of one (``float(kwargs["timeout"])``): its argument is met after it in the walk
    for node in of_kinds(tree, ast.Call):
        if isinstance(node.func, ast.Name) and node.func.id in _CONVERSIONS and len(node.args) == 1 and not node.keywords:
            if id(node.args[0]) in found:
                found.add(id(node))
    return frozenset(found)


def _takes_from(node: ast.AST, mappings: set[str]) -> bool:
    if isinstance(node, ast.Subscript):
        return isinstance(node.value, ast.Name) and node.value.id in mappings
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _MAPPING_LOOKUPS
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in mappings
        and 1 <= len(node.args) <= 2
        and not node.keywords
    )


def parameter_defaults(tree: ast.Module) -> dict[int, float]:
    """The ids of the names of ``tree`` that read a parameter of their own function whose
    default is a number (a module constant's too), with that number; not where the function
    (or a function in it) binds that name otherwise too."""
    return tree_fact(tree, "http-timeout parameter defaults", _parameter_defaults)  # type: ignore[no-any-return]


def _parameter_defaults(tree: ast.Module) -> dict[int, float]:
    constants = numeric_constants(tree)
    found: dict[int, float] = {}
    for function in of_kinds(tree, (ast.FunctionDef, ast.AsyncFunctionDef)):
        arguments = function.args
        positional = [*arguments.posonlyargs, *arguments.args]
        pairs = [
            *zip(positional[len(positional) - len(arguments.defaults):], arguments.defaults),
            *zip(arguments.kwonlyargs, arguments.kw_defaults),
        ]
        defaults = {argument.arg: number_of(default, constants) for argument, default in pairs if default is not None}
        defaults = {name: seconds for name, seconds in defaults.items() if seconds is not None and seconds > 0}
        if not defaults:
            continue
        names = [node for statement in function.body for node in ast.walk(statement) if isinstance(node, ast.Name)]
        rebound = {node.id for node in names if not isinstance(node.ctx, ast.Load)}
        rebound.update(_inner_parameters(function))
        for node in names:
            if node.id in defaults and node.id not in rebound:
                found[id(node)] = defaults[node.id]
    return found


def _inner_parameters(function: ast.AST) -> set[str]:
    """The parameters of the functions and lambdas inside ``function``, and the names it
    declares ``global`` or ``nonlocal``: a name read there may not be its own parameter."""
    found: set[str] = set()
    for statement in function.body:  # type: ignore[attr-defined]
        for node in ast.walk(statement):
            if isinstance(node, _FUNCTIONS):
                arguments = node.args
                every = (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg)
                found.update(argument.arg for argument in every if argument is not None)
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                found.update(node.names)
    return found


def reads_beyond_callers(value: ast.AST, callers: frozenset[int]) -> bool:
    """Whether ``value`` holds a call or a subscript (a configuration read, as
    _http_timeout_default reads one) other than a value taken from the caller (``callers``:
    ``caller_values``), whose lookup's default is read as any value is."""
    if id(value) in callers:
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):  # int(...), float(...)
            return reads_beyond_callers(value.args[0], callers)
        parts = value.args[1:] if isinstance(value, ast.Call) else []
        return any(reads_beyond_callers(part, callers) for part in parts)
    if isinstance(value, (ast.Call, ast.Subscript)):
        return True
    return any(reads_beyond_callers(child, callers) for child in ast.iter_child_nodes(value))


def parameter_default(tree: ast.Module, value: ast.AST) -> float | None:
    """The number ``value`` reads as its function's parameter's default (``parameter_defaults``)."""
    return parameter_defaults(tree).get(id(value)) if isinstance(value, ast.Name) else None
