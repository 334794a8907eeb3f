"""Edits keyed by the identity of nodes of the original tree, applied in one pass.

A codemod that has analysed a tree (with metadata, so on the very nodes of that tree)
records what to change as ``NodeEdits``: replace a node by another, remove it (statements,
import names, call arguments, dict elements), insert statements before or after a statement
of a module or block body, add imports. ``apply_edits`` makes all of them with one
transformer. Removing items keeps the commas right (``from flask import Flask, _x`` minus
``_x`` is ``from flask import Flask``); an import left with no names, and a block left with no
statements, are handled (the import goes, the block gets ``pass``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

import libcst as cst

from ._imports import add_imports

REMOVE = cst.RemovalSentinel.REMOVE


@dataclass
class NodeEdits:
    replace: dict[int, cst.CSTNode | cst.RemovalSentinel] = field(default_factory=dict)
    before: dict[int, list[cst.BaseStatement]] = field(default_factory=dict)
    after: dict[int, list[cst.BaseStatement]] = field(default_factory=dict)
    imports: list[tuple[str, str | None]] = field(default_factory=list)

    def replace_node(self, node: cst.CSTNode, new: cst.CSTNode) -> None:
        self.replace[id(node)] = new

    def remove(self, node: cst.CSTNode) -> None:
        self.replace[id(node)] = REMOVE

    def insert_before(self, statement: cst.CSTNode, new: Iterable[cst.BaseStatement]) -> None:
        self.before.setdefault(id(statement), []).extend(new)

    def insert_after(self, statement: cst.CSTNode, new: Iterable[cst.BaseStatement]) -> None:
        self.after.setdefault(id(statement), []).extend(new)

    def add_import(self, module: str, name: str | None = None) -> None:
        if (module, name) not in self.imports:
            self.imports.append((module, name))

    @property
    def empty(self) -> bool:
        return not (self.replace or self.before or self.after or self.imports)


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

    def result(self, original: cst.Module) -> cst.Module:
        """``original`` itself when nothing was planned, else the planned module."""
        return original if self.edits.empty else apply_edits(self.module, self.edits)


def parse_statements(module: cst.Module, text: str) -> list[cst.BaseStatement]:
    """``text`` (statements written with ``\\n`` and four-space indents) parsed in ``module``'s
    style: its newline and its indent."""
    lines = []
    for line in text.rstrip("\n").split("\n"):
        stripped = line.lstrip(" ")
        depth = (len(line) - len(stripped)) // 4
        lines.append(module.default_indent * depth + stripped)
    newline = module.default_newline
    parsed = cst.parse_module(newline.join(lines) + newline, config=module.config_for_parsing)
    return list(parsed.body)


def _drop_trailing_comma(item: cst.CSTNode) -> cst.CSTNode:
    if getattr(item, "comma", cst.MaybeSentinel.DEFAULT) is cst.MaybeSentinel.DEFAULT:
        return item
    return item.with_changes(comma=cst.MaybeSentinel.DEFAULT)


def without_removed(original: Sequence[cst.CSTNode], updated: Sequence[cst.CSTNode]) -> list[cst.CSTNode]:
    """``updated`` (LibCST already dropped the removed items) with the comma of the last
    item as the original last item had it."""
    items = list(updated)
    if items and len(items) < len(original):
        last_original = original[-1]
        had_comma = getattr(last_original, "comma", cst.MaybeSentinel.DEFAULT) is not cst.MaybeSentinel.DEFAULT
        if not had_comma:
            items[-1] = _drop_trailing_comma(items[-1])
    return items


class _Applier(cst.CSTTransformer):
    def __init__(self, edits: NodeEdits) -> None:
        self.edits = edits
        self.gone: set[int] = set()  # statements of the original tree that were removed

    def on_leave(self, original_node, updated_node):  # type: ignore[override]
        key = id(original_node)
        if key in self.edits.replace:
            result = self.edits.replace[key]
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
        names = without_removed(original_node.names, updated_node.names)
        return updated_node.with_changes(names=names)

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import):
        if not updated_node.names:
            return REMOVE
        return updated_node.with_changes(names=without_removed(original_node.names, updated_node.names))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call):
        if len(updated_node.args) < len(original_node.args):
            return updated_node.with_changes(args=without_removed(original_node.args, updated_node.args))
        return updated_node

    def leave_Dict(self, original_node: cst.Dict, updated_node: cst.Dict):
        if len(updated_node.elements) < len(original_node.elements):
            return updated_node.with_changes(
                elements=without_removed(original_node.elements, updated_node.elements)
            )
        return updated_node

    def leave_SimpleStatementLine(self, original_node, updated_node):
        if not updated_node.body:
            return REMOVE
        if len(updated_node.body) < len(original_node.body):
            last = updated_node.body[-1]
            body = [*updated_node.body[:-1], last.with_changes(semicolon=cst.MaybeSentinel.DEFAULT)]
            return updated_node.with_changes(body=body)
        return updated_node

    # -- bodies: inserted statements, and never an empty block ------------------------------
    def _splice(self, original_body: Sequence[cst.CSTNode], updated_body: Sequence[cst.CSTNode]) -> list | None:
        """The new body, or None when no statement of this one was inserted next to or removed.
        A removed statement's blank lines above it stay (they separated it from what came before)."""
        edits = self.edits
        if not any(id(s) in edits.before or id(s) in edits.after or id(s) in self.gone for s in original_body):
            return None
        # pair each original statement with what became of it (LibCST drops removed ones)
        survivors = iter(updated_body)
        result: list[cst.CSTNode] = []
        blank_above = 0  # blank lines of removed statements waiting for the next one
        for statement in original_body:
            result.extend(edits.before.get(id(statement), ()))
            if id(statement) not in self.gone:
                survivor = next(survivors)
                missing = blank_above - _blank_lines_before(survivor)
                if missing > 0 and len(result) > 0:
                    lines = [cst.EmptyLine(indent=False) for _ in range(missing)] + list(survivor.leading_lines)
                    survivor = survivor.with_changes(leading_lines=lines)
                result.append(survivor)
                blank_above = 0
            elif not result or blank_above == 0:
                blank_above = _blank_lines_before(statement)
            result.extend(edits.after.get(id(statement), ()))
            if edits.after.get(id(statement)):
                blank_above = 0
        result.extend(survivors)
        inserted = {id(s) for key in (edits.before, edits.after) for group in key.values() for s in group}
        return _space_after_inserted(result, inserted)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        body = self._splice(original_node.body, updated_node.body)
        return updated_node if body is None else updated_node.with_changes(body=body)

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock):
        body = self._splice(original_node.body, updated_node.body)
        if body is None:
            body = list(updated_node.body)
        if not body:
            body = [cst.SimpleStatementLine([cst.Pass()])]
        return updated_node.with_changes(body=body)


def _blank_lines_before(statement: cst.CSTNode) -> int:
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
        missing = _blank_lines_before(previous) - _blank_lines_before(statement)
        if missing > 0:
            lines = [cst.EmptyLine(indent=False) for _ in range(missing)] + list(statement.leading_lines)
            body[position] = statement.with_changes(leading_lines=lines)
    return body


def apply_edits(module: cst.Module, edits: NodeEdits) -> cst.Module:
    """``module`` (the tree the edits were planned on) with every edit made."""
    if edits.empty:
        return module
    if edits.replace or edits.before or edits.after:
        module = module.visit(_Applier(edits))
    return add_imports(module, edits.imports) if edits.imports else module
