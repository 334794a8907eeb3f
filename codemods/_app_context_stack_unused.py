"""app-context-stack: imports of a stack that nothing in the module uses.

The "Flask and SQLAlchemy without Flask-SQLAlchemy" recipe passed
``scopefunc=_app_ctx_stack.__ident_func__`` to its ``scoped_session``; apps that later dropped
the ``scopefunc`` kept ``from flask import Flask, _app_ctx_stack``. Flask 2.2 warns on that
import and 3.0 stops at it, and nothing reads the name. Where a use of the stack would be
reported (a target of 2.2 or later, or one nobody declared), such an import goes: a module-level
``from flask import`` / ``from flask.globals import`` of a stack no reference in the module
resolves to. It stays where the module's literal ``__all__`` exports the name, and where another
module of the project takes the name from this one (``_names_taken``), with a finding naming that
module; an import in a version guard (``try`` / ``if``) is not at module level and stays.
"""

from __future__ import annotations

import libcst as cst

from ._base import Context
from ._flask import dotted_name, string_value
from ._names_taken import taken_elsewhere
from ._node_edits import NodeEdits


def drop_unused_imports(module: cst.Module, ctx: Context, edits: NodeEdits, stacks: dict[str, str], used: set[str]) -> None:
    """Remove (in ``edits``) the module-level imports of a stack of ``stacks`` (last name ->
    kind) whose kind is not in ``used``; report the ones another module takes from this one."""
    exported = _literal_all(module)
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if not isinstance(small, cst.ImportFrom) or isinstance(small.names, cst.ImportStar) or small.relative:
                continue
            if (dotted_name(small.module) if small.module else "") not in ("flask", "flask.globals"):
                continue
            for alias in small.names:
                name = alias.name.value if isinstance(alias.name, cst.Name) else None
                if name not in stacks or stacks[name] in used or "both" in used:
                    continue
                bound = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else name
                if bound in exported:
                    continue
                taker = taken_elsewhere(ctx, bound)
                if taker is not None:
                    ctx.finding(
                        alias,
                        f"{name} is imported here and used nowhere in this module, but {taker} imports it from "
                        "this module (Flask 2.2 deprecated it, 3.0 removed it): drop it there, then here",
                    )
                    continue
                edits.remove(alias)
                ctx.rewrote(1)


def _literal_all(module: cst.Module) -> frozenset[str]:
    """The strings of a module-level ``__all__ = [...]`` / ``(...)`` literal."""
    names: set[str] = set()
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if not (isinstance(small, cst.Assign) and isinstance(small.value, (cst.List, cst.Tuple))):
                continue
            if any(isinstance(t.target, cst.Name) and t.target.value == "__all__" for t in small.targets):
                names.update(v for v in (string_value(e.value) for e in small.value.elements) if v is not None)
    return frozenset(names)
