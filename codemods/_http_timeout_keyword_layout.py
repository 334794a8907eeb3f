"""http-timeout: adding a keyword argument to a call while keeping its layout (``append_keyword``), and a
literal for a number of seconds (``number_node``)."""

from __future__ import annotations

import libcst as cst


def _without_comment(whitespace: cst.ParenthesizedWhitespace) -> cst.ParenthesizedWhitespace:
    return cst.ParenthesizedWhitespace(
        first_line=cst.TrailingWhitespace(),
        empty_lines=[],
        indent=whitespace.indent,
        last_line=whitespace.last_line,
    )


def append_keyword(call: cst.Call, name: str, value: cst.BaseExpression) -> cst.Call:
    """``call`` with ``name=value`` added as its last argument.

    The new argument follows the call's layout: on the same line in a one-line call, on a
    line of its own (indented like the other arguments) when the arguments are one per line,
    and with a trailing comma when the call had one. A lone argument on a line of its own
    between the brackets says nothing of commas: the call becomes one argument a line, and
    gets the comma PEP 8 and black end such a call with. Comments stay where they were.
    A call that spreads a mapping (``**opts``) gets it right before that argument.
    """
    new = cst.Arg(
        value=value,
        keyword=cst.Name(name),
        equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")),
    )
    args = list(call.args)
    if not args:
        return call.with_changes(args=[new])
    spread = next((index for index, arg in enumerate(args) if arg.star == "**"), None)
    if spread is not None:
        return _insert_before_spread(call, args, spread, new)
    last = args[-1]
    trailing_comma = isinstance(last.comma, cst.Comma)
    # the whitespace between the last argument and ")"
    tail = last.comma.whitespace_after if isinstance(last.comma, cst.Comma) else last.whitespace_after_arg
    # the whitespace that separates two arguments in this call
    if len(args) >= 2 and isinstance(args[-2].comma, cst.Comma):
        separator = args[-2].comma.whitespace_after
    else:
        separator = call.whitespace_before_args

    if isinstance(separator, cst.ParenthesizedWhitespace):
        # one argument per line: the new one gets its own line, indented like the others
        if isinstance(tail, cst.ParenthesizedWhitespace):
            join = cst.ParenthesizedWhitespace(
                first_line=tail.first_line,  # a comment after the last argument stays there
                empty_lines=tail.empty_lines,
                indent=separator.indent,
                last_line=separator.last_line,
            )
            closing: cst.BaseParenthesizableWhitespace = _without_comment(tail)
            trailing_comma = trailing_comma or len(args) == 1
        else:
            join = _without_comment(separator)
            closing = tail
    elif isinstance(tail, cst.ParenthesizedWhitespace) and tail.first_line.comment is None:
        # ``f(`` + newline + ``a, b`` + newline + ``)``: the new argument joins the line of the others
        join = cst.SimpleWhitespace(" ")
        closing = tail
    elif isinstance(tail, cst.ParenthesizedWhitespace):
        # ``f(a, b  # note`` + newline + ``)``: keep the comment after ``b``
        join = cst.ParenthesizedWhitespace(
            first_line=tail.first_line,
            empty_lines=tail.empty_lines,
            indent=tail.indent,
            last_line=cst.SimpleWhitespace(tail.last_line.value + "    "),
        )
        closing = _without_comment(tail)
    else:
        join = cst.SimpleWhitespace(" ")
        closing = tail
    # copies: parts of ``separator`` and ``tail`` stay where they are, and a node object that
    # occurs twice in a tree costs the next codemod's metadata a deep copy of the whole tree
    join, closing = join.deep_clone(), closing.deep_clone()

    if trailing_comma:
        if not isinstance(last.comma, cst.Comma):  # a lone argument's: it gets one
            last = last.with_changes(comma=cst.Comma(), whitespace_after_arg=cst.SimpleWhitespace(""))
        assert isinstance(last.comma, cst.Comma)
        args[-1] = last.with_changes(comma=last.comma.with_changes(whitespace_after=join))
        new = new.with_changes(comma=cst.Comma(whitespace_after=closing))
    else:
        args[-1] = last.with_changes(
            comma=cst.Comma(whitespace_after=join), whitespace_after_arg=cst.SimpleWhitespace("")
        )
        new = new.with_changes(whitespace_after_arg=closing)
    args.append(new)
    return call.with_changes(args=args)


def _insert_before_spread(call: cst.Call, args: list[cst.Arg], spread: int, new: cst.Arg) -> cst.Call:
    """``call`` with ``new`` right before its ``**`` argument (Python 2 takes no keyword after
    one), separated from it as the arguments before it are, comments left where they were."""
    separator = args[spread - 1].comma.whitespace_after if spread and isinstance(args[spread - 1].comma, cst.Comma) else call.whitespace_before_args
    if isinstance(separator, cst.ParenthesizedWhitespace):
        separator = _without_comment(separator)
    elif not isinstance(separator, cst.SimpleWhitespace) or not separator.value:
        separator = cst.SimpleWhitespace(" ")
    new = new.with_changes(comma=cst.Comma(whitespace_after=separator.deep_clone()))
    return call.with_changes(args=[*args[:spread], new, *args[spread:]])


def number_node(value: float) -> cst.BaseExpression:
    """A literal for ``value``: ``10`` for 10 or 10.0, ``2.5`` for 2.5."""
    number = float(value)
    if number.is_integer():
        return cst.Integer(str(int(number)))
    return cst.Float(repr(number))
