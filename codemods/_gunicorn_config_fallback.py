"""gunicorn-config: a value made at random only where a lookup before it gives none.

``SECRET_KEY = os.environ.get("SECRET_KEY", "").encode() or os.urandom(32)`` (Superdesk
Newsroom), ``os.getenv("SECRET_KEY", os.urandom(24))``, or ``SECRET_KEY = os.getenv(...)``
then ``if not SECRET_KEY: SECRET_KEY = <random>`` (argon-dashboard, sbc-pay-api): every start
that sets the variable gives each worker that one value, and only a start without it makes one
per process. Whether every start sets it is not known here, so the value is not proved shared,
but it is not simply made anew in each process either: the finding names the lookup.

Told strictly, on the expression bound and the statements around its binding:

- the smallest part of the value that holds every random call is an ``or`` whose operands
  before the first random one hold none (the random one is reached only when they are empty),
  or a call of a lookup (``.get(key, default)``, ``getenv(key, default)``) whose key holds none
  and whose default (second argument or ``default=``) holds them all;
- or the binding sits in ``if not NAME:`` or ``if NAME is None:`` (NAME the name bound, as a
  name or an attribute), and the statements before that ``if`` in the same block bind NAME to a
  value with no random call: the lookup is that binding, named with its line.
"""

from __future__ import annotations

import ast
from typing import Callable, Iterable

_LOOKUPS = frozenset({"get", "getenv"})
_LONGEST = 60


def fallback_of(
    tree: ast.Module,
    node: ast.AST,
    name: str,
    value: ast.AST,
    is_fresh: Callable[[ast.AST], bool],
    bindings: Callable[[ast.AST], Iterable[tuple[str, ast.AST]]],
) -> str | None:
    """What the random ``value`` that ``node`` binds to ``name`` falls back from (see the module's
    docstring), as the finding names it, or None. ``is_fresh(expr)``: whether ``expr`` holds a
    random call."""
    within = _within(value, is_fresh)
    return within if within is not None else _earlier_binding(tree, node, name, is_fresh, bindings)


def _within(value: ast.AST, is_fresh: Callable[[ast.AST], bool]) -> str | None:
    node = value
    while True:
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            first = next(i for i, operand in enumerate(node.values) if is_fresh(operand))
            return " or ".join(_shown(v) for v in node.values[:first]) if first else None
        if isinstance(node, ast.Call) and _lookup(node) and node.args and not is_fresh(node.args[0]):
            defaults = node.args[1:2] + [k.value for k in node.keywords if k.arg == "default"]
            others = node.args[2:] + [k.value for k in node.keywords if k.arg != "default"]
            if defaults and not any(is_fresh(o) for o in others) and not is_fresh(node.func):
                return f"{_shown(node.func)}({_shown(node.args[0])})"
        holding = [child for child in ast.iter_child_nodes(node) if is_fresh(child)]
        if len(holding) != 1:
            return None
        node = holding[0]


def _lookup(call: ast.Call) -> bool:
    func = call.func
    spelled = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return spelled in _LOOKUPS


def _earlier_binding(tree, node, name, is_fresh, bindings) -> str | None:
    parents = {id(child): parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    child: ast.AST = node
    while id(child) in parents:
        parent = parents[id(child)]
        if isinstance(parent, ast.If) and child in parent.body and _tests_empty(parent.test, name):
            block = _block_of(parents.get(id(parent)), parent)
            before = block[: block.index(parent)] if block is not None else []
            for statement in reversed(before):
                values = [v for bound, v in bindings(statement) if bound == name]
                if values:
                    return None if is_fresh(values[-1]) else f"{_shown(values[-1])}, read at line {statement.lineno},"
            return None
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.Module)):
            return None
        child = parent
    return None


def _tests_empty(test: ast.AST, name: str) -> bool:
    """Whether ``test`` is ``not NAME`` or ``NAME is None``."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _names(test.operand, name)
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Is):
        other = test.comparators[0]
        return _names(test.left, name) and isinstance(other, ast.Constant) and other.value is None
    return False


def _names(node: ast.AST, name: str) -> bool:
    return (isinstance(node, ast.Name) and node.id == name) or (isinstance(node, ast.Attribute) and node.attr == name)


def _block_of(parent: ast.AST | None, statement: ast.stmt) -> list[ast.stmt] | None:
    """The statement list of ``parent`` that holds ``statement``."""
    for field in ("body", "orelse", "finalbody"):
        block = getattr(parent, field, None)
        if isinstance(block, list) and statement in block:
            return block
    return None


def _shown(node: ast.AST) -> str:
    text = ast.unparse(node)
    return text if len(text) <= _LONGEST else text[: _LONGEST - 3] + "..."
