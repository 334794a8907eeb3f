"""cache-views' project stage: names of the views module the planner takes for state, read
off the module's binding sites where the name is bound more than once, in a block, or by
something else than ``name = value``.

``_cache_views_state_gate`` reads a name bound once, at the module's top, by ``name =
value``. The planner judges every other module-level name the same way, from LibCST's
global scope (``NameKinds._bound_kinds``): each place that binds the name gives a kind (a
``def`` or ``class`` its definition's, an import what it imports, ``name = value`` or
``name: T = value`` the value's, ``NameKinds.value_kind``), and any other binding of the
name (a ``for`` or ``with`` target, an element of a tuple assigned to, ``+=``, ``:=``, an
annotation without a value) makes it unknown (``OTHER``) at once; so do two places whose
kinds differ, and a name a function of the module declares ``global`` whose kind is not
the database's, a cache's, a library's or a module's (``changed_elsewhere``: ``mutated``
takes a declared name for changed). A view that reads such a name is refused for a settled
reason (``CHANGING``) and said nothing of, whatever else it does.

``rebound_state`` answers from CPython's AST for a name bound only by names (no ``def``,
``class``, import, parameter, ``except ... as``, ``del`` or ``match`` capture of it
anywhere, no ``import *`` in the module), at the module's top (in blocks too: ``if``,
``try``, ``with``, ``for``) or in a function that declares it ``global``, and nowhere else
(so every read of it in a function of the module reads the module's name, as LibCST's
scopes resolve it). It is state when

- one of those bindings is not ``name = value`` nor ``name: T = value`` (``for name in``,
  ``with ... as name``, ``a, name = ...``, ``name += 1``, ``(name := ...)``, ``name: T``);
- or a function declares it ``global`` and one of its values is no call (a literal is a
  value, a lambda a function, anything else unknown) or a call surely unknown
  (``unknown_object``): no kind a declared name keeps;
- or, declared nowhere, the kinds its values surely have differ (a literal's ``VALUE``
  and an unknown object's ``OTHER``), or each of them is surely unknown (``unknown_object``,
  the state gate's reading of a value).
"""

from __future__ import annotations

import ast
from typing import Callable

from ._cache_views_catalog import starts_a_named_reason
from ._cache_views_settled_body import binding_counts, bound_names
from ._parsed_modules import tree_fact

Reader = Callable[[str], "str | None"]

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
# the scopes a name bound inside belongs to (a comprehension's own names included)
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_VALUE, _FUNCTION, _OTHER = "value", "function", "other"


class _Sites:
    """The places that bind a name: the value of each binding, None for a binding other
    than ``name = value``; whether a ``global`` declares it; whether anything else binds it
    (then nothing is said)."""

    __slots__ = ("bindings", "declared", "other")

    def __init__(self) -> None:
        self.bindings: list[ast.expr | None] = []
        self.declared = False
        self.other = False


def rebound_state(name: str, tree: ast.Module, unknown: Callable[[ast.expr], bool]) -> bool:
    """Whether the planner surely takes the module-level ``name`` of ``tree`` for state, as
    the module's docstring says; ``unknown(value)`` is the state gate's reading of a value
    (``unknown_object``: it resolves a callee only through names the module binds once or
    by its imports alone, the same wherever the value stands)."""
    sites = tree_fact(tree, "cache-views: binding sites", _binding_sites).get(name)
    if sites is None or sites.other or not sites.bindings or starts_a_named_reason(name):
        return False
    values = sites.bindings
    if any(value is None for value in values):
        return True
    if sites.declared:
        return any(type(value) is not ast.Call or unknown(value) for value in values)  # type: ignore[arg-type]
    kinds = set()
    unsure = False
    for value in values:
        kind = _sure_kind(value)  # type: ignore[arg-type]
        if kind is None:
            kind = _OTHER if unknown(value) else None  # type: ignore[arg-type]
        if kind is None:
            unsure = True
        else:
            kinds.add(kind)
    return len(kinds) > 1 or (not unsure and kinds == {_OTHER})


def _sure_kind(value: ast.expr) -> str | None:
    """The kind ``NameKinds.definition_kind`` gives a value that is no call, wherever it
    stands; None for a call."""
    if type(value) is ast.Call:
        return None
    if type(value) is ast.Lambda:
        return _FUNCTION
    return _VALUE if _is_literal(value) else _OTHER


def _is_literal(node: ast.AST) -> bool:
    """As the planner's ``_is_literal`` reads LibCST's nodes: constants (but ``...``),
    containers of them (a starred element not looked at, no ``**``), and unary and binary
    operations of them."""
    kind = type(node)
    if kind is ast.Constant:
        return node.value is not Ellipsis  # type: ignore[attr-defined]
    if kind in (ast.Tuple, ast.List, ast.Set):
        return all(_is_literal(e) for e in node.elts if type(e) is not ast.Starred)  # type: ignore[attr-defined]
    if kind is ast.Dict:
        return all(k is not None and _is_literal(k) and _is_literal(v) for k, v in zip(node.keys, node.values))  # type: ignore[attr-defined]
    if kind is ast.UnaryOp:
        return _is_literal(node.operand)  # type: ignore[attr-defined]
    if kind is ast.BinOp:
        return _is_literal(node.left) and _is_literal(node.right)  # type: ignore[attr-defined]
    return False


def _binding_sites(tree: ast.Module) -> dict[str, _Sites]:
    if binding_counts(tree) is None:  # an ``import *``
        return {}
    sites: dict[str, _Sites] = {}
    plain: dict[int, ast.expr] = {}  # id of a Name assigned to plainly -> its value
    declared: dict[int, set[str]] = {}  # id of a function -> the names it declares global

    def site(name: str) -> _Sites:
        found = sites.get(name)
        if found is None:
            found = sites[name] = _Sites()
        return found

    stack: list[tuple[ast.AST, ast.AST | None]] = [(child, None) for child in tree.body]
    scoped: list[tuple[ast.Name, ast.AST | None]] = []
    while stack:
        node, scope = stack.pop()
        kind = type(node)
        if kind is ast.Name:
            if type(node.ctx) is ast.Store:  # type: ignore[attr-defined]
                scoped.append((node, scope))  # type: ignore[arg-type]
            elif type(node.ctx) is ast.Del:  # type: ignore[attr-defined]
                site(node.id).other = True  # type: ignore[attr-defined]
            continue
        if kind is ast.Assign:
            for target in node.targets:  # type: ignore[attr-defined]
                if type(target) is ast.Name:
                    plain[id(target)] = node.value  # type: ignore[attr-defined]
        elif kind is ast.AnnAssign and node.value is not None and type(node.target) is ast.Name:  # type: ignore[attr-defined]
            plain[id(node.target)] = node.value  # type: ignore[attr-defined]
        elif kind is ast.Global:
            for name in node.names:  # type: ignore[attr-defined]
                site(name).declared = True
            if scope is not None:
                declared.setdefault(id(scope), set()).update(node.names)  # type: ignore[attr-defined]
            continue
        elif kind is ast.alias:  # an import's name
            site((node.asname or node.name).split(".")[0]).other = True  # type: ignore[attr-defined]
            continue
        elif kind is ast.Nonlocal:
            for name in node.names:  # type: ignore[attr-defined]
                site(name).other = True
            continue
        else:  # a definition's, a parameter's, an ``except ... as``'s, a ``match`` capture's...
            for name in bound_names(node):
                site(name).other = True
        inner = node if kind in _NESTED else scope
        for child in ast.iter_child_nodes(node):
            stack.append((child, inner))
    for name, scope in scoped:
        found = site(name.id)
        if scope is None or (type(scope) in _FUNCTIONS and name.id in declared.get(id(scope), ())):
            found.bindings.append(plain.get(id(name)))
        else:
            found.other = True  # a name of a function, class or comprehension
    return sites
