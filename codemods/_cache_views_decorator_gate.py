"""cache-views' project stage: views a decorator of another module of the project settles.

The planner reads a view's decorators one by one (``Planner.decorator_problems``), each to its
first problem, and where any of them has a settled one (``SETTLED``), the view is left alone
without a word whatever else it finds: it never reaches the cache (its first problem, a
route's or a decorator's, stands), and a refusal one of its decorators settles is not worth
reading (``_cache_views_worth`` asks every decorator again). A decorator spelled as a login
is one (``settled_at_sight``); ``decorated_by_a_settling_function`` finds the others: a
decorator of the project's own (``@etag``, ``@paginate()``, ``@decorators.templated()``) whose
scan surely meets a settled problem first (``first_problem_settles``: the request read in its
wrapper before anything else the scan could refuse).

Such a decorator is found as the planner finds it: the decorator's callee (the call's
function for ``@d(...)``) is a name the view's module binds only by module-level imports of
one thing from the project, which it changes nothing through and whose name the scan judges
by no rule of its own (``imported_callees``: neither pure nor a named reason); its import is
resolved to the first of its candidate files that exists, where the name must be a function
defined at the top and bound nowhere else in the module's global scope (``settling_function``,
``settling_decorators``: as ``Project.resolve`` and ``NameKinds`` find it); or ``module.name``
where ``module`` is such a name bound to a module of the project (``settling_module_function``).
A decorator spelled as a rate limit is read by its spelling alone (an open question): never
one here. Which functions of a module settle first is a fact of the module's text
(``settling_decorators``), computed once and shared by every views module of the project that
imports from it. One that reads, first, a name its module binds once to an object the
analysis does not know (``F = TypeVar("F", ...)`` read in its return annotation
``-> Callable[[F], F]``: the scan visits annotations too, and takes such a name for state that
may change) settles too; which names those are is asked with the module's files
(``module_state``, as the state gate asks it), then the table is kept per text and names.
"""

from __future__ import annotations

import ast
import posixpath

from ._cache_views_catalog import RATE_LIMIT_WORDS, judged_by_name, says_login
from ._cache_views_first_problem import first_problem_settles
from ._cache_views_project import MAX_MODULE_CHARS
from ._cache_views_settled_body import helpers_defined_once
from ._cache_views_settling_imports import Reader, imported_callees, settling_function, settling_module_function
from ._cache_views_state_gate import state_candidates, unknown_object
from ._cache_views_state import changed_roots_in
from ._flask import ROUTE_DECORATORS
from ._global_imports import global_binding_counts
from ._names import dotted_name
from ._parsed_modules import python_fact, python_tree


def decorated_by_a_settling_function(
    function: ast.FunctionDef | ast.AsyncFunctionDef, tree: ast.Module, read: Reader
) -> bool:
    """Whether a decorator of the view ``function`` of ``tree`` names a function of another
    module of the project whose scan surely meets a settled problem first."""
    if not function.decorator_list:
        return False
    callees = imported_callees(tree)
    if not callees:
        return False
    for decorator in function.decorator_list:
        callee = decorator.func if type(decorator) is ast.Call else decorator
        if type(callee) is ast.Attribute and callee.attr in ROUTE_DECORATORS:
            continue  # a route's: the planner does not judge it as a decorator
        if says_login(dotted_name(callee), RATE_LIMIT_WORDS):
            continue
        if type(callee) is ast.Name:
            target = callees.get(callee.id)
            if target is not None and settling_function(read, "", target, _settles_first):
                return True
        elif type(callee) is ast.Attribute and type(callee.value) is ast.Name:
            target = callees.get(callee.value.id)  # ``@module.decorator``
            if target is not None and settling_module_function(read, "", target, callee.attr, _settles_first):
                return True
    return False


def _settles_first(read: Reader, path: str, text: str, name: str) -> bool:
    """Whether the module ``text`` at ``path`` defines ``name`` once at its top as a function
    whose scan surely meets a settled problem first: by its text alone, or by a read of a
    name its module binds to an object the analysis does not know (``module_state``: the
    module's files decide)."""
    if len(text) > MAX_MODULE_CHARS:
        return False
    found = python_fact(text, "cache-views: functions whose first problem settles", settling_decorators)
    if found is None:
        return False
    if name in found:
        return True
    tree = python_tree(text)
    helper = helpers_defined_once(tree).get(name) if tree is not None else None
    state = module_state(helper, tree, path, read) if helper is not None else frozenset()  # type: ignore[arg-type]
    if not state:
        return False
    label = "cache-views: functions whose first problem settles, given the state " + " ".join(sorted(state))
    return name in python_fact(text, label, lambda tree: settling_decorators(tree, state))


def module_state(function: ast.FunctionDef, tree: ast.Module, path: str, read: Reader) -> frozenset[str]:
    """The names ``function`` reads that its module (``tree``, at ``path``) binds once at its
    top to an object the analysis does not know (``state_candidates``, ``unknown_object``,
    asked with that module's files): the scan takes a read of one for state."""
    candidates = state_candidates(tree)
    read_names = {node.id for node in ast.walk(function) if type(node) is ast.Name and node.id in candidates}
    if not read_names:
        return frozenset()
    where = posixpath.dirname(path)
    relative = lambda other: read(posixpath.normpath(posixpath.join(where, other)))  # noqa: E731
    return frozenset(name for name in read_names if unknown_object(candidates[name], tree, relative))


def settling_decorators(tree: ast.Module, state: frozenset[str] = frozenset()) -> frozenset[str]:
    """The names of the functions ``def``-ined at the top of a module whose name its global
    scope binds there alone (``global_binding_counts``: its functions' own names are theirs;
    ``Project.definition`` takes the top-level binding), changed through nowhere in it
    (``changed_roots_in``) and judged by no rule of the scan's by name (``judged_by_name``),
    whose scan, as a helper of another module, surely meets a settled problem first
    (``first_problem_settles``, ``state`` the names of the module it takes for state)."""
    counts = global_binding_counts(tree)
    if counts is None:
        return frozenset()
    changed = changed_roots_in(tree)
    return frozenset(
        statement.name
        for statement in tree.body
        if type(statement) is ast.FunctionDef
        and counts.get(statement.name) == 1
        and statement.name not in changed
        and not judged_by_name(statement.name)
        and first_problem_settles(statement, tree, state)
    )
