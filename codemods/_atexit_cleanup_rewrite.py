"""Rewriting for the ``atexit-cleanup`` codemod: ``atexit.register(NAME.<method>)`` right
after each statement the plan names, and ``import atexit`` once when the module has none."""

from __future__ import annotations

import libcst as cst

from ._atexit_cleanup_plan import Inserts
from ._imports import add_imports


def insert_registrations(
    module: cst.Module, inserts: Inserts, atexit_name: str, imported: bool, straight_first: bool = False
) -> cst.Module:
    body: list[cst.BaseStatement] = []
    for index, statement in enumerate(module.body):
        body.append(statement)
        for name, method in inserts.get(index, ()):
            body.append(_registration(atexit_name, name, method))
    result = module.with_changes(body=body)
    if atexit_name == "atexit" and not imported:
        result = add_imports(result, [("atexit", None)], straight_first=straight_first)
    return result


def _registration(atexit_name: str, name: str, method: str) -> cst.SimpleStatementLine:
    call = cst.Call(
        func=cst.Attribute(cst.Name(atexit_name), cst.Name("register"), dot=cst.Dot()),
        args=[cst.Arg(cst.Attribute(cst.Name(name), cst.Name(method), dot=cst.Dot()))],
    )
    return cst.SimpleStatementLine([cst.Expr(call)])
