"""gunicorn-config: the changes a function's own body makes to values it does not own, read on
the standard library's AST — what ``_gunicorn_config_containers`` weighs as per-process state.

A *change* is a store into an entry or an attribute (``users[k] = v``, ``users[k] += 1``,
``del users[k]``, ``models.count += 1``, ``state.last = name``), wherever the target stands
(a tuple target ``users[k], n = ...``, a ``for users[k] in ...``, a ``with ... as
users[k]``), or a call of a method that changes a container (``append``, ``add``,
``update``, ``setdefault``, ``pop`` ...), also through an entry (``groups[k].append(v)``,
``rooms["lobby"].members.append(v)``). It is named by the chain it starts from
(``users``, ``models.users``, ``self.items``), seen through a local bound to such a chain
(``store = users; store[k] = v``) and through a call of a function that returns a
module-level container (``get_users()[k] = v``: the getter's name, marked).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Iterator, Mapping

from ._ast_nodes import last_name
from ._gunicorn_config_guards import early_returns_on_hit, made_from, own_expression_nodes, root, statements
from ._names import dotted_name

DROPPING = frozenset({"pop", "popitem", "remove", "discard", "clear", "popleft", "__delitem__"})
CHANGING = DROPPING | frozenset(
    {"append", "extend", "insert", "add", "update", "setdefault", "__setitem__", "appendleft", "extendleft",
     "difference_update", "intersection_update", "symmetric_difference_update", "sort", "reverse"}
)
# kinds of change: one that fills the container found empty with a value made from nothing the
# request gives (a lazy initialisation), one that fills an entry found missing with a value made
# from its key or drops entries (what a cache does), any other
LAZY, CACHING, STORING = "lazy", "caching", "storing"
GETTER = "()"  # the mark of a chain that starts from a getter's call: ``get_users()``


@dataclass(frozen=True)
class Change:
    line: int
    name: str  # the chain the change starts from: ``users``, ``models.users``, ``self.items``
    kind: str
    store: bool  # a store into an entry or attribute (not a method call)
    same_everywhere: bool = False  # a value every process makes alike, under such a key: stored alike
    direct: bool = True  # the chain holds no call (``Model.query.get(1).name`` is no store into ``Model``)
    # an entry made where it is found missing (``if key not in clients:``), of a value the function
    # builds by a call (``clients[k] = Client(token)``) or a cache's (``kind``), or a lazy fill: not
    # the request's data, not a drop
    filling: bool = False
    drops: bool = False  # it takes entries out (``del users[k]``, ``users.pop(k)``): it writes nothing
    # an attribute given a value a call makes from nothing the request gives, not under an ``if``
    # that tests it: the call's name (``get_surveys`` of ``app.surveys = get_surveys()``), else ""
    refreshed_by: str = ""


def changes(function: ast.AST, module_names: frozenset[str], getters: Mapping[str, str]) -> Iterator[Change]:
    """Each change ``function``'s own body makes (see the module docstring). ``module_names``:
    what the module binds at its top level; ``getters``: function name -> the module-level
    container it returns."""
    hits = early_returns_on_hit(function)
    body = function.body  # type: ignore[attr-defined]
    if not isinstance(body, list):  # a lambda's expression
        body = [ast.Expr(body, lineno=body.lineno, col_offset=body.col_offset)]
    aliases = _aliases(body, getters)
    hits = _aliased(hits, aliases)
    guarded: set[int] | None = None  # read only where a write may be a refresh
    for statement, (missing, empty) in statements(body, (frozenset(), frozenset())):
        missing, empty = _aliased(missing, aliases), _aliased(empty, aliases)
        for node in own_expression_nodes(statement):
            if isinstance(node, (ast.Subscript, ast.Attribute)) and isinstance(node.ctx, (ast.Store, ast.Del)):
                name = _named(node.value if isinstance(node, ast.Subscript) else node, aliases, getters)
                if name is None:
                    continue
                value, key = _stored(statement, node)
                drops = isinstance(node.ctx, ast.Del)
                kind = _kind(name, drops, missing | hits, empty, value, key if isinstance(node, ast.Subscript) else None, function, module_names)
                constant = isinstance(statement, ast.Assign) and all(
                    part is None or _alike(part, function, module_names) for part in (value, key)
                ) and value is not None and not _reads(value, name)
                filling = kind == LAZY or (name in missing | hits and not drops and (kind == CACHING or built_by_calls(value, function)))
                refreshed_by = ""
                if isinstance(node, ast.Attribute) and isinstance(value, ast.Call) and not drops and made_from(value, None, function, module_names):
                    if guarded is None:
                        guarded = _guarded_by_their_own_test(function)
                    if id(node) not in guarded:
                        refreshed_by = dotted_name(value.func) or last_name(value.func) or "call"
                yield Change(node.lineno, name, kind, True, constant, _direct(node), filling, drops, refreshed_by)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CHANGING:
                name = _named(node.func.value, aliases, getters)
                if name is None:
                    continue
                drops = node.func.attr in DROPPING
                value = node.args[-1] if node.args else None
                key = node.args[0] if node.func.attr == "setdefault" and node.args else value
                kind = _kind(name, drops, missing, empty, value, key, function, module_names)
                filling = kind == LAZY or (name in missing and not drops and (kind == CACHING or built_by_calls(value, function)))
                yield Change(node.lineno, name, kind, False, direct=_direct(node.func.value), filling=filling, drops=drops)


def _guarded_by_their_own_test(function: ast.AST) -> set[int]:
    """The ids of the attribute stores of ``function`` made under an ``if`` whose test names
    the attribute (``if not hasattr(SETTINGS, "_archive"): SETTINGS._archive = init()``): made
    where it is found missing or stale, not given afresh on every call."""
    found: set[int] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.If):
            named = {part.attr for part in ast.walk(node.test) if isinstance(part, ast.Attribute)}
            named |= {part.value for part in ast.walk(node.test) if isinstance(part, ast.Constant) and isinstance(part.value, str)}
            if named:
                for statement in [*node.body, *node.orelse]:
                    for part in ast.walk(statement):
                        if isinstance(part, ast.Attribute) and isinstance(part.ctx, ast.Store) and part.attr in named:
                            found.add(id(part))
    return found


def built_by_calls(value: ast.AST | None, function: ast.AST) -> bool:
    """A value the function builds by calls: a call (``Client(token)``), or a literal dict, list,
    tuple or set of such values, constants and locals every assignment of which is a call
    (``{"client": client, "handlers": {"hook": hook}}`` after ``client = get_client()``)."""
    if isinstance(value, ast.Call):
        return True
    if isinstance(value, ast.Dict):
        parts = [*(key for key in value.keys if key is not None), *value.values]
    elif isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        parts = value.elts
    else:
        return False
    return bool(parts) and all(isinstance(part, ast.Constant) or _call_made(part, function) or built_by_calls(part, function) for part in parts)


def _call_made(node: ast.AST, function: ast.AST) -> bool:
    """A local of ``function`` every binding of which is an assignment of a call."""
    if not isinstance(node, ast.Name):
        return False
    values = []
    for part in ast.walk(function):
        if isinstance(part, ast.Name) and part.id == node.id and isinstance(part.ctx, ast.Store):
            values.append(part)
    assigned = [
        statement.value
        for statement in ast.walk(function)
        if isinstance(statement, ast.Assign) and any(isinstance(t, ast.Name) and t.id == node.id for t in statement.targets)
    ]
    return bool(values) and len(assigned) == len(values) and all(isinstance(v, ast.Call) for v in assigned)


def _kind(name, drops, missing, empty, value, key, function, module_names) -> str:
    if drops:
        return LAZY if name in empty else CACHING
    if value is None:
        return STORING
    if name in empty and made_from(value, None, function, module_names):
        return LAZY
    if name in missing and made_from(value, key, function, module_names):
        return CACHING
    return STORING


def _stored(statement: ast.stmt, target: ast.AST) -> tuple[ast.AST | None, ast.AST | None]:
    """What an assignment stores into ``target`` (None when it cannot be told: a tuple target,
    a ``for`` or ``with`` target, an augmented assignment), and the key of an entry."""
    key = target.slice if isinstance(target, ast.Subscript) else None
    if isinstance(statement, (ast.Assign, ast.AnnAssign)) and any(t is target for t in getattr(statement, "targets", [getattr(statement, "target", None)])):
        return statement.value, key
    return None, key


def _reads(value: ast.AST, chain: str) -> bool:
    """Whether ``value`` reads the chain it is stored into (``app.served = app.served + 1``):
    what the process held before, not a value every process makes alike."""
    return any(isinstance(part, (ast.Attribute, ast.Name)) and root(part) == chain for part in ast.walk(value))


def _alike(node: ast.AST, function: ast.AST, module_names: frozenset[str]) -> bool:
    """A value every process makes alike: no call, made from nothing the function is given
    (``False``, ``"auth.login"``, ``AnonymousUser``)."""
    return not any(isinstance(part, ast.Call) for part in ast.walk(node)) and made_from(node, None, function, module_names)


def _named(node: ast.AST, aliases: Mapping[str, str], getters: Mapping[str, str]) -> str | None:
    """The chain ``node`` starts from, a local alias seen through, a getter's call marked."""
    name = root(node)
    if name is None:
        call = _bottom(node)
        if isinstance(call, ast.Call) and last_name(call.func) in getters:
            return last_name(call.func) + GETTER  # type: ignore[operator]
        return None
    first, _, rest = name.partition(".")
    if first in aliases:
        return aliases[first] + ("." + rest if rest else "")
    return name


def _aliased(names: frozenset[str], aliases: Mapping[str, str]) -> frozenset[str]:
    """``names`` (what a guard tests: ``app.extensions``) and the chains they stand for
    through the function's aliases (``current_app.extensions`` after ``app = current_app``)."""
    if not aliases or not names:
        return names
    seen = set(names)
    for name in names:
        first, _, rest = name.partition(".")
        if first in aliases:
            seen.add(aliases[first] + ("." + rest if rest else ""))
    return frozenset(seen)


def _aliases(body: list[ast.stmt], getters: Mapping[str, str]) -> dict[str, str]:
    """Locals bound to a chain of values the function does not own (``store = users``,
    ``cart = carts[uid]``, ``u = get_users()``): the chain each stands for."""
    found: dict[str, str] = {}
    for statement in body:
        for node in ast.walk(statement):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                value = node.value
                if (isinstance(value, (ast.Name, ast.Attribute, ast.Subscript)) and _direct(value)) or (
                    isinstance(value, ast.Call) and last_name(value.func) in getters
                ):
                    name = _named(value, found, getters)
                    if name is not None and name != node.targets[0].id:
                        found[node.targets[0].id] = name
    return found


def _direct(node: ast.AST) -> bool:
    """A chain of names, attributes and entries only."""
    return isinstance(_bottom(node), ast.Name)


def _bottom(node: ast.AST) -> ast.AST:
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node
