"""moved-imports: the shapes of the new code (import lines, ``safe_join(...) or abort(404)``)."""

from __future__ import annotations

from typing import Callable

import libcst as cst

from ._imports import import_line
from ._upgrade_support import dotted, expression


def grouped_lines(moves: list[tuple[int, str, str | None, str]]) -> list[cst.SimpleStatementLine]:
    """One import line per new module, in the order the names came."""
    order: list[tuple[str, str | None]] = []  # ("from", module) or ("import", module as bound)
    parts: dict[str, list[str]] = {}
    for _, module, name, bound in moves:
        if name is None:
            order.append((module, bound))
        else:
            if module not in parts:
                parts[module] = []
                order.append((module, None))
            parts[module].append(name if name == bound else f"{name} as {bound}")
    lines = []
    for module, bound in order:
        if bound is not None:
            lines.append(import_line(module, asname=bound))
        else:
            parsed = cst.parse_statement(f"from {module} import {', '.join(parts[module])}")
            assert isinstance(parsed, cst.SimpleStatementLine)
            lines.append(parsed)
    return lines


def or_abort(parent: cst.CSTNode | None, abort: str) -> Callable[[cst.CSTNode], cst.CSTNode]:
    """``call`` -> ``call or abort(404)``, parenthesised unless it stands alone."""
    bare = isinstance(parent, (cst.Assign, cst.AnnAssign, cst.Return, cst.Arg, cst.Expr))

    def wrap(node: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(node, cst.BaseExpression)
        expression_ = cst.BooleanOperation(
            left=node,
            operator=cst.Or(),
            right=cst.Call(func=expression(abort), args=[cst.Arg(value=cst.Integer("404"))]),
        )
        if bare:
            return expression_
        return expression_.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])

    return wrap


def modules_in_place_of(
    uses: list[cst.CSTNode], rewritten: set[int], chain_module: Callable[[cst.CSTNode], str | None], module: cst.Module
) -> list[str] | None:
    """The modules whose imports take the place of an import every use of which was spelled
    anew (``chain_module`` names the module a use's new spelling imports, if any), but those
    ``module`` already imports at its top level (``import markupsafe``: the new spelling goes
    through that one); None when it has no use or one was not rewritten."""
    if not uses or any(id(use) not in rewritten for use in uses):
        return None
    imported = {
        dotted(alias.name)
        for statement in module.body
        if isinstance(statement, cst.SimpleStatementLine)
        for small in statement.body
        if isinstance(small, cst.Import)
        for alias in small.names
        if alias.asname is None
    }
    modules: list[str] = []
    for use in uses:
        new = chain_module(use)
        if new is not None and new not in modules and new not in imported:
            modules.append(new)
    return modules
