"""Where the ``teardown`` codemod can register a handler in a module (read-only).

``find_placement`` looks, in this order, for the module's one module-level app
(``@app.teardown_appcontext``), an ``init_app(app)`` function, one app factory (a call in
the factory, after the lines that configure the app), then a module-level blueprint
(``@bp.teardown_app_request``). ``Positions`` answers where a new top-level statement goes:
past the simple statements that configure the app, before ``app.run()`` and the
``__main__`` block.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider

from ._base import metadata_value
from ._flask import FlaskIndex
from ._names import dotted_name
from ._teardown_facts import is_main_guard
from ._teardown_names import TEARDOWN_HOOKS

NO_PLACE = (
    "no app, app factory, init_app(app) or blueprint in this module to register a teardown handler on"
)


@dataclass
class Placement:
    """Where a handler can be registered."""

    kind: str  # "app", "blueprint", "init_app", "factory"
    owner: str  # the app / blueprint / init_app parameter name
    hook: str  # teardown_appcontext or teardown_app_request
    owner_index: int = -1  # module body index of the app/blueprint creation (decorating kinds)
    function: cst.FunctionDef | None = None  # init_app / the factory
    position: int = 0  # where the registration goes in function.body.body

    @property
    def decorates(self) -> bool:
        return self.kind in ("app", "blueprint")


class Positions:
    """Statement positions in one module (``ParentNodeProvider`` resolved)."""

    def __init__(self, wrapper: MetadataWrapper) -> None:
        self.wrapper = wrapper
        self.module = wrapper.module

    def position_in(self, statements: Sequence[cst.CSTNode], node: cst.CSTNode) -> int:
        """The index of the statement of ``statements`` that holds ``node``, else -1."""
        current: cst.CSTNode | None = node
        while current is not None:
            for position, statement in enumerate(statements):
                if statement is current:
                    return position
            current = metadata_value(self.wrapper, ParentNodeProvider, current)
        return -1

    def top_index(self, node: cst.CSTNode) -> int:
        """The index of the module-level statement that holds ``node``, else -1."""
        return self.position_in(self.module.body, node)

    def anchor(self, index: int) -> int:
        """Where a new top-level statement goes after ``index``: past the simple statements
        that configure the app, but before ``app.run()`` and the ``__main__`` block."""
        body = self.module.body
        index = past_configuration(body, index)
        for position, statement in enumerate(body[: index + 1]):
            runs = isinstance(statement, cst.SimpleStatementLine) and runs_something(statement)
            if runs or is_main_guard(statement):
                return position - 1
        return index


def find_placement(positions: Positions, index: FlaskIndex) -> tuple[Placement | None, str]:
    """Where to register a handler, or None and the reason there is no such place."""
    body = positions.module.body
    module_apps = [o for o in index.apps if o.factory is None]
    names = sorted({o.name for o in module_apps})
    if len(names) == 1:
        indices = [positions.top_index(o.statement) for o in module_apps]
        if all(p >= 0 and not is_main_guard(body[p]) for p in indices):
            return Placement("app", module_apps[0].name, "teardown_appcontext", owner_index=max(indices)), ""
    if len(names) > 1:
        listed = ", ".join(names)
        return None, f"this module creates several apps ({listed}), so which one should close it is unclear"
    for statement in body:
        if isinstance(statement, cst.FunctionDef) and statement.name.value == "init_app":
            params = [*statement.params.posonly_params, *statement.params.params]
            if params and params[0].name.value != "self" and isinstance(statement.body, cst.IndentedBlock):
                position = len(statement.body.body)
                if is_return(statement.body.body[-1]):
                    position -= 1
                owner = params[0].name.value
                return Placement("init_app", owner, "teardown_appcontext", function=statement, position=position), ""
    factories = [f for f in index.factories if any(s is f for s in body)]
    if len(factories) == 1 and isinstance(factories[0].body, cst.IndentedBlock):
        factory = factories[0]
        app = next(o for o in index.apps if o.factory is factory)
        statements = list(factory.body.body)
        created = positions.position_in(statements, app.statement)
        if created >= 0:
            position = past_configuration(statements, created) + 1
            registered = [i for i, s in enumerate(statements) if i > created and _registers_teardown(s, app.name)]
            if registered:  # beside the factory's own teardown handler, as a maintainer adds one
                position = registered[-1] + 1
            return Placement("factory", app.name, "teardown_appcontext", function=factory, position=position), ""
    blueprints = [o for o in index.blueprints if o.factory is None]
    if blueprints:
        first = blueprints[0]
        position = positions.top_index(first.statement)
        if position >= 0 and not is_main_guard(body[position]):
            return Placement("blueprint", first.name, "teardown_app_request", owner_index=position), ""
    return None, NO_PLACE


def star_made_app(module: cst.Module) -> str | None:
    """The name of a module-level app or blueprint made by a bare ``Flask(...)`` /
    ``Blueprint(...)`` in a module that binds that name only through ``from flask import *``
    (ruqqus' ``__main__.py``): a star import gives it no qualified name, so ``FlaskIndex``
    does not take it for flask's; None when there is none."""
    starred = bound = False
    made: list[tuple[str, str]] = []
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.ImportFrom) and isinstance(small.names, cst.ImportStar):
                starred = starred or (small.module is not None and not small.relative and dotted_name(small.module) == "flask")
            elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                bound = bound or any(
                    (alias.asname.name if alias.asname else alias.name).value in ("Flask", "Blueprint")  # type: ignore[union-attr]
                    for alias in small.names
                    if isinstance(alias.asname.name if alias.asname else alias.name, cst.Name)
                )
            elif (
                isinstance(small, cst.Assign)
                and len(small.targets) == 1
                and isinstance(small.targets[0].target, cst.Name)
                and isinstance(small.value, cst.Call)
                and isinstance(small.value.func, cst.Name)
                and small.value.func.value in ("Flask", "Blueprint")
            ):
                made.append((small.targets[0].target.value, small.value.func.value))
    if not starred or bound or not made:
        return None
    name, maker = made[0]
    return f"the app here ({name} = {maker}(...)) is made by a {maker} that only from flask import * binds, which this codemod does not take for flask's {maker}"


def _registers_teardown(statement: cst.CSTNode, app: str) -> bool:
    """``@app.teardown_request`` over a ``def``, or ``app.teardown_appcontext(close)``: a
    statement that registers a teardown handler on ``app``."""
    if isinstance(statement, cst.FunctionDef):
        expressions = [d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator for d in statement.decorators]
    elif isinstance(statement, cst.SimpleStatementLine):
        expressions = [s.value.func for s in statement.body if isinstance(s, cst.Expr) and isinstance(s.value, cst.Call)]
    else:
        return False
    return any(
        isinstance(e, cst.Attribute) and e.attr.value in TEARDOWN_HOOKS and dotted_name(e.value) == app for e in expressions
    )


def is_return(statement: cst.CSTNode) -> bool:
    """A line that is nothing but a ``return`` statement."""
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Return)
    )


def past_configuration(statements: Sequence[cst.CSTNode], index: int) -> int:
    """The last of the simple statements that follow ``statements[index]`` (a simple
    statement itself) before anything compound, ``return`` or ``app.run()``."""
    if not isinstance(statements[index], cst.SimpleStatementLine):
        return index
    while index + 1 < len(statements):
        following = statements[index + 1]
        if not isinstance(following, cst.SimpleStatementLine) or runs_something(following) or is_return(following):
            break
        index += 1
    return index


def runs_something(statement: cst.SimpleStatementLine) -> bool:
    """``app.run(...)`` and the like: a statement after which nothing is registered in time."""
    for small in statement.body:
        value = small.value if isinstance(small, (cst.Expr, cst.Assign)) else None
        func = value.func if isinstance(value, cst.Call) else None
        if isinstance(func, cst.Attribute) and func.attr.value in ("run", "serve_forever"):
            return True
    return False
