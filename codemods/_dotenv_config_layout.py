"""dotenv-config: a read from the environment laid out within the project's line length.

A moved value becomes a longer read (``os.environ.get("KEY", <literal>)``, converted back to
its type). Where the project sets a line length (``_line_length``: black, flake8, ruff ...) and
the statement's line kept it, a read that takes the line past it is split as black splits it,
so the project's formatter and linter still pass (newspipe's pre-commit runs black at 88):

- ``KEY = os.environ.get(...)`` and a method chain on it (``.lower() in (...)``,
  ``.split(",")``): at the brackets of the first call, ``os.environ.get(`` / its arguments /
  ``).lower() in ("1", "true", "yes", "on")``;
- ``KEY = int(os.environ.get(...))`` (``float``, ``tuple``): at the conversion's brackets.

The arguments go on a line of their own, or one a line where they do not fit there
(``_call_layout.split_at_its_brackets``). Only an assignment alone on its line, the read its
whole value; a line already past the length, a value inside other brackets (a dict, a call's
argument) and a read with nothing to split (``os.environ["KEY"]``) keep the rewrite's one
line.
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from ._base import Context
from ._call_layout import LineLimit, line_limit, split_at_its_brackets


def laid_out_reads(wrapper: Any, ctx: Context, replacements: dict[cst.CSTNode, cst.BaseExpression]) -> dict[cst.CSTNode, cst.BaseExpression]:
    """``replacements`` (moved literal -> its read) with each read that would take its line
    past the project's line length split as black splits it; the same mapping when the project
    sets no length."""
    fit = line_limit(wrapper, ctx)
    if fit is None:
        return replacements
    return {original: _laid_out(original, read, fit) for original, read in replacements.items()}


def _laid_out(original: cst.CSTNode, read: cst.BaseExpression, fit: LineLimit) -> cst.BaseExpression:
    statement = fit.parent_of(original)
    if not isinstance(statement, (cst.Assign, cst.AnnAssign)) or statement.value is not original:
        return read
    where, value = fit.position_of(statement), fit.position_of(original)
    if where is None or value is None or where.start.line != where.end.line:
        return read
    line = fit.lines[where.start.line - 1]
    start, end = value.start.column, value.end.column
    if len(line) > fit.limit or line[end:].strip() or ";" in line[: where.start.column]:
        return read  # already too long; or a comment, another statement after it
    if line[: where.start.column].strip():
        return read  # another statement before it on the line
    code = fit.code_for(read)
    if start + len(code) <= fit.limit:
        return read
    target = _split_call(read)
    if target is None or fit.code_for(target) != code[: len(fit.code_for(target))]:
        return read  # the call to split must open the read
    indent = len(line) - len(line.lstrip())
    head = start + len(fit.code_for(target.func)) + len(fit.code_for(target.whitespace_after_func)) + 1
    tail = indent + len(code) - len(fit.code_for(target)) + 1
    split = split_at_its_brackets(target, head=head, tail=tail, indent=indent, limit=fit.limit, unit=fit.unit, code_for=fit.code_for)
    if split is None:
        return read
    return split if target is read else read.deep_replace(target, split)  # type: ignore[return-value]


def _split_call(read: cst.BaseExpression) -> cst.Call | None:
    """The call black splits first in ``read``: a conversion's (``int(...)``), else the first
    call of the chain that opens it (``os.environ.get(...)`` of ``os.environ.get(...).lower()
    in (...)``)."""
    node = read.left if isinstance(read, cst.Comparison) else read
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name):
        return node
    while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and isinstance(node.func.value, cst.Call):
        node = node.func.value
    return node if isinstance(node, cst.Call) else None
