"""sqlalchemy-2's gate: the bindings of a name in the function around an ``execute()`` call,
as ``_sqlalchemy_2_text.bindings_reading`` takes them (the planner's own reading of a name's
bindings in its scope), on the standard library's AST; and whether an expression may be a str
(``may_be_a_string``), which the gate asks of what ``execute()`` is passed."""

from __future__ import annotations

import ast

from ._ast_facts import Facts
from ._sqlalchemy_2_text import ADDED, SET, STR_METHODS
from ._ast_nodes import is_string


def may_be_a_string(found: Facts, node: ast.expr, names: bool = True) -> bool:
    kind = type(node)
    if kind is ast.BinOp:
        return type(node.op) in (ast.Mod, ast.Add)  # type: ignore[attr-defined]
    if kind is ast.Call:
        func = node.func  # type: ignore[attr-defined]
        return type(func) is ast.Attribute and func.attr in STR_METHODS
    if kind is ast.Name:
        if not names:
            return True  # a name assigned a name: whatever that one holds
        name = node.id  # type: ignore[attr-defined]
        return any(
            type(assignment) is ast.Assign
            and any(type(t) is ast.Name and t.id == name for t in assignment.targets)
            and may_be_a_string(found, assignment.value, names=False)
            for assignment in found.assignments
        )
    return is_string(node)


def function_bindings(found: Facts, parents: dict[int, ast.AST], call: ast.Call, name: str) -> list[tuple[str | None, ast.expr | None]] | None:
    """``(kind, value)`` of each binding of ``name`` in the function around ``call``, as
    ``bindings_reading`` takes them (value: what ``name = value`` gives, else None); None
    where no function is around it, or the function binds no ``name`` of its own (declares
    it global or nonlocal, or binds it nowhere). Counted: what the planner's scope counts
    for sure (parameters, ``=``, ``+=`` and the other augmented assignments, annotated
    assignments with a value, ``for``, ``with ... as``, imports, definitions, ``except ...
    as``); a binding left out can only make a reading of "once" where the planner has
    several, on which the gate lets the call through (in vain at worst)."""
    function: ast.AST | None = call
    while function is not None and type(function) not in (ast.FunctionDef, ast.AsyncFunctionDef):
        if type(function) in (ast.Lambda, ast.ClassDef, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp):
            return None
        function = parents.get(id(function))
    if function is None:
        return None
    found: list[tuple[str | None, ast.expr | None]] = []
    arguments = function.args  # type: ignore[attr-defined]
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]
    found.extend((None, None) for argument in every if argument is not None and argument.arg == name)
    stack: list[ast.AST] = list(function.body)  # type: ignore[attr-defined]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind in (ast.Global, ast.Nonlocal) and name in node.names:  # type: ignore[attr-defined]
            return None
        if kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
            if node.name == name:  # type: ignore[attr-defined]
                found.append((None, None))
            continue
        if kind in (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.NamedExpr):
            continue
        if kind is ast.Assign:
            single = len(node.targets) == 1 and type(node.targets[0]) is ast.Name  # type: ignore[attr-defined]
            for target in node.targets:  # type: ignore[attr-defined]
                for bound in _names_stored(target, name):
                    str_value = single and may_be_a_string(found, node.value, names=False)  # type: ignore[attr-defined]
                    found.append((SET if str_value else None, node.value if single else None))  # type: ignore[attr-defined]
            stack.append(node.value)  # type: ignore[attr-defined]
            continue
        if kind is ast.AugAssign:
            if type(node.target) is ast.Name and node.target.id == name:  # type: ignore[attr-defined]
                found.append((ADDED if type(node.op) is ast.Add else None, None))  # type: ignore[attr-defined]
            stack.append(node.value)  # type: ignore[attr-defined]
            continue
        if kind is ast.AnnAssign:
            if node.value is not None:  # type: ignore[attr-defined]
                found.extend((None, None) for _ in _names_stored(node.target, name))  # type: ignore[attr-defined]
                stack.append(node.value)  # type: ignore[attr-defined]
            continue
        if kind in (ast.For, ast.AsyncFor):
            found.extend((None, None) for _ in _names_stored(node.target, name))  # type: ignore[attr-defined]
        elif kind in (ast.With, ast.AsyncWith):
            for item in node.items:  # type: ignore[attr-defined]
                if item.optional_vars is not None:
                    found.extend((None, None) for _ in _names_stored(item.optional_vars, name))
        elif kind in (ast.Import, ast.ImportFrom):
            bound = [alias.asname or alias.name.split(".")[0] for alias in node.names]  # type: ignore[attr-defined]
            found.extend((None, None) for spelled in bound if spelled == name)
        elif kind is ast.ExceptHandler and node.name == name:  # type: ignore[attr-defined]
            found.append((None, None))
        stack.extend(ast.iter_child_nodes(node))
    return found or None


def _names_stored(target: ast.AST, name: str) -> list[ast.Name]:
    """The ``Name`` nodes spelled ``name`` a target binds (through tuples, lists and stars)."""
    kind = type(target)
    if kind is ast.Name:
        return [target] if target.id == name else []  # type: ignore[attr-defined, list-item]
    if kind in (ast.Tuple, ast.List):
        return [bound for element in target.elts for bound in _names_stored(element, name)]  # type: ignore[attr-defined]
    if kind is ast.Starred:
        return _names_stored(target.value, name)  # type: ignore[attr-defined]
    return []
