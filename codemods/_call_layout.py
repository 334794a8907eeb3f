"""A call that grew an argument, laid out again within the project's line length.

When the added argument pushes a line that kept the project's limit (``_line_length``) past
it, the call is split the way black splits it, so the project's own formatter and linter
still pass:

- a call on one line: its arguments move to a line of their own, one level deeper, and
  ``)`` to a line at the statement's indentation (``x = f(`` / ``a, b, timeout=60`` / ``)``);
  when that line too is longer than the limit, one argument a line, each with a comma;
- a call whose arguments already sit together on a line of their own: one argument a line;
- a call whose later lines start under its first argument (PEP 8's alignment with the opening
  bracket: ``f(a,`` / ``  b)``, a string continued on the next line): the added argument on a
  line of its own at that column, ``)`` after it.

Only where black would split at this call's own brackets: the call is the statement's only
bracketed expression on its first line (``x = f(...)``, ``return f(...).json()``,
``with f(...) as r:``), not an element of a list, or parenthesised. A call that is an
argument of the statement's call (``return jsonify(f(...).json())``) is left as it is and
the statement's call is split instead, as black splits the outer brackets first, when every
line of that split keeps the limit (the grown call on a line of its own, or one argument a
line). A call alone on an argument line of a bracket already split (``write(`` /
``f(a).text  # comment`` / ``)``: nothing else on the line but attributes of its result, a comma,
a comment) is split at its own brackets, one level deeper than that line, as black splits it.
Elsewhere, and where the line was already too long, the call stays as it was given.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

from ._base import metadata_value
from ._line_length import declared_line_length

if TYPE_CHECKING:
    from ._base import Context

# how far up from the call a statement may be while the call still opens its first line
_CHAINS = (cst.Attribute, cst.Await)
_ATTRIBUTES_AND_COMMA = re.compile(r"(?:\.\w+)*,?")  # what may follow a call alone on its line
_STATEMENTS = (cst.Assign, cst.AnnAssign, cst.AugAssign, cst.Return, cst.Expr, cst.WithItem, cst.If, cst.While)


@dataclass
class LineLimit:
    """What laying a call out needs: ``limit`` (the project's line length), the original
    module's ``lines``, its nodes' positions and parents, the code of a node, and the module's
    indentation unit."""

    limit: int
    lines: list[str]
    position_of: Callable[[cst.CSTNode], Any]
    parent_of: Callable[[cst.CSTNode], cst.CSTNode | None]
    code_for: Callable[[cst.CSTNode], str]
    unit: str = "    "
    longest: int = field(init=False, default=0)  # the longest line's length
    # id -> the statement's own call whose argument grew past the limit (``enclosing_laid_out``)
    enclosing: dict[int, cst.Call] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.longest = max((len(line) for line in self.lines), default=0)


def line_limit(wrapper: MetadataWrapper, ctx: Context) -> LineLimit | None:
    """The LineLimit of ``wrapper``'s module (its ParentNodeProvider resolved) in the project
    of ``ctx``; None when the project sets no line length. Positions are resolved only when a
    call's line may pass the limit (``laid_out``), not for every module with a limit; a wrapper
    of ``ctx.metadata`` holds the per-statement ``_positions.Positions`` under
    PositionProvider's key (``_metadata.new_wrapper``), so only the statement asked about is
    rendered, not LibCST's whole-tree provider run."""
    limit = declared_line_length(ctx)
    if limit is None:
        return None
    module = wrapper.module
    positions: list = []

    def position_of(node: cst.CSTNode) -> Any:
        if not positions:
            positions.append(wrapper.resolve(PositionProvider))
        return positions[0].get(node)

    return LineLimit(
        limit,
        module.code.split("\n"),
        position_of,
        lambda node: metadata_value(wrapper, ParentNodeProvider, node),
        module.code_for_node,
        module.default_indent,
    )


def laid_out(original: cst.Call, updated: cst.Call, fit: LineLimit) -> cst.Call:
    """``updated`` (``original`` with an argument added) split as black would where the added
    argument takes a line that kept ``fit.limit`` past it; else ``updated`` unchanged."""
    if not updated.args or fit.longest + len(fit.code_for(updated)) - len(fit.code_for(original)) <= fit.limit:
        return updated  # no line of the module is long enough for the added text to pass the limit
    position = fit.position_of(original)
    if position is None:
        return updated
    if position.start.line == position.end.line:
        return _one_line(original, updated, position, fit)
    split = _arguments_line(original, updated, fit)
    return split if split is not updated else _under_the_first_argument(original, updated, position, fit)


def _one_line(original: cst.Call, updated: cst.Call, position: Any, fit: LineLimit) -> cst.Call:
    line = fit.lines[position.start.line - 1]
    start, end = position.start.column, position.end.column
    if len(line) > fit.limit or len(line[:start]) + len(fit.code_for(updated)) + len(line[end:]) <= fit.limit:
        return updated
    offset = ""
    if not _opens_its_statement_line(original, position, fit):
        offset_of_line = _argument_line_offset(original, line, start, end, fit)
        if offset_of_line is None:
            outer = _enclosing_call(original, fit)
            if outer is not None:
                fit.enclosing[id(outer)] = outer  # split there when it is left (enclosing_laid_out)
            return updated
        offset = offset_of_line
    indent = line[: len(line) - len(line.lstrip())]
    head = len(line[:start]) + len(fit.code_for(updated.func)) + len(fit.code_for(updated.whitespace_after_func)) + 1
    split = split_at_its_brackets(
        updated,
        head=head,
        tail=len(indent) + 1 + len(line[end:]),
        indent=len(indent),
        limit=fit.limit,
        unit=fit.unit,
        code_for=fit.code_for,
        offset=offset,
    )
    return split if split is not None else updated


def enclosing_laid_out(original: cst.Call, updated: cst.Call, fit: LineLimit) -> cst.Call:
    """``updated`` split at its own brackets as black splits it when it is the statement's call
    around a call that grew past the limit (``_enclosing_call``) and every line of the split
    keeps the limit (the grown call on a line of its own, or one argument a line); else
    ``updated`` unchanged."""
    if fit.enclosing.pop(id(original), None) is not original:
        return updated
    position = fit.position_of(original)
    if position is None or position.start.line != position.end.line:
        return updated
    line = fit.lines[position.start.line - 1]
    start, end = position.start.column, position.end.column
    indent = line[: len(line) - len(line.lstrip())]
    head = len(line[:start]) + len(fit.code_for(updated.func)) + len(fit.code_for(updated.whitespace_after_func)) + 1
    split = split_at_its_brackets(updated, head=head, tail=len(indent) + 1 + len(line[end:]), indent=len(indent), limit=fit.limit, unit=fit.unit, code_for=fit.code_for)
    if split is None:
        return updated
    parts = fit.code_for(split).split("\n")  # the lines after the first: from the statement's indentation
    widths = [start + len(parts[0]), *(len(indent) + len(part) for part in parts[1:])]
    widths[-1] += len(line[end:])
    return split if max(widths) <= fit.limit else updated


def _enclosing_call(call: cst.Call, fit: LineLimit) -> cst.Call | None:
    """The call ``call`` is an argument of (up to trailers after its ``)``: ``.json()``), when
    that one is the statement's call on one line (what black splits first); else None."""
    node: cst.CSTNode = call
    while True:
        if getattr(node, "lpar", ()):
            return None
        above = fit.parent_of(node)
        if isinstance(above, _CHAINS) or (isinstance(above, cst.Call) and above.func is node and not above.args):
            node = above
        elif isinstance(above, cst.Arg) and above.value is node:
            outer = fit.parent_of(above)
            if not isinstance(outer, cst.Call):
                return None
            position = fit.position_of(outer)
            if position is None or position.start.line != position.end.line:
                return None
            return outer if _opens_its_statement_line(outer, position, fit) else None
        else:
            return None


def split_at_its_brackets(
    call: cst.Call,
    *,
    head: int,
    tail: int,
    indent: int,
    limit: int,
    unit: str,
    code_for: Callable[[cst.CSTNode], str],
    offset: str = "",
) -> cst.Call | None:
    """``call`` split at its own brackets as black splits a line that is too long: its
    arguments on a line of their own, ``unit`` deeper than the call's line's ``indent``
    (columns), or one a line when they do not fit there (or end with a comma); None when the
    line up to ``(`` (``head`` columns) or from ``)`` (``tail``) is itself too long, or the call
    has no arguments. ``offset``: how much deeper than its statement the call's line starts
    (an argument line of an enclosing call)."""
    if not call.args or head > limit or tail > limit:
        return None
    if isinstance(call.args[-1].comma, cst.Comma):  # a trailing comma: black puts one argument a line
        return _exploded(call, _line_break(offset + unit), _line_break(offset))
    hugged = _hugged(call, unit, offset)
    arguments = code_for(hugged).split("\n")[1]  # the line of the arguments, without the statement's indentation
    if indent + len(arguments) - len(offset) <= limit:
        return hugged
    return _exploded(call, _line_break(offset + unit), _line_break(offset)) if _may_end_with_comma(call) else None


def _may_end_with_comma(call: cst.Call) -> bool:
    """Whether a comma after the last argument is valid on every Python: not after ``*args`` or
    ``**kwargs`` (a SyntaxError on Python 2.7 and before 3.6), which black also leaves out."""
    return not call.args[-1].star


def _arguments_line(original: cst.Call, updated: cst.Call, fit: LineLimit) -> cst.Call:
    """``f(`` / ``a, b`` / ``)``: when the added argument takes the line of the arguments past
    the limit, one argument a line."""
    opening = original.whitespace_before_args
    last = original.args[-1] if original.args else None
    if last is None or not isinstance(opening, cst.ParenthesizedWhitespace) or opening.first_line.comment is not None:
        return updated
    closing = last.comma.whitespace_after if isinstance(last.comma, cst.Comma) else last.whitespace_after_arg
    if not isinstance(closing, cst.ParenthesizedWhitespace) or closing.first_line.comment is not None:
        return updated
    first, final = fit.position_of(original.args[0]), fit.position_of(last)
    if first is None or final is None or first.start.line != final.end.line:
        return updated
    line = fit.lines[first.start.line - 1]
    grown = len(_between_brackets(updated, fit)) - len(_between_brackets(original, fit))
    if len(line) > fit.limit or len(line) + grown <= fit.limit or not _may_end_with_comma(updated):
        return updated
    return _exploded(updated, opening, closing)


def _under_the_first_argument(original: cst.Call, updated: cst.Call, position: Any, fit: LineLimit) -> cst.Call:
    """``f(a,`` / ``  b)``, every line after the first starting at the first argument's column
    (PEP 8's alignment with the opening bracket): when the added argument takes the last line
    past the limit, it goes on a line of its own at that column, ``)`` and what follows it with
    it; else ``updated`` unchanged."""
    if len(updated.args) != len(original.args) + 1 or not original.args:
        return updated
    opening, last = original.whitespace_before_args, original.args[-1]
    if not isinstance(opening, cst.SimpleWhitespace) or opening.value or isinstance(last.comma, cst.Comma):
        return updated
    if not isinstance(last.whitespace_after_arg, cst.SimpleWhitespace) or last.whitespace_after_arg.value:
        return updated
    first, final = fit.position_of(original.args[0]), fit.position_of(last)
    statement = _statement_of(original, fit)
    where = fit.position_of(statement) if statement is not None else None
    if first is None or final is None or where is None or first.start.line != position.start.line:
        return updated
    column = first.start.column
    if final.end.line != position.end.line or any(
        len(line) - len(line.lstrip(" ")) != column or not line.strip()
        for line in fit.lines[position.start.line : position.end.line]
    ):
        return updated
    line = fit.lines[position.end.line - 1]
    added = updated.args[-1]
    grown = len(fit.code_for(updated)) - len(fit.code_for(original))
    alone = column + len(fit.code_for(added.with_changes(comma=cst.MaybeSentinel.DEFAULT))) + 1 + len(line[position.end.column :])
    if len(line) > fit.limit or len(line) + grown <= fit.limit or alone > fit.limit:
        return updated
    head = fit.lines[where.start.line - 1]
    indent = len(head) - len(head.lstrip())
    if column < indent:
        return updated
    args = list(updated.args)
    comma = args[-2].comma if isinstance(args[-2].comma, cst.Comma) else cst.Comma()
    args[-2] = args[-2].with_changes(
        comma=comma.with_changes(
            whitespace_before=cst.SimpleWhitespace(""),
            whitespace_after=cst.ParenthesizedWhitespace(indent=True, last_line=cst.SimpleWhitespace(" " * (column - indent))),
        ),
        whitespace_after_arg=cst.SimpleWhitespace(""),
    )
    return updated.with_changes(args=args)


def _statement_of(node: cst.CSTNode, fit: LineLimit) -> cst.CSTNode | None:
    above: cst.CSTNode | None = node
    while above is not None and not isinstance(above, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
        above = fit.parent_of(above)
    return above


def _between_brackets(call: cst.Call, fit: LineLimit) -> str:
    return fit.code_for(call.with_changes(func=cst.Name("f"), whitespace_before_args=cst.SimpleWhitespace("")))


def _argument_line_offset(call: cst.Call, line: str, start: int, end: int, fit: LineLimit) -> str | None:
    """How much deeper than its statement's first line ``line`` starts, when the call spanning
    ``start:end`` of it is all the line holds but attributes read from its result, a comma and
    a comment: an argument an enclosing bracket already has on a line of its own, which black
    splits at this call's own brackets. None for any other line."""
    if line[:start].strip() or _ATTRIBUTES_AND_COMMA.fullmatch(line[end:].split("#", 1)[0].strip()) is None:
        return None
    node = _statement_of(call, fit)
    where = fit.position_of(node) if node is not None else None
    if where is None or where.start.line >= fit.position_of(call).start.line:
        return None
    first = fit.lines[where.start.line - 1]
    base, own = first[: len(first) - len(first.lstrip())], line[:start]
    return own[len(base) :] if own.startswith(base) and len(own) > len(base) else None


def _opens_its_statement_line(call: cst.Call, position: Any, fit: LineLimit) -> bool:
    """``call`` is the statement's expression on the statement's first line, inside no other
    bracket: what black splits at when the line is too long."""
    node: cst.CSTNode = call
    while True:
        if getattr(node, "lpar", ()):
            return False
        above = fit.parent_of(node)
        if isinstance(above, _CHAINS):
            node = above
        elif isinstance(above, cst.Call) and above.func is node and not above.args:
            node = above  # ``.json()``
        elif isinstance(above, _STATEMENTS):
            break
        else:
            return False
    statement = above if isinstance(above, (cst.If, cst.While)) else fit.parent_of(above)
    if isinstance(above, cst.WithItem) and not (isinstance(statement, cst.With) and len(statement.items) == 1):
        return False
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) != 1:
        return False
    where = fit.position_of(statement) if statement is not None else None
    return where is not None and where.start.line == position.start.line


def _line_break(indent: str) -> cst.ParenthesizedWhitespace:
    """A new line at the statement's indentation and ``indent`` more."""
    return cst.ParenthesizedWhitespace(indent=True, last_line=cst.SimpleWhitespace(indent))


def _hugged(call: cst.Call, unit: str, offset: str = "") -> cst.Call:
    args = list(call.args)
    last = args[-1]
    args[-1] = last.with_changes(comma=cst.MaybeSentinel.DEFAULT, whitespace_after_arg=_line_break(offset))
    return call.with_changes(whitespace_before_args=_line_break(offset + unit), args=args)


def _exploded(call: cst.Call, separator: cst.BaseParenthesizableWhitespace, closing: cst.BaseParenthesizableWhitespace) -> cst.Call:
    """One argument a line, each followed by a comma; ``closing`` before ``)``."""
    args = []
    for index, arg in enumerate(call.args):
        after = separator if index < len(call.args) - 1 else closing
        comma = arg.comma if isinstance(arg.comma, cst.Comma) else cst.Comma()
        args.append(
            arg.with_changes(
                comma=comma.with_changes(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=after.deep_clone()),
                whitespace_after_arg=cst.SimpleWhitespace(""),
            )
        )
    return call.with_changes(whitespace_before_args=separator.deep_clone(), args=args)
