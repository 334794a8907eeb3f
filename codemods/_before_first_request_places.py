"""before-first-request: what a module's code says about where its setup is.

The functions it defines (at module level and in the top level of factories), where its
setup ends (``if __name__ == "__main__":`` or ``app.run()``), whether that main block sets up
more before it serves, and the return statements of a factory.
"""

from __future__ import annotations

import libcst as cst

from ._flask import dotted_name


def defined_functions(module: cst.Module) -> dict[str, cst.FunctionDef]:
    """Functions defined at module level and in the top level of functions (factories), by name
    (a name defined twice is left out: which one runs is not clear)."""
    found: dict[str, cst.FunctionDef] = {}
    twice: set[str] = set()

    def add(statement: cst.CSTNode) -> None:
        if isinstance(statement, cst.FunctionDef):
            name = statement.name.value
            if name in found:
                twice.add(name)
            found[name] = statement

    for statement in module.body:
        add(statement)
        if isinstance(statement, cst.FunctionDef) and isinstance(statement.body, cst.IndentedBlock):
            for inner in statement.body.body:
                add(inner)
    return {name: function for name, function in found.items() if name not in twice}


def starts_serving(statement: cst.CSTNode, app: str) -> bool:
    """``if __name__ == "__main__":`` or ``app.run(...)``: the module's setup ends before it."""
    if isinstance(statement, cst.If):
        test = cst.Module([]).code_for_node(statement.test).replace("'", '"')
        return "__name__" in test and "__main__" in test
    if isinstance(statement, cst.SimpleStatementLine):
        for small in statement.body:
            value = small.value if isinstance(small, (cst.Expr, cst.Assign)) else None
            if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute):
                if value.func.attr.value == "run" and dotted_name(value.func.value) == app:
                    return True
    return False


def setup_before_serving(statement: cst.CSTNode) -> cst.CSTNode | None:
    """In ``if __name__ == "__main__":``, the first statement before the one that serves
    (``app.run()``, ``socketio.run(app)``, ``run_simple(...)``): setup the old first request
    came after."""
    if not isinstance(statement, cst.If) or not isinstance(statement.body, cst.IndentedBlock):
        return None
    for inner in statement.body.body:
        if isinstance(inner, cst.SimpleStatementLine) and any(_serves(small) for small in inner.body):
            return None
        return inner
    return None


def _serves(small: cst.BaseSmallStatement) -> bool:
    call = small.value if isinstance(small, (cst.Expr, cst.Assign)) else None
    if not isinstance(call, cst.Call):
        return False
    func = call.func
    name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
    return name in ("run", "run_simple", "serve")


def own_returns(function: cst.FunctionDef) -> list[cst.Return]:
    """The return statements of ``function`` itself (not of functions or classes inside it)."""
    found: list[cst.Return] = []

    class _Finder(cst.CSTVisitor):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is function

        def visit_ClassDef(self, node: cst.ClassDef) -> bool:
            return False

        def visit_Lambda(self, node: cst.Lambda) -> bool:
            return False

        def visit_Return(self, node: cst.Return) -> None:
            found.append(node)

    function.visit(_Finder())
    return found
