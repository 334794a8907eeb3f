"""open-with, placement: the statement an opener's with-block would wrap, if any.

An opener can be hoisted into a with-block only from a statement that runs it exactly once:
not from a lambda, a comprehension's per-item part, one branch of a conditional expression,
an ``and``/``or`` operand, a default argument, a decorator or a compound statement's header.
The statement must stand alone on its line, directly in a block.
"""

from __future__ import annotations

import libcst as cst

from ._open_with_messages import (
    AND_OR,
    COMPREHENSION,
    CONDITIONAL,
    DECORATOR,
    DEFAULT_ARGUMENT,
    LAMBDA,
    NESTED_OPENER,
    NOT_A_STATEMENT,
    ONE_LINE,
    SUITE,
    UNKNOWN_USE,
    WALRUS,
)
from ._open_with_plan import CLOSE, ESCAPE, MANAGED, MAY_KEEP_USE, Opener, Refusal, Use
from ._open_with_uses import UseReader
from ._open_with_tree import Tree


class Placement:
    def __init__(self, tree: Tree, use_reader: UseReader, opener_calls: set[cst.Call]) -> None:
        self.tree = tree
        self.use_reader = use_reader
        self.opener_calls = opener_calls  # every call that is an opener

    def place(self, opener: Opener) -> tuple[cst.CSTNode, Use]:
        """The statement to wrap and how the handle is used; Refusal when it cannot be wrapped."""
        use = self.use_reader.use_of(opener.call, opener.spec.family)
        if use.kind == MANAGED:  # a with item, contextlib.closing(), stack.enter_context()
            raise Refusal("", silent=True)
        if opener.problem is not None:
            raise Refusal(opener.problem)
        statement = self.statement_of(opener.call)
        if self.inside_another_opener(opener.call, statement):
            raise Refusal(NESTED_OPENER)
        if use.kind in (ESCAPE, MAY_KEEP_USE):
            raise Refusal(use.message)
        if use.kind == CLOSE:  # `open(p, "a").close()` (touch): closed at once, not a leak
            raise Refusal("", silent=True)
        self.check_statement(statement, opener, use)
        return statement, use

    def inside_another_opener(self, call: cst.Call, statement: cst.CSTNode) -> bool:
        for ancestor in self.tree.ancestors(call):
            if ancestor is statement:
                return False
            if isinstance(ancestor, cst.Call) and ancestor in self.opener_calls:
                return True
        return False

    def statement_of(self, node: cst.CSTNode) -> cst.CSTNode:
        """The statement that evaluates ``node``; Refusal inside lambdas, comprehensions,
        conditional expressions, and/or operands but the left one (which always runs first),
        default arguments, decorators."""
        child = node
        for parent in self.tree.ancestors(node):
            if isinstance(parent, (cst.BaseSmallStatement, cst.BaseCompoundStatement)):
                if isinstance(parent, (cst.FunctionDef, cst.ClassDef)):
                    raise Refusal(DECORATOR)
                return parent
            if isinstance(parent, cst.Lambda):
                raise Refusal(LAMBDA)
            if isinstance(parent, cst.CompFor):
                if not (parent.iter is child and self.tree.is_outermost_for(parent)):
                    raise Refusal(COMPREHENSION)
            elif isinstance(parent, (cst.CompIf, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)):
                if not isinstance(child, cst.CompFor):
                    raise Refusal(COMPREHENSION)
            elif isinstance(parent, cst.IfExp):
                raise Refusal(CONDITIONAL)
            elif isinstance(parent, cst.BooleanOperation):
                if child is not parent.left:  # the left operand always runs, first
                    raise Refusal(AND_OR)
            elif isinstance(parent, cst.Param):
                raise Refusal(DEFAULT_ARGUMENT)
            elif isinstance(parent, cst.Decorator):
                raise Refusal(DECORATOR)
            elif isinstance(parent, cst.Comparison) and len(parent.comparisons) > 1:
                if child is not parent.left and child is not parent.comparisons[0]:
                    raise Refusal(CONDITIONAL)
            elif isinstance(parent, cst.NamedExpr):
                raise Refusal(WALRUS)
            child = parent
        raise Refusal(UNKNOWN_USE)  # pragma: no cover - every expression is in a statement

    def check_statement(self, statement: cst.CSTNode, opener: Opener, use: Use) -> None:
        """Refusal unless ``statement`` is a kind open-with can wrap, alone on its line, in a block."""
        if isinstance(statement, cst.For):
            if not self.tree.is_inside(opener.call, statement.iter) or statement.asynchronous is not None:
                raise Refusal(NOT_A_STATEMENT.format(what="the body of a for statement"))
            line: cst.CSTNode = statement
        elif isinstance(statement, cst.BaseCompoundStatement):
            what = {
                cst.If: "the condition of an if statement",
                cst.While: "the condition of a while loop",
                cst.With: "the header of a with statement",
                cst.Match: "the subject of a match statement",
            }.get(type(statement), "the header of a compound statement")
            raise Refusal(NOT_A_STATEMENT.format(what=what))
        elif isinstance(statement, (cst.Expr, cst.Assign, cst.AugAssign, cst.Return)) or (
            isinstance(statement, cst.AnnAssign) and statement.value is not None
        ):
            line = self.tree.parents[statement]
            if isinstance(line, cst.SimpleStatementSuite):
                raise Refusal(SUITE)
            assert isinstance(line, cst.SimpleStatementLine)
            if len(line.body) != 1:
                raise Refusal(ONE_LINE)
        else:
            what = {cst.Assert: "an assert statement (it is skipped under python -O)", cst.Raise: "a raise statement"}
            raise Refusal(NOT_A_STATEMENT.format(what=what.get(type(statement), "this kind of statement")))
        if self.tree.position_in_block(line) is None:
            raise Refusal(SUITE)
