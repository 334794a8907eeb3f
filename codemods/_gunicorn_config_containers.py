"""Module-level containers that a module's functions change while the program runs: per-process
state (``users = {}`` at module level, ``users[user.id] = user`` in a login function), which
each process of a server holds apart and loses when the process ends.

A *container* is a dict, list or set made at module level, also in a module-level block (``if:``,
``try:``) or as an attribute of a module-level class (``Store.users``) (a literal, a comprehension,
``dict()``, ``set()``, ``defaultdict(list)``, ``OrderedDict()``, ``Counter()``, ``deque()``).
``users, posts = {}, []`` makes two; a module-level name bound to one (``u = models.users``)
is one too. It is *changed* where a function — a method too — stores into it or calls a
method that changes it (see ``_gunicorn_config_changes``: tuple and ``for`` targets, through
an entry, a local alias, a getter that returns it), where the name is not the function's own
(a parameter, a local assignment, not declared ``global``; nor that of a function around it).
What the module does outside functions runs as it is imported, in every process alike.

Other values the module binds at its top level are state the same way when a function stores
into one of their attributes or entries (``models.count += 1``, ``state.last = name``,
``app.config["MAINTENANCE"] = on``), unless it stores a constant under a constant key (every
process stores it alike: ``app.config["JSON_SORT_KEYS"] = False``); names imported from outside
the project (flask's ``request``, ``session``, ``g``) are the request's, not the process's.
So is an object a module-level name holds, made from a class of the project
(``store = Store()``), whose methods store into ``self`` (``self.items[k] = v``,
``self.count += 1``) other than where it is made (``__init__``) or joins the app
(``init_app``, which Flask's extension pattern calls once, as the app is made); not an
object of a class mapped to a database table (a declarative model: its attributes are a row's
columns, which the database keeps for every worker).

Not counted: a function that creates a Flask app (it runs while the app loads, in each
process alike), a set-up function nothing else calls (``@bp.record``, ``@app.before_first_request``:
see ``_gunicorn_config_setup_writes``), a function decorated as a command (``@app.cli.command()``,
``@click.command()``, ``@manager.command``: a process of its own, not the server's), a
function of a Celery worker (``@signals.task_prerun.connect``, ``@shared_task``,
``@celery.task``: the Celery worker's process, not the web server's), and a
module-level function the caller shows to be used only as the decorator of module-level
definitions (a registry filled as they are made, at import). A lazy initialisation is no
state: every change made only where the container is found empty (under ``if not items:``,
``if items is None:``, ``if len(items) == 0:``) with a value made from nothing the request
gives (``items.extend(load())``; not ``admins.append(name)``), each process making its own.
A *cache* is no state, told conservatively: a word of its name says so (``page_cache``,
``_memo``; not ``memory``), and every change either drops entries (``pop``, ``clear``,
``del``) or fills an entry found missing (under ``if key not in cache:``, after ``if key in
cache: return ...``, or in an ``except KeyError:``) with a value made from its key alone
(``cache[slug] = render(slug)``; not ``cache[token] = name``, nor a fresh ``{"items": []}``
filled later): what every process can make again. Anything else that is in doubt is state;
told a cache still (``ContainerChange.cache``: the finding says what it is) where every change
fills an entry found missing with a value the function builds by a call (a client made for a
key the first time it is asked for: each worker makes its own), or where its object's class
says cache (``ReadthroughTTLCache``).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Callable, Iterator, Mapping

from ._ast_nodes import last_name
from ._gunicorn_config_changes import GETTER, LAZY, STORING, Change, changes
from ._gunicorn_config_classes import instantiated_classes, mapped_classes
from ._gunicorn_config_command_only import is_command
from ._gunicorn_config_guards import root
from ._gunicorn_config_process_calls import own_nodes
from ._gunicorn_config_refresh import made_alike
from ._gunicorn_config_setup_writes import THE_APP, app_proxies, flask_objects, name_used, runs_at_setup, set_afresh, through_app

_CONTAINER_CALLS = frozenset({"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque"})
# the words of a name that call it a cache (``page_cache``, ``pageCache``, ``_memo``; not ``memory``)
_CACHE_WORDS = frozenset({"cache", "caches", "cached", "memo", "memos", "memoized"})
_NAME_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
# methods that run where an object is made or joins the app, not as requests are served
_MAKING = frozenset({"__init__", "__new__", "__post_init__", "__init_subclass__", "__set_name__", "init_app"})


@dataclass(frozen=True)
class ContainerChange:
    """A module-level container (or another value of the module) a function changes."""

    name: str
    made: int  # the line that makes it (0: made in another module)
    changed: int  # the first line that changes it at run time
    origin: str | None = None  # ``models.py:1``: where another module makes it
    cache: bool = False  # a cache: every change fills an entry found missing, or its object's class says cache
    afresh: bool = False  # every change sets it afresh before each request reads it (``set_afresh``)
    # every change gives it a value a call makes from nothing the request gives (``app.surveys =
    # get_surveys()``): the call; each process keeps its own copy, made when it last ran
    refreshed: str = ""


@dataclass(frozen=True)
class ProjectFacts:
    """What the whole application code says, for each module's reading."""

    getters: Mapping[str, str] = field(default_factory=dict)  # function -> the module-level container it returns
    instantiated: frozenset[str] = frozenset()  # classes of which a module-level name holds an object
    external: Callable[[str], bool] = lambda module: True  # whether a dotted module is outside the project


def changed_containers(
    tree: ast.Module,
    only_decorates: Callable[[str], bool] = lambda name: False,
    imported: Mapping[str, str] | None = None,
    project: ProjectFacts | None = None,
    unused: Callable[[str], bool] | None = None,
    set_up_elsewhere: frozenset[str] = frozenset(),
) -> Iterator[ContainerChange]:
    """The module-level containers and other values of ``tree`` that its functions change
    (see the module's docstring), proved lazy initialisations and caches left out, containers
    in the order they are made, then other values. ``only_decorates(name)``: whether the
    module-level function ``name`` is used in the project only as the decorator of
    module-level definitions (it then runs at import). ``imported``: the containers of other
    modules this one reaches by its imports, by the name it uses (``users``,
    ``models.users``), each with where it is made. ``project``: facts of the whole project
    (getters, the classes it holds objects of, which modules are its own). ``unused(name)``:
    whether the project names the module-level function ``name`` nowhere (this module, where
    not given): a set-up function (``runs_at_setup``) nothing else calls runs only at set-up.
    ``set_up_elsewhere``: the module-level functions another module registers at set-up."""
    project = project or ProjectFacts(getters=module_getters(tree), instantiated=instantiated_classes(tree) - mapped_classes(tree))
    made: dict[str, int] = module_containers(tree, imported or {})
    elsewhere = {name: origin for name, origin in (imported or {}).items() if name not in made}
    bound = module_names(tree, project.external)
    everything = frozenset(module_names(tree, lambda module: False))  # what a value may be made from
    celery = _celery_names(tree, project.external)
    objects = flask_objects(tree)
    unused = unused or (lambda name: not name_used(tree, name))
    afresh: set[tuple[str, int]] = set()  # (value, line) of a change a request hook makes afresh
    not_afresh: set[str] = set()  # values changed otherwise too
    found: dict[str, list[tuple[int, str, bool]]] = {}
    others: dict[str, tuple[int, int, str | None]] = {}  # name -> (changed, made, origin)
    caches: set[str] = set()  # values of objects of a class whose name says cache
    filled_otherwise: set[str] = set()  # changed other than by filling an entry found missing
    filled_others: set[str] = set()  # other values changed by filling an entry found missing (a client made for a key)
    unfilled_others: set[str] = set()  # and otherwise
    refreshed: dict[str, str] = {}  # other values given a value a call makes from nothing the request gives: the call
    not_refreshed: set[str] = set()  # and written otherwise too
    proxies = app_proxies(tree)
    top_level = {id(node) for node in tree.body}
    for function, outer_locals, owner in _functions(tree):
        if _runs_apart(function, celery) or (runs_at_setup(function, tree, objects, set_up_elsewhere) and unused(function.name)):  # type: ignore[attr-defined]
            continue
        own = _local_names(function) | outer_locals
        this = _self(function, owner)
        kept: list[tuple[str, int, str, bool]] = []  # (container, line, kind, drops) of this function
        other: list[tuple[str, tuple[int, int, str | None]]] = []
        changed = list(changes(function, everything, project.getters))
        refreshes: dict[str, dict[int, str]] = {}  # value -> line -> the call a change there gives it
        for change in changed:
            if change.refreshed_by and change.direct:
                refreshes.setdefault(change.name, {})[change.line] = change.refreshed_by
        unfilled = {change.name.split(".")[0] for change in changed if not change.filling}
        local_proxies = app_proxies(function) if changed else frozenset()  # read once per function, not per change
        for change in changed:
            first = change.name.split(".")[0]
            if change.refreshed_by and change.direct and made_alike(tree, change.refreshed_by):
                continue  # every process makes the same value: nothing kept that another would lack
            if change.name.endswith(GETTER):
                getter = change.name[: -len(GETTER)]
                other.append((project.getters[getter], (change.line, 0, f"returned by {getter}()")))
            elif this is not None and first == this:
                if owner in project.instantiated and function.name not in _MAKING and change.kind == STORING:  # type: ignore[attr-defined]
                    other.append((f"{change.name} of a {owner} object", (change.line, bound.get(owner or "", 0), None)))
                    if named_a_cache(owner or ""):
                        caches.add(f"{change.name} of a {owner} object")
            elif (proxy := through_app(change.name, proxies, own, local_proxies)) is not None:
                if _object_state(change, {proxy.split(".")[0]: 0}):
                    other.append((change.name, (change.line, bound.get(proxy.split(".")[0], 0), THE_APP)))
                    (filled_others if change.filling else unfilled_others).add(change.name)
                    if set_afresh(function, change.name, tree, objects):
                        afresh.add((change.name, change.line))
            elif first in own:
                continue
            elif (container := _container(change.name, made, elsewhere)) is not None:
                kept.append((container, change.line, change.kind, change.drops))
            elif _object_state(change, bound):
                other.append((change.name, (change.line, bound.get(first, 0), None)))
                (filled_others if change.filling else unfilled_others).add(change.name)
                if set_afresh(function, change.name, tree, objects):
                    afresh.add((change.name, change.line))
        # asked last (it reads the project): a function that runs only as the app loads changes nothing at run time
        if (kept or other) and id(function) in top_level and only_decorates(function.name):  # type: ignore[attr-defined]
            continue
        for container, line, kind, drops in kept:
            found.setdefault(container, []).append((line, kind, drops))
            if container.split(".")[0] in unfilled:
                filled_otherwise.add(container)
        for name, where in other:
            others.setdefault(name, where)
            if (name, where[0]) not in afresh:
                not_afresh.add(name)
            if where[0] in refreshes.get(name, {}):
                refreshed.setdefault(name, refreshes[name][where[0]])
            else:
                not_refreshed.add(name)
    for name, line in [*made.items(), *((name, 0) for name in elsewhere)]:
        kinds = {kind for _, kind, _ in found.get(name, ())}
        if not kinds or kinds == {LAZY} or (named_a_cache(name) and STORING not in kinds):
            continue
        counted = [(drops, at) for at, kind, drops in found[name] if kind != LAZY]
        first = min(counted)[1]  # the first line that puts a value in; one that only takes entries out if none does
        cache = name not in filled_otherwise
        yield ContainerChange(name, line, first, elsewhere.get(name), cache)
    for name, (line, made_at, origin) in others.items():
        cache = name in caches or (name in filled_others and name not in unfilled_others)
        refresh = refreshed.get(name, "") if name not in not_refreshed else ""
        yield ContainerChange(name, made_at, line, origin, cache, name not in not_afresh, refresh)



def _object_state(change: Change, bound: Mapping[str, int]) -> bool:
    """A store into an attribute or entry of a value the module binds at its top level."""
    return change.store and change.direct and change.kind == STORING and not change.same_everywhere and change.name.split(".")[0] in bound


def _container(name: str, made: Mapping[str, int], elsewhere: Mapping[str, str]) -> str | None:
    """The container ``name`` is, or holds an entry of (``models.users`` of ``models.users.x``)."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in made or prefix in elsewhere:
            return prefix
    return None


def named_a_cache(name: str) -> bool:
    """Whether a word of the name (its last part) says cache: ``page_cache``, ``pageCache``."""
    return any(word.lower() in _CACHE_WORDS for word in _NAME_WORDS.findall(name.rsplit(".", 1)[-1]))


def module_containers(tree: ast.Module, imported: Mapping[str, str] | None = None) -> dict[str, int]:
    """The containers ``tree`` makes at module level, by name, with the line that makes each;
    those made in the body of a module-level class as ``Store.users``; a module-level name
    bound to one (``u = users``, ``u = models.users`` of ``imported``) too."""
    made: dict[str, int] = {}
    for name, line in _made_in(own_nodes(tree)):
        made.setdefault(name, line)
    for node in own_nodes(tree):
        if isinstance(node, ast.ClassDef):
            for name, line in _made_in(own_nodes(ast.Module(node.body, []))):
                made.setdefault(f"{node.name}.{name}", line)
    for node in own_nodes(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Name, ast.Attribute)):
            source = root(node.value)
            if source is not None and (source in made or source in (imported or {})):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        made.setdefault(target.id, node.lineno)
    return made


def _made_in(nodes) -> Iterator[tuple[str, int]]:
    for node in nodes:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name) and _is_container(value):
                yield target.id, node.lineno
            elif isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List)):
                if len(target.elts) == len(value.elts):
                    for part, item in zip(target.elts, value.elts):
                        if isinstance(part, ast.Name) and _is_container(item):
                            yield part.id, node.lineno


def _is_container(value: ast.AST) -> bool:
    if isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)):
        return True
    return isinstance(value, ast.Call) and last_name(value.func) in _CONTAINER_CALLS


def module_getters(tree: ast.Module) -> dict[str, str]:
    """Module-level functions that return a container the module makes, or an entry of one
    (``get_users`` -> ``_users``; ``cart_of`` returning ``_carts[uid]`` -> ``_carts``)."""
    made = module_containers(tree)
    getters: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for part in own_nodes(node):
                if isinstance(part, ast.Return) and part.value is not None:
                    returned = root(part.value) if isinstance(part.value, (ast.Name, ast.Attribute, ast.Subscript)) else None
                    if returned is not None and returned.split(".")[0] in made:
                        getters[node.name] = returned.split(".")[0]
    return getters


def module_names(tree: ast.Module, external: Callable[[str], bool]) -> dict[str, int]:
    """The names ``tree`` binds at its top level, with the line, but those it imports from
    outside the project (flask's ``request``, ``g``: the request's, not the process's)."""
    names: dict[str, int] = {}
    for node in own_nodes(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.setdefault(node.id, node.lineno)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.setdefault(node.name, node.lineno)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if not external(alias.name):
                    names.setdefault((alias.asname or alias.name).split(".")[0], node.lineno)
        elif isinstance(node, ast.ImportFrom) and (node.level or not external(node.module or "")):
            names.update({alias.asname or alias.name: node.lineno for alias in node.names if alias.name != "*"})
    return names


def _celery_names(tree: ast.Module, external: Callable[[str], bool]) -> frozenset[str]:
    """Names that stand for Celery in the module: imported from ``celery`` (``signals``,
    ``shared_task``), bound to a ``Celery(...)`` app, or a project name that says celery
    (``from .extensions import celery``)."""
    names: set[str] = set()
    for node in own_nodes(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                local = (alias.asname or alias.name).split(".")[0]
                source = (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
                if source.split(".")[0] == "celery" or "celery" in local.lower():
                    names.add(local)
    for node in own_nodes(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            if last_name(func) == "Celery" or (root(func) or "").split(".")[0] in names:
                names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return frozenset(names)


def _functions(tree: ast.AST, around: frozenset[str] = frozenset(), owner: str | None = None):
    """Every function of ``tree`` with the names local to the functions around it and the
    class whose body holds it directly (None for others)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            yield node, around, owner
            yield from _functions(node, around | _local_names(node), None)
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, around, node.name)
        else:
            yield from _functions(node, around, None if owner is None else owner)


def _self(function: ast.AST, owner: str | None) -> str | None:
    """The name a method calls its object by (its first parameter), None for a static method
    or a function outside a class."""
    if owner is None or isinstance(function, ast.Lambda):
        return None
    if any(last_name(d) in ("staticmethod", "classmethod") for d in function.decorator_list):  # type: ignore[attr-defined]
        return None
    arguments = [*function.args.posonlyargs, *function.args.args]  # type: ignore[attr-defined]
    return arguments[0].arg if arguments else None


def _local_names(function: ast.AST) -> frozenset[str]:
    arguments = function.args  # type: ignore[attr-defined]
    names = {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]}
    names |= {a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None}
    declared: set[str] = set()
    for node in own_nodes(function):
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            declared.update(node.names)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return frozenset(names - declared)


def _runs_apart(function: ast.AST, celery: frozenset[str]) -> bool:
    """A function that creates a Flask app, one decorated as a command, or one a Celery
    worker runs (a decorator whose chain starts from a Celery name)."""
    if is_command(function):
        return True
    for decorator in getattr(function, "decorator_list", []):
        called = decorator.func if isinstance(decorator, ast.Call) else decorator
        if (root(called) or "").split(".")[0] in celery:
            return True
    return any(isinstance(node, ast.Call) and last_name(node.func) == "Flask" for node in own_nodes(function))
