"""gunicorn-config: whether the app keeps values between requests in its worker process —
state that more workers split and recycling (``max_requests``) drops — read from the
project's application code (this module's own code when the project's files are unknown):

- a view, or a function of its module it calls, that rebinds a module-level name it declares
  ``global`` (``keeps_request_state``);
- a module-level container, or another value of the module or an object a module-level name
  holds, that a function changes at run time (``users[user.id] = user``, ``models.count +=
  1``, ``self.items[k] = v`` of ``store = Store()``; see ``_gunicorn_config_containers``),
  proved caches and lazy initialisations left out (``changed_container``).

Both are proofs of absence over every module: where a module of the application code does
not parse where the app's process may load it, the codemod asks
``unreadable_module_in_its_process`` first and writes nothing.
"""

from __future__ import annotations

import ast
import re

from ._base import Context
from ._gunicorn_config_process_calls import own_nodes
from ._project_answers import remembered
from ._project_view import application_modules, parsed
from ._gunicorn_config_guards import made_from
from ._gunicorn_config_classes import instantiated_classes, mapped_classes
from ._gunicorn_config_containers import ProjectFacts, changed_containers, module_getters, module_names, named_a_cache
from ._gunicorn_config_imported import ProjectModules
from ._gunicorn_config_refresh import fetched_by
from ._gunicorn_config_request_reach import called_by_requests, method_called_by_requests, served, views_and_their_helpers
from ._gunicorn_config_setup_elsewhere import SetUpElsewhere
from ._gunicorn_config_setup_writes import name_used
from ._project_imports import ProjectImports

# a function that declares a module-level name global
_GLOBAL = re.compile(r"^[ \t]+global[ \t]", re.M)


def changed_container(ctx: Context, own_code: str) -> tuple[str, str, bool | None, bool, bool, tuple[str, str | None] | None, str | None] | None:
    """``("users (models.py:14)", "models.py:139", True, False, False, None, None)``: a module-level container of
    the application code that a function changes at run time, where, whether a request is
    shown to reach the change (``by_request``; None where a request does, but the value is a
    name imported whose kind is not told), whether it is kept as a cache
    (``ContainerChange.cache``), and whether its name says cache though that is not shown
    (``named_a_cache``), and for a value every change gives what a call makes from nothing the
    request gives, that call and where it is seen to fetch from outside the process
    (``_gunicorn_config_refresh``), and where no request is shown to reach it, the method a
    view or hook calls by name from which a method's write is reached (``sync_config`` of
    ``app_list.sync_config()``; whose method that is, is not told): the first such change, else the first one
    whose function no request is shown to call (it may run only as the app loads: a registry
    a start-up call fills); None when there is none. Kept per project."""
    return _changed(ctx, own_code)[0]


def set_afresh_by_requests(ctx: Context, own_code: str) -> tuple[str, str] | None:
    """``("app.jinja_loader (app.py:42)", "app.py:165")``: the first value of the application code
    that a request hook sets afresh for each request (``_gunicorn_config_setup_writes.set_afresh``):
    no state between requests, but a race between requests served side by side; None when
    there is none."""
    return _changed(ctx, own_code)[1]


def _changed(ctx: Context, own_code: str):
    if ctx.project_files() is None:
        return _first_changed([(ctx.path, own_code)])
    return remembered(ctx, ("gunicorn-config: a module-level container changed at run time",), _in_project)


def _in_project(reader):
    answers: dict[str, bool] = {}

    def only_decorates(name: str) -> bool:
        if name not in answers:
            answers[name] = _only_decorates(reader, name)
        return answers[name]

    texts = list(application_modules(reader))
    trees = {path: parsed(text) for path, text in texts}
    project = ProjectModules(trees)
    imports = {path: project.imported_containers(path, tree) for path, tree in trees.items() if tree is not None}
    getters: dict[str, str] = {}
    instantiated: set[str] = set()
    mapped: set[str] = set()
    for tree in trees.values():
        if tree is not None:
            getters.update(module_getters(tree))
            instantiated |= instantiated_classes(tree)
            mapped |= mapped_classes(tree)
    facts = ProjectFacts(getters, frozenset(instantiated - mapped), lambda module: not project.modules(module))
    readable = [tree for tree in trees.values() if tree is not None]
    complete = len(readable) == len(trees)
    elsewhere = SetUpElsewhere(trees, ProjectImports(reader))

    def unused(name: str) -> bool:  # named by no module of the project (all of them read)
        apart = elsewhere.nodes.get(name, frozenset())
        return complete and not any(name_used(tree, name, apart) for tree in readable)

    return _first_changed(texts, only_decorates, imports, facts, unused, elsewhere.functions)


def _first_changed(modules, only_decorates=lambda name: False, imports=None, facts=None, unused=None, set_up_elsewhere=None):
    """(the first value changed at run time, as ``changed_container`` gives it; the first set
    afresh by each request, as ``set_afresh_by_requests`` gives it)."""
    modules = [(path, parsed(text)) for path, text in modules]
    called = called_by_requests(tree for _, tree in modules if tree is not None)
    first = afresh = None
    for path, tree in modules:
        imported = (imports or {}).get(path)
        registered = (set_up_elsewhere or {}).get(path, frozenset())
        for change in changed_containers(tree, only_decorates, imported, facts, unused, registered) if tree is not None else ():
            if change.afresh:
                afresh = afresh or (f"{change.name} ({change.origin or f'{path}:{change.made}'})", f"{path}:{change.changed}")
                continue
            by_request = served(tree, change.changed, called)
            if by_request and _imported_unknown(tree, change):
                by_request = None  # a request writes it, but whether the process keeps it is not told
            where = change.origin or f"{path}:{change.made}"
            entry = method_called_by_requests(tree, change.changed, called) if not by_request else None
            found = (
                f"{change.name} ({where})", f"{path}:{change.changed}", by_request, change.cache, named_a_cache(change.name),
                _refreshed(path, tree, change.refreshed), entry,
            )
            if by_request:
                return found, afresh
            first = first or found
    return first, afresh


def _refreshed(path: str, tree: ast.Module, call: str) -> tuple[str, str | None] | None:
    """``("get_surveys()", "requests.get at app.py:11")``: the call a refreshed value is made by,
    and where it is seen to fetch from outside the process (None: not seen); None for a value
    that is not refreshed so."""
    if not call:
        return None
    fetched = fetched_by(tree, call)
    if fetched is None:
        return f"{call}()", None
    return f"{call}()", fetched[0] + (f" at {path}:{fetched[1]}" if fetched[1] else "")


def _imported_unknown(tree: ast.Module, change) -> bool:
    """Whether the value is a name the module imports from one of the project's modules that
    does not tell what it is (made at its import line): in doubt it is state, but whether the
    process keeps it (not a proxy to the request's own context, say) is not known."""
    return change.origin is None and any(
        isinstance(node, (ast.Import, ast.ImportFrom)) and node.lineno == change.made for node in tree.body
    )


def _only_decorates(reader, name: str, depth: int = 3) -> bool:
    """Whether the module-level function ``name`` runs only as the app loads: every use of it
    in the project's application code decorates a module-level definition (``@JinjaEnum`` on
    a class, ``@paginated(schema)`` on a view: it runs as they are made, at import), or calls
    it from module-level code, or from the body of a function that itself runs only so (a
    module-level one, ``depth`` steps at most; or one a decorator factory of that kind
    returns, which decorates at import too). One never used so is not known to run then. A
    module that does not parse may use it otherwise."""
    if depth < 0:
        return False
    used = False
    for use in _project_uses(reader, name):
        if use is None:
            return False
        tree, node, scope = use
        if scope is None:
            if not node.get("loads"):
                return False
        elif not (node.get("called") and _loads(reader, tree, scope, depth)):
            return False
        used = True
    return used


def _loads(reader, tree: ast.Module, function: ast.AST, depth: int) -> bool:
    """Whether ``function``'s own body runs only as the app loads."""
    if function in tree.body:
        return _only_decorates(reader, function.name, depth - 1)  # type: ignore[attr-defined]
    for factory in tree.body:  # returned by a module-level decorator factory used as @factory(...)
        if isinstance(factory, (ast.FunctionDef, ast.AsyncFunctionDef)) and function in factory.body:
            returned = {n.value.id for n in own_nodes(factory) if isinstance(n, ast.Return) and isinstance(n.value, ast.Name)}
            return function.name in returned and _used_as_factory(reader, factory.name)  # type: ignore[attr-defined]
    return False


def _used_as_factory(reader, name: str) -> bool:
    """Every use of ``name`` is ``@name(...)`` on a module-level definition."""
    used = False
    for use in _project_uses(reader, name):
        if use is None or use[2] is not None or not use[1].get("factory"):
            return False
        used = True
    return used


def _project_uses(reader, name: str):
    """Each use of ``name`` (as ``_uses`` gives it, with its module's tree) in the project's
    application modules that mention it; None, and no more, for a module that does not parse
    (it may use the name otherwise)."""
    for _, text in application_modules(reader, re.compile(rf"\b{re.escape(name)}\b")):
        tree = parsed(text)
        if tree is None:
            yield None
            return
        for node, scope in _uses(tree, name):
            yield tree, node, scope


def _uses(tree: ast.Module, name: str):
    """Each use of ``name`` in ``tree`` (a name or an attribute spelled so, not an import):
    what it is (``loads``: a decorator of a module-level definition or a call in module-level
    code; ``called``: a call; ``factory``: ``@name(...)``), and the function whose own body
    holds it (None: module-level code)."""
    decorating: dict[int, str] = {}
    for definition in _module_level_definitions(tree):
        for decorator in definition.decorator_list:
            decorating[id(decorator)] = "plain"
            if isinstance(decorator, ast.Call):
                decorating[id(decorator.func)] = "factory"
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}

    def use(node: ast.AST, scope: ast.AST | None):
        if (isinstance(node, ast.Name) and node.id == name) or (isinstance(node, ast.Attribute) and node.attr == name):
            how = decorating.get(id(node))
            facts = {"called": id(node) in called, "factory": how == "factory"}
            facts["loads"] = how is not None or (scope is None and facts["called"])
            yield facts, scope
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            arguments = node.args
            for part in [*getattr(node, "decorator_list", []), *arguments.defaults, *(d for d in arguments.kw_defaults if d)]:
                yield from use(part, scope)  # evaluated where the function is defined
            for part in node.body if isinstance(node.body, list) else [node.body]:
                yield from use(part, node)
        else:
            for child in ast.iter_child_nodes(node):
                yield from use(child, scope)

    yield from use(tree, None)


def _module_level_definitions(tree: ast.Module):
    for statement in own_nodes(tree):
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield statement
        if isinstance(statement, ast.ClassDef):
            yield from (node for node in statement.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)))


def keeps_request_state(ctx: Context, own_code: str) -> tuple[str, str] | None:
    """``(path:line, name)`` of the first view in the project's application code (this
    module's own code when the project's files are unknown), or module-level function a view
    of its module calls (directly or through another), that rebinds a module-level name
    (``global code`` then ``code = ...``): a value one request leaves for a later one, kept in
    the worker process that served it. A lazy initialisation (the name assigned only under
    ``if name is None:`` or ``if not name:``, or after ``if name is not None: return name``, of a
    value made from nothing the request gives) is no such value: every worker makes its own."""
    modules = application_modules(ctx, _GLOBAL) if ctx.project_files() is not None else [(ctx.path, own_code)]
    for path, text in modules:
        tree = parsed(text) if _GLOBAL.search(text) else None
        names = frozenset(module_names(tree, lambda module: False)) if tree is not None else frozenset()
        for function in views_and_their_helpers(tree) if tree is not None else ():
            found = _rebound_global(function, names)
            if found is not None:
                return f"{path}:{found[0]}", found[1]
    return None


def _rebound_global(
    function: ast.FunctionDef | ast.AsyncFunctionDef, module_names: frozenset[str] = frozenset()
) -> tuple[int, str] | None:
    """The line and name of the first assignment of ``function`` to a name it declares
    ``global``, lazy initialisations left out (see ``keeps_request_state``): an assignment
    under ``if name is None:`` of a value made from nothing the request gives
    (``module_names``: the module's own names, which it may be made from)."""
    body = list(own_nodes(function))
    names = {name for node in body if isinstance(node, ast.Global) for name in node.names}
    if not names:
        return None
    lazy = {
        id(inner)
        for node in body
        if isinstance(node, ast.If) and _tests_unset(node.test, names)
        for statement in node.body
        for inner in ast.walk(statement)
    } | _after_early_returns(function, names)
    for node in body:
        if id(node) in lazy and isinstance(node, ast.Assign) and made_from(node.value, None, function, module_names):
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        for target in targets:
            if isinstance(target, ast.Name) and target.id in names:
                return node.lineno, target.id
    return None


def _after_early_returns(function: ast.FunctionDef | ast.AsyncFunctionDef, names: set[str]) -> set[int]:
    """The nodes of ``function``'s top-level statements that follow ``if NAME is not None:
    return NAME`` (or ``if NAME: return NAME``) for a declared global: the early-return form of
    a lazy initialisation, run only while the name is unset."""
    after: set[int] = set()
    guarded = False
    for statement in function.body:
        if guarded:
            after.update(id(inner) for inner in ast.walk(statement))
        elif isinstance(statement, ast.If) and not statement.orelse and _returns_when_set(statement, names):
            guarded = True
    return after


def _returns_when_set(node: ast.If, names: set[str]) -> bool:
    """``if NAME is not None: return NAME`` or ``if NAME: return NAME``."""
    test = node.test
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.IsNot):
        name = test.left.id if isinstance(test.left, ast.Name) and isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None else None
    else:
        name = test.id if isinstance(test, ast.Name) else None
    body = node.body
    return (
        name in names
        and len(body) == 1
        and isinstance(body[0], ast.Return)
        and isinstance(body[0].value, ast.Name)
        and body[0].value.id == name
    )


def _tests_unset(test: ast.AST, names: set[str]) -> bool:
    """``name is None`` or ``not name``, for a declared global."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return isinstance(test.operand, ast.Name) and test.operand.id in names
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id in names
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Is)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value is None
    )
