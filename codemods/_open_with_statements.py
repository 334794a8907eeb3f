"""open-with, statement shapes: ``f.close()`` alone on its line, ``try: … finally:
f.close()``, statements that always bind a name, and the exits (return, yield, break,
continue) of a run of statements.
"""

from __future__ import annotations

import libcst as cst


class ExitFinder(cst.CSTVisitor):
    """return / yield / break / continue (with the loop a break or continue belongs to)."""

    def __init__(self) -> None:
        self.exits: list[tuple[cst.CSTNode, cst.CSTNode | None]] = []
        self.loops: list[cst.CSTNode] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False

    def visit_For(self, node: cst.For) -> None:
        self.loops.append(node)

    def leave_For(self, node: cst.For) -> None:
        self.loops.pop()

    def visit_While(self, node: cst.While) -> None:
        self.loops.append(node)

    def leave_While(self, node: cst.While) -> None:
        self.loops.pop()

    def visit_Return(self, node: cst.Return) -> None:
        self.exits.append((node, None))

    def visit_Yield(self, node: cst.Yield) -> None:
        self.exits.append((node, None))

    def visit_Break(self, node: cst.Break) -> None:
        self.exits.append((node, self.loops[-1] if self.loops else None))

    def visit_Continue(self, node: cst.Continue) -> None:
        self.exits.append((node, self.loops[-1] if self.loops else None))


def is_close_call(node: cst.CSTNode, name: str) -> bool:
    return (
        isinstance(node, cst.Call)
        and not node.args
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "close"
        and isinstance(node.func.value, cst.Name)
        and node.func.value.value == name
    )


def is_close_statement(statement: cst.CSTNode, name: str) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and is_close_call(statement.body[0].value, name)
    )


def is_finally_close(statement: cst.CSTNode, name: str) -> bool:
    if not isinstance(statement, cst.Try) or statement.finalbody is None:
        return False
    body = statement.finalbody.body
    if not isinstance(body, cst.IndentedBlock) or len(body.body) != 1:
        return False
    return is_close_statement(body.body[0], name)


def binds_outright(statement: cst.CSTNode, name: str) -> bool:
    """``statement`` always binds ``name`` when it completes (a plain assignment, an import,
    a def/class, a with item)."""
    if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
        return statement.name.value == name
    if isinstance(statement, cst.With):
        return any(
            item.asname is not None and isinstance(item.asname.name, cst.Name) and item.asname.name.value == name
            for item in statement.items
        )
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    for small in statement.body:
        if isinstance(small, cst.Assign) and any(
            isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets
        ):
            return True
        if isinstance(small, cst.AnnAssign) and small.value is not None and isinstance(small.target, cst.Name):
            if small.target.value == name:
                return True
        if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(small.names, cst.ImportStar):
            for alias in small.names:
                bound = alias.asname.name if alias.asname is not None else alias.name
                while isinstance(bound, cst.Attribute):
                    bound = bound.value
                if isinstance(bound, cst.Name) and bound.value == name:
                    return True
    return False
