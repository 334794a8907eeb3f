"""Lines a rewrite moves one level deeper, laid out again within the project's line length.

A rewrite that puts existing statements into a new block (a with-block around them) moves
each of their lines one indentation unit to the right. Where the project sets a line length
(``_line_length``), a line that kept it one level up and passes it now is split the way black
splits it at that length, so the project's own formatter and linter still pass:

- a statement on one line whose expression is a call, up to trailers black leaves after
  ``)`` (``x = f(a, b)``, ``return f(a).json()``, ``f(a)``): its arguments move to a line of
  their own, or one a line (``_call_layout.split_at_its_brackets``);
- the header of a with statement of one item, an if, elif or while, on one line, whose
  expression is such a call: the same split (``with f(`` / ``a, b`` / ``) as x:``).

Only when every line of the result keeps the length; a line black would not split at a
call's own brackets (a long string, a comment, a subscript, an operator, a statement over
several lines) stays as it is, as does a line that already passed the length one level up.
Indentation with tabs is left alone (its width is the reader's).
"""

from __future__ import annotations

from typing import Sequence

import libcst as cst

from ._call_layout import split_at_its_brackets

_VALUED = (cst.Assign, cst.AnnAssign, cst.AugAssign, cst.Return, cst.Expr)
_PLACEHOLDER = "__flask_codemod_moved_call__"
_PRAGMAS = ("noqa", "type:", "fmt:", "pragma")
# what the walk goes into: statements' blocks, never an expression (lines are judged whole)
_WALKED = (cst.BaseCompoundStatement, cst.BaseSuite, cst.Else, cst.ExceptHandler, cst.ExceptStarHandler, cst.Finally)


def block_width(block: cst.IndentedBlock, unit: str) -> int:
    """How many columns ``block`` indents its statements past the enclosing block's."""
    return len(block.indent if block.indent is not None else unit)


def moved_deeper(statement: cst.BaseStatement, column: int, limit: int, unit: str) -> cst.BaseStatement:
    """``statement``, which now starts at ``column`` (one ``unit`` deeper than it was), with
    each line the move took past ``limit`` split as black splits it (see the module's
    docstring); ``statement`` itself when no line needs it."""
    if "\t" in unit:
        return statement
    code_for = cst.Module(body=[], default_indent=unit).code_for_node
    text = code_for(statement.with_changes(leading_lines=()))
    if column + max(len(line) for line in text.split("\n")) <= limit:
        return statement  # (its lines at most: lines inside brackets may start left of column)
    return statement.visit(_Deeper(column, limit, unit, code_for))  # type: ignore[return-value]


class _Deeper(cst.CSTTransformer):
    def __init__(self, column: int, limit: int, unit: str, code_for) -> None:
        super().__init__()
        self.columns = [column]
        self.limit = limit
        self.unit = unit
        self.code_for = code_for
        self.elifs: set[int] = set()

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.IndentedBlock):
            self.columns.append(self.columns[-1] + block_width(node, self.unit))
        elif isinstance(node, cst.If) and isinstance(node.orelse, cst.If):
            self.elifs.add(id(node.orelse))
        return isinstance(node, _WALKED)

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):  # type: ignore[override]
        if isinstance(original_node, cst.IndentedBlock):
            self.columns.pop()
            return updated_node
        column = self.columns[-1]
        if isinstance(updated_node, cst.SimpleStatementLine):
            return self._statement(updated_node, column)
        if isinstance(updated_node, (cst.With, cst.If, cst.While)):
            extra = len("el") if id(original_node) in self.elifs else 0
            return self._header(updated_node, column, extra)
        return updated_node

    def _statement(self, line: cst.SimpleStatementLine, column: int) -> cst.SimpleStatementLine:
        if len(line.body) != 1 or not isinstance(line.body[0], _VALUED) or line.body[0].value is None:
            return line
        return self._split(line, line.body[0].value, column, 0, line.with_changes(leading_lines=()), 1)

    def _header(self, statement: cst.BaseCompoundStatement, column: int, extra: int) -> cst.BaseCompoundStatement:
        if not isinstance(statement.body, cst.IndentedBlock):
            return statement  # ``if x: y`` on one line
        if isinstance(statement, cst.With):
            if len(statement.items) != 1 or isinstance(statement.lpar, cst.LeftParen) or isinstance(statement.items[0].comma, cst.Comma):
                return statement
            expression = statement.items[0].item
        else:
            expression = statement.test  # type: ignore[attr-defined]
        # the header alone: its body and what follows it (else, elif) left out
        alone = statement.with_changes(leading_lines=(), body=cst.IndentedBlock(body=[cst.SimpleStatementLine([cst.Pass()])], header=statement.body.header))
        if not isinstance(alone, cst.With):
            alone = alone.with_changes(orelse=None)
        return self._split(statement, expression, column, extra, alone, 2)

    def _split(self, statement, expression: cst.BaseExpression, column: int, extra: int, alone: cst.CSTNode, lines: int):
        """``statement`` with the call ``expression`` opens split, judged on ``alone`` (the
        statement's line, or its header's and a line of body: ``lines`` lines when the
        statement's own part is on one line)."""
        call = _own_call(expression)
        if call is None:
            return statement
        placeholder = cst.Name(_PLACEHOLDER)
        rendered = self.code_for(alone.deep_replace(call, placeholder))
        first = rendered.split("\n", 1)[0]
        if rendered.count("\n") != lines or first.count(_PLACEHOLDER) != 1 or "\n" in self.code_for(call):
            return statement
        prefix, suffix = first.split(_PLACEHOLDER)
        comment = suffix[suffix.find("#") :] if "#" in suffix else ""
        if any(pragma in comment for pragma in _PRAGMAS):
            return statement  # the project's say on this line (``# noqa``, ``# type:``, ``# fmt:``)
        width = column + extra + len(prefix) + len(self.code_for(call)) + len(suffix)
        if width <= self.limit or width - len(self.unit) > self.limit:
            return statement  # within the length, or past it before the move
        head = column + extra + len(prefix) + len(self.code_for(call.func)) + len(self.code_for(call.whitespace_after_func)) + 1
        tail = column + len(")") + len(suffix)
        split = split_at_its_brackets(call, head=head, tail=tail, indent=column, limit=self.limit, unit=self.unit, code_for=self.code_for)
        if split is None:
            return statement
        result = statement.deep_replace(call, split)
        texts = self.code_for(result.with_changes(leading_lines=())).split("\n")
        opened = self.code_for(split).count("\n") + 1  # the lines of the statement's first line, now split
        if any(column + len(line) + (extra if index == 0 else 0) > self.limit for index, line in enumerate(texts[:opened])):
            return statement  # an argument black would split further: not a clean split
        return result


def _own_call(expression: cst.BaseExpression) -> cst.Call | None:
    """The call whose brackets black splits a line of ``expression`` at: ``expression`` itself
    or the call below the trailers after its ``)`` (``.attr``, ``()``, ``await``); None when
    the expression is anything else or parenthesised."""
    node: cst.BaseExpression = expression
    while True:
        if getattr(node, "lpar", ()):
            return None
        if isinstance(node, cst.Call):
            if node.args:
                return node
            node = node.func
        elif isinstance(node, cst.Attribute):
            node = node.value
        elif isinstance(node, cst.Await):
            node = node.expression
        else:
            return None


def moved_block(statements: Sequence[cst.BaseStatement], column: int, limit: int | None, unit: str) -> list[cst.BaseStatement]:
    """``moved_deeper`` each of ``statements``; them as they are without a ``limit``."""
    if limit is None:
        return list(statements)
    return [moved_deeper(statement, column, limit, unit) for statement in statements]
