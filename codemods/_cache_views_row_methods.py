"""cache-views' project stage: views that call a method of a row of the project's model whose
own body settles their refusal.

``post = Post.query.get_or_404(id)``, then ``post.to_json()``: the scan takes ``Post`` for a
class of the project, ``Post.query`` for its query and what the query methods give
(``QUERY_METHODS``: ``get_or_404``, ``filter_by(...).first()``...) for its rows
(``Kind(QUERY, Post)``); a method of the rows it does not know as a query method it looks up
in the class (``find_method``: the class's own body first) and follows. Where that method's
own body settles the refusal (``settled_by_body``, read as a helper of another module: any
read of the request, ``url_for(..., _external=True)``...), the survey of the view reaches it
(every call of the view's own body is visited up to a settled problem) and the view is left
alone without a word, whatever else it does.

``calls_a_settling_row_method`` finds such a call in the view's own scope (not in a function,
class, lambda or comprehension defined there), where:

- the receiver is a name the view binds once, by ``name = C.query.m1(...).m2(...)``, every
  method a query method, and nowhere else (no parameter, no other binding in its scope, no
  ``:=``, ``global`` or ``nonlocal`` anywhere in the view);
- ``C`` is a name the view's module binds only by module-level imports of one thing from the
  project, which it changes nothing through (``imported_callees``), resolved to the first of
  its candidate files that exists (``module_files``), where it is a class defined at the top
  and bound nowhere else in the module's global scope, changed through nowhere there
  (``changed_roots_in``);
- the method is the first function of that name in the class's own body, not a query method.
"""

from __future__ import annotations

import ast

from ._cache_views_catalog import QUERY_METHODS, locals_judged_by_name
from ._cache_views_project import top_level_name_file
from ._cache_views_settled_body import settled_by_body
from ._cache_views_settling_imports import Reader, imported_callees
from ._cache_views_state import changed_roots_in
from ._global_imports import global_binding_counts
from ._parsed_modules import python_tree


def calls_a_settling_row_method(function: ast.FunctionDef | ast.AsyncFunctionDef, tree: ast.Module, read: Reader) -> bool:
    """Whether the view ``function`` of ``tree`` calls, in its own body, a method of a row of
    a model class of another module of the project whose own body settles its refusal."""
    callees = imported_callees(tree)
    if not callees or locals_judged_by_name(function.name):
        return False  # (the call's receiver is a local: its qualified name starts with the view's)
    rows: dict[str, str] | None = None
    for node in _scope_nodes(function):  # (in a comprehension, a name may be its own)
        if type(node) is not ast.Call or type(node.func) is not ast.Attribute or type(node.func.value) is not ast.Name:
            continue
        method = node.func.attr
        if method in QUERY_METHODS:
            continue
        if rows is None:
            rows = _rows_bound_once(function, callees)
        target = rows.get(node.func.value.id)
        if target is not None and _settling_method(read, target, method):
            return True
    return False


def _rows_bound_once(function: ast.FunctionDef | ast.AsyncFunctionDef, callees: dict[str, str]) -> dict[str, str]:
    """Name -> the qualified name of the class, for the names the view binds once, in its own
    scope, to rows of a class of the project's model read through its query."""
    counts: dict[str, int] = {}
    arguments = function.args
    for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]:
        if argument is not None:
            counts[argument.arg] = counts.get(argument.arg, 0) + 1
    found: dict[str, str] = {}
    if any(isinstance(node, (ast.NamedExpr, ast.Global, ast.Nonlocal)) for node in ast.walk(function)):
        return {}  # a name bound from a comprehension or a nested function: not counted here
    for node in _scope_nodes(function):
        name = None
        if type(node) is ast.Name and type(node.ctx) is not ast.Load:  # type: ignore[attr-defined]
            name = node.id  # type: ignore[attr-defined]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.ExceptHandler)):
            name = node.name  # type: ignore[attr-defined]
        elif isinstance(node, (ast.Import, ast.ImportFrom, ast.Global, ast.Nonlocal, ast.MatchAs, ast.MatchStar)):
            return {}  # bindings read otherwise: not asked here
        if name:
            counts[name] = counts.get(name, 0) + 1
        if type(node) is ast.Assign and len(node.targets) == 1 and type(node.targets[0]) is ast.Name:  # type: ignore[attr-defined]
            model = _query_of(node.value, callees)  # type: ignore[attr-defined]
            if model is not None:
                found[node.targets[0].id] = model  # type: ignore[attr-defined]
    return {name: model for name, model in found.items() if counts.get(name) == 1}


def _scope_nodes(function: ast.FunctionDef | ast.AsyncFunctionDef):
    """The nodes of the function's own scope: its body, not into functions, classes, lambdas
    or comprehensions defined there (those are yielded, not entered)."""
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.ListComp,
                                 ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            stack.extend(ast.iter_child_nodes(node))


def _query_of(value: ast.expr, callees: dict[str, str]) -> str | None:
    """The qualified name of ``C`` for ``C.query.m1(...).m2(...)``, every method a query
    method and ``C`` an imported name of the project; else None."""
    node = value
    calls = 0
    while type(node) is ast.Call:
        func = node.func  # type: ignore[attr-defined]
        if type(func) is not ast.Attribute or func.attr not in QUERY_METHODS:
            return None
        node = func.value
        calls += 1
    if calls == 0 or type(node) is not ast.Attribute or node.attr != "query" or type(node.value) is not ast.Name:  # type: ignore[attr-defined]
        return None
    return callees.get(node.value.id)  # type: ignore[attr-defined]


def _settling_method(read: Reader, qualified: str, method: str) -> bool:
    """Whether ``qualified`` names a class defined at the top of the first of its candidate
    files that exists, bound nowhere else in its global scope and changed through nowhere
    there, whose first function ``method`` of its own body settles the refusal by its body."""
    where = top_level_name_file(read, "", qualified)
    tree = python_tree(where[1]) if where is not None else None
    if tree is None:
        return False
    name = where[2]  # type: ignore[index]
    counts = global_binding_counts(tree)
    if counts is None or counts.get(name) != 1 or name in changed_roots_in(tree):
        return False
    cls = next((s for s in tree.body if type(s) is ast.ClassDef and s.name == name), None)
    if cls is None:
        return False
    found = next((s for s in cls.body if type(s) is ast.FunctionDef and s.name == method), None)
    if found is None:
        return False
    if any(type(s) is ast.AsyncFunctionDef and s.name == method for s in cls.body[: cls.body.index(found)]):
        return False
    return settled_by_body(found, tree, view=False, foreign=True)
