"""cache-views' project stage: views that read a name of their module bound to an object of a
library, which the analysis takes for state that may change while a page is cached.

The scan judges every name a view (or a helper it calls) reads. A name bound at the top of
the module is judged by what it is bound to (``NameKinds.global_kind``): a literal, a pure
call of constants, the app, the database or a cache object are known; anything else is
state (``OTHER``), and reading it refuses the view for a settled reason (``CHANGING``:
"reads redis (line 17), state that may change while a page is cached"). The planner then
says nothing of the view (``_cache_views_worth``: a survey goes on past open questions to
the first settled one), whatever else it does.

``reads_library_state`` finds such a read in the view's own statements, or in those of a
helper of the module it calls (``settling_helper``'s helpers: followed by the scan, their
whole body read), for the names whose kind is sure without LibCST: a name the module binds
once, at its top, by ``name = value`` and nowhere else (``bound_once``), where ``value`` is

- a name, an attribute, a subscript, a comprehension, a conditional or boolean expression or
  a comparison (no literal, no call: never known); or
- a call of a name imported from a library (``Project``'s own ``module_files`` finds no file
  of the project for it), which is neither the app, the database, a cache class nor a pure
  function (``APP_CLASSES``, ``DATABASE_CLASSES``, ``CACHE_CLASSES``, ``is_pure``);

and whose name starts no reference the scan decides by its name (``starts_a_named_reason``).
The libraries' answer depends on the project's files, so this is asked in the project stage.
"""

from __future__ import annotations

import ast
from typing import Callable

from ._ast_nodes import assigned
from ._cache_views_catalog import APP_CLASSES, CACHE_CLASSES, DATABASE_CLASSES, is_pure, starts_a_named_reason
from ._cache_views_project import module_files
from ._cache_views_settled_body import binding_counts, helpers_defined_once, imported_names, name_chain
from ._parsed_modules import tree_fact

Reader = Callable[[str], "str | None"]

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
# values value_kind never knows: no literal, no call, no lambda
_UNKNOWN_VALUES = (
    ast.Name, ast.Attribute, ast.Subscript, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.IfExp,
    ast.BoolOp, ast.Compare,
)
_KNOWN_OBJECTS = frozenset(APP_CLASSES) | frozenset(DATABASE_CLASSES) | frozenset(CACHE_CLASSES)


def reads_library_state(function: ast.FunctionDef | ast.AsyncFunctionDef, tree: ast.Module, read: Reader) -> bool:
    """Whether the view ``function`` of ``tree``, or a helper of the module it calls by name
    in its own body, reads a name the analysis surely takes for changing state."""
    names = state_candidates(tree)
    if not names:
        return False
    helpers = helpers_defined_once(tree)
    bodies = [function]
    for node in own_nodes(function):
        if type(node) is ast.Call and type(node.func) is ast.Name:
            helper = helpers.get(node.func.id)
            if helper is not None and helper is not function:
                bodies.append(helper)
    for body in bodies:
        for node in own_nodes(body):
            if type(node) is ast.Name and type(node.ctx) is ast.Load and node.id in names:
                if library_state(names[node.id], tree, read):
                    return True
    return False


def own_nodes(function: ast.FunctionDef | ast.AsyncFunctionDef):
    """The nodes of the function's own statements (not in a function, class or lambda
    defined there)."""
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        if isinstance(node, _SCOPES):
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def library_state(value: ast.expr, tree: ast.Module, read: Reader) -> bool:
    if isinstance(value, _UNKNOWN_VALUES):
        return True
    if type(value) is not ast.Call or not isinstance(value.func, (ast.Name, ast.Attribute)):
        return False
    chain = name_chain(value.func)
    target = imported_names(tree).get(chain[0]) if chain else None
    if target is None or target.startswith("."):
        return False
    qualified = ".".join([target, *chain[1:]])  # type: ignore[index]
    if qualified in _KNOWN_OBJECTS or is_pure(qualified):
        return False
    # a library's: no file of the project may hold it (its kind would be the project's)
    return all(read(path) is None for path, _covered in module_files("", qualified))


def state_candidates(tree: ast.Module) -> dict[str, ast.expr]:
    """Name -> value, for the names bound once in the module, at its top, by a plain
    assignment, and starting no reference the scan decides by name (kept with the tree)."""
    return tree_fact(tree, "cache-views: names bound once to a value", _bound_once)


def _bound_once(tree: ast.Module) -> dict[str, ast.expr]:
    counts = binding_counts(tree)
    if counts is None:
        return {}
    found: dict[str, ast.expr] = {}
    for statement in tree.body:
        named = assigned(statement)
        if named is not None and counts.get(named[0]) == 1 and not starts_a_named_reason(named[0]):
            found[named[0]] = named[1]
    return found
