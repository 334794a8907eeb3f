"""What a name read in a top-level function stands for, when the module's imports alone say so.

A name a function of the module's top level does not bind itself is looked up in the
module's global scope (Python's rule, and LibCST's scope analysis: a class around a function
is skipped, there is none here). There it stands for the target of its imports when every
binding of it in that scope is a module-level import of one and the same thing: no
assignment, definition or other binding of it in the module's own statements (those under
``if``, ``try``, ``with`` and loops included, comprehensions' targets too), no function
declaring it ``global`` anywhere, and no ``import *`` in the module's own statements.
``function_imports`` gives such names, minus every name the function binds anywhere in its
body (parameters, targets, imports, definitions, its nested functions' and classes' own
bindings too: these may hide the global for the parts they cover), with what they stand for:
the same answer LibCST's qualified names give a reference to the name in the function.

Unlike a name the module binds only once, anywhere (``_cache_views_settled_body``'s
``imported_names``), a name here may be bound again in another function, a parameter of
another function or a class body: those are other scopes.
"""

from __future__ import annotations

import ast

from ._names import import_bindings
from ._parsed_modules import tree_fact
from ._statement_walk import module_statements

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def function_imports(function: ast.FunctionDef | ast.AsyncFunctionDef, tree: ast.Module) -> dict[str, str]:
    """Name -> what it stands for, for the names ``function`` (a statement of ``tree``'s top
    level; any other function gets an empty answer) reads from the module's imports alone."""
    if not any(statement is function for statement in tree.body):
        return {}
    globals_ = global_imports(tree)
    if not globals_:
        return {}
    local = bound_within(function)
    return {name: target for name, target in globals_.items() if name not in local}


def global_imports(tree: ast.Module) -> dict[str, str]:
    """Name -> target, for the names whose every binding in the module's global scope is a
    module-level import of one and the same thing (kept with the tree); empty with an
    ``import *`` among the module's own statements."""
    return tree_fact(tree, "global scope: names bound only by imports", _global_imports)


def _global_imports(tree: ast.Module) -> dict[str, str]:
    imports: dict[str, set[str]] = {}
    other: set[str] = set()
    for statement, bound in _global_bindings(tree):
        if bound is None:
            return {}
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            for name, target in bound:
                imports.setdefault(name, set()).add(target)
        else:
            other.update(name for name, _target in bound)
    return {name: next(iter(targets)) for name, targets in imports.items() if len(targets) == 1 and name not in other}


def global_binding_counts(tree: ast.Module) -> dict[str, int] | None:
    """Name -> how many statements bind it in the module's global scope (its own statements,
    through compound statements, and a function's ``global`` or ``nonlocal`` declaration of
    it), kept with the tree; None with an ``import *`` among the module's own statements."""
    return tree_fact(tree, "global scope: bindings per name", _global_binding_counts)


def _global_binding_counts(tree: ast.Module) -> dict[str, int] | None:
    counts: dict[str, int] = {}
    for _statement, bound in _global_bindings(tree):
        if bound is None:
            return None
        for name in {name for name, _target in bound}:
            counts[name] = counts.get(name, 0) + 1
    return counts


def _global_bindings(tree: ast.Module):
    """(statement, [(name, target)]) for each statement of the module's own that binds names
    in its global scope (the target: what an import binds the name to, else the name), then
    each ``global`` or ``nonlocal`` declaration anywhere; an ``import *`` gives None."""
    for statement in module_statements(tree.body):
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            yield statement, import_bindings(statement)
            continue
        if isinstance(statement, _SCOPES):
            names = {statement.name} | _names_bound(statement.decorator_list)  # type: ignore[union-attr]
            if isinstance(statement, ast.ClassDef):
                names |= _names_bound([*statement.bases, *statement.keywords])
            else:  # its defaults and annotations are evaluated in the global scope
                arguments = statement.args  # type: ignore[union-attr]
                every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]
                evaluated = [*arguments.defaults, *(d for d in arguments.kw_defaults if d is not None)]
                evaluated += [a.annotation for a in every if a is not None and a.annotation is not None]
                if statement.returns is not None:  # type: ignore[union-attr]
                    evaluated.append(statement.returns)  # type: ignore[union-attr]
                names |= _names_bound(evaluated)
        else:
            names = _names_bound(_statement_parts(statement))
        if names:
            yield statement, [(name, name) for name in sorted(names)]
    for node in ast.walk(tree):
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            yield node, [(name, name) for name in node.names]


def bound_within(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Every name bound anywhere inside ``function`` (its parameters, its body, the bodies
    of what it defines), and those it declares global or nonlocal."""
    found: set[str] = set()
    arguments = function.args
    for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]:
        if argument is not None:
            found.add(argument.arg)
    found.update(_names_bound(function.body))
    return found


def _names_bound(nodes) -> set[str]:
    """The names any node in ``nodes`` (or below) binds or declares."""
    found: set[str] = set()
    for top in nodes:
        for node in ast.walk(top):
            if isinstance(node, ast.Name):
                if not isinstance(node.ctx, ast.Load):
                    found.add(node.id)
            else:
                found.update(names_bound_by(node))
    return found


def names_bound_by(node: ast.AST) -> list[str]:
    """The names a node other than a Name binds or declares: definitions, parameters,
    imports, ``global``/``nonlocal``, except handlers, match captures."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [alias.asname or alias.name.split(".", 1)[0] for alias in node.names]
    if isinstance(node, ast.arg):
        return [node.arg]
    if isinstance(node, (ast.Global, ast.Nonlocal)):
        return list(node.names)
    if isinstance(node, ast.MatchMapping):
        return [node.rest] if node.rest else []
    name = getattr(node, "name", None)  # definitions, except handlers, match captures
    return [name] if isinstance(name, str) and not isinstance(node, ast.alias) else []


def _statement_parts(statement: ast.stmt) -> list[ast.AST]:
    """A statement of the module's own, without the statements nested in it (asked on their
    own by ``module_statements``)."""
    parts: list[ast.AST] = []
    for field, value in ast.iter_fields(statement):
        if field in ("body", "orelse", "finalbody", "handlers", "cases"):
            if field == "handlers":
                parts.extend(ast.Name(id=h.name, ctx=ast.Store()) for h in value if h.name)  # type: ignore[union-attr]
                parts.extend(h.type for h in value if h.type is not None)  # type: ignore[union-attr]
            elif field == "cases":
                parts.extend(case.pattern for case in value)  # type: ignore[union-attr]
                parts.extend(case.guard for case in value if case.guard is not None)  # type: ignore[union-attr]
            continue
        if isinstance(value, list):
            parts.extend(item for item in value if isinstance(item, ast.AST))
        elif isinstance(value, ast.AST):
            parts.append(value)
    return parts
