"""``module.code`` of the trees of one transform, each top-level statement rendered once.

A transform renders several trees of one file: the parsed tree (what byte repair compares
the text with), a tree an earlier codemod changed (for the standard library's AST a later
gate reads), the final tree. Codemods rebuild only what they change, so these trees share
most of their top-level statements (and header and footer lines) with each other. LibCST
renders a module as the concatenation of what each of those nodes renders, in a state that
starts with no indentation (a node's rendering never reads what was rendered before it);
only the module itself looks at the whole: it drops the last newline of a module without a
trailing newline, and writes a lone newline when nothing rendered. ``ModuleCode`` keeps the
rendering of each top-level node, by identity (the node is kept with it, so its ``id`` is
not reused while kept), and renders a module whole in those two cases. The line numbers of
findings are counted in the same renderings (``_positions.Positions``). Each node is rendered
plainly (``_plain_codegen``: the same text as ``code_for_node``, for less).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # LibCST is imported when a file is transformed
    import libcst as cst


class ModuleCode:
    """``code(module)`` == ``module.code``, from the renderings of top-level nodes kept."""

    def __init__(self) -> None:
        self._kept: dict[int, tuple[cst.CSTNode, str]] = {}
        self._style: tuple[str, str] | None = None  # the indentation and newline they were rendered with

    def code(self, module: cst.Module) -> str:
        if not module.has_trailing_newline:  # LibCST drops the last token: rendered whole
            return module.code
        code = "".join([self.rendering(module, node) for nodes in (module.header, module.body, module.footer) for node in nodes])
        return code if code else module.code  # nothing rendered: LibCST's own rule for that

    def rendering(self, module: cst.Module, node: cst.CSTNode) -> str:
        """``module.code_for_node(node)`` of a top-level node of ``module``, kept."""
        style = (module.default_indent, module.default_newline)
        if style != self._style:
            self._kept.clear()
            self._style = style
        known = self._kept.get(id(node))
        if known is None:
            from ._plain_codegen import code_for_node  # (LibCST: imported when a file is transformed)

            known = self._kept[id(node)] = (node, code_for_node(module, node))
        return known[1]
