"""Edits keyed by the identity of nodes of the original tree, applied in one pass.

A codemod that has analysed a tree (with metadata, so on the very nodes of that tree)
records what to change as ``NodeEdits``: replace a node by another (or by what a function
makes of it once the edits inside it are made), remove it (statements, import names, call
arguments, dict elements), replace a statement of a module or block body by others in place,
insert statements before or after one, add imports. ``apply_edits`` makes all of them with
one transformer. Removing items keeps the commas right (``from flask import Flask, _x`` minus
``_x`` is ``from flask import Flask``; a parenthesised list keeps its line breaks and the
comment of the item that becomes the last); an import left with no names, and a block left
with no statements, are handled (the import goes, the block gets ``pass``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence, Union

import libcst as cst

from ._block_unit import block_unit, in_unit
from ._import_style import straight_imports_first
from ._imports import add_imports, is_docstring_line  # noqa: F401 (is_docstring_line: for the codemods)
from ._targeted_visit import visit_toward

REMOVE = cst.RemovalSentinel.REMOVE

Rebuild = Callable[[cst.CSTNode], cst.CSTNode]  # the updated node (edits inside it made) -> its replacement
Replacement = Union[cst.CSTNode, cst.RemovalSentinel, Rebuild]


@dataclass
class NodeEdits:
    replace: dict[int, Replacement] = field(default_factory=dict)
    before: dict[int, list[cst.BaseStatement]] = field(default_factory=dict)
    after: dict[int, list[cst.BaseStatement]] = field(default_factory=dict)
    statements: dict[int, list[cst.BaseStatement]] = field(default_factory=dict)  # replaced in place
    imports: list[tuple[str, str | None]] = field(default_factory=list)
    # an import's place: the module of the import line it came from (add_imports' ``beside``)
    import_places: dict[tuple[str, str | None], str] = field(default_factory=dict)

    def replace_node(self, node: cst.CSTNode, new: cst.CSTNode) -> None:
        self.replace[id(node)] = new

    def rebuild(self, node: cst.CSTNode, build: Rebuild) -> None:
        """Replace ``node`` by ``build(updated)``, ``updated`` being the node with the edits
        planned inside it made (a call whose argument is renamed, then wrapped)."""
        self.replace[id(node)] = build

    def remove(self, node: cst.CSTNode) -> None:
        self.replace[id(node)] = REMOVE

    def replace_statement(self, statement: cst.CSTNode, new: Iterable[cst.BaseStatement]) -> None:
        """Put ``new`` where ``statement`` (of a module or block body) stands. The comment
        lines above it go above the first new statement, and a simple statement's end-of-line
        comment stays on its line. With nothing new, the statement goes and its comment lines
        stay, above what follows (or at the end of the block)."""
        self.statements[id(statement)] = list(new)

    def insert_before(self, statement: cst.CSTNode, new: Iterable[cst.BaseStatement]) -> None:
        self.before.setdefault(id(statement), []).extend(new)

    def insert_after(self, statement: cst.CSTNode, new: Iterable[cst.BaseStatement]) -> None:
        self.after.setdefault(id(statement), []).extend(new)

    def add_import(self, module: str, name: str | None = None, beside: str | None = None) -> None:
        """Import ``name`` from ``module`` (``module`` itself when None); ``beside``: the module
        of the import line it came from, whose group the new line joins."""
        if (module, name) not in self.imports:
            self.imports.append((module, name))
        if beside is not None:
            self.import_places.setdefault((module, name), beside)

    @property
    def empty(self) -> bool:
        return not (self.replace or self.before or self.after or self.statements or self.imports)


class EditPlanner:
    """What planners of edits share: the wrapper (metadata resolved), the context, the edits
    they record, and the parent of a node."""

    def __init__(self, wrapper, ctx, edits: NodeEdits) -> None:
        self.wrapper = wrapper
        self.ctx = ctx
        self.edits = edits
        self.module: cst.Module = wrapper.module

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        from libcst.metadata import ParentNodeProvider

        from ._base import metadata_value

        return metadata_value(self.wrapper, ParentNodeProvider, node)

    def is_within(self, node: cst.CSTNode, ancestor: cst.CSTNode) -> bool:
        return is_within(self.wrapper, node, ancestor)

    def result(self, original: cst.Module) -> cst.Module:
        """``original`` itself when nothing was planned, else the planned module."""
        return original if self.edits.empty else apply_edits(self.wrapper, self.edits, self.ctx)

    @classmethod
    def transformed(cls, module: cst.Module, ctx, metadata, *arguments) -> cst.Module:
        """``module`` after a new planner of this class plans it: ``plan(*arguments)`` over
        its wrapper (``metadata`` resolved); ``module`` itself when nothing was planned."""
        planner = cls(ctx.metadata(module, metadata), ctx, NodeEdits())
        planner.plan(*arguments)  # type: ignore[attr-defined]
        return planner.result(module)


def is_within(wrapper, node: cst.CSTNode | None, ancestor: cst.CSTNode) -> bool:
    """Whether ``node`` is ``ancestor`` or below it (the wrapper resolves ParentNodeProvider)."""
    from libcst.metadata import ParentNodeProvider

    from ._base import metadata_value

    while node is not None:
        if node is ancestor:
            return True
        node = metadata_value(wrapper, ParentNodeProvider, node)
    return False


def parse_statements(module: cst.Module, text: str) -> list[cst.BaseStatement]:
    """``text`` (statements written with ``\\n`` and four-space indents) parsed in ``module``'s
    style: its newline and the indent most of its blocks take (_block_unit)."""
    unit = block_unit(module)
    lines = []
    for line in text.rstrip("\n").split("\n"):
        stripped = line.lstrip(" ")
        depth = (len(line) - len(stripped)) // 4
        lines.append(unit * depth + stripped)
    newline = module.default_newline
    parsed = cst.parse_module(newline.join(lines) + newline, config=module.config_for_parsing)
    return [in_unit(statement, unit, module.default_indent) for statement in parsed.body]  # type: ignore[misc]


def without_removed(original: Sequence[cst.CSTNode], updated: Sequence[cst.CSTNode]) -> list[cst.CSTNode]:
    """``updated`` (what is left of the items ``original``: import names, arguments, dict
    elements) with the comma of its last item as the original last item had it."""
    items = list(updated)
    if items and len(items) < len(original):
        items[-1] = items[-1].with_changes(comma=last_comma(items[-1].comma, original[-1].comma))
    return items


def last_comma(own: cst.Comma | cst.MaybeSentinel, old_last: cst.Comma | cst.MaybeSentinel) -> cst.Comma | cst.MaybeSentinel:
    """The comma of an item that becomes the last one: the old last item's layout (a
    trailing comma or none, the line break before the closing bracket), with the item's own
    end-of-line comment rather than the old last one's."""
    own_line = own.whitespace_after.first_line if _breaks_line(own) else None  # type: ignore[union-attr]
    if _breaks_line(old_last):
        after = old_last.whitespace_after  # type: ignore[union-attr]
        first = own_line if own_line is not None else cst.TrailingWhitespace()
        return old_last.with_changes(whitespace_after=after.with_changes(first_line=first))  # type: ignore[union-attr]
    if own_line is not None and own_line.comment is not None:
        return own  # a trailing comma keeps the comment on its line
    return old_last


def _breaks_line(comma: cst.Comma | cst.MaybeSentinel) -> bool:
    return isinstance(comma, cst.Comma) and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace)


def line_break_taken(items: list, closing: cst.BaseParenthesizableWhitespace) -> tuple[list, cst.BaseParenthesizableWhitespace]:
    """``(items, closing)`` where the last item's comma ends its line (it keeps the item's
    end-of-line comment there) and the closing bracket's whitespace ``closing`` starts a line
    of its own too: the comma takes over the bracket's line (its indentation), and the
    bracket's whitespace is empty; unchanged otherwise."""
    last = items[-1] if items else None
    comma = getattr(last, "comma", cst.MaybeSentinel.DEFAULT)
    if not (_breaks_line(comma) and isinstance(closing, cst.ParenthesizedWhitespace)):
        return items, closing
    after = comma.whitespace_after
    kept = [line for line in after.empty_lines if line.comment is not None]
    comma = comma.with_changes(
        whitespace_after=after.with_changes(empty_lines=kept, indent=closing.indent, last_line=closing.last_line)
    )
    return [*items[:-1], last.with_changes(comma=comma)], cst.SimpleWhitespace("")


def import_left(original: cst.Import | cst.ImportFrom, names: Sequence[cst.ImportAlias]) -> cst.Import | cst.ImportFrom:
    """``original`` with only ``names`` (what is left of its names, in order): the last one's
    comma as the old last one had it, and a closing parenthesis on its own line kept there."""
    assert not isinstance(original.names, cst.ImportStar)
    left = without_removed(original.names, names)
    if len(left) < len(original.names) and isinstance(original, cst.ImportFrom) and original.rpar is not None:
        left, closing = line_break_taken(left, original.rpar.whitespace_before)
        return original.with_changes(names=left, rpar=original.rpar.with_changes(whitespace_before=closing))
    return original.with_changes(names=left)


class _Applier(cst.CSTTransformer):
    def __init__(self, edits: NodeEdits) -> None:
        self.edits = edits
        self.gone: set[int] = set()  # statements of the original tree that were removed

    def on_leave(self, original_node, updated_node):  # type: ignore[override]
        key = id(original_node)
        if key in self.edits.replace:
            result = self.edits.replace[key]
            if callable(result):
                result = result(updated_node)
        else:
            result = super().on_leave(original_node, updated_node)
        if result is REMOVE:
            self.gone.add(key)
        return result

    # -- sequences that lose items: keep their commas right --------------------------------
    def _all_names_removed(self, node: cst.Import | cst.ImportFrom) -> bool:
        # LibCST cannot even build an import without names: drop the whole import instead
        names = node.names
        return not isinstance(names, cst.ImportStar) and all(self.edits.replace.get(id(a)) is REMOVE for a in names)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if self._all_names_removed(node):
            self.edits.replace.setdefault(id(node), REMOVE)
            return False
        return True

    def visit_Import(self, node: cst.Import) -> bool:
        if self._all_names_removed(node):
            self.edits.replace.setdefault(id(node), REMOVE)
            return False
        return True

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom):
        if isinstance(original_node.names, cst.ImportStar) or isinstance(updated_node.names, cst.ImportStar):
            return updated_node
        if not updated_node.names:
            return REMOVE
        return import_left(updated_node.with_changes(names=original_node.names), updated_node.names)

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import):
        if not updated_node.names:
            return REMOVE
        return updated_node.with_changes(names=without_removed(original_node.names, updated_node.names))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call):
        if len(updated_node.args) >= len(original_node.args):
            return updated_node
        args = without_removed(original_node.args, updated_node.args)
        if args and self.edits.replace.get(id(original_node.args[-1])) is REMOVE:
            # the new last argument takes the old last one's place before ``)``
            args, closing = line_break_taken(args, original_node.args[-1].whitespace_after_arg)
            args[-1] = args[-1].with_changes(whitespace_after_arg=closing)
        return updated_node.with_changes(args=args)

    def leave_Dict(self, original_node: cst.Dict, updated_node: cst.Dict):
        if len(updated_node.elements) >= len(original_node.elements):
            return updated_node
        elements, closing = line_break_taken(
            without_removed(original_node.elements, updated_node.elements), updated_node.rbrace.whitespace_before
        )
        return updated_node.with_changes(elements=elements, rbrace=updated_node.rbrace.with_changes(whitespace_before=closing))

    def leave_SimpleStatementLine(self, original_node, updated_node):
        if not updated_node.body:
            return REMOVE
        if len(updated_node.body) < len(original_node.body):
            last = updated_node.body[-1]
            body = [*updated_node.body[:-1], last.with_changes(semicolon=cst.MaybeSentinel.DEFAULT)]
            return updated_node.with_changes(body=body)
        return updated_node

    # -- bodies: inserted and replaced statements, and never an empty block ---------------------
    def _splice(self, original_body: Sequence[cst.CSTNode], updated_body: Sequence[cst.CSTNode]) -> tuple[list, list] | None:
        """The new body and the comment lines left over at its end (of statements replaced by
        nothing), or None when no statement of this one was inserted next to, replaced or
        removed. A removed statement's blank lines above it stay (they separated it from what
        came before)."""
        edits = self.edits
        touched = (edits.before, edits.after, edits.statements, self.gone)
        if not any(id(s) in group for s in original_body for group in touched):
            return None
        # pair each original statement with what became of it (LibCST drops removed ones)
        survivors = iter(updated_body)
        result: list[cst.CSTNode] = []
        blank_above = 0  # blank lines of removed statements waiting for the next one
        carried: list[cst.EmptyLine] = []  # comment lines of statements replaced by nothing
        opening = False  # a replaced statement opened the block: what now opens it starts at its comments
        for statement in original_body:
            result.extend(edits.before.get(id(statement), ()))
            if id(statement) in self.gone:
                if not result or blank_above == 0:
                    blank_above = blank_lines_before(statement)
            elif id(statement) in edits.statements:
                survivor = next(survivors)
                new = list(edits.statements[id(statement)])
                leading = [*carried, *survivor.leading_lines]
                carried = []
                if not new:
                    opening = opening or not result
                    if any(line.comment is not None for line in leading):
                        carried = leading
                    continue
                new[0] = new[0].with_changes(leading_lines=[*leading, *new[0].leading_lines])
                if isinstance(survivor, cst.SimpleStatementLine) and isinstance(new[0], cst.SimpleStatementLine):
                    new[0] = new[0].with_changes(trailing_whitespace=survivor.trailing_whitespace)
                result.extend(new)
                blank_above = 0
            else:
                survivor = next(survivors)
                if carried:
                    survivor = survivor.with_changes(leading_lines=[*carried, *survivor.leading_lines])
                    carried = []
                elif opening and not result:
                    survivor = survivor.with_changes(leading_lines=_from_first_comment(survivor.leading_lines))
                missing = blank_above - blank_lines_before(survivor)
                if missing > 0 and len(result) > 0:
                    lines = [cst.EmptyLine(indent=False) for _ in range(missing)] + list(survivor.leading_lines)
                    survivor = survivor.with_changes(leading_lines=lines)
                result.append(survivor)
                blank_above = 0
            opening = opening and not result
            result.extend(edits.after.get(id(statement), ()))
            if edits.after.get(id(statement)):
                blank_above = 0
        result.extend(survivors)
        inserted = {id(s) for key in (edits.before, edits.after) for group in key.values() for s in group}
        return _space_after_inserted(result, inserted), carried

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        spliced = self._splice(original_node.body, updated_node.body)
        if spliced is None:
            return updated_node
        body, carried = spliced
        return updated_node.with_changes(body=body, footer=[*carried, *updated_node.footer])

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock):
        spliced = self._splice(original_node.body, updated_node.body)
        body, carried = spliced if spliced is not None else (list(updated_node.body), [])
        if not body:
            body = [cst.SimpleStatementLine([cst.Pass()])]
        return updated_node.with_changes(body=body, footer=[*carried, *updated_node.footer])


def _from_first_comment(lines: Sequence[cst.EmptyLine]) -> list[cst.EmptyLine]:
    """``lines`` without the blank lines before the first comment."""
    for index, line in enumerate(lines):
        if line.comment is not None:
            return list(lines[index:])
    return []


def blank_lines_before(statement: cst.CSTNode) -> int:
    """How many blank lines stand right above ``statement`` (up to its first comment line)."""
    count = 0
    for line in getattr(statement, "leading_lines", ()):
        if line.comment is not None:
            break
        count += 1
    return count


def _space_after_inserted(body: list[cst.CSTNode], inserted: set[int]) -> list[cst.CSTNode]:
    """A statement that follows an inserted def or class gets at least the blank lines the
    inserted one has before it (PEP 8: two at module level)."""
    for position in range(1, len(body)):
        previous, statement = body[position - 1], body[position]
        if id(previous) not in inserted or id(statement) in inserted:
            continue
        if not isinstance(previous, cst.BaseCompoundStatement):
            continue
        missing = blank_lines_before(previous) - blank_lines_before(statement)
        if missing > 0:
            lines = [cst.EmptyLine(indent=False) for _ in range(missing)] + list(statement.leading_lines)
            body[position] = statement.with_changes(leading_lines=lines)
    return body


def apply_edits(wrapper, edits: NodeEdits, ctx=None) -> cst.Module:
    """``wrapper.module`` (the tree the edits were planned on) with every edit made, in one
    pass over the edited nodes and those above them (``_targeted_visit``: every change
    ``_Applier`` makes is in the ``leave_*`` of an edited node or of one above it); imports
    added in the order the project's import sorter keeps (``ctx``: its Context)."""
    module = wrapper.module
    if edits.empty:
        return module
    if edits.replace or edits.before or edits.after or edits.statements:
        edited = [*edits.replace, *edits.before, *edits.after, *edits.statements]
        module = visit_toward(wrapper, _Applier(edits), edited)
    if not edits.imports:
        return module
    straight_first = ctx is not None and straight_imports_first(ctx)
    return add_imports(module, edits.imports, edits.import_places, straight_first=straight_first)
