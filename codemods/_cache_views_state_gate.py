"""cache-views' project stage: views that read a name of their module bound to an object the
analysis does not know (a library's, or one the project makes), which it takes for state that
may change while a page is cached.

The scan judges every name a view (or a helper it calls) reads. A name bound at the top of
the module is judged by what it is bound to (``NameKinds.global_kind``): a literal, a pure
call of constants, the app, the database or a cache object are known; anything else is
state (``OTHER``), and reading it refuses the view for a settled reason (``CHANGING``:
"reads redis (line 17), state that may change while a page is cached"). The planner then
says nothing of the view (``_cache_views_worth``: a survey goes on past open questions to
the first settled one), whatever else it does.

``reads_unknown_object`` finds such a read in the view's own statements, or in those of a
helper of the module it calls (``settling_helper``'s helpers: followed by the scan, their
whole body read), for the names whose kind is sure without LibCST: a name the module binds
once, at its top, by ``name = value`` and nowhere else (``bound_once``), where ``value`` is

- a name, an attribute, a subscript, a comprehension, a conditional or boolean expression or
  a comparison (no literal, no call: never known); or
- a call of a name imported from a library (``Project``'s own ``module_files`` finds no file
  of the project for it), which is neither the app, the database, a cache class nor a pure
  function (``APP_CLASSES``, ``DATABASE_CLASSES``, ``CACHE_CLASSES``, ``is_pure``); or of a
  pure function given an argument that is never a constant to the analysis (an attribute, a
  subscript...: ``F = TypeVar("F", bound=Callable[..., Any])``); or
- a call through a name bound so itself (``session = DBSession()``, ``DBSession =
  sessionmaker(...)``: ``made_by_a_bound_name``), whose value the analysis never takes for a
  class of the project, so it knows nothing of what the call makes; or
- a call of a function or a class the module itself defines once at its top
  (``pages = NewsPages(name="news")``, ``class NewsPages(FlatPages)``: ``made_by_the_module``),
  a class built on builtins and libraries' classes other than a cache's; or
- a call of a function or a class of the project (imported from it: ``manager =
  KeyManager()``, ``SESSION = lib.create_session(...)``) that is none of those known
  objects (``made_by_the_project``): a function, or a class built on builtins and
  libraries' classes other than a cache's, as the scan resolves the callee;

and whose name starts no reference the scan decides by its name (``starts_a_named_reason``).
The libraries' answer depends on the project's files, so this is asked in the project stage.
"""

from __future__ import annotations

import ast
import posixpath
from typing import Callable

from ._ast_nodes import assigned
from ._cache_views_catalog import APP_CLASSES, CACHE_CLASSES, DATABASE_CLASSES, is_pure, starts_a_named_reason
from ._cache_views_project import module_files, top_level_name_file
from ._cache_views_rebound_state import rebound_state
from ._cache_views_settled_body import binding_counts, builtin_name, called_helpers, helpers_defined_once, imported_names, name_chain
from ._parsed_modules import python_fact, python_tree, tree_fact

Reader = Callable[[str], "str | None"]

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
# values value_kind never knows: no literal, no call, no lambda
_UNKNOWN_VALUES = (
    ast.Name, ast.Attribute, ast.Subscript, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.IfExp,
    ast.BoolOp, ast.Compare,
)
# arguments ``NameKinds.is_constant`` never takes for constants (not a literal, a name, an
# operation or a call): ``TypeVar("F", bound=Callable[..., Any])`` is no value
_NEVER_CONSTANT = (
    ast.Attribute, ast.Subscript, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.IfExp,
    ast.BoolOp, ast.Compare,
)
_KNOWN_OBJECTS = frozenset(APP_CLASSES) | frozenset(DATABASE_CLASSES) | frozenset(CACHE_CLASSES)


def reads_unknown_object(function: ast.FunctionDef | ast.AsyncFunctionDef, tree: ast.Module, read: Reader) -> bool:
    """Whether the view ``function`` of ``tree``, or a helper of the module it calls by name
    in its own body, reads a name the analysis surely takes for changing state: one bound
    once (below), or otherwise (``rebound_state``)."""
    names = state_candidates(tree)
    helpers = helpers_defined_once(tree)
    bodies = [function, *(helpers[name] for name in called_helpers(function, tree) if helpers[name] is not function)]
    for body in bodies:
        for node in own_nodes(body):
            if type(node) is ast.Name and type(node.ctx) is ast.Load:
                if node.id in names:
                    if unknown_object(names[node.id], tree, read):
                        return True
                elif rebound_state(node.id, tree, lambda value: unknown_object(value, tree, read)):
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


def unknown_object(value: ast.expr, tree: ast.Module, read: Reader) -> bool:
    """Whether the analysis surely takes ``value``, bound once at the top of ``tree``, for
    no object it knows (``NameKinds.value_kind``: ``OTHER``, state)."""
    if isinstance(value, _UNKNOWN_VALUES):
        return True
    if type(value) is not ast.Call or not isinstance(value.func, (ast.Name, ast.Attribute)):
        return False
    chain = name_chain(value.func)
    if chain and made_by_a_bound_name(chain, tree):
        return True
    if chain and len(chain) == 1 and made_by_the_module(chain[0], tree, read):
        return True
    target = imported_names(tree).get(chain[0]) if chain else None
    if target is None:
        return False
    qualified = ".".join([target, *chain[1:]])  # type: ignore[index]
    if qualified in _KNOWN_OBJECTS:
        return False
    if is_pure(qualified):
        # a value only when every argument is a constant (``NameKinds.is_constant``)
        return any(isinstance(part, _NEVER_CONSTANT) for part in (*value.args, *(k.value for k in value.keywords)))
    # a library's (no file of the project holds it), or the project's: then the object is
    # known only where the callee is a class of the project built on a cache class
    return made_by_the_project(qualified, read) if _project_file(qualified, read) else not target.startswith(".")


def _project_file(qualified: str, read: Reader) -> bool:
    return any(read(path) is not None for path, _covered in module_files("", qualified))


def made_by_the_project(qualified: str, read: Reader) -> bool:
    """Whether a call of ``qualified``, a name of the project, makes what the analysis takes
    for no known object (``NameKinds.value_kind``: the app, the database and the caches are
    known by the callee's qualified name, or, for a class of the project, by a base in its
    chain). The scan resolves the callee as ``Project.resolve`` does: the first of its
    candidate files that exists, then the name's last top-level binding there (a function,
    class, assignment or ``from`` import: ``_top_level_bindings``). Surely unknown: a
    function or an assigned value there (never a class), or a class whose every base is a
    builtin or a library's name that is no cache class. A re-export, an attribute of a
    binding, a module, or a class built on anything else is left to the planner."""
    found = top_level_name_file(read, "", qualified)
    tree = python_tree(found[1]) if found is not None else None
    if tree is None:
        return False
    path, text, name = found  # type: ignore[misc]
    binding = python_fact(text, "cache-views: last top-level bindings", _last_bindings).get(name)
    if isinstance(binding, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Assign, ast.AnnAssign)):
        return True
    if not isinstance(binding, ast.ClassDef):
        return False  # (a re-export: followed by the scan, perhaps to a class)
    where = posixpath.dirname(path)
    return all(
        _no_cache_base(base, tree, lambda other: read(posixpath.normpath(posixpath.join(where, other))))
        for base in binding.bases
    )


def made_by_the_module(name: str, tree: ast.Module, read: Reader) -> bool:
    """Whether a call of ``name``, which the module binds once, at its top, by a ``def`` or a
    ``class`` (``devtest_app = AppByHost(...)`` of a class defined there), makes what the
    analysis takes for no known object (``NameKinds.value_kind``: the callee's qualified name
    is the bare name, neither a known object's nor a pure function's; a function makes
    ``OTHER``, a class too unless a cache class is among its bases): a function, or a class
    whose every base is a builtin or a library's class other than a cache's (``read``: the
    module's files, as for ``made_by_the_project``)."""
    counts = binding_counts(tree)
    if counts is None or counts.get(name) != 1 or name in _KNOWN_OBJECTS or is_pure(name):
        return False
    definition = next((s for s in tree.body if isinstance(s, (ast.FunctionDef, ast.ClassDef)) and s.name == name), None)
    if isinstance(definition, ast.FunctionDef):
        return True
    return isinstance(definition, ast.ClassDef) and all(_no_cache_base(base, tree, read) for base in definition.bases)


def _no_cache_base(base: ast.expr, tree: ast.Module, read: Reader) -> bool:
    """A base the class chain surely ends at, and no cache class: a builtin the module binds
    nowhere, or a name bound only by imports of a library's (``library_target``'s test,
    with the project's files)."""
    chain = name_chain(base) if isinstance(base, (ast.Name, ast.Attribute)) else None
    if chain is None:
        return False
    if len(chain) == 1 and builtin_name(chain[0], tree) is not None:
        return True
    target = imported_names(tree).get(chain[0])
    if target is None or target.startswith("."):
        return False
    qualified = ".".join([target, *chain[1:]])
    return qualified not in CACHE_CLASSES and not _project_file(qualified, read)


def _last_bindings(tree: ast.Module) -> dict[str, ast.stmt]:
    """Name -> the last top-level statement that binds it as ``Project.definition`` reads a
    module: a definition, an assignment to a name (``a = b = v``, ``a: T = v``), a ``from``
    import without ``*``; other statements (``import x``, blocks, tuples) are not read there."""
    found: dict[str, ast.stmt] = {}
    for statement in tree.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found[statement.name] = statement
        elif isinstance(statement, ast.Assign):
            for target in statement.targets:
                if type(target) is ast.Name:
                    found[target.id] = statement
        elif isinstance(statement, ast.AnnAssign) and type(statement.target) is ast.Name:
            found[statement.target.id] = statement
        elif isinstance(statement, ast.ImportFrom) and not any(alias.name == "*" for alias in statement.names):
            for alias in statement.names:
                found[alias.asname or alias.name] = statement
    return found


def made_by_a_bound_name(chain: list[str], tree: ast.Module) -> bool:
    """Whether a call of ``chain`` (``DBSession()``, ``factory.make()``) calls through a name
    the module binds once, at its top, by a plain assignment (``state_candidates``): the
    analysis takes such a name's value for no class of the project (``value_kind`` never
    says one), so what the call makes is unknown (``OTHER``) unless its spelling, the
    qualified name LibCST gives it, is a pure function's or a known object's."""
    if chain[0] not in state_candidates(tree):
        return False
    spelled = ".".join(chain)
    return spelled not in _KNOWN_OBJECTS and not is_pure(spelled) and not starts_a_named_reason(spelled)


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
