"""The teardown and after_request hooks of a module, for the ``teardown`` codemod's analysis.

A hook is a function of the module registered on an app or blueprint: by a decorator
(``@app.teardown_appcontext``, ``@appcontext_tearing_down.connect_via(app)``), or by a call
(``app.teardown_appcontext(close_db)``, ``appcontext_tearing_down.connect(close_db, app)``).
A call inside a method may register a method of the same class (``self.release``): a
database helper object's ``init_app`` often does, and that method is the handler.
"""

from __future__ import annotations

from typing import Callable

import libcst as cst
from libcst.metadata import MetadataWrapper

from ._names import dotted_name
from ._teardown_connections import ConnectionFactories
from ._teardown_facts import (
    AFTER_HOOKS,
    SIGNAL_HOOK,
    TEARDOWN_HOOKS,
    TEARDOWN_SIGNALS,
    Analysis,
    Hook,
    positional,
    qualified_among,
)


def collect_hooks(
    wrapper: MetadataWrapper,
    functions: list[cst.FunctionDef],
    classes: list[cst.ClassDef],
    nodes: list[cst.CSTNode],
    connections: ConnectionFactories,
    body_of: Callable[[cst.FunctionDef], list[cst.CSTNode]],
    result: Analysis,
) -> None:
    """Add the module's hooks to ``result.hooks``, and the names its teardown hooks register
    to ``result.registered_names``. ``nodes``: every node of the module; ``body_of``: a
    function's own body."""

    def is_teardown_signal(node: cst.BaseExpression) -> bool:
        return bool(qualified_among(wrapper, node, TEARDOWN_SIGNALS))

    for function in functions:
        for decorator in function.decorators:
            expression = decorator.decorator
            if isinstance(expression, cst.Attribute) and expression.attr.value in TEARDOWN_HOOKS | AFTER_HOOKS:
                result.hooks.append(Hook(function, expression.attr.value, expression.value, decorator=decorator))
            # @appcontext_tearing_down.connect / .connect_via(app)
            if isinstance(expression, cst.Call):
                expression = expression.func
            if (
                isinstance(expression, cst.Attribute)
                and expression.attr.value in ("connect", "connect_via")
                and is_teardown_signal(expression.value)
            ):
                result.hooks.append(Hook(function, SIGNAL_HOOK, expression.value, decorator=decorator))
    for node in nodes:
        if type(node) is not cst.Call or not isinstance(node.func, cst.Attribute):
            continue
        hook = node.func.attr.value
        if hook == "connect" and is_teardown_signal(node.func.value):
            # appcontext_tearing_down.connect(close_db, app)
            args = positional(node)
            function = connections.local_function(args[0]) if args else None
            if function is not None:
                result.hooks.append(Hook(function, SIGNAL_HOOK, node.func.value, call=node))
            continue
        if hook not in TEARDOWN_HOOKS | AFTER_HOOKS:
            continue
        args = positional(node)
        if not args or len(args) != 1 or len(node.args) != 1:
            continue
        registered = args[0]
        if hook in TEARDOWN_HOOKS:
            last = dotted_name(registered)
            if last:
                result.registered_names.add(last.rsplit(".", 1)[-1])
        function = connections.local_function(registered) or _own_method(classes, body_of, node, registered)
        if function is not None:
            result.hooks.append(Hook(function, hook, node.func.value, call=node))
    for hook in result.hooks:
        if hook.is_teardown:
            result.registered_names.add(hook.function.name.value)


def _own_method(
    classes: list[cst.ClassDef],
    body_of: Callable[[cst.FunctionDef], list[cst.CSTNode]],
    call: cst.Call,
    registered: cst.BaseExpression,
) -> cst.FunctionDef | None:
    """``app.teardown_appcontext(self.release)`` in a method of a class: that class's method
    ``release`` (``self`` being the registering method's first parameter)."""
    if not (isinstance(registered, cst.Attribute) and isinstance(registered.value, cst.Name)):
        return None
    for klass in classes:
        methods = {s.name.value: s for s in klass.body.body if isinstance(s, cst.FunctionDef)}
        for method in methods.values():
            params = method.params.params
            if params and params[0].name.value == registered.value.value:
                if any(n is call for n in body_of(method)):
                    return methods.get(registered.attr.value)
    return None
