"""gunicorn-config: what the guards around a change to a module-level container show, read
on the standard library's AST — that it runs only on a missing entry (``if key not in
cache:``, after ``if key in cache: return ...``, in an ``except KeyError:``) or only on an
empty container (``if not items:``, ``if items is None:``, ``if len(items) == 0:``) — and
whether the value it stores is one every process makes alike (``made_from``): a cache's
entry made from its key alone, a lazy initialisation's from nothing the request gives.
"""

from __future__ import annotations

import ast
import builtins
from typing import Iterator

from ._ast_nodes import last_name
from ._kept_per_file import dropped_after_each_file

# names of what one request gives, never a value every process makes alike
_REQUEST_SCOPED = frozenset({"request", "session", "g", "current_user", "flask"})
_BUILTINS = frozenset(dir(builtins))


def made_from(value: ast.AST, key: ast.AST | None, function: ast.AST, module_names: frozenset[str]) -> bool:
    """Whether ``value`` (stored under ``key`` by ``function``) is made from the key alone:
    its names are the key's, the module's own (``module_names``; not the request's, the
    session's, ``g``), builtins, or locals of ``function`` every assignment of which is made
    so (``html = render(slug)``, ``for row in load():``). With no key: from nothing the
    function is given. (An entry changed after it is stored is a change of its own.)"""
    stored, parameters = _bindings(function)
    allowed = {n.id for n in ast.walk(key) if isinstance(n, ast.Name)} if key is not None else set()
    allowed |= ((module_names | _BUILTINS) - _REQUEST_SCOPED) - set(stored) - parameters
    for _ in range(2):  # locals made from the key, in two steps
        for name, names_of_values in stored.items():
            if name not in allowed and name not in parameters and names_of_values is not None and names_of_values <= allowed:
                allowed.add(name)
    return _names(value) <= allowed


_BINDINGS: dict[int, tuple[ast.AST, dict[str, frozenset[str] | None], set[str]]] = {}
dropped_after_each_file(_BINDINGS.clear)


def _bindings(function: ast.AST) -> tuple[dict[str, frozenset[str] | None], set[str]]:
    """The locals ``function`` binds, each with the names of all the values it is bound to (an
    assignment's, what a ``for`` or ``with`` runs over; None when it is bound otherwise too: a
    tuple target of an assignment, ``except ... as``), and its parameters.
    Read once per function: a value's names are read once, not at every question asked of it."""
    known = _BINDINGS.get(id(function))
    if known is not None and known[0] is function:
        return known[1], known[2]
    stored: dict[str, list[ast.AST] | None] = {}
    plain: set[int] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    plain.add(id(target))
                    values = stored.setdefault(target.id, [])
                    if values is not None:
                        values.append(node.value)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)) or (isinstance(node, ast.withitem) and node.optional_vars):
            target, source = (node.optional_vars, node.context_expr) if isinstance(node, ast.withitem) else (node.target, node.iter)
            for name in ast.walk(target):  # a loop's or a with's name is made from what it runs over
                if isinstance(name, ast.Name):
                    plain.add(id(name))
                    values = stored.setdefault(name.id, [])
                    if values is not None:
                        values.append(source)
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)) and id(node) not in plain:
            stored[node.id] = None
    names_of_values = {name: None if values is None else frozenset().union(*map(_names, values)) for name, values in stored.items()}
    if len(_BINDINGS) > 256:
        _BINDINGS.clear()
    _BINDINGS[id(function)] = (function, names_of_values, _parameters(function))
    return names_of_values, _parameters(function)


def _names(node: ast.AST) -> set[str]:
    return {part.id for part in ast.walk(node) if isinstance(part, ast.Name)}


def _parameters(function: ast.AST) -> set[str]:
    arguments = getattr(function, "args", None)
    if arguments is None:
        return set()
    names = {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]}
    return names | {a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None}


Guards = tuple[frozenset[str], frozenset[str]]


def statements(body: list[ast.stmt], guards: Guards) -> Iterator[tuple[ast.stmt, Guards]]:
    """Each statement of ``body`` (nested blocks too, not nested functions or classes), with
    the containers it is known to run only on a missing entry of (the body of ``if key not
    in cache:``, a handler of ``KeyError``), and those it runs only when empty (the body of
    ``if not cache:``, ``if cache is None:``, ``if len(cache) == 0:``)."""
    for statement in body:
        yield statement, guards
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if isinstance(statement, ast.If):
            yield from statements(statement.body, (guards[0] | missing_in(statement.test), guards[1] | empty(statement.test)))
            yield from statements(statement.orelse, guards)
            continue
        if isinstance(statement, ast.Try):
            yield from statements(statement.body, guards)
            for handler in statement.handlers:
                caught = last_name(handler.type) if handler.type is not None else None
                read = {root(n) for n in ast.walk(ast.Module(statement.body, [])) if isinstance(n, ast.Subscript)}
                caught_missing = frozenset(name for name in read if name) if caught == "KeyError" else frozenset()
                yield from statements(handler.body, (guards[0] | caught_missing, guards[1]))
            yield from statements(statement.orelse + statement.finalbody, guards)
            continue
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(statement, field, None)
            if isinstance(inner, list):
                yield from statements([s for s in inner if isinstance(s, ast.stmt)], guards)
                for part in inner:
                    if not isinstance(part, ast.stmt) and hasattr(part, "body"):
                        yield from statements(part.body, guards)


def own_expression_nodes(statement: ast.stmt) -> Iterator[ast.AST]:
    """The statement and the nodes of its own expressions (not of the blocks in it)."""
    yield statement
    for name, value in ast.iter_fields(statement):
        if name in ("body", "orelse", "finalbody", "handlers", "cases"):
            continue
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, ast.AST):
                yield from ast.walk(child)



def missing_in(test: ast.AST) -> frozenset[str]:
    """The containers ``test`` finds an entry missing from: ``key not in cache``,
    ``cache.get(key) is None``, ``not cache.get(key)``."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        if isinstance(test.ops[0], ast.NotIn):
            name = root(test.comparators[0])
            return frozenset({name} if name else ())
        if isinstance(test.ops[0], ast.Is) and isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None:
            return _got_from(test.left)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _got_from(test.operand)
    return frozenset()


def empty(test: ast.AST) -> frozenset[str]:
    """The containers ``test`` finds empty: ``not cache``, ``cache is None``, ``len(cache) == 0``."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) and isinstance(test.operand, ast.Name):
        return frozenset({test.operand.id})
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.comparators[0], ast.Constant):
        left, value = test.left, test.comparators[0].value
        if isinstance(test.ops[0], ast.Is) and value is None and isinstance(left, ast.Name):
            return frozenset({left.id})
        if isinstance(test.ops[0], ast.Eq) and value == 0 and isinstance(left, ast.Call) and last_name(left.func) == "len":
            if len(left.args) == 1 and isinstance(left.args[0], ast.Name):
                return frozenset({left.args[0].id})
    return frozenset()


def _got_from(node: ast.AST) -> frozenset[str]:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
        name = root(node.func.value)
        return frozenset({name} if name else ())
    return frozenset()


def early_returns_on_hit(function: ast.AST) -> frozenset[str]:
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
            name = root(test.comparators[0])
            if name is not None:
                names.add(name)
    return frozenset(names)


def root(node: ast.AST) -> str | None:
    """The name an entry chain starts from: ``users`` of ``users``, ``users[k]``,
    ``groups.setdefault(k, [])``, ``groups[k][j]``; ``models.users`` of ``models.users[k]``;
    the container an object in it lives in: ``rooms`` of ``rooms["lobby"].members``."""
    while True:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute):
            if not isinstance(node.value, (ast.Name, ast.Attribute)):
                node = node.value
                continue
            owner = root(node.value)
            return f"{owner}.{node.attr}" if owner is not None else None
        if isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("setdefault", "get"):
            node = node.func.value
        else:
            return None
