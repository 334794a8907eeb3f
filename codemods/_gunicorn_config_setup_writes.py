"""gunicorn-config: writes to a module's values that keep nothing from one request for a later
one, though a function of the app makes them while it runs:

- a write made in a function that Flask runs only as the app is set up: one registered with
  ``Blueprint.record`` or ``record_once`` (run as the blueprint is registered), or with
  ``before_first_request`` / ``before_app_first_request`` (run once per process, before its
  first request is served) — every process makes it alike (``runs_at_setup``);
- a write an app-wide request hook (``@app.before_request`` of a ``Flask`` app,
  ``@bp.before_app_request`` of a ``Blueprint``) makes on every path through its body before
  anything there reads the value, from a value that does not read it (``app.jinja_loader =
  FileSystemLoader(...)`` in both branches of an ``if``): each request sets it afresh before
  its own view runs, so none reads what an earlier one left (``set_afresh``). Requests served
  side by side in one process (threads, greenlets) race on it instead.

The hooks and set-up methods are told by the object they are called on: a module-level name
bound to ``Flask(...)`` or ``Blueprint(...)`` of flask (``@recorder.record`` of something else
is not known to run at set-up). A request hook registered earlier in the module that names the
value may read what the last request left: then the write is not known to come first.
"""

from __future__ import annotations

import ast

from ._gunicorn_config_guards import root
from ._gunicorn_config_process_calls import own_nodes

# set-up methods, by the class whose objects have them
_SET_UP = {"record": "Blueprint", "record_once": "Blueprint", "before_first_request": "Flask", "before_app_first_request": "Blueprint"}
# request hooks that run before every request of the app, by the class whose objects have them
_EACH_REQUEST = {"before_request": "Flask", "before_app_request": "Blueprint"}
_FLASK_CLASSES = frozenset({"Flask", "Blueprint"})


def flask_objects(tree: ast.Module) -> dict[str, str]:
    """The module-level names bound to a call of flask's ``Flask`` or ``Blueprint`` (imported
    from flask, or spelled ``flask.Flask``), each with its class."""
    imported = {
        alias.asname or alias.name: alias.name
        for node in own_nodes(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "flask" and not node.level
        for alias in node.names
        if alias.name in _FLASK_CLASSES
    }
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            made = imported.get(func.id) if isinstance(func, ast.Name) else None
            if isinstance(func, ast.Attribute) and func.attr in _FLASK_CLASSES and root(func.value) == "flask":
                made = func.attr
            if made is not None:
                found.update({target.id: made for target in node.targets if isinstance(target, ast.Name)})
    return found


def _registered(function: ast.AST, objects: dict[str, str], methods: dict[str, str]) -> bool:
    """Decorated by one of ``methods`` (uncalled) of an object of the class each names."""
    for decorator in getattr(function, "decorator_list", []):
        if isinstance(decorator, ast.Attribute) and isinstance(decorator.value, ast.Name):
            if methods.get(decorator.attr) is not None and objects.get(decorator.value.id) == methods[decorator.attr]:
                return True
    return False


def runs_at_setup(function: ast.AST, tree: ast.Module, objects: dict[str, str]) -> bool:
    """A module-level function registered with a set-up method (see the module docstring).
    Whether anything else calls it is the caller's to ask (``before_first_request`` returns
    the function)."""
    return function in tree.body and _registered(function, objects, _SET_UP)


def name_used(tree: ast.Module, name: str) -> bool:
    """Whether ``tree`` names ``name`` anywhere but where it is defined (a name or an attribute
    spelled so, an import of it)."""
    for node in ast.walk(tree):
        if (isinstance(node, ast.Name) and node.id == name) or (isinstance(node, ast.Attribute) and node.attr == name):
            return True
        if isinstance(node, (ast.Import, ast.ImportFrom)) and any((a.asname or a.name).split(".")[-1] == name for a in node.names):
            return True
    return False


def set_afresh(function: ast.AST, chain: str, tree: ast.Module, objects: dict[str, str]) -> bool:
    """Whether ``function`` is an app-wide request hook that writes ``chain`` (``app.jinja_loader``)
    on every path through its body, before anything there reads it, from a value that does not
    read it, and no request hook registered before it in the module names it."""
    if function not in tree.body or not _registered(function, objects, _EACH_REQUEST):
        return False
    attribute = chain.rsplit(".", 1)[-1]
    for other in tree.body:
        if other is function:
            break
        if isinstance(other, (ast.FunctionDef, ast.AsyncFunctionDef)) and _registered(other, objects, _EACH_REQUEST):
            if name_used(ast.Module([other], []), attribute):
                return False
    return _written_first(function.body, chain) is True  # type: ignore[attr-defined]


def _written_first(body: list[ast.stmt], chain: str) -> bool | None:
    """True: every path through ``body`` writes ``chain`` before naming it otherwise; False: a
    path names it, or may leave, before writing it; None: no path writes it."""
    for statement in body:
        if isinstance(statement, ast.Assign) and any(_spelled(target, chain) for target in statement.targets):
            others = [t for t in statement.targets if not _spelled(t, chain)]
            return not _names(statement.value, chain) and not any(_names(t, chain) for t in others)
        if isinstance(statement, ast.If) and not _names(statement.test, chain):
            branches = _written_first(statement.body, chain), _written_first(statement.orelse, chain)
            if branches == (True, True):
                return True
            if False in branches or True in branches:
                return False  # one branch writes it, or names it; the other may not
            continue
        if _names(statement, chain) or any(isinstance(n, (ast.Return, ast.Raise, ast.Yield, ast.YieldFrom, ast.Await)) for n in ast.walk(statement)):
            return False
    return None


def _spelled(node: ast.AST, chain: str) -> bool:
    return isinstance(node, ast.Attribute) and root(node) == chain


def _names(node: ast.AST, chain: str) -> bool:
    """Whether ``node`` names the chain's last attribute anywhere (a read, a ``getattr`` aside)."""
    attribute = chain.rsplit(".", 1)[-1]
    return any(
        (isinstance(part, ast.Attribute) and part.attr == attribute)
        or (isinstance(part, ast.Constant) and part.value == attribute)
        for part in ast.walk(node)
    )


def threads_of(launches) -> str | None:
    """``Procfile: --threads 4``: a command line that has one gunicorn worker serve requests
    side by side (more than one thread, or a worker class of greenlets or threads)."""
    for launch in launches:
        threads = launch.settings.get("threads", "1")
        if not threads.isdigit() or int(threads) > 1:
            return f"{launch.source}: {launch.written.get('threads', threads)}"
        kind = launch.settings.get("worker_class", "sync").rsplit(".", 1)[-1]
        if kind not in ("sync", "SyncWorker"):
            return f"{launch.source}: {launch.written.get('worker_class', kind)}"
    return None


