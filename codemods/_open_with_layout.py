"""open-with, layout: continuation lines move with their statement.

Two moves can leave a continuation line where it no longer lines up:

- a statement goes one level deeper, into the with-block. LibCST re-indents the lines inside
  brackets that start at the block's indentation; ``indented`` moves the others the same
  amount: backslash-continued lines and bracketed lines that started left of the block.
- an opener moves into the with header (``x = open(p,`` / ``"r")`` becomes ``with open(p,`` /
  ``"r") as x:``), so its first line starts in another column. ``realigned`` applies the rule
  that a reader applies: a line continuing a bracket that has code after it on its own line
  (visual alignment) keeps its place relative to that code, so it moves with the line that
  holds the bracket; a line continuing a bracket that ends its line (hanging indent) keeps
  its place relative to the start of the line that holds the bracket, which for the opener's
  first line is the statement's own indentation and does not move.

Nothing inside a multi-line string moves (its text is its value), and a line indented with
tabs, or that would have to move left of column 0, leaves the expression as it was.
"""

from __future__ import annotations

import tokenize
from dataclasses import dataclass
from typing import Mapping

import libcst as cst

from ._node_fields import nodes_below

_EMPTY = cst.Module(body=[])
_OPENING, _CLOSING = "([{", ")]}"
_NON_CODE = (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER)


class _Indenter(cst.CSTTransformer):
    def __init__(self, extra: str) -> None:
        super().__init__()
        self.extra = extra

    def leave_SimpleWhitespace(
        self, original_node: cst.SimpleWhitespace, updated_node: cst.SimpleWhitespace
    ) -> cst.SimpleWhitespace:
        if "\\" not in updated_node.value:
            return updated_node
        lines = updated_node.value.split("\n")  # "\\\r" alone (old Mac newlines) is left alone
        return updated_node.with_changes(value="\n".join([lines[0], *(self.extra + line for line in lines[1:])]))

    def leave_ParenthesizedWhitespace(
        self, original_node: cst.ParenthesizedWhitespace, updated_node: cst.ParenthesizedWhitespace
    ) -> cst.ParenthesizedWhitespace:
        # lines that started left of the block, and comment lines among them (blank ones stay blank)
        comments = [
            line.with_changes(whitespace=cst.SimpleWhitespace(self.extra + line.whitespace.value))
            if not line.indent and line.comment is not None
            else line
            for line in updated_node.empty_lines
        ]
        last = updated_node.last_line
        if not updated_node.indent:
            last = last.with_changes(value=self.extra + last.value)
        return updated_node.with_changes(empty_lines=comments, last_line=last)


def indented(statement: cst.BaseStatement, extra: str) -> cst.BaseStatement:
    """``statement`` with the continuation lines LibCST does not re-indent moved by ``extra``
    (for a statement that goes one block deeper); ``statement`` itself when it has none (most
    statements: then nothing is rebuilt)."""
    if not any(_moves(node) for node in nodes_below(statement)):
        return statement
    return statement.visit(_Indenter(extra))  # type: ignore[return-value]


def _moves(node: cst.CSTNode) -> bool:
    """Whether ``_Indenter`` may change ``node`` (a backslash continuation, or a line inside
    brackets that does not start at the block's indentation)."""
    kind = type(node)
    if kind is cst.SimpleWhitespace:
        return "\\" in node.value  # type: ignore[attr-defined]
    if kind is cst.ParenthesizedWhitespace:
        return not node.indent or any(not line.indent and line.comment is not None for line in node.empty_lines)  # type: ignore[attr-defined]
    return False


@dataclass
class _Bracket:
    line: int
    shift: int  # how far the bracket itself moves
    visual: bool | None = None  # code follows the bracket on its own line


def realigned(expression: cst.BaseExpression, old_column: int, new_column: int) -> cst.BaseExpression:
    """``expression`` (whose first line started ``old_column`` columns right of its
    statement's indentation) laid out to start at ``new_column``: its continuation lines
    follow the rule in the module's docstring. Unchanged when it is on one line, or when its
    layout cannot be told (tabs, backslashes, lines left of the block)."""
    text = _EMPTY.code_for_node(expression)
    if old_column == new_column or "\n" not in text or "\\" in text or "\t" in text or _has_absolute_lines(expression):
        return expression
    shifted = _shift_continuations(" " * old_column + text, {1: [(0, new_column - old_column)]})
    if shifted is None:
        return expression
    try:
        return cst.parse_expression(shifted[old_column:])
    except cst.ParserSyntaxError:  # pragma: no cover - the same tokens, other spaces
        return expression


def _shift_continuations(text: str, moves: dict[int, list[tuple[int, int]]]) -> str | None:
    """``text`` (code at its original columns) with each continuation line moved by what its
    bracket moved. ``moves`` says what moves on a line itself: from each column given, the
    code moves by the amount given (on the first line, the code from where the expression
    starts); the start of the first line never moves."""
    line_shift = {1: 0}  # how far the start of each line moves

    def shift_at(row: int, column: int) -> int:
        return line_shift[row] + sum(amount for start, amount in moves.get(row, ()) if column >= start)

    stack: list[_Bracket] = []
    in_string: set[int] = set()
    try:
        tokens = list(tokenize.generate_tokens(iter(text.splitlines(keepends=True)).__next__))
    except (tokenize.TokenError, SyntaxError):
        return None
    for token in tokens:
        if token.type in _NON_CODE:
            continue
        row, end_row = token.start[0], token.end[0]
        if stack and stack[-1].visual is None:
            if row > stack[-1].line:
                stack[-1].visual = False
            elif token.type != tokenize.COMMENT:
                stack[-1].visual = True
        if row not in line_shift:
            anchor = stack[-1] if stack else None
            if anchor is None:
                line_shift[row] = line_shift[max(line_shift)]
            elif anchor.visual:
                line_shift[row] = anchor.shift
            else:
                line_shift[row] = line_shift[anchor.line]
        if end_row > row:  # a string over several lines: its lines are its value
            in_string.update(range(row + 1, end_row + 1))
            for inner in range(row + 1, end_row + 1):
                line_shift[inner] = shift_at(row, token.start[1])
        if token.type == tokenize.OP and token.string in _OPENING:
            stack.append(_Bracket(row, shift_at(row, token.start[1])))
        elif token.type == tokenize.OP and token.string in _CLOSING and stack:
            stack.pop()
    lines = text.split("\n")
    for row, shift in line_shift.items():
        if row == 1 or row in in_string or not shift or row > len(lines):
            continue
        line = lines[row - 1]
        width = len(line) - len(line.lstrip(" "))
        if width + shift < 0:
            return None
        lines[row - 1] = " " * (width + shift) + line[width:]
    return "\n".join(lines)


def handles_realigned(statement: cst.BaseStatement, widths: Mapping[int, int | None]) -> cst.BaseStatement:
    """``statement`` after inline openers were replaced by their handle names (``widths``: the
    id of each handle name -> the width of the opener it replaced, None when that opener
    took several lines): the code after a handle on its line moved left (or right) by the
    difference, so a line aligned under a bracket opened there (``open(p, "w").write(f(a,`` /
    ``b))``) moves as far, and whatever continues it in turn (the module docstring's rule).
    A line aligned under a bracket before the handle, or hanging from its line, keeps its
    place. Only a simple statement line, its layout told (no tabs, backslash continuations or
    lines left of the block), and handles whose openers took one line; else, or when no
    line moves, ``statement`` itself."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return statement
    handles = [node for node in nodes_below(statement) if isinstance(node, cst.Name) and id(node) in widths]
    if not handles or any(widths[id(handle)] is None for handle in handles) or _has_absolute_lines(statement):
        return statement
    if any(isinstance(node, cst.SimpleWhitespace) and "\\" in node.value for node in nodes_below(statement)):
        return statement
    sentinels = {id(handle): ("_h%d" % index).ljust(widths[id(handle)] or 0, "_") for index, handle in enumerate(handles)}
    bare = statement.with_changes(leading_lines=())
    text = _EMPTY.code_for_node(bare.visit(_Renamer(sentinels)))
    if "\t" in text or "\n" not in text.rstrip("\r\n") or any(text.count(sentinel) != 1 for sentinel in sentinels.values()):
        return statement
    names = {sentinels[id(handle)]: handle.value for handle in handles}
    moves: dict[int, list[tuple[int, int]]] = {}
    try:
        tokens = list(tokenize.generate_tokens(iter(text.splitlines(keepends=True)).__next__))
    except (tokenize.TokenError, SyntaxError):
        return statement
    for token in tokens:
        if token.type == tokenize.NAME and token.string in names:
            moves.setdefault(token.start[0], []).append((token.end[1], len(names[token.string]) - len(token.string)))
    shifted = _shift_continuations(text, moves)
    if shifted is None or shifted == text:
        return statement
    for sentinel, name in names.items():
        shifted = shifted.replace(sentinel, name, 1)
    try:
        rebuilt = cst.parse_statement(shifted)
    except cst.ParserSyntaxError:  # pragma: no cover - the same tokens, other spaces
        return statement
    return rebuilt.with_changes(leading_lines=statement.leading_lines)


class _Renamer(cst.CSTTransformer):
    def __init__(self, names: Mapping[int, str]) -> None:
        super().__init__()
        self.names = names

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        name = self.names.get(id(original_node))
        return updated_node if name is None else updated_node.with_changes(value=name)


class _AbsoluteLines(cst.CSTVisitor):
    found = False

    def visit_ParenthesizedWhitespace(self, node: cst.ParenthesizedWhitespace) -> None:
        if not node.indent or any(not line.indent for line in node.empty_lines):
            self.found = True


def _has_absolute_lines(node: cst.CSTNode) -> bool:
    finder = _AbsoluteLines()
    node.visit(finder)
    return finder.found


class _DotJoiner(cst.CSTTransformer):
    def leave_Dot(self, original_node: cst.Dot, updated_node: cst.Dot) -> cst.Dot:
        if isinstance(updated_node.whitespace_before, cst.ParenthesizedWhitespace) or isinstance(
            updated_node.whitespace_after, cst.ParenthesizedWhitespace
        ):
            return updated_node.with_changes(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
        return updated_node


def joined_chain(statement: cst.BaseStatement, column: int, limit: int, removed: int) -> cst.BaseStatement:
    """``x = (`` / ``open(p)`` / ``.read()`` / ``)`` once the opener is the handle name: a
    value in parentheses split only before its dots, as black splits a chain too long for
    one line, put back on one line without them when it now fits ``limit`` at ``column`` and
    did not with the ``removed`` characters the opener took (as black lays it out then).
    Anything else (comments, other line breaks, a split that was not the length's) stays."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return statement
    small = statement.body[0]
    if not isinstance(small, (cst.Assign, cst.AugAssign, cst.Return)) or small.value is None:
        return statement
    value = small.value
    if len(value.lpar) != 1 or any(c in _EMPTY.code_for_node(value) for c in "#\\"):
        return statement
    inner = value.with_changes(lpar=[], rpar=[]).visit(_DotJoiner())
    joined = statement.with_changes(body=[small.with_changes(value=inner)])
    line = _EMPTY.code_for_node(joined.with_changes(leading_lines=(), trailing_whitespace=cst.TrailingWhitespace()))
    line = line.rstrip("\r\n")
    if "\n" in line or column + len(line) > limit or column + len(line) + removed <= limit:
        return statement
    return joined


def joined_arguments(statement: cst.BaseStatement, handles: set[int], column: int, limit: int) -> cst.BaseStatement:
    """``json.load(`` / ``open(path))`` once the opener is the handle name (a node of
    ``handles``, by id): the arguments of a call that holds the handle (as an argument, or
    inside one: ``f.read()``), split onto lines of their own, put back on the call's line (``json.load(f)``) when they now fit there, at
    ``column``, within ``limit``, as black lays out a call that fits. A trailing comma after
    the last argument, or arguments on lines of their own, one a line (on purpose: the file's
    way of writing such calls, as in iati-datastore's tests), a comment among them, or an
    argument over several lines of its own leaves the call as it is; so does a line the join
    takes past the limit."""
    joiner = _ArgumentJoiner(handles)
    joined = statement.visit(joiner)
    if not joiner.joined:
        return statement
    before = set(_EMPTY.code_for_node(statement).split("\n"))
    new_lines = [line for line in _EMPTY.code_for_node(joined).split("\n") if line not in before]
    if any(column + len(line.rstrip("\r")) > limit for line in new_lines):
        return statement
    return joined  # type: ignore[return-value]


class _ArgumentJoiner(cst.CSTTransformer):
    def __init__(self, handles: set[int]) -> None:
        super().__init__()
        self.handles = handles
        self.joined = False

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if not any(self._holds_handle(arg.value) for arg in original_node.args):
            return updated_node
        spaces = [updated_node.whitespace_before_args, *(arg.whitespace_after_arg for arg in updated_node.args)]
        spaces += [arg.comma.whitespace_before for arg in updated_node.args if isinstance(arg.comma, cst.Comma)]
        spaces += [arg.comma.whitespace_after for arg in updated_node.args if isinstance(arg.comma, cst.Comma)]
        if not isinstance(updated_node.whitespace_before_args, cst.ParenthesizedWhitespace) or any(_has_comment(space) for space in spaces):
            return updated_node
        if isinstance(updated_node.args[-1].comma, cst.Comma):
            return updated_node
        last = len(updated_node.args) - 1
        between = [arg.whitespace_after_arg for arg in updated_node.args[:last]]
        commas = [arg.comma for arg in updated_node.args[:last] if isinstance(arg.comma, cst.Comma)]
        between += [space for comma in commas for space in (comma.whitespace_before, comma.whitespace_after)]
        if any(isinstance(space, cst.ParenthesizedWhitespace) for space in between):
            return updated_node  # one argument a line: the author's layout, not the opener's length
        args = [
            arg.with_changes(
                whitespace_after_arg=cst.SimpleWhitespace(""),
                comma=arg.comma
                if index == last
                else cst.Comma(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(" ")),
            )
            for index, arg in enumerate(updated_node.args)
        ]
        joined = updated_node.with_changes(whitespace_before_args=cst.SimpleWhitespace(""), args=args)
        if any(c in _EMPTY.code_for_node(joined) for c in "\n\\"):
            return updated_node
        self.joined = True
        return joined

    def _holds_handle(self, value: cst.BaseExpression) -> bool:
        """The handle is the argument (``json.load(f)``) or inside it (``f.read()``,
        ``f.read().decode()``): either way the opener stood there and was what split the call."""
        return id(value) in self.handles or any(id(node) in self.handles for node in nodes_below(value, tokens=False))


def _has_comment(space: cst.BaseParenthesizableWhitespace) -> bool:
    if not isinstance(space, cst.ParenthesizedWhitespace):
        return False
    return space.first_line.comment is not None or any(line.comment is not None for line in space.empty_lines)
