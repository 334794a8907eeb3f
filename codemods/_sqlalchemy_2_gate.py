"""The gate of sqlalchemy-2 on the standard-library AST: what its three rules need to see.

- the declarative import: a name of ``sqlalchemy.ext.declarative`` that moved to
  ``sqlalchemy.orm``, imported;
- ``declarative_base(engine)`` / ``declarative_base(bind=engine)``: a call that may be
  ``declarative_base`` with an argument;
- ``X.execute(...)``: a string the call may wrap in ``text()`` (a literal, an f-string,
  ``"..." % x``, ``"a" + b``, a str method's result, or a name assigned one of these), or a
  receiver that may be an engine, whose ``execute()`` is reported whatever it runs (a name,
  ``X.engine``, ``X.get_engine()``, ``create_engine(...)``).

``db.session.execute(select(User))`` and ``db.session.execute(query)`` with ``query`` never
assigned a string are left alone by the codemod, and rejected here.
"""

from __future__ import annotations

import ast

from ._ast_facts import Facts, facts, is_string, last_name
from ._sqlalchemy import CREATE_ENGINE
from ._sqlalchemy_2_text import STR_METHODS

_ENGINE_GETTERS = frozenset({"get_engine", "create_engine"})


def may_act(tree: ast.Module, moved_imports: frozenset[str], declarative_base: frozenset[str]) -> bool:
    """Whether sqlalchemy-2 may change or report something in the module; ``moved_imports``:
    the qualified names of the declarative names that moved, ``declarative_base``: what the
    callee of ``declarative_base()`` may be."""
    found = facts(tree)
    if any(target in moved_imports for targets in found.bound.values() for target in targets):
        return True
    for call in found.calls:
        func = call.func
        if type(func) is ast.Attribute and func.attr == "execute":
            if _may_run_sql(found, call, func.value):
                return True
        elif (
            any(type(a) is not ast.Starred for a in call.args) or any(k.arg == "bind" for k in call.keywords)
        ) and not found.qualified(func).isdisjoint(declarative_base):
            return True
    return False


def _may_run_sql(found: Facts, call: ast.Call, receiver: ast.expr) -> bool:
    if call.args and type(call.args[0]) is not ast.Starred and _may_be_a_string(found, call.args[0]):
        return True
    kind = type(receiver)
    if kind is ast.Name:
        return True
    if kind is ast.Attribute:
        return receiver.attr == "engine"  # type: ignore[attr-defined]
    if kind is ast.Call:
        callee = receiver.func  # type: ignore[attr-defined]
        return last_name(callee) in _ENGINE_GETTERS or not found.qualified(callee).isdisjoint(CREATE_ENGINE)
    return False


def _may_be_a_string(found: Facts, node: ast.expr, names: bool = True) -> bool:
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
            and _may_be_a_string(found, assignment.value, names=False)
            for assignment in found.assignments
        )
    return is_string(node)
