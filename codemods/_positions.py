"""LibCST's PositionProvider mapping, from one plain rendering of the tree, when first asked.

LibCST computes positions by rendering the whole tree with a state that splits every token
on line breaks and builds a ``CodeRange`` for every node: measured on the real-world corpus,
about nine plain renderings. Codemods ask for the lines of a few nodes (their findings, an
order of uses). ``Positions`` renders the tree once, plainly, noting for every node only the
indexes of the tokens where LibCST's position state would take its start and end (the same
rules: a node's syntactic position when it records one, hoisted from the child it names,
else the span of its rendering); the line and column of a node are counted in the rendered
text when that node is looked up. The values are LibCST's own (tests/codemods/
test_metadata.py compares every node on real code, line breaks of every kind included).
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import contextmanager
from itertools import accumulate
from typing import Any, Iterator

import libcst as cst
from libcst.metadata import CodePosition, CodeRange, PositionProvider
from libcst._nodes.internal import CodegenState


class _Recording(CodegenState):
    """A plain rendering that notes, per node, the token indexes of its start and end."""

    def __init__(self, module: cst.Module) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.spans: dict[int, tuple[cst.CSTNode, int, int]] = {}
        self.starts: list[int] = []

    def pop_trailing_newline(self) -> None:
        """Kept: LibCST's position state has counted that newline (it never takes it back)."""

    def before_codegen(self, node: cst.CSTNode) -> None:
        self.starts.append(len(self.tokens))

    def after_codegen(self, node: cst.CSTNode) -> None:
        start = self.starts.pop()
        if id(node) not in self.spans:  # a syntactic position recorded inside wins
            self.spans[id(node)] = (node, start, len(self.tokens))

    @contextmanager
    def record_syntactic_position(self, node: cst.CSTNode, *, start_node: Any = None, end_node: Any = None) -> Iterator[None]:
        start = len(self.tokens)
        try:
            yield
        finally:
            end = len(self.tokens)
            spans = self.spans
            if start_node is not None:
                start = spans[id(start_node)][1]
            if end_node is not None:
                end = spans[id(end_node)][2]
            spans[id(node)] = (node, start, end)


class Positions(Mapping):
    """node -> CodeRange, as LibCST's PositionProvider, for every node of ``module``."""

    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self._spans: dict[int, tuple[cst.CSTNode, int, int]] | None = None
        self._known: dict[int, tuple[cst.CSTNode, CodeRange]] = {}
        self._text = ""
        self._offsets: list[int] = []
        self._split_breaks: list[int] = []

    @property
    def rendered(self) -> bool:
        """Whether the tree has been rendered yet (it is, on the first lookup)."""
        return self._spans is not None

    def _computed(self) -> dict[int, tuple[cst.CSTNode, int, int]]:
        if self._spans is None:
            state = _Recording(self.module)
            self.module._codegen(state)
            tokens = state.tokens
            self._text = text = "".join(tokens)
            self._offsets = offsets = [0, *accumulate(map(len, tokens))]
            if "\r" in text:  # "\r" ending one token, "\n" starting the next: LibCST reads
                # tokens one by one and counts two line breaks, the joined text has one
                self._split_breaks = [
                    offsets[i + 1] for i in range(len(tokens) - 1) if tokens[i].endswith("\r") and tokens[i + 1].startswith("\n")
                ]
            self._spans = state.spans
        return self._spans

    def code(self) -> str:
        """``module.code``, from the same rendering (which keeps the newline LibCST drops at
        the end of a module that has none)."""
        self._computed()
        offsets = self._offsets
        if not self.module.has_trailing_newline and len(offsets) > 1:
            return self._text[: offsets[-2]]
        return self._text

    def _position(self, index: int) -> CodePosition:
        offset = self._offsets[index]
        text = self._text
        breaks = text.count("\n", 0, offset) + text.count("\r", 0, offset) - text.count("\r\n", 0, offset)
        breaks += sum(1 for at in self._split_breaks if at < offset)
        line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
        return CodePosition(1 + breaks, offset - line_start)

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        known = self._known.get(id(node))
        if known is not None and known[0] is node:
            return known[1]
        span = self._computed().get(id(node))
        if span is None or span[0] is not node:
            raise KeyError(node)
        value = CodeRange(self._position(span[1]), self._position(span[2]))
        self._known[id(node)] = (node, value)
        return value

    def __contains__(self, node: object) -> bool:
        span = self._computed().get(id(node))
        return span is not None and span[0] is node

    def __iter__(self) -> Iterator[cst.CSTNode]:
        return (span[0] for span in self._computed().values())

    def __len__(self) -> int:
        return len(self._computed())


def known_code(wrapper: Any) -> str | None:
    """``wrapper.module.code`` when its positions were rendered already (then it costs
    nothing), else None."""
    positions = wrapper._metadata.get(PositionProvider)
    if isinstance(positions, Positions) and positions.module is wrapper.module and positions.rendered:
        return positions.code()
    return None


def rendered_code(wrapper: Any) -> str:
    """``wrapper.module.code``, from the rendering its positions come from: one rendering
    for both, when the codemod asks for line numbers too."""
    positions = wrapper._metadata.get(PositionProvider)
    if isinstance(positions, Positions) and positions.module is wrapper.module:
        return positions.code()
    return wrapper.module.code
