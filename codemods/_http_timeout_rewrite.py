"""http-timeout: the rewrite itself — ``timeout=`` appended to calls, a wrapper's
``kwargs.setdefault("timeout", ...)`` put before the statement holding its call, function-local
sessions moved into with-blocks."""

from __future__ import annotations

import libcst as cst

from ._quote_style import preferred_quote
from ._block_unit import unit_within
from ._call_layout import LineLimit, enclosing_laid_out, laid_out, line_limit  # noqa: F401 (line_limit: for http_timeout)
from ._http_timeout_keyword_layout import append_keyword
from ._http_timeout_sessions import Wrap, wrap_statements
from ._http_timeout_wrappers import set_default
from ._moved_lines import block_width, moved_deeper


class Rewriter(cst.CSTTransformer):
    """``timeouts``: ids of the calls given ``timeout=value``; ``blocks``: id of a block -> the
    sessions to wrap there; ``defaults``: id of a block -> (statement index, ``**`` name, id of
    the call it serves) of each ``setdefault`` to put there; ``longer``: id of a call -> the value
    it (or its ``setdefault``) gets instead
    (the project's longer wait for its host: _http_timeout_endpoints); ``fit``: the project's line
    length, which a call that grows keeps (_call_layout), when it sets one; ``quote``: the module's
    string quote, the ``setdefault``'s key is written in (a module in single quotes gets ``'timeout'``)."""

    def __init__(
        self,
        timeouts: set[int],
        blocks: dict[int, list[Wrap]],
        value: cst.BaseExpression | None,
        defaults: dict[int, list[tuple[int, str, int]]] | None = None,
        longer: dict[int, cst.BaseExpression] | None = None,
        fit: LineLimit | None = None,
        quote: str = '"',
        units: tuple[str, str] | None = None,
    ) -> None:
        self.timeouts = timeouts
        self.blocks = blocks
        self.value = value
        self.defaults = defaults or {}
        self.longer = longer or {}
        self.fit = fit
        self.quote = quote
        self.units = units  # the module's default indent and the unit new blocks take (_block_unit)
        self.blocks_in: list[tuple[int, int]] = [(0, 0)]  # (id, column of its statements) of the blocks visited

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.IndentedBlock) and self.fit is not None:
            self.blocks_in.append((id(node), self._column_in(node)))
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):  # type: ignore[override]
        result = super().on_leave(original_node, updated_node)  # leave_IndentedBlock sees its column
        if self.blocks_in[-1][0] == id(original_node):
            self.blocks_in.pop()
        return result

    def _column_in(self, block: cst.IndentedBlock) -> int:
        """The column ``block``'s statements start at (a block left unvisited is not on the stack)."""
        top, column = self.blocks_in[-1]
        return column if top == id(block) else column + block_width(block, self.fit.unit)  # type: ignore[union-attr]

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if id(original_node) in self.timeouts and self.value is not None:
            value = self.longer.get(id(original_node), self.value)
            grown = append_keyword(updated_node, "timeout", value.deep_clone())  # one node per call
            return laid_out(original_node, grown, self.fit) if self.fit is not None else grown
        if self.fit is not None and self.fit.enclosing:  # around a grown call left too long
            return enclosing_laid_out(original_node, updated_node, self.fit)
        return updated_node

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock) -> cst.IndentedBlock:
        wraps = self.blocks.get(id(original_node), [])
        defaults = self.defaults.get(id(original_node), []) if self.value is not None else []
        if not wraps and not defaults:
            return updated_node
        body = list(updated_node.body)
        if defaults:
            before: dict[int, dict[str, int]] = {}
            for index, name, call in defaults:
                before.setdefault(index, {}).setdefault(name, call)
            moved: list[cst.BaseStatement] = []
            position: dict[int, int] = {}
            for index, statement in enumerate(body):
                names = before.get(index, {})
                if names:
                    added = [set_default(name, self.longer.get(call, self.value).deep_clone(), self.quote) for name, call in names.items()]  # type: ignore[union-attr]
                    added[0] = added[0].with_changes(leading_lines=statement.leading_lines)
                    statement = statement.with_changes(leading_lines=[])
                    moved.extend(added)
                position[index] = len(moved)
                moved.append(statement)
            wraps = [Wrap(position[w.start], position[w.end]) for w in wraps]
            body = moved
        if not wraps:
            return updated_node.with_changes(body=body)
        deeper = None
        if self.fit is not None:  # lines the move takes past the project's length: split (_moved_lines)
            fit, column = self.fit, self._column_in(original_node)
            width = len(fit.unit)

            def deeper(statement: cst.BaseStatement, levels: int) -> cst.BaseStatement:
                return moved_deeper(statement, column + levels * width, fit.limit, fit.unit)

        indent = None
        if self.units is not None:
            default, unit = self.units
            unit = unit_within(updated_node.indent, default, unit)
            indent = None if unit == default else unit
        return updated_node.with_changes(body=wrap_statements(body, wraps, deeper, indent=indent))


def quote_of(module: cst.Module, defaults: dict) -> str:
    """The quote a ``setdefault``'s key is written in: the module's (_quote_style.preferred_quote),
    looked up only when there is one to write."""
    return preferred_quote(module) if defaults else '"'
