"""gunicorn-config: the top-level statement of a module that binds the name a gunicorn command
names (``module:app``, ``module:create_app()``), where its findings about that app are placed."""

from __future__ import annotations

import libcst as cst


def binding_statement(module: cst.Module, name: str) -> cst.CSTNode | None:
    """The top-level statement that binds ``name`` (assignment or import)."""
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Assign) and any(
                isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets
            ):
                return statement
            if isinstance(small, (cst.ImportFrom, cst.Import)) and not isinstance(small.names, cst.ImportStar):
                for alias in small.names:
                    bound = alias.asname.name if alias.asname else alias.name
                    if isinstance(bound, cst.Name) and bound.value == name:
                        return statement
    return None


def top_level_definition(module: cst.Module, name: str) -> cst.CSTNode | None:
    """The top-level function or class ``name`` (what ``module:create_app()`` names)."""
    for statement in module.body:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)) and statement.name.value == name:
            return statement
    return None
