"""The gates of the ``werkzeug-stdlib`` codemod on the standard library's AST, each a
necessary condition of what its planner (``_werkzeug_stdlib_plan.Planner``) acts on, erring
towards True.

- ``may_use_legacy``: the planner looks at the references to a legacy function (a name an
  import binds to one, or an attribute chain spelling one) and at the imports of one; a
  reference that is the target of an assignment (``werkzeug.security.safe_str_cmp = own``: a
  shim) is left alone, and a name the module binds only itself (``def safe_str_cmp``) is none.
- ``may_rewrite``: where every legacy function still exists, only its rewrites can change the
  module: ``url_parse(x)`` (one positional argument) whose result is read through a field
  (``.netloc``) or bound to a name, in the body of a ``try`` of its own function with a
  handler that may catch ValueError (where urlsplit's ValueError is handled), and ``safe_str_cmp(a, b)`` (two positional arguments) of two
  evident bytes (a bytes literal, ``x.encode(...)``, ``bytes(...)``) or two ASCII str literals.
"""

from __future__ import annotations

import ast

from ._ast_facts import Facts
from ._version_guards import guarded_statements
from ._werkzeug_stdlib_plan import SPLIT_FIELDS


def may_use_legacy(tree: ast.Module, found: Facts, words: frozenset[str]) -> bool:
    """Whether the module imports a legacy function (``words``: their names) from werkzeug by
    name or with ``*`` outside a compatibility shim (the planner's imports are those
    ``is_guarded`` does not find guarded), or refers to one (by a name an import binds to it,
    not one a shim binds to two functions, or an attribute chain spelling it) other than as an
    assignment's target."""
    guarded = guarded_statements(tree)
    for node in ast.walk(tree):
        if type(node) is ast.ImportFrom and (node.module or "").startswith("werkzeug") and id(node) not in guarded:
            if any(alias.name in words or alias.name == "*" for alias in node.names):
                return True
    bound = {name for name, targets in found.bound.items() if any(t.rpartition(".")[2] in words for t in targets)}
    bound -= names_of_two_imports(tree, found, bound)
    targets: set[int] = set()
    for node in ast.walk(tree):
        kind = type(node)
        if kind is ast.Assign:
            targets.update(id(target) for target in node.targets)  # type: ignore[attr-defined]
        elif kind is ast.AnnAssign:
            targets.add(id(node.target))  # type: ignore[attr-defined]
        elif kind is ast.Name and node.id in bound and id(node) not in targets:  # type: ignore[attr-defined]
            return True
        elif kind is ast.Attribute and node.attr in words and id(node) not in targets:  # type: ignore[attr-defined]
            root = node.value  # type: ignore[attr-defined]
            while type(root) is ast.Attribute:
                root = root.value
            if type(root) is ast.Name and (root.id in found.bound or root.id == "werkzeug"):
                return True
    return False


def names_of_two_imports(tree: ast.Module, found: Facts, names: set[str]) -> set[str]:
    """The names of ``names`` that every reference resolves to two functions or more, so the
    planner's ``only_qualified`` finds none: bound only by ``from ... import`` statements that
    run at import (``Facts.module_level``: a shim's ``try: from werkzeug.urls import
    url_quote`` / ``except ImportError: from urlparse import quote as url_quote``, debsources'
    infobox) of two different functions, and nowhere else (no assignment, parameter,
    definition, other import, ``global``...: LibCST's scope of any reference then holds those
    imports alone)."""
    if not names:
        return set()
    top = {id(statement) for statement in found.module_level() if type(statement) is ast.ImportFrom}
    targets: dict[str, set[str]] = {}
    other: set[str] = set()
    for node in ast.walk(tree):
        kind = type(node)
        if kind is ast.ImportFrom:
            for alias in node.names:  # type: ignore[attr-defined]
                name = alias.asname or alias.name
                if id(node) in top and alias.name != "*":
                    module = "." * node.level + (node.module or "")  # type: ignore[attr-defined]
                    targets.setdefault(name, set()).add(f"{module}.{alias.name}")
                else:
                    other.add(name)
        elif kind is ast.Import:
            other.update((alias.asname or alias.name).partition(".")[0] for alias in node.names)  # type: ignore[attr-defined]
        elif kind is ast.Name and type(node.ctx) is not ast.Load:  # type: ignore[attr-defined]
            other.add(node.id)  # type: ignore[attr-defined]
        elif kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
            other.add(node.name)  # type: ignore[attr-defined]
        elif kind is ast.arg:
            other.add(node.arg)  # type: ignore[attr-defined]
        elif kind is ast.ExceptHandler and node.name:  # type: ignore[attr-defined]
            other.add(node.name)  # type: ignore[attr-defined]
        elif kind in (ast.Global, ast.Nonlocal):
            other.update(node.names)  # type: ignore[attr-defined]
        elif kind in (ast.MatchAs, ast.MatchStar) and node.name:  # type: ignore[attr-defined]
            other.add(node.name)  # type: ignore[attr-defined]
        elif kind is ast.MatchMapping and node.rest:  # type: ignore[attr-defined]
            other.add(node.rest)  # type: ignore[attr-defined]
    return {name for name in names if name not in other and len(targets.get(name, ())) > 1}


def may_rewrite(tree: ast.Module, found: Facts) -> bool:
    """Whether a call the planner may rewrite is spelled (see the module's docstring): of a
    callee named ``url_parse`` or ``safe_str_cmp``, or of a name an import binds to one."""
    callees = {"url_parse", "safe_str_cmp"}
    for name, targets in found.bound.items():
        callees.update(name for target in targets if target.rpartition(".")[2] in ("url_parse", "safe_str_cmp"))
    parents: dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
        if type(node) is not ast.Call:
            continue
        func = node.func  # type: ignore[attr-defined]
        name = func.attr if type(func) is ast.Attribute else func.id if type(func) is ast.Name else None
        args = node.args  # type: ignore[attr-defined]
        if name not in callees or node.keywords or any(type(a) is ast.Starred for a in args):  # type: ignore[attr-defined]
            continue
        if len(args) == 1:
            above = parents.get(id(node))
            if (type(above) is ast.Attribute and above.attr in SPLIT_FIELDS) or type(above) is ast.Assign:  # type: ignore[attr-defined]
                if _in_try_catching_value_error(node, parents, found):
                    return True
        elif len(args) == 2 and _same_evident_kind(args):
            return True
    return False


_CATCHING_VALUE_ERROR = frozenset({"ValueError", "Exception", "BaseException"})


def _in_try_catching_value_error(call: ast.Call, parents: dict[int, ast.AST], found: Facts) -> bool:
    """Whether ``call`` may be in the body of a ``try``, in its own function, with a handler
    that may catch ValueError (bare, or a type spelled ``ValueError``, ``Exception`` or
    ``BaseException``, or a name an import binds): the planner rewrites ``url_parse(x)`` only
    there (urlsplit raises ValueError where url_parse did not)."""
    node: ast.AST = call
    while True:
        above = parents.get(id(node))
        if above is None or isinstance(above, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            return False
        if type(above) is ast.Try and any(statement is node for statement in above.body):
            if any(_may_catch_value_error(handler.type, found) for handler in above.handlers):
                return True
        node = above


def _may_catch_value_error(kind: ast.expr | None, found: Facts) -> bool:
    if kind is None:
        return True
    if type(kind) is ast.Tuple:
        return any(_may_catch_value_error(element, found) for element in kind.elts)
    if type(kind) is ast.Name:
        return kind.id in _CATCHING_VALUE_ERROR or kind.id in found.bound
    if type(kind) is ast.Attribute:
        return kind.attr in _CATCHING_VALUE_ERROR
    return True  # not spelled plainly: perhaps


def _same_evident_kind(args: list[ast.expr]) -> bool:
    kinds = {_kind(arg) for arg in args}
    return kinds == {"bytes"} or kinds == {"ascii"}


def _kind(value: ast.expr) -> str | None:
    """As the planner's ``_kind``: "bytes" for a bytes literal, ``x.encode(...)``, a call of
    something named ``bytes``; "ascii" for an ASCII-only str literal; else None."""
    if type(value) is ast.Constant:
        literal = value.value
        if isinstance(literal, bytes):
            return "bytes"
        return "ascii" if isinstance(literal, str) and literal.isascii() else None
    if type(value) is ast.Call:
        func = value.func
        if type(func) is ast.Attribute and func.attr in ("encode", "bytes"):
            return "bytes"
        if type(func) is ast.Name:
            return "bytes"  # bytes(...), or a name an import binds to it: not known without the scopes
    return None
