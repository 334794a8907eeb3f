"""What one pass over a module tells cache-views' planner: the blueprints its app registers
(with ``subdomain=`` or not, and where) and the template filters and tests it defines."""

from __future__ import annotations

import libcst as cst

from ._flask import keyword_argument, string_value
from ._names import dotted_name

FILTER_HOOKS = frozenset({"template_filter", "app_template_filter", "template_test", "app_template_test",
                           "add_template_filter", "add_app_template_filter", "add_template_test",
                           "add_app_template_test"})
# the attribute names that a line ModuleFacts notes spells (``app.register_blueprint(...)``,
# ``@app.template_filter()``, ``app.jinja_env.filters[...] = ...`` and ``jinja_env.tests``)
MODULE_FACT_ATTRIBUTES = FILTER_HOOKS | frozenset("register_blueprint filters tests".split())


class ModuleFacts(cst.CSTVisitor):
    """One pass over the module: blueprint registrations and template filters."""

    def __init__(self) -> None:
        self.functions: list[cst.FunctionDef] = []
        # (app name, blueprint name, enclosing function or None, subdomain given)
        self.registrations: list[tuple[str, str, cst.FunctionDef | None, bool]] = []
        self.filters: list[tuple[str, cst.FunctionDef]] = []
        self._by_name: dict[str, cst.FunctionDef] = {}

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.append(node)
        self._by_name.setdefault(node.name.value, node)
        for decorator in node.decorators:
            expression = decorator.decorator
            callee = expression.func if isinstance(expression, cst.Call) else expression
            if isinstance(callee, cst.Attribute) and callee.attr.value in FILTER_HOOKS:
                given = _first_string(expression) if isinstance(expression, cst.Call) else None
                self.filters.append((given or node.name.value, node))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        if self.functions and self.functions[-1] is original_node:
            self.functions.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        # app.jinja_env.filters["name"] = function
        for target in node.targets:
            subscript = target.target
            if isinstance(subscript, cst.Subscript) and dotted_name(subscript.value) is not None:
                if (dotted_name(subscript.value) or "").endswith(("jinja_env.filters", "jinja_env.tests")):
                    index = subscript.slice[0].slice if subscript.slice else None
                    name = string_value(index.value) if isinstance(index, cst.Index) else None
                    function = self._by_name.get(node.value.value) if isinstance(node.value, cst.Name) else None
                    if name and function is not None:
                        self.filters.append((name, function))

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute):
            return
        if func.attr.value in FILTER_HOOKS and node.args and isinstance(node.args[0].value, cst.Name):
            # app.add_template_filter(function, "name") or (function, name="name")
            function = self._by_name.get(node.args[0].value.value)
            named = keyword_argument(node, "name")
            given = named.value if named is not None else (node.args[1].value if len(node.args) > 1 else None)
            if function is not None:
                self.filters.append((string_value(given) or function.name.value, function))
        if func.attr.value != "register_blueprint":
            return
        owner = dotted_name(func.value)
        first = node.args[0].value if node.args and node.args[0].keyword is None else None
        if owner is None or not isinstance(first, cst.Name):
            return
        where = self.functions[-1] if self.functions else None
        self.registrations.append((owner, first.value, where, keyword_argument(node, "subdomain") is not None))


def _first_string(call: cst.Call) -> str | None:
    for arg in call.args:
        if arg.keyword is None or arg.keyword.value == "name":
            return string_value(arg.value)
    return None
