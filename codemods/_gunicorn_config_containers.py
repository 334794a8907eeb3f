"""Module-level containers that a module's functions change while the program runs: per-process
state (``users = {}`` at module level, ``users[user.id] = user`` in a login function), which
each process of a server holds apart and loses when the process ends.

A *container* is a dict, list or set made at module level, also in a module-level block (``if:``,
``try:``) or as an attribute of a module-level class (``Store.users``) (a literal, a comprehension,
``dict()``, ``set()``, ``defaultdict(list)``, ``OrderedDict()``, ``Counter()``, ``deque()``).
It is *changed* where a function — a method too — stores into it (``users[k] = v``,
``users[k] += 1``, ``del users[k]``), or calls a method that changes it (``append``,
``extend``, ``insert``, ``add``, ``update``, ``setdefault``, ``pop``, ``popitem``, ``remove``,
``discard``, ``clear`` ...), also through an entry (``groups[k].append(v)``,
``groups.setdefault(k, []).append(v)``), where the name is not the function's own (a
parameter, a local assignment, not declared ``global``; nor that of a function around it).
What the module does outside functions runs as it is imported, in every process alike.

Not counted: a function that creates a Flask app (it runs while the app loads, in each
process alike), a function decorated as a command (``@app.cli.command()``,
``@click.command()``, ``@manager.command``: a process of its own, not the server's), and a
module-level function the caller shows to be used only as the decorator of module-level
definitions (a registry filled as they are made, at import). A lazy initialisation is no
state: every change made only where the container is found empty (under ``if not items:``,
``if items is None:``, ``if len(items) == 0:``), each process making its own. A *cache* is
no state, told conservatively: a word of its name says so (``page_cache``, ``_memo``; not
``memory``), and every change
either drops entries (``pop``, ``clear``, ``del``) or fills an entry found missing (under
``if key not in cache:``, after ``if key in cache: return ...``, or in an ``except
KeyError:``). Anything else that is in doubt is state.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Callable, Iterator, Mapping

from ._gunicorn_config_process_calls import own_nodes

# the text of a module that may make a container (the cheap filter): an ``=`` followed by a
# literal or a call that makes one, at any indentation (under a module-level ``if:`` or
# ``try:``), after another target (``a = b = {}``), in parentheses or across lines; it lets
# through every module ``changed_containers`` can flag, and more
MAY_HOLD_CONTAINERS = re.compile(
    r"=[\s\\(]*(?:[\[{]|(?:\w+\s*\.\s*)*(?:dict|list|set|defaultdict|OrderedDict|Counter|deque)\s*\()"
)
_CONTAINER_CALLS = frozenset({"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque"})
_DROPPING = frozenset({"pop", "popitem", "remove", "discard", "clear", "popleft", "__delitem__"})
_CHANGING = _DROPPING | frozenset(
    {"append", "extend", "insert", "add", "update", "setdefault", "__setitem__", "appendleft", "extendleft",
     "difference_update", "intersection_update", "symmetric_difference_update", "sort", "reverse"}
)
# the words of a name that call it a cache (``page_cache``, ``pageCache``, ``_memo``; not ``memory``)
_CACHE_WORDS = frozenset({"cache", "caches", "cached", "memo", "memos", "memoized"})
_NAME_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_COMMAND_DECORATORS = frozenset({"command", "group"})


@dataclass(frozen=True)
class ContainerChange:
    """A module-level container a function changes."""

    name: str
    made: int  # the line that makes it (0: made in another module)
    changed: int  # the first line that changes it at run time
    origin: str | None = None  # ``models.py:1``: where another module makes it


# kinds of change: one that fills the container found empty (a lazy initialisation), one that
# fills an entry found missing or drops entries (what a cache does), any other
LAZY, CACHING, STORING = "lazy", "caching", "storing"


def changed_containers(
    tree: ast.Module, only_decorates: Callable[[str], bool] = lambda name: False, imported: Mapping[str, str] | None = None
) -> Iterator[ContainerChange]:
    """The module-level containers of ``tree`` that its functions change (see the module's
    docstring), lazy initialisations and caches left out, in the order they are made.
    ``only_decorates(name)``: whether the module-level function ``name`` is used in the
    project only as the decorator of module-level definitions (it then runs at import).
    ``imported``: the containers of other modules this one reaches by its imports, by the name
    it uses (``users``, ``models.users``), each with where it is made."""
    made: dict[str, int] = module_containers(tree)
    elsewhere = {name: origin for name, origin in (imported or {}).items() if name not in made}
    if not made and not elsewhere:
        return
    changes: dict[str, list[tuple[int, str]]] = {}
    top_level = {id(node) for node in tree.body}
    for function, outer_locals in _functions(tree):
        if _runs_apart(function):
            continue
        if id(function) in top_level and only_decorates(function.name):  # type: ignore[attr-defined]
            continue
        own = _local_names(function) | outer_locals
        for line, name, kind in _changes(function):
            if (name in made or name in elsewhere) and name.split(".")[0] not in own:
                changes.setdefault(name, []).append((line, kind))
    for name, line in [*made.items(), *((name, 0) for name in elsewhere)]:
        kinds = {kind for _, kind in changes.get(name, ())}
        if not kinds or kinds == {LAZY} or (_named_a_cache(name) and STORING not in kinds):
            continue
        first = min(at for at, kind in changes[name] if kind != LAZY or kinds == {LAZY})
        yield ContainerChange(name, line, first, elsewhere.get(name))


def _named_a_cache(name: str) -> bool:
    """Whether a word of the name (its last part) says cache: ``page_cache``, ``pageCache``."""
    return any(word.lower() in _CACHE_WORDS for word in _NAME_WORDS.findall(name.rsplit(".", 1)[-1]))


def module_containers(tree: ast.Module) -> dict[str, int]:
    """The containers ``tree`` makes at module level, by name, with the line that makes each;
    those made in the body of a module-level class as ``Store.users``."""
    made: dict[str, int] = {}
    for name, line in _made_in(own_nodes(tree)):
        made.setdefault(name, line)
    for node in own_nodes(tree):
        if isinstance(node, ast.ClassDef):
            for name, line in _made_in(own_nodes(ast.Module(node.body, []))):
                made.setdefault(f"{node.name}.{name}", line)
    return made


def _made_in(nodes) -> Iterator[tuple[str, int]]:
    for node in nodes:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if _is_container(value):
            yield from ((target.id, node.lineno) for target in targets if isinstance(target, ast.Name))


def _is_container(value: ast.AST) -> bool:
    if isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)):
        return True
    return isinstance(value, ast.Call) and _last_name(value.func) in _CONTAINER_CALLS


def _functions(tree: ast.AST, around: frozenset[str] = frozenset()) -> Iterator[tuple[ast.AST, frozenset[str]]]:
    """Every function of ``tree`` with the names local to the functions around it."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            yield node, around
            yield from _functions(node, around | _local_names(node))
        else:
            yield from _functions(node, around)


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


def _runs_apart(function: ast.AST) -> bool:
    """A function that creates a Flask app, or one decorated as a command."""
    for decorator in getattr(function, "decorator_list", []):
        called = decorator.func if isinstance(decorator, ast.Call) else decorator
        if _last_name(called) in _COMMAND_DECORATORS:
            return True
    return any(isinstance(node, ast.Call) and _last_name(node.func) == "Flask" for node in own_nodes(function))


def _changes(function: ast.AST) -> Iterator[tuple[int, str, bool]]:
    """(line, the name changed, whether the change drops entries or fills a missing one) of
    each change ``function``'s own body makes to a name's container."""
    hits = _early_returns_on_hit(function)
    body = function.body  # type: ignore[attr-defined]
    if not isinstance(body, list):  # a lambda's expression
        body = [ast.Expr(body, lineno=body.lineno, col_offset=body.col_offset)]
    for statement, (missing, empty) in _statements(body, (frozenset(), frozenset())):
        for node in _own_expression_nodes(statement):
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
                targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
                for target in targets:
                    name = _root(target) if isinstance(target, ast.Subscript) else None
                    if name is not None:
                        yield node.lineno, name, _kind(name, isinstance(node, ast.Delete), missing | hits, empty)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _CHANGING:
                name = _root(node.func.value)
                if name is not None:
                    yield node.lineno, name, _kind(name, node.func.attr in _DROPPING, missing, empty)


def _kind(name: str, drops: bool, missing: frozenset[str], empty: frozenset[str]) -> str:
    if name in empty:
        return LAZY
    return CACHING if drops or name in missing else STORING


Guards = tuple[frozenset[str], frozenset[str]]


def _statements(body: list[ast.stmt], guards: Guards) -> Iterator[tuple[ast.stmt, Guards]]:
    """Each statement of ``body`` (nested blocks too, not nested functions or classes), with
    the containers it is known to run only on a missing entry of (the body of ``if key not
    in cache:``, a handler of ``KeyError``), and those it runs only when empty (the body of
    ``if not cache:``, ``if cache is None:``, ``if len(cache) == 0:``)."""
    for statement in body:
        yield statement, guards
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if isinstance(statement, ast.If):
            yield from _statements(statement.body, (guards[0] | _missing_in(statement.test), guards[1] | _empty(statement.test)))
            yield from _statements(statement.orelse, guards)
            continue
        if isinstance(statement, ast.Try):
            yield from _statements(statement.body, guards)
            for handler in statement.handlers:
                caught = _last_name(handler.type) if handler.type is not None else None
                read = {_root(n) for n in ast.walk(ast.Module(statement.body, [])) if isinstance(n, ast.Subscript)}
                caught_missing = frozenset(name for name in read if name) if caught == "KeyError" else frozenset()
                yield from _statements(handler.body, (guards[0] | caught_missing, guards[1]))
            yield from _statements(statement.orelse + statement.finalbody, guards)
            continue
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(statement, field, None)
            if isinstance(inner, list):
                yield from _statements([s for s in inner if isinstance(s, ast.stmt)], guards)
                for part in inner:
                    if not isinstance(part, ast.stmt) and hasattr(part, "body"):
                        yield from _statements(part.body, guards)


def _own_expression_nodes(statement: ast.stmt) -> Iterator[ast.AST]:
    """The statement and the nodes of its own expressions (not of the blocks in it)."""
    yield statement
    for name, value in ast.iter_fields(statement):
        if name in ("body", "orelse", "finalbody", "handlers", "cases"):
            continue
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, ast.AST):
                yield from ast.walk(child)


def _missing_in(test: ast.AST) -> frozenset[str]:
    """The containers ``test`` finds an entry missing from: ``key not in cache``,
    ``cache.get(key) is None``, ``not cache.get(key)``."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        if isinstance(test.ops[0], ast.NotIn):
            name = _root(test.comparators[0])
            return frozenset({name} if name else ())
        if isinstance(test.ops[0], ast.Is) and isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None:
            return _got_from(test.left)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _got_from(test.operand)
    return frozenset()


def _empty(test: ast.AST) -> frozenset[str]:
    """The containers ``test`` finds empty: ``not cache``, ``cache is None``, ``len(cache) == 0``."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) and isinstance(test.operand, ast.Name):
        return frozenset({test.operand.id})
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.comparators[0], ast.Constant):
        left, value = test.left, test.comparators[0].value
        if isinstance(test.ops[0], ast.Is) and value is None and isinstance(left, ast.Name):
            return frozenset({left.id})
        if isinstance(test.ops[0], ast.Eq) and value == 0 and isinstance(left, ast.Call) and _last_name(left.func) == "len":
            if len(left.args) == 1 and isinstance(left.args[0], ast.Name):
                return frozenset({left.args[0].id})
    return frozenset()


def _got_from(node: ast.AST) -> frozenset[str]:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
        name = _root(node.func.value)
        return frozenset({name} if name else ())
    return frozenset()


def _early_returns_on_hit(function: ast.AST) -> frozenset[str]:
    """The containers ``function`` returns from when an entry is found: ``if key in cache:
    return cache[key]``, at the top level of its body."""
    names: set[str] = set()
    body = getattr(function, "body", [])
    for statement in body if isinstance(body, list) else ():
        test = statement.test if isinstance(statement, ast.If) else None
        if (
            isinstance(test, ast.Compare)
            and len(test.ops) == 1
            and isinstance(test.ops[0], ast.In)
            and any(isinstance(s, ast.Return) for s in statement.body)  # type: ignore[union-attr]
        ):
            name = _root(test.comparators[0])
            if name is not None:
                names.add(name)
    return frozenset(names)


def _root(node: ast.AST) -> str | None:
    """The name an entry chain starts from: ``users`` of ``users``, ``users[k]``,
    ``groups.setdefault(k, [])``, ``groups[k][j]``; ``models.users`` of ``models.users[k]``."""
    while True:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute):
            owner = _root(node.value) if isinstance(node.value, (ast.Name, ast.Attribute)) else None
            return f"{owner}.{node.attr}" if owner is not None else None
        if isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("setdefault", "get"):
            node = node.func.value
        else:
            return None


def _last_name(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None
