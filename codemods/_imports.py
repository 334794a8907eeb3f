"""Adding imports once, in the conventional place (after the module's last top-level import).

A thin layer over LibCST's AddImportsVisitor, which already knows not to duplicate an import
that is there, and where imports go (after docstrings and ``from __future__``).
"""

from __future__ import annotations

from typing import Iterable

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor


def add_imports(module: cst.Module, imports: Iterable[tuple[str, str | None]]) -> cst.Module:
    """``imports``: (module, None) for ``import module``; (module, name) for ``from module
    import name``. Imports that are already there are not repeated."""
    wanted = list(imports)
    if not wanted:
        return module
    context = CodemodContext()
    for module_name, obj in wanted:
        AddImportsVisitor.add_needed_import(context, module_name, obj)
    return AddImportsVisitor(context).transform_module(module)


def module_binds(module: cst.Module, name: str) -> bool:
    """True when a top-level statement binds ``name`` other than by importing it from the
    stdlib module of that name (``os = ...``, ``def os``, ``from x import os``)."""
    for statement in module.body:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)) and statement.name.value == name:
            return True
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign) and any(
                    isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets
                ):
                    return True
                if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                    for alias in small.names:
                        bound = alias.asname.name if alias.asname else alias.name
                        if isinstance(bound, cst.Name) and bound.value == name:
                            return True
                if isinstance(small, cst.Import):
                    for alias in small.names:
                        if alias.asname and isinstance(alias.asname.name, cst.Name) and alias.asname.name.value == name:
                            return True
    return False
