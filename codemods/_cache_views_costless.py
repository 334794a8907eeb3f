"""cache-views' project stage: views whose page costs nothing to make.

The planner skips a view it finds no problem in when the view's scan finds nothing costly
(``skip = no problem and not costly``), and a refusal of a view the survey finds costless is
not worth a reviewer's reading (``_cache_views_worth``: whatever the route, the decorators or
a call it cannot see into, only a view that costs something makes a finding). Either way a
view that costs nothing is left alone without a word, whatever else it does: neither cached
nor said. ``constant_page`` (``_cache_views_gate``) takes the views that only return a
literal; ``costs_nothing`` asks the same question of a wider body, on CPython's AST, as the
scan would answer it.

What makes the scan count a cost is a loop or a comprehension (``for``, ``while``, any
comprehension, in the view or in a function defined there), a call it judges costly or
follows into code that may cost (a function or class of the project, a template rendered,
a file opened, the database, a connection, an outside service, a method of something it
cannot see), a reference it follows (a function of the project passed on, a property of an
object of the project) and a reference to an outside service by its name (in a survey). A
view is taken here only when none of those can happen:

- its parameters have neither defaults nor annotations (``plain_parameters``), and its body
  defines no function, class or lambda, imports nothing, declares nothing global or
  nonlocal, and holds no loop or comprehension;
- every call in it calls a library's function by a name or an attribute chain
  (``cheap_callee``: resolved through the module's imports of one thing, ``imported_names``,
  or as a builtin the module binds nowhere, ``builtin_name``), and one the scan follows into
  no work: not a template rendered, a file opened, a connection made or an app's
  ``open_resource``, not a pure function it counts as costly (``is_costly``), not an outside
  service. Any other library call the scan takes for a value (pure, the request's, a response
  given what the view holds, ``url_for``), holds back, refuses by its name, or refuses as a
  call it cannot see into, and counts no cost for it (a response class asks only whether its
  body streams: a generator expression or a function of the project, both refused here);
- every name it reads is a name the view binds itself (a parameter or an assignment in its
  own body), a library's name imported once, a builtin the module binds nowhere, or a name
  the module binds only by top-level assignments of anything but a lambda
  (``assigned_globals``: never followed by the scan); and no
  name or attribute chain it reads, as spelled or as resolved, starts with a name of an
  outside service (``named_reason``: the survey counts those as a cost).

A module-level name of the module (a global, a function, a class), a name imported from the
project, a method call or a call of anything else lets the view through: the planner decides.
"""

from __future__ import annotations

import ast

from ._ast_walk import walk
from ._cache_views_catalog import (
    CONNECT_CALLS,
    OPEN_CALLS,
    RENDER_TEMPLATE,
    RENDER_TEMPLATE_STRING,
    SERVICE,
    is_costly,
    is_pure,
    named_reason,
)
from ._cache_views_gate import plain_parameters
from ._cache_views_settled_body import binding_counts, imported_names, library_target, name_chain
from ._parsed_modules import tree_fact

# calls the scan follows into work it may count: a template rendered, a file, a connection
_WORK = frozenset((*RENDER_TEMPLATE, *RENDER_TEMPLATE_STRING, *OPEN_CALLS, *CONNECT_CALLS))
_REFUSED = (
    ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp,
    ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.Import, ast.ImportFrom,
    ast.Global, ast.Nonlocal,
)


def costs_nothing(function: ast.FunctionDef | ast.AsyncFunctionDef, tree: ast.Module) -> bool:
    """Whether the scan of the view ``function`` of ``tree`` surely finds nothing costly in
    it, its survey included (see the module's docstring)."""
    if not plain_parameters(function):
        return False
    own = _own_names(function)
    for node in walk(function.body):
        kind = type(node)
        if kind in _REFUSED:
            return False
        if kind is ast.Call:
            if not cheap_callee(node, tree):  # type: ignore[arg-type]
                return False
        elif kind is ast.Attribute or kind is ast.Name:
            chain = name_chain(node)  # type: ignore[arg-type]
            if chain is not None and not _read_costs_nothing(chain, tree, own):
                return False
    return True


def cheap_callee(call: ast.Call, tree: ast.Module) -> bool:
    """Whether ``call`` calls, by a name or an attribute chain, a library's function (imported
    once, or a builtin the module binds nowhere) whose call the scan counts no cost for: any
    but one it follows into work (``render_template``, ``open``, a connection, an app's
    ``open_resource``), a pure function it counts as costly (``is_costly``), or a name of an
    outside service. The rest it takes for a value (pure, the request's, a response, ``url_for``),
    holds back, refuses by name, or refuses as a call it cannot see into: no cost either way."""
    if not isinstance(call.func, (ast.Name, ast.Attribute)):
        return False
    chain = name_chain(call.func)
    qualified = _resolved(chain, tree) if chain else None
    if qualified is None:
        return False
    problem = named_reason(qualified)
    if problem is not None:
        return problem.category != SERVICE  # refused for its name: no cost counted
    if qualified in _WORK or qualified.rsplit(".", 1)[-1] == "open_resource":
        return False
    return not (is_pure(qualified) and is_costly(qualified))


def _resolved(chain: list[str], tree: ast.Module) -> str | None:
    """The qualified name of a chain whose first name the module imports once from a library,
    or that is a builtin it binds nowhere; None for anything else."""
    target = library_target(chain[0], tree, imported_names(tree))
    return ".".join([target, *chain[1:]]) if target is not None else None


def _read_costs_nothing(chain: list[str], tree: ast.Module, own: frozenset[str]) -> bool:
    """A read of ``chain`` in the view: its first name the view's own, a library's imported
    once or a builtin; and no prefix of it, spelled or resolved, an outside service's name."""
    spellings = [".".join(chain)]
    if chain[0] not in own and chain[0] not in assigned_globals(tree):
        resolved = _resolved(chain, tree)
        if resolved is None:
            return False
        spellings.append(resolved)
    for spelled in spellings:
        parts = spelled.split(".")
        for end in range(1, len(parts) + 1):
            problem = named_reason(".".join(parts[:end]))
            if problem is not None and problem.category == SERVICE:
                return False
    return True


def assigned_globals(tree: ast.Module) -> frozenset[str]:
    """The names the module binds only by plain assignments among its own top-level
    statements (``X = ...``, ``X: T = ...``), of anything but a lambda: the scan takes such a
    name for a value, the app, the database, a cache or state that may change, and follows
    none of them when it is read (a function or a lambda it would follow; an object of the
    project's class, whose properties it would follow, no assignment makes). Empty with an
    ``import *`` (``binding_counts``); kept with the tree."""
    return tree_fact(tree, "cache-views: names bound only by top-level assignments", _assigned_globals)


def _assigned_globals(tree: ast.Module) -> frozenset[str]:
    counts = binding_counts(tree)
    if counts is None:
        return frozenset()
    assigned: dict[str, int] = {}
    for statement in tree.body:
        if type(statement) is ast.Assign:
            targets, value = statement.targets, statement.value
        elif type(statement) is ast.AnnAssign and statement.value is not None:
            targets, value = [statement.target], statement.value
        else:
            continue
        if type(value) is ast.Lambda:
            continue
        for target in targets:
            if type(target) is ast.Name:
                assigned[target.id] = assigned.get(target.id, 0) + 1
    return frozenset(name for name, times in assigned.items() if counts.get(name) == times)


def _own_names(function: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    """The names the view binds itself: its parameters and the names its own body stores
    (assignments, ``with ... as``, ``except ... as``, ``:=``). Python takes every read of
    such a name in the function for the function's own, as LibCST's scopes do."""
    arguments = function.args
    names = {
        argument.arg
        for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg)
        if argument is not None
    }
    for node in walk(function.body):
        if type(node) is ast.Name and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif type(node) is ast.ExceptHandler and node.name:
            names.add(node.name)
    return frozenset(names)
