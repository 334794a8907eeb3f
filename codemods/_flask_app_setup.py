"""Where a Flask app is set up: the ``X.config["KEY"] = value`` lines, the statements of a
module and of its module-level functions (app factories, ``init_app``), and the statement
after which code that sets the app up goes."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider

from ._base import metadata_value
from ._flask import AppObject, string_value
from ._names import dotted_name


def config_subscript(statement: cst.CSTNode) -> tuple[str, str, cst.BaseExpression] | None:
    """``(X, KEY, value)`` for ``X.config["KEY"] = value`` alone on its line (X a name or a
    dotted name)."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if not isinstance(small, cst.Assign) or len(small.targets) != 1:
        return None
    target = small.targets[0].target
    if not isinstance(target, cst.Subscript) or len(target.slice) != 1:
        return None
    config = target.value
    index = target.slice[0].slice
    if not (isinstance(config, cst.Attribute) and config.attr.value == "config" and isinstance(index, cst.Index)):
        return None
    owner = dotted_name(config.value)
    key = string_value(index.value)
    if owner is None or key is None:
        return None
    return owner, key, small.value


def _is_config_subscript_assignment(statement: cst.CSTNode, app_name: str) -> bool:
    """``app.config["LITERAL"] = ...`` alone on its line."""
    found = config_subscript(statement)
    return found is not None and found[0] == app_name


def module_and_function_statements(module: cst.Module):
    """The simple statement lines at module level and at the top level of module-level
    functions (app factories, ``init_app``), in source order."""
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            yield statement
        elif isinstance(statement, cst.FunctionDef) and isinstance(statement.body, cst.IndentedBlock):
            for inner in statement.body.body:
                if isinstance(inner, cst.SimpleStatementLine):
                    yield inner


def app_setup_end(wrapper: MetadataWrapper, app: AppObject) -> cst.BaseStatement | str:
    """The statement after which code that sets the app up goes (a config default, a
    ``Cache(app)``), or the reason why there is none: the statement that creates the app, or
    the last of the ``app.config["KEY"] = ...`` lines that directly follow it, so that
    settings stay together. Needs ParentNodeProvider."""
    statement = app.statement
    if len(statement.body) != 1:
        return "the app is created on a line with other statements"
    block = metadata_value(wrapper, ParentNodeProvider, statement)
    if not isinstance(block, (cst.Module, cst.IndentedBlock)):
        return "cannot tell where the app is created"
    body = list(block.body)
    position = next((i for i, s in enumerate(body) if s is statement), None)
    if position is None:
        return "cannot tell where the app is created"
    while position + 1 < len(body) and _is_config_subscript_assignment(body[position + 1], app.name):
        position += 1
    return body[position]
