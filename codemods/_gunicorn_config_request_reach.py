"""gunicorn-config: what runs as a request is served, read on the application code's modules:
views (``@app.route``, ``@bp.get`` ...; the handler methods of a class registered as a view,
``_gunicorn_config_class_views``) and the module-level functions they call by name, request
hooks (decorated, or registered by a call naming them), module-level functions those call by
name, and the wrapper a decorator of views returns (``@authenticated`` on a view: its inner
``decorated`` runs as the view does)."""

from __future__ import annotations

import ast

from ._gunicorn_config_class_views import class_handlers, registered_classes
from ._function_defs import decorated_by_method
from ._gunicorn_config_process_calls import own_nodes

# decorators that make a function a view
_VIEW_DECORATORS = frozenset({"route", "get", "post", "put", "delete", "patch"})
# what registers a function that runs for each request
_REQUEST_HOOKS = frozenset(
    {"before_request", "after_request", "teardown_request", "before_app_request", "after_app_request", "teardown_app_request"}
)


def called_by_requests(trees) -> tuple[set[int], set[str], set[str]]:
    """What runs as a request is served: the views of the application code and the functions
    of their modules they call (``views_and_their_helpers``), and the request hooks
    (``@app.before_request``, ``app.before_request(app.create_context)``: by name), by their
    ids; the names (the last part: ``add`` of ``store.add(...)``) of what those call, with
    the views' decorators; and the names of what those call alone (a decorator runs at import)."""
    trees = list(trees)
    hooks: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and decorated_by_method(node, _REQUEST_HOOKS):
                hooks.add(node.name)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _REQUEST_HOOKS:
                hooks.update(a.id if isinstance(a, ast.Name) else a.attr for a in node.args if isinstance(a, (ast.Name, ast.Attribute)))
    reached: set[int] = set()
    names: set[str] = set()
    calls: set[str] = set()
    registered = registered_classes(trees)
    for tree in trees:
        hooked = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name in hooks]
        views = views_and_their_helpers(tree, class_handlers(tree, registered))
        names.update(name for view in views for name in _decorator_names(view))
        for function in [*views, *hooked]:
            reached.add(id(function))
            for node in own_nodes(function):
                if isinstance(node, ast.Call):
                    func = node.func
                    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
                    if name is not None:
                        calls.add(name)
    return reached, names | calls, calls


def served(tree: ast.Module, line: int, called: tuple[set[int], set[str], set[str]]) -> bool:
    """Whether the function of ``tree`` whose own body holds ``line`` runs as a request is
    served: a view, a request hook or a helper of its module it calls, or a module-level
    function one calls by its name, or one such a function calls by its name in its module
    (not a method: its name does not tell whose it is)."""
    holder = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.lineno <= line <= (node.end_lineno or 0):
            if holder is None or node.lineno >= holder.lineno:
                holder = node  # the innermost
    if holder is None:
        return False
    if id(holder) in called[0] or (holder in tree.body and holder.name in called[1]):
        return True
    if holder in tree.body and holder.name in _called_through_the_module(tree, called[2]):
        return True
    return any(  # the wrapper a decorator of views returns (``@authenticated``): it runs as the view
        outer.name in called[1] and holder in outer.body and holder.name in _returned_names(outer)
        for outer in tree.body
        if isinstance(outer, (ast.FunctionDef, ast.AsyncFunctionDef))
    )


def _called_through_the_module(tree: ast.Module, names: set[str]) -> set[str]:
    """The module-level functions of ``tree`` that those a request calls by name (``names``)
    call by their plain name, directly or through one another (``get_survey_name()`` ->
    ``check_cache()`` -> ``refresh_cache()``)."""
    functions = {node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    todo = [name for name in functions if name in names]
    reached: set[str] = set()
    while todo:
        for node in own_nodes(functions[todo.pop()]):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in functions and node.func.id not in reached:
                reached.add(node.func.id)
                todo.append(node.func.id)
    return reached


def method_called_by_requests(tree: ast.Module, line: int, called: tuple[set[int], set[str], set[str]]) -> str | None:
    """For a method of a module-level class whose own body holds ``line``: the name of the
    method of its class that a view or hook calls by that name on some object
    (``app_list.sync_config()``), from which this one is reached through ``self.NAME(...)``
    calls (or is that one); None otherwise. The object's class is not followed: whose method
    the request calls is not told by its name."""
    for owner in tree.body:
        if not isinstance(owner, ast.ClassDef):
            continue
        methods = {node.name: node for node in owner.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
        holder = next((m for m in methods.values() if m.lineno <= line <= (m.end_lineno or 0)), None)
        if holder is None:
            continue
        for entry in sorted(name for name in methods if name in called[2]):
            reached, todo = {entry}, [entry]
            while todo:
                for node in own_nodes(methods[todo.pop()]):
                    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
                        name = node.func.attr
                        if node.func.value.id == "self" and name in methods and name not in reached:
                            reached.add(name)
                            todo.append(name)
            if holder.name in reached:
                return entry
    return None


def _decorator_names(function: ast.AST) -> set[str]:
    """The last names of ``function``'s decorators (``authenticated`` of ``@authenticated``,
    ``auth.required`` and ``@required(role)`` alike)."""
    found = set()
    for decorator in getattr(function, "decorator_list", []):
        called = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(called, (ast.Name, ast.Attribute)):
            found.add(called.id if isinstance(called, ast.Name) else called.attr)
    return found


def _returned_names(function: ast.AST) -> set[str]:
    return {node.value.id for node in own_nodes(function) if isinstance(node, ast.Return) and isinstance(node.value, ast.Name)}


def views_and_their_helpers(tree: ast.Module, handlers: list | None = None) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """The views of ``tree`` (``handlers``: and the request handlers of its view classes,
    ``_gunicorn_config_class_views``) and the module-level functions they call by name, directly or through
    one another (``bump()`` in a view): what runs as a request is served."""
    functions = [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    helpers = {node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    reached = [node for node in functions if _is_view(node)] + [node for node in handlers or () if not _is_view(node)]
    seen = {id(node) for node in reached}
    for function in reached:  # grows as helpers are found
        for node in own_nodes(function):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                helper = helpers.get(node.func.id)
                if helper is not None and id(helper) not in seen:
                    seen.add(id(helper))
                    reached.append(helper)
    return reached


def _is_view(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Decorated as a view: ``@app.route(...)``, ``@bp.get(...)`` ..."""
    return decorated_by_method(function, _VIEW_DECORATORS)
