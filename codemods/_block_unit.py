"""The indentation of a block a codemod makes: the step most of the module's blocks take.

LibCST's ``Module.default_indent`` is the indentation of the module's first block, and a
block whose ``indent`` is ``None`` renders with it. A module may open with a one-off block
(a ``try:`` whose import is three spaces in) and indent everything else by four: a new block
indented by the first block's unit then reads like nothing else in the file. ``block_unit``
counts the unit of every block (the statements' bodies, not expressions) and returns the most
common one; on a tie, or without blocks, LibCST's default.
"""

from __future__ import annotations

from collections import Counter

import libcst as cst

from ._node_fields import child_nodes

# the nodes between a compound statement and its blocks (an elif, an else, a handler ...)
_CLAUSES = (cst.If, cst.Else, cst.ExceptHandler, cst.ExceptStarHandler, cst.Finally, cst.MatchCase)
_BLOCKS = (cst.IndentedBlock, *_CLAUSES)
# node type -> whether it is a compound statement or a clause (isinstance against LibCST's
# abstract classes is a Python call per class: asked once per type)
_HOLDS_BLOCKS: dict[type, bool] = {}


def block_unit(module: cst.Module) -> str:
    counts: Counter[str] = Counter()
    pending: list[cst.CSTNode] = list(module.body)
    holds_blocks = _HOLDS_BLOCKS
    while pending:
        node = pending.pop()
        if isinstance(node, cst.IndentedBlock):
            counts[module.default_indent if node.indent is None else node.indent] += 1
            pending.extend(node.body)
            continue
        kind = type(node)
        holds = holds_blocks.get(kind)
        if holds is None:
            holds = holds_blocks[kind] = issubclass(kind, cst.BaseCompoundStatement) or issubclass(kind, _CLAUSES)
        if holds:
            pending.extend(child for child in child_nodes(node) if isinstance(child, _BLOCKS))
    if not counts:
        return module.default_indent
    best = max(counts.values())
    if counts[module.default_indent] == best:
        return module.default_indent
    return next(unit for unit, count in counts.most_common() if count == best)


def block_indent(module: cst.Module) -> str | None:
    """The ``indent`` of a new ``IndentedBlock``: ``None`` (the module's default) where that
    is the unit most blocks take, else that unit."""
    unit = block_unit(module)
    return None if unit == module.default_indent else unit


def unit_within(indent: str | None, default: str, unit: str) -> str:
    """The unit of a block made inside a block whose ``indent`` is ``indent`` (``None``: the
    module's ``default``): the module's ``unit``, unless that block is indented with the other
    kind (tabs where the unit is spaces, or the reverse), whose own unit it then takes."""
    own = default if indent is None else indent
    return own if ("\t" in own) != ("\t" in unit) else unit


class _Explicit(cst.CSTTransformer):
    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock) -> cst.IndentedBlock:
        return updated_node.with_changes(indent=self.unit) if updated_node.indent is None else updated_node


def in_unit(node: cst.CSTNode, unit: str, default: str) -> cst.CSTNode:
    """``node``, parsed from text whose blocks are indented by ``unit``, rendered so in a module
    whose default is ``default``: LibCST parses a text's blocks relative to the text's own first
    one (``indent=None``), which the module would render with its default."""
    return node if unit == default else node.visit(_Explicit(unit))
