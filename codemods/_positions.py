"""LibCST's PositionProvider mapping, computed for the nodes asked about, when asked.

LibCST computes positions by rendering the whole tree with a state that splits every token
on line breaks and builds a ``CodeRange`` for every node: measured on the real-world corpus,
about nine plain renderings. Codemods ask for the lines of a few nodes (their findings, an
order of uses), mostly of big modules. ``Positions`` renders plainly, noting for every node
only the indexes of the tokens where LibCST's position state would take its start and end
(the same rules: a node's syntactic position when it records one, hoisted from the child it
names, else the span of its rendering); the line and column of a node are counted in the
rendered text when that node is looked up.

What is rendered is what a lookup needs. A statement of a ``body`` (of the module or of an
indented block) starts at the start of a line and its rendering ends with a line break; a
node's rendering reads nothing of what was rendered before it but the indentation
(``state.indent_tokens``). So the positions of the nodes of such a statement are those of its
rendering alone, with that indentation, moved down to the line it starts on. When the tree's
parents are known (``ParentNodeProvider`` resolved on the wrapper), a lookup renders the
innermost such statement that holds the node (its spans kept for the next lookups). The line
a top-level statement starts on is counted in the renderings of the top-level nodes before
it, which come from and stay in the transform's ``ModuleCode`` (the engine renders the final
tree from them; they make ``code()`` too); the line a statement of an indented block starts
on, in a rendering of the statement holding the block stopped at the block's first statement
(which gives the indentation too), then in the statements before it (``_BlockLines``). The
whole tree is rendered (``whole``) for the module itself, a node of its header or footer, or
when the parents are not known. The values are LibCST's own (tests/codemods/
test_positions.py and test_metadata.py compare every node on real code, line breaks of every
kind and rewritten trees included).
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import contextmanager
from itertools import accumulate
from typing import Any, Iterator

import libcst as cst
from libcst.metadata import CodePosition, CodeRange, ParentNodeProvider, PositionProvider
from libcst._nodes.internal import CodegenState

from ._module_code import ModuleCode
from ._plain_codegen import PlainState, plain_state


class _Recording(CodegenState):
    """A plain rendering that notes, per node, the token indexes of its start and end."""

    def __init__(self, module: cst.Module, indent_tokens: list[str] | None = None) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        if indent_tokens:
            self.indent_tokens = indent_tokens
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


class _Reached(Exception):
    """A plain rendering got to the node it was to stop at."""


class _UpTo(PlainState):
    """A plain rendering that stops where ``node`` starts (its tokens are what comes before)."""

    def __init__(self, module: cst.Module, node: cst.CSTNode, indent_tokens: list[str] | None) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        if indent_tokens:
            self.indent_tokens = list(indent_tokens)
        self.node = node
        self.reached: tuple[list[str], list[str]] | None = None  # the tokens and indentation then

    def before_codegen(self, node: cst.CSTNode) -> None:
        if node is self.node:
            self.reached = (self.tokens[:], self.indent_tokens[:])
            raise _Reached


def _breaks(tokens: list[str], text: str) -> int:
    """The line breaks LibCST's position state counts in ``tokens`` (joined: ``text``): it
    reads them one by one, so a "\\r" ending one token and a "\\n" starting the next are two."""
    if "\r" not in text:
        return text.count("\n")
    return sum(token.count("\n") + token.count("\r") - token.count("\r\n") for token in tokens)


class _Rendering:
    """The recorded rendering of one node, which starts at ``line``, ``column``."""

    def __init__(self, state: _Recording, line: int, column: int) -> None:
        tokens = state.tokens
        self.spans = state.spans
        self.line, self.column = line, column
        self.text = text = "".join(tokens)
        self.offsets = offsets = [0, *accumulate(map(len, tokens))]
        self.split_breaks: list[int] = []
        if "\r" in text:  # "\r" ending one token, "\n" starting the next (empty ones between):
            # LibCST reads tokens one by one and counts two line breaks, the joined text one
            after_cr = False
            for index, token in enumerate(tokens):
                if token:
                    if after_cr and token[0] == "\n":
                        self.split_breaks.append(offsets[index])
                    after_cr = token[-1] == "\r"

    def position(self, index: int) -> CodePosition:
        offset = self.offsets[index]
        text = self.text
        breaks = text.count("\n", 0, offset) + text.count("\r", 0, offset) - text.count("\r\n", 0, offset)
        breaks += sum(1 for at in self.split_breaks if at < offset)
        if not breaks:
            return CodePosition(self.line, self.column + offset)
        line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
        return CodePosition(self.line + breaks, offset - line_start)

    def range(self, span: tuple[cst.CSTNode, int, int]) -> CodeRange:
        return CodeRange(self.position(span[1]), self.position(span[2]))


def _next_line(lines: list[int], tokens: list[str], text: str) -> None:
    """Append to ``lines`` (where each node of a body starts; 0: unknown) where the node
    after the one rendered as ``tokens`` (joined: ``text``) starts."""
    lines.append(lines[-1] + _breaks(tokens, text) if lines[-1] and text.endswith(("\n", "\r")) else 0)


class _BlockLines:
    """Where the statements of an indented block start (each at column 0), and with which
    indentation they are rendered: the first from a rendering of ``owner`` (the statement of
    a body that holds the block, starting on ``line`` with ``indent_tokens``) stopped there,
    each next one from the line breaks of the one before (rendered plainly, when needed)."""

    def __init__(self, module: cst.Module, owner: cst.CSTNode, line: int, indent_tokens: list[str] | None, block: cst.IndentedBlock) -> None:
        self.module = module
        self.body = block.body
        self.index = {id(statement): i for i, statement in enumerate(block.body)}
        before = _UpTo(module, block.body[0], indent_tokens)
        try:
            owner._codegen(before)
        except _Reached:
            pass
        self.lines, self.indent_tokens = [0], indent_tokens
        if before.reached is not None:
            tokens, self.indent_tokens = before.reached
            text = "".join(tokens)
            self.lines = [line + _breaks(tokens, text) if text.endswith(("\n", "\r")) else 0]

    def start_of(self, statement: cst.CSTNode) -> int | None:
        index, lines = self.index[id(statement)], self.lines
        while len(lines) <= index and lines[-1]:
            state = plain_state(self.module)
            self.body[len(lines) - 1]._codegen(state)
            _next_line(lines, state.tokens, "".join(state.tokens))
        return lines[index] if len(lines) > index and lines[index] else None


class Positions(Mapping):
    """node -> CodeRange, as LibCST's PositionProvider, for every node of ``module``;
    ``metadata``: the wrapper's resolved metadata, where its parents are found once resolved."""

    def __init__(self, module: cst.Module, metadata: Mapping[Any, Any] | None = None, renderings: ModuleCode | None = None) -> None:
        self.module = module
        self._metadata = metadata
        self._renderings = renderings
        self._whole: _Rendering | None = None
        self._known: dict[int, tuple[cst.CSTNode, CodeRange]] = {}
        self._found: dict[int, _Rendering] = {}  # id(node) -> the statement rendering it is in
        self._pieces: list[str] = []  # the renderings of the module's top-level nodes, in order
        self._lines: list[int] = [1]  # _lines[i]: the line the i-th top-level node starts on
        self._top: dict[int, int] | None = None  # id(top-level statement) -> its index
        self._blocks: dict[int, _BlockLines] = {}  # by id(block): the renderings keep the blocks
        self._coded = False  # code() was asked for

    @property
    def rendered(self) -> bool:
        """Whether anything of the tree has been rendered yet (it is, on the first lookup)."""
        return self._whole is not None or bool(self._pieces) or self._coded

    def whole(self) -> _Rendering:
        """The recorded rendering of the whole tree (rendered on the first call)."""
        if self._whole is None:
            state = _Recording(self.module)
            self.module._codegen(state)
            self._whole = _Rendering(state, 1, 0)
        return self._whole

    def _top_nodes(self) -> list[cst.CSTNode]:
        module = self.module
        return [*module.header, *module.body, *module.footer]

    def _start_of(self, index: int) -> int | None:
        """The line the ``index``-th top-level node starts on (column 0); None when a node
        before it does not end with a line break."""
        pieces, lines, nodes = self._pieces, self._lines, None
        while len(pieces) < index:
            nodes = nodes or self._top_nodes()
            node = nodes[len(pieces)]
            if self._renderings is not None:
                self._add_piece(node, None, self._renderings.rendering(self.module, node))
            else:
                state = plain_state(self.module)
                node._codegen(state)
                self._add_piece(node, state.tokens, "".join(state.tokens))
        return lines[index] or None

    def _add_piece(self, node: cst.CSTNode, tokens: list[str] | None, text: str) -> None:
        """Keep the rendering of the next top-level node (``text``: its ``tokens`` joined)."""
        if tokens is None and "\r" in text:  # the tokens count then (see _breaks)
            state = plain_state(self.module)
            node._codegen(state)
            tokens = state.tokens
        self._pieces.append(text)
        _next_line(self._lines, tokens or [], text)

    def code(self) -> str:
        """``module.code``; from the top-level nodes' renderings kept for line numbers."""
        module, whole = self.module, self._whole
        self._coded = True
        if whole is not None:  # (which keeps the newline LibCST drops at the end of a module without one)
            return whole.text[: whole.offsets[-2]] if not module.has_trailing_newline and len(whole.offsets) > 1 else whole.text
        if not module.has_trailing_newline:  # LibCST drops the last token: rendered whole
            return module.code
        self._start_of(len(self._top_nodes()))
        return "".join(self._pieces) or module.code  # nothing rendered: LibCST's own rule for that

    def _statement_rendering(self, node: cst.CSTNode) -> _Rendering | None:
        """The rendering of the innermost statement of a body that holds ``node``, noted for
        every node in it; None when the whole tree is to be rendered instead."""
        parents = self._metadata.get(ParentNodeProvider) if self._metadata is not None else None
        module = self.module
        if parents is None or node is module:
            return None
        path = []  # (statement, the indented block it is in), innermost first
        child, parent = node, parents.get(node)
        while parent is not None and parent is not module:
            if type(parent) is cst.IndentedBlock and isinstance(child, cst.BaseStatement):
                path.append((child, parent))
            child, parent = parent, parents.get(parent)
        if parent is None:
            raise KeyError(node)  # not a node of this tree
        if self._top is None:
            self._top = {id(s): i for i, s in enumerate(module.body)}
        index = self._top.get(id(child))
        if index is None or not isinstance(child, cst.BaseStatement):
            return None  # in the module's header or footer
        statement, line, indent_tokens = child, self._start_of(len(module.header) + index), None
        for inner, block in reversed(path):
            if line is None:
                return None
            lines = self._blocks.get(id(block))
            if lines is None:
                lines = self._blocks[id(block)] = _BlockLines(module, statement, line, indent_tokens, block)
            statement, line, indent_tokens = inner, lines.start_of(inner), lines.indent_tokens
        if line is None:
            return None
        state = _Recording(module, indent_tokens)
        statement._codegen(state)
        rendering = _Rendering(state, line, 0)
        if statement is child and len(self._pieces) == len(module.header) + index:  # the next piece
            self._add_piece(child, state.tokens, rendering.text)
        found = self._found
        for key in state.spans:
            found.setdefault(key, rendering)
        return rendering

    def _span(self, node: cst.CSTNode) -> tuple[tuple[cst.CSTNode, int, int] | None, _Rendering]:
        # (the renderings keep their nodes: an id noted in them is no other live node's)
        rendering = self._whole or self._found.get(id(node)) or self._statement_rendering(node) or self.whole()
        return rendering.spans.get(id(node)), rendering

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        known = self._known.get(id(node))
        if known is not None and known[0] is node:
            return known[1]
        span, rendering = self._span(node)
        if span is None or span[0] is not node:
            raise KeyError(node)
        value = rendering.range(span)
        self._known[id(node)] = (node, value)
        return value

    def __contains__(self, node: object) -> bool:
        try:
            self[node]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[cst.CSTNode]:
        return (span[0] for span in self.whole().spans.values())

    def __len__(self) -> int:
        return len(self.whole().spans)


def known_code(wrapper: Any) -> str | None:
    """``wrapper.module.code`` when its positions rendered every top-level node already
    (then it costs nothing), else None."""
    positions = wrapper._metadata.get(PositionProvider)
    if isinstance(positions, Positions) and positions.module is wrapper.module:
        whole, module = positions._whole, positions.module
        if whole is not None or module.has_trailing_newline and len(positions._pieces) == len(positions._top_nodes()):
            return positions.code()
    return None


def rendered_code(wrapper: Any) -> str:
    """``wrapper.module.code``, from the renderings its positions count lines in: one
    rendering for both, when the codemod asks for line numbers too."""
    positions = wrapper._metadata.get(PositionProvider)
    if isinstance(positions, Positions) and positions.module is wrapper.module:
        return positions.code()
    return wrapper.module.code
