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
is not known to run at set-up). A function is registered by the decorator, or by a call that is
a statement of the module naming it (``bp.record(fn)``, ``app.before_request(fn)``), the name
bound once in the module, by its ``def``; a set-up function registered in another module is
followed there (``_gunicorn_config_setup_elsewhere``), a request hook is not. A request hook registered earlier in the module that names the
value may read what the last request left: then the write is not known to come first.
"""

from __future__ import annotations

import ast

from ._gunicorn_config_guards import root
from ._gunicorn_config_process_calls import own_nodes

# set-up methods, by the class whose objects have them
SET_UP = {"record": "Blueprint", "record_once": "Blueprint", "before_first_request": "Flask", "before_app_first_request": "Blueprint"}
# request hooks that run before every request of the app, by the class whose objects have them
_EACH_REQUEST = {"before_request": "Flask", "before_app_request": "Blueprint"}
_FLASK_CLASSES = frozenset({"Flask", "Blueprint"})
# what a write through flask's current_app writes: the app of the process
THE_APP = "the app, through flask's current_app"


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


def app_proxies(tree: ast.Module) -> frozenset[str]:
    """The chains of ``tree`` that stand for flask's ``current_app``, the app of the process (a
    write through it is the app's, kept from one request to the next): the names it is imported
    as (``from flask import current_app as app``), ``flask.current_app`` after ``import flask``."""
    found: set[str] = set()
    for node in own_nodes(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("flask", "flask.globals") and not node.level:
            found.update(alias.asname or alias.name for alias in node.names if alias.name == "current_app")
        elif isinstance(node, ast.Import):
            found.update(f"{alias.asname or alias.name}.current_app" for alias in node.names if alias.name == "flask")
    return frozenset(found)


def through_app(name: str, proxies: frozenset[str], own: frozenset[str], local: frozenset[str]) -> str | None:
    """The chain of flask's ``current_app`` that ``name`` starts from (``current_app`` of
    ``current_app.jinja_loader``): imported so by the function itself, or by the module where
    the function has no name of its own that hides it; None for another value."""
    for proxy in sorted(local | proxies):
        if name == proxy or name.startswith(proxy + "."):
            if proxy in local or proxy.split(".")[0] not in own:
                return proxy
    return None


def _registered(function: ast.AST, tree: ast.Module, objects: dict[str, str], methods: dict[str, str]) -> bool:
    """Registered with one of ``methods`` of an object of the class each names: decorated by
    it (uncalled), or named by a call of it that is a statement of the module
    (``bp.record(fn)``, ``app.before_request(fn)``: Flask registers it alike)."""
    for decorator in getattr(function, "decorator_list", []):
        if _method_of(decorator, objects, methods):
            return True
    return getattr(function, "name", None) in _registered_by_calls(tree, objects, methods)


def _method_of(node: ast.AST, objects: dict[str, str], methods: dict[str, str]) -> bool:
    """``node`` is ``obj.method`` with ``obj`` an object of the class ``methods`` names for it."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return methods.get(node.attr) is not None and objects.get(node.value.id) == methods[node.attr]
    return False


def registration_calls(tree: ast.Module, objects: dict[str, str], methods: dict[str, str], spelled: bool = False) -> list[ast.Call]:
    """The statements of the module that are a call of one of ``methods`` of a Flask object
    with one name as their one argument (``bp.record(fn)``; ``spelled``: or a dotted one,
    ``bp.record(setup.fn)``)."""
    return [
        statement.value
        for statement in tree.body
        if isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Call)
        and _method_of(statement.value.func, objects, methods)
        and len(statement.value.args) == 1
        and not statement.value.keywords
        and (isinstance(statement.value.args[0], ast.Name) or (spelled and isinstance(statement.value.args[0], ast.Attribute)))
    ]


def _registered_by_calls(tree: ast.Module, objects: dict[str, str], methods: dict[str, str]) -> set[str]:
    """The module-level functions those calls register: the name is bound once in the
    module's statements, by its ``def`` (nothing rebinds it to another value first)."""
    names = {call.args[0].id for call in registration_calls(tree, objects, methods)}  # type: ignore[attr-defined]
    if not names:
        return set()
    bindings: dict[str, int] = {}
    for statement in tree.body:
        for name in bound_by(statement) & names:
            bindings[name] = bindings.get(name, 0) + 1
    defined = {s.name for s in tree.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return {name for name in names & defined if bindings.get(name) == 1}


def bound_by(statement: ast.stmt) -> set[str]:
    """The names a module-level statement binds (anywhere in it: a branch's assignment too)."""
    bound: set[str] = set()
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        bound.add(statement.name)
        return bound
    for node in ast.walk(statement):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
    return bound


def runs_at_setup(function: ast.AST, tree: ast.Module, objects: dict[str, str], elsewhere: frozenset[str] = frozenset()) -> bool:
    """A module-level function registered with a set-up method (see the module docstring), here
    or by a module that imports it (``elsewhere``: their names, ``_gunicorn_config_setup_elsewhere``).
    Whether anything else calls it is the caller's to ask (``before_first_request`` returns
    the function; ``name_used`` leaves out the registering call)."""
    if function not in tree.body:
        return False
    return _registered(function, tree, objects, SET_UP) or getattr(function, "name", None) in elsewhere


def name_used(tree: ast.Module, name: str, apart: frozenset[int] = frozenset()) -> bool:
    """Whether ``tree`` names ``name`` anywhere but where it is defined (a name or an attribute
    spelled so, an import of it) and where a statement of the module registers it with a
    set-up method (``bp.record(fn)``: what the decorator would have said); ``apart``: the ids
    of nodes that import or register it so from another module, which do not count either."""
    registering: set[int] | None = None
    for node in ast.walk(tree):
        if id(node) in apart:
            continue
        if isinstance(node, ast.Name) and node.id == name:
            if registering is None:
                registering = {id(call.args[0]) for call in registration_calls(tree, flask_objects(tree), SET_UP)}
            if id(node) not in registering:
                return True
        if isinstance(node, ast.Attribute) and node.attr == name:
            return True
        if isinstance(node, (ast.Import, ast.ImportFrom)) and any((a.asname or a.name).split(".")[-1] == name for a in node.names):
            return True
    return False


def set_afresh(function: ast.AST, chain: str, tree: ast.Module, objects: dict[str, str]) -> bool:
    """Whether ``function`` is an app-wide request hook that writes ``chain`` (``app.jinja_loader``)
    on every path through its body, before anything there reads it, from a value that does not
    read it, and no request hook registered before it in the module names it (where a hook of
    the module is registered by a call, the order of the calls is not read: any other hook)."""
    if function not in tree.body or not _registered(function, tree, objects, _EACH_REQUEST):
        return False
    attribute = chain.rsplit(".", 1)[-1]
    by_calls = bool(_registered_by_calls(tree, objects, _EACH_REQUEST))
    for other in tree.body:
        if other is function:
            if not by_calls:
                break
            continue
        if isinstance(other, (ast.FunctionDef, ast.AsyncFunctionDef)) and _registered(other, tree, objects, _EACH_REQUEST):
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


