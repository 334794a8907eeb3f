"""open-with, rewriting: turn a Plan (``_open_with_plan``, made by ``_open_with_analysis``) into with-blocks.

Only the statements of a region change: they move into the new with-block unchanged (LibCST
re-indents them with the module's own indentation and newline), the binding statement and
the explicit close go, and an inline opener is replaced by the handle name. Comments of the
removed statements are kept: above the with-block for the binding, at the end of the block
for the close. Blank lines inside the region stay where they were.
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

import libcst as cst

from ._block_unit import unit_within
from ._call_layout import split_at_its_brackets
from ._moved_lines import block_width, moved_deeper
from ._open_with_layout import handles_realigned, indented, joined_arguments, joined_chain, realigned
from ._open_with_plan import Plan, Region


class Rewriter(cst.CSTTransformer):
    """Applies ``plan``; ``parents`` (child -> parent) lets it skip subtrees with nothing to
    change."""

    def __init__(
        self,
        plan: Plan,
        parents: Mapping[cst.CSTNode, cst.CSTNode],
        *,
        parenthesize: bool = False,
        indent: str = "    ",
        line_length: int | None = None,
        unit: str | None = None,
    ) -> None:
        super().__init__()
        self.plan = plan
        self.parenthesize = parenthesize  # the target Python (3.10+) allows `with (a as x, b as y):`
        self.indent = indent  # the module's default, which a block whose indent is None has
        self.unit = unit or indent  # the unit most of its blocks take, which new blocks take (_block_unit)
        self.line_length = line_length  # the project's (_line_length), which a header kept where the statement did
        self.depth = 0
        self.columns = [0]  # where the statements of each block being rebuilt start
        self.needed: set[cst.CSTNode] = set()
        for target in [*plan.regions, *plan.inline_names, *plan.discarded]:
            node: cst.CSTNode | None = target
            while node is not None and node not in self.needed:
                self.needed.add(node)
                node = parents.get(node)
        self.openers: dict[cst.Call, cst.BaseExpression] = {}
        self._drops: set[int] = set()
        self._bindings: set[int] = set()
        self._unwraps: set[int] = set()
        self._moved_out: set[int] = set()  # ids of statements taken out of a removed try: already deeper
        self._made: set[int] = set()  # ids of the with statements made here
        self._handles: set[int] = set()  # ids of the handle names that replaced inline openers
        self._widths: dict[int, int | None] = {}  # handle id -> its opener's width (None: several lines)
        self._unit = self.unit  # the indentation of the block being rebuilt, one level

    def on_visit(self, node: cst.CSTNode) -> bool:
        if node not in self.needed:
            return False
        if isinstance(node, cst.IndentedBlock):
            self.depth += 1
            self.columns.append(self.columns[-1] + block_width(node, self.indent))
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):  # type: ignore[override]
        result = super().on_leave(original_node, updated_node)  # leave_IndentedBlock sees its depth
        if isinstance(original_node, cst.IndentedBlock) and original_node in self.needed:
            self.depth -= 1
            self.columns.pop()
        return result

    # -- the opener calls --------------------------------------------------------------------
    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        name = self.plan.inline_names.get(original_node)
        if name is not None:
            self.openers[original_node] = updated_node.with_changes(lpar=(), rpar=())
            if not name:
                return updated_node
            handle = cst.Name(name)
            self._handles.add(id(handle))
            opener = _EMPTY.code_for_node(updated_node)
            self._widths[id(handle)] = None if "\n" in opener else len(opener)
            return handle
        return updated_node

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine:
        if original_node in self.plan.discarded:  # `open(p)` alone: `with open(p):` + `pass`
            return updated_node.with_changes(body=[cst.Pass()])
        return updated_node

    # -- the blocks --------------------------------------------------------------------------
    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock) -> cst.IndentedBlock:
        regions = self.plan.regions.get(original_node)
        if not regions:
            return updated_node
        # the new blocks are indented with tabs where this one is and the module's unit is
        # spaces, or the reverse; else with that unit
        self._unit = unit_within(updated_node.indent, self.indent, self.unit)
        return updated_node.with_changes(body=self._rebuild(updated_node.body, regions))

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        regions = self.plan.regions.get(original_node)
        if not regions:
            return updated_node
        self._unit = self.unit
        return updated_node.with_changes(body=self._rebuild(updated_node.body, regions))

    def _rebuild(self, body: Sequence[cst.BaseStatement], roots: list[Region]) -> list[cst.BaseStatement]:
        statements = list(body)
        self._drops = set()
        self._bindings = set()
        self._unwraps = set()
        stack = list(roots)
        while stack:
            region = stack.pop()
            self._drops |= region.drops
            self._bindings |= {item.binding for item in region.items if item.binding is not None}
            if region.unwrap is not None:
                self._unwraps.add(region.unwrap)
            stack.extend(region.children)
        emitted, comments = self._emit(statements, 0, len(statements), roots, self.depth)
        assert not comments, "a removed close outside every with-block"
        return emitted

    def _emit(
        self, statements: list[cst.BaseStatement], low: int, high: int, regions: list[Region], depth: int
    ) -> tuple[list[cst.BaseStatement], list[cst.EmptyLine]]:
        """Statements ``low..high-1`` with ``regions`` (sorted, disjoint) turned into with-blocks;
        also the comments of removed statements that belong to the enclosing block's end."""
        out: list[cst.BaseStatement] = []
        comments: list[cst.EmptyLine] = []
        position = low
        for region in regions:
            self._plain(statements, position, region.start, out, comments)
            out.append(self._with(statements, region, depth))
            position = region.end + 1
        self._plain(statements, position, high, out, comments)
        return out, comments

    def _plain(
        self,
        statements: list[cst.BaseStatement],
        low: int,
        high: int,
        out: list[cst.BaseStatement],
        comments: list[cst.EmptyLine],
    ) -> None:
        for index in range(low, high):
            statement = statements[index]
            if index in self._bindings:
                continue  # its comments go with the with statement (see _with)
            if index in self._drops:
                comments.extend(_comments_of(statement))
            elif index in self._unwraps:
                kept, removed_comments, moved_out = _without_finally(statement)
                if moved_out:
                    self._moved_out.update(id(kept_statement) for kept_statement in kept)
                out.extend(kept)
                comments.extend(removed_comments)
            else:
                out.append(statement)

    def _with(self, statements: list[cst.BaseStatement], region: Region, depth: int) -> cst.With:
        first = statements[region.start]
        body, footer = self._emit(statements, region.start, region.end + 1, region.children, depth + 1)
        bindings = [item.binding for item in region.items if item.binding is not None]
        if bindings:
            # the first binding gives the with-block its place and its comments
            header = first.trailing_whitespace if isinstance(first, cst.SimpleStatementLine) else cst.TrailingWhitespace()
            prefix = [line for index in bindings[1:] for line in _comments_of(statements[index])]
            if body:
                body[0] = body[0].with_changes(leading_lines=_without_leading_blanks([*prefix, *body[0].leading_lines]))
            elif prefix:
                footer = [*prefix, *footer]
        else:
            header = _bandit_marker_of(first, [item.opener.call for item in region.items])
            if body and body[0] is first:
                body[0] = first.with_changes(leading_lines=())
        items = []
        header_line = "with "  # the header's last line so far, from the block's indentation
        for item in region.items:
            if item.inline:
                expression = self.openers[item.opener.call]
            else:
                line = statements[item.binding]  # type: ignore[index]
                assert isinstance(line, cst.SimpleStatementLine) and isinstance(line.body[0], cst.Assign)
                expression = line.body[0].value
            column = self.plan.columns.get(item.opener.call)
            if column is not None:  # over several lines: its continuation lines follow it
                expression = realigned(expression, column, len(header_line))
            asname = cst.AsName(name=cst.Name(item.name)) if item.name else None
            items.append(cst.WithItem(item=expression, asname=asname))
            if self.plan.columns:
                header_line = (header_line + _EMPTY.code_for_node(items[-1]) + ", ").rsplit("\n", 1)[-1]
        if self._handles:  # a call split only to hold the opener: its arguments back on its line
            column = self.columns[-1] + (depth - self.depth + 1) * len(self._unit.expandtabs(4))
            limit = self.line_length or LINE_LENGTH
            body = [s if id(s) in self._moved_out or id(s) in self._made else joined_arguments(s, self._handles, column, limit) for s in body]
            # the code after a handle moved: what is aligned under its brackets follows them
            body = [s if id(s) in self._moved_out or id(s) in self._made else handles_realigned(s, self._widths) for s in body]
        if self.line_length is not None:  # lines the move takes past the project's length: split
            column = self.columns[-1] + (depth - self.depth + 1) * len(self._unit)
            body = [s if id(s) in self._moved_out or id(s) in self._made else moved_deeper(s, column, self.line_length, self._unit) for s in body]
        if region.kind == "inline" and len(items) == 1 and len(body) == 1 and not region.children:
            # the opener's line broke a chain black split for its length: whole again if it fits
            column = (depth + 1) * len(self._unit.expandtabs(4))
            opener = _EMPTY.code_for_node(items[0].item)
            body[0] = joined_chain(body[0], column, self.line_length or LINE_LENGTH, len(opener) - len(region.items[0].name or ""))
        # one level deeper: continuation lines that LibCST leaves in place move along
        body = [s if id(s) in self._moved_out else indented(s, self._unit) for s in body]
        if self.depth == 0:  # the module's blank lines: blank in the block too
            body = [s.with_changes(leading_lines=_still_blank(s.leading_lines)) for s in body]
            footer = _still_blank(footer)
        if not body:
            body = [cst.SimpleStatementLine(body=[cst.Pass()])]
        statement = cst.With(
            items=items,
            body=cst.IndentedBlock(body=body, header=header, footer=footer, indent=None if self._unit == self.indent else self._unit),
            leading_lines=first.leading_lines,
        )
        limit = self.line_length or LINE_LENGTH
        if self._too_long(items, depth, limit):
            if self.parenthesize and len(items) > 1:
                statement = _parenthesized(statement, self._unit)
            elif self.line_length is not None and self._fitted(first, depth):
                statement = statement.with_changes(items=self._last_split(items, depth))
        self._made.add(id(statement))
        return statement

    def _too_long(self, items: list[cst.WithItem], depth: int, limit: int) -> bool:
        texts = [_EMPTY.code_for_node(item.with_changes(comma=cst.MaybeSentinel.DEFAULT)) for item in items]
        if any("\n" in text for text in texts):
            return False  # already spread over lines
        width = depth * len(self.indent.expandtabs(4)) + len("with ") + len(", ".join(texts)) + len(":")
        return width > limit

    def _fitted(self, first: cst.BaseStatement, depth: int) -> bool:
        """The statement the with-block starts at kept the project's line length on its first line."""
        assert self.line_length is not None
        text = _EMPTY.code_for_node(first.with_changes(leading_lines=())).split("\n", 1)[0]
        return depth * len(self.indent.expandtabs(4)) + len(text) <= self.line_length

    def _last_split(self, items: list[cst.WithItem], depth: int) -> list[cst.WithItem]:
        """``items`` with the last one's call split at its brackets, as black splits a with
        header that is too long (``with a as x, open(`` / ``path, "w"`` / ``) as y:``)."""
        assert self.line_length is not None
        last = items[-1]
        if not isinstance(last.item, cst.Call):
            return items
        indent = depth * len(self.indent.expandtabs(4))
        before = "".join(_EMPTY.code_for_node(item) for item in items[:-1])
        head = indent + len("with ") + len(before) + len(_EMPTY.code_for_node(last.item.func)) + 1
        tail = indent + len(")") + len(_EMPTY.code_for_node(last.with_changes(item=cst.Name("x")))) - 1 + len(":")
        split = split_at_its_brackets(
            last.item, head=head, tail=tail, indent=indent, limit=self.line_length, unit=self.indent, code_for=_EMPTY.code_for_node
        )
        return items if split is None else [*items[:-1], last.with_changes(item=split)]


LINE_LENGTH = 88  # black's default: longer with-lines are parenthesised when allowed
_BANDIT_MARKER = re.compile(r"#.*\bnosec\b")


def _bandit_marker_of(statement: cst.BaseStatement, openers: Sequence[cst.Call]) -> cst.TrailingWhitespace:
    """The header of a with-block made around ``statement``'s ``openers``: it carries the
    statement's comment when that is a bandit ``# nosec`` marker, which silences only the line
    of the call it sits on (an opener now on the header: ``urlopen``, which bandit flags; the
    built-in ``open`` it never flags, so the marker there was for another call); the statement
    keeps it too, for its other calls. Any other comment stays on the statement alone."""
    if all(isinstance(call.func, cst.Name) and call.func.value == "open" for call in openers):
        return cst.TrailingWhitespace()
    if isinstance(statement, cst.SimpleStatementLine):
        comment = statement.trailing_whitespace.comment
        if comment is not None and _BANDIT_MARKER.match(comment.value):
            return cst.TrailingWhitespace(whitespace=statement.trailing_whitespace.whitespace, comment=comment)
    return cst.TrailingWhitespace()
_EMPTY = cst.Module(body=[])


def _line_break(indent: str) -> cst.ParenthesizedWhitespace:
    return cst.ParenthesizedWhitespace(
        first_line=cst.TrailingWhitespace(), indent=True, last_line=cst.SimpleWhitespace(indent)
    )


def _parenthesized(statement: cst.With, indent: str) -> cst.With:
    """``with (\n    a as x,\n    b as y,\n):`` (Python 3.10+), one handle per line."""
    items = [
        item.with_changes(
            comma=cst.Comma(whitespace_after=_line_break(indent if index < len(statement.items) - 1 else ""))
        )
        for index, item in enumerate(statement.items)
    ]
    return statement.with_changes(
        items=items,
        lpar=cst.LeftParen(whitespace_after=_line_break(indent)),
        rpar=cst.RightParen(),
    )


def _comments_of(statement: cst.BaseStatement) -> list[cst.EmptyLine]:
    """The comment lines a removed statement carries, with the blank lines that separate
    them from what comes before (blank lines right above the statement go with it)."""
    lines = list(statement.leading_lines)
    while lines and lines[-1].comment is None:
        lines.pop()
    if isinstance(statement, cst.SimpleStatementLine) and statement.trailing_whitespace.comment is not None:
        lines.append(cst.EmptyLine(comment=statement.trailing_whitespace.comment))
    return lines


def _still_blank(lines: Sequence[cst.EmptyLine]) -> list[cst.EmptyLine]:
    """``lines`` of the module moved into a block: LibCST marks the module's blank lines as
    indented (by its empty indentation), which inside the block would write the block's
    indentation on them; a line holding nothing stays empty."""
    return [
        line.with_changes(indent=False) if line.indent and line.comment is None and not line.whitespace.value else line
        for line in lines
    ]


def _without_leading_blanks(lines: Sequence[cst.EmptyLine]) -> list[cst.EmptyLine]:
    lines = list(lines)
    while lines and lines[0].comment is None:
        lines.pop(0)
    return lines


def _suite_statements(suite: cst.BaseSuite) -> list[cst.BaseStatement]:
    if isinstance(suite, cst.IndentedBlock):
        return list(suite.body)
    assert isinstance(suite, cst.SimpleStatementSuite)
    return [cst.SimpleStatementLine(body=list(suite.body), trailing_whitespace=suite.trailing_whitespace)]


def _block_comments(suite: cst.BaseSuite) -> list[cst.EmptyLine]:
    lines: list[cst.EmptyLine] = []
    if isinstance(suite, cst.IndentedBlock):
        if suite.header.comment is not None:
            lines.append(cst.EmptyLine(comment=suite.header.comment))
        for statement in suite.body:
            lines.extend(_comments_of(statement))
        lines.extend(line for line in suite.footer if line.comment is not None)
    return lines


def _without_finally(statement: cst.BaseStatement) -> tuple[list[cst.BaseStatement], list[cst.EmptyLine], bool]:
    """``try: … finally: f.close()`` without its finally (the try goes too when nothing else
    is left of it), the comments of what was removed, and whether the try went (its body's
    statements are then already one level deeper than the try was)."""
    assert isinstance(statement, cst.Try) and statement.finalbody is not None
    finally_ = statement.finalbody
    comments = [line for line in finally_.leading_lines if line.comment is not None]
    comments.extend(_block_comments(finally_.body))
    if statement.handlers or statement.orelse is not None:
        return [statement.with_changes(finalbody=None)], comments, False
    body = _suite_statements(statement.body)
    body[0] = body[0].with_changes(leading_lines=[*statement.leading_lines, *body[0].leading_lines])
    if isinstance(statement.body, cst.IndentedBlock):
        if statement.body.header.comment is not None:
            comments.insert(0, cst.EmptyLine(comment=statement.body.header.comment))
        comments[:0] = [line for line in statement.body.footer if line.comment is not None]
    return body, comments, True
