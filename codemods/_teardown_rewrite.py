"""Rewriting for the ``teardown`` codemod: build handler code and apply planned edits.

The planner (``teardown.py``) decides *what* to do; this module only knows *how*: it renders
a teardown handler, a registration statement, a moved after_request handler, and applies
``Edits`` to a module with one transformer pass, keyed by the identity of original nodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import libcst as cst
from libcst.metadata import MetadataWrapper

from ._block_unit import block_unit, in_unit
from ._imports import add_imports
from ._node_edits import blank_lines_before
from ._targeted_visit import visit_toward


@dataclass(frozen=True)
class Release:
    """One step of a handler: pop and close ``g.<attr>`` into ``local``, or remove a session."""

    kind: str  # "g" or "session"
    name: str  # the g attribute, or the session's global name
    local: str = ""  # the handler's local variable (g only)
    disconnect: bool = False  # a redis client's own pool: ``.connection_pool.disconnect()`` (g only)


@dataclass
class Style:
    """How generated code should look in this module."""

    g: str  # how flask.g is spelled at module level
    quote: str = '"'
    use_pop: bool = True  # False for Flask < 0.11, whose g has no pop()


def handler_body_lines(releases: Sequence[Release], style: Style, indent: str) -> list[str]:
    """The body of a handler, one source line each, indented once."""
    lines: list[str] = []
    for release in releases:
        if release.kind == "session":
            lines.append(f"{indent}{release.name}.remove()")
            continue
        attr = f"{style.quote}{release.name}{style.quote}"
        fetch = f"{style.g}.pop({attr}, None)" if style.use_pop else f"getattr({style.g}, {attr}, None)"
        lines.append(f"{indent}{release.local} = {fetch}")
        lines.append(f"{indent}if {release.local} is not None:")
        closing = "connection_pool.disconnect()" if release.disconnect else "close()"
        lines.append(f"{indent}{indent}{release.local}.{closing}")
    return lines


def handler_function(
    module: cst.Module,
    name: str,
    param: str,
    releases: Sequence[Release],
    style: Style,
    decorator: str | None,
) -> cst.FunctionDef:
    """``@decorator`` / ``def name(param=None):`` that releases every resource."""
    indent = block_unit(module)  # the unit most of its blocks take
    lines = [f"@{decorator}"] if decorator else []
    lines.append(f"def {name}({param}=None):")
    lines.extend(handler_body_lines(releases, style, indent))
    text = module.default_newline.join(lines) + module.default_newline
    statement = in_unit(cst.parse_statement(text, config=module.config_for_parsing), indent, module.default_indent)
    assert isinstance(statement, cst.FunctionDef)
    return statement


def call_statement(module: cst.Module, text: str) -> cst.SimpleStatementLine:
    statement = cst.parse_statement(text + module.default_newline, config=module.config_for_parsing)
    assert isinstance(statement, cst.SimpleStatementLine)
    return statement


def moved_function(
    module: cst.Module,
    function: cst.FunctionDef,
    param: str,
    releases: Sequence[Release],
    style: Style,
) -> tuple[cst.Parameters, cst.IndentedBlock]:
    """New parameters and body for an after_request handler turned into a teardown handler:
    it takes the exception instead of the response, returns nothing, and releases the same
    resources (now guarded, so it also works when the view raised before opening them)."""
    template = handler_function(module, function.name.value, param, releases, style, None)
    assert isinstance(template.body, cst.IndentedBlock)
    statements = list(template.body.body)
    body = function.body
    if isinstance(body, cst.IndentedBlock) and body.body:
        first = body.body[0]
        if (
            isinstance(first, cst.SimpleStatementLine)
            and len(first.body) == 1
            and isinstance(first.body[0], cst.Expr)
            and isinstance(first.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
        ):
            statements.insert(0, first)  # keep the docstring
        new_body = body.with_changes(body=statements)
    else:
        new_body = template.body
    return template.params, new_body


def _blank_lines(count: int) -> list[cst.EmptyLine]:
    return [cst.EmptyLine() for _ in range(count)]


def _with_leading_lines(statement: cst.BaseStatement, lines: list[cst.EmptyLine]) -> cst.BaseStatement:
    # (for a decorated function, LibCST keeps the lines before its first decorator here too)
    return statement.with_changes(leading_lines=lines)


def _is_compound(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.BaseCompoundStatement)


@dataclass
class Edits:
    """Everything to change, keyed by ``id()`` of nodes of the ORIGINAL tree."""

    after_top: dict[int, list[cst.BaseStatement]] = field(default_factory=dict)  # module body index
    decorate: dict[int, cst.Decorator] = field(default_factory=dict)  # FunctionDef -> new outer decorator
    insert_in_body: dict[int, list[tuple[int, cst.BaseStatement]]] = field(default_factory=dict)
    replace_function: dict[int, tuple[cst.Parameters, cst.IndentedBlock]] = field(default_factory=dict)
    rename_attr: dict[int, str] = field(default_factory=dict)  # Attribute -> new attribute name
    extend_import: dict[int, list[str]] = field(default_factory=dict)  # ImportFrom -> names to add
    imports: list[tuple[str, str | None]] = field(default_factory=list)  # for add_imports

    def add_top(self, index: int, statement: cst.BaseStatement) -> None:
        self.after_top.setdefault(index, []).append(statement)

    def add_in_body(self, function: cst.FunctionDef, position: int, statement: cst.BaseStatement) -> None:
        self.insert_in_body.setdefault(id(function), []).append((position, statement))

    @property
    def empty(self) -> bool:
        return not (
            self.after_top
            or self.decorate
            or self.insert_in_body
            or self.replace_function
            or self.rename_attr
            or self.extend_import
        )


class EditApplier(cst.CSTTransformer):
    def __init__(self, edits: Edits) -> None:
        self.edits = edits

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.Attribute:
        new_name = self.edits.rename_attr.get(id(original_node))
        if new_name is None:
            return updated_node
        return updated_node.with_changes(attr=cst.Name(new_name))

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom) -> cst.ImportFrom:
        added = self.edits.extend_import.get(id(original_node))
        if not added or isinstance(updated_node.names, cst.ImportStar):
            return updated_node
        # (the plan extends one-line imports only: no parentheses, no trailing comma)
        separator = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        names = [*updated_node.names[:-1], updated_node.names[-1].with_changes(comma=separator)]
        names += [cst.ImportAlias(name=cst.Name(name), comma=separator) for name in added]
        names[-1] = names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(names=names)

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef) -> cst.FunctionDef:
        key = id(original_node)
        replacement = self.edits.replace_function.get(key)
        if replacement is not None:
            params, body = replacement
            updated_node = updated_node.with_changes(params=params, body=body)
        inserts = self.edits.insert_in_body.get(key)
        if inserts and isinstance(updated_node.body, cst.IndentedBlock):
            statements = list(updated_node.body.body)
            for position, statement in sorted(inserts, key=lambda item: item[0], reverse=True):
                statements.insert(position, statement)
            updated_node = updated_node.with_changes(body=updated_node.body.with_changes(body=statements))
        decorator = self.edits.decorate.get(key)
        if decorator is not None:
            updated_node = updated_node.with_changes(decorators=[decorator, *updated_node.decorators])
        return updated_node

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if not self.edits.after_top:
            return updated_node
        body: list[cst.BaseStatement] = []
        fix_next = False
        for index, statement in enumerate(updated_node.body):
            if fix_next and blank_lines_before(statement) < 2:
                missing = 2 - blank_lines_before(statement)
                statement = _with_leading_lines(statement, _blank_lines(missing) + list(statement.leading_lines))
            fix_next = False
            body.append(statement)
            for new in self.edits.after_top.get(index, ()):
                previous = body[-1]
                blank = 2 if _is_compound(new) or _is_compound(previous) else 0
                body.append(_with_leading_lines(new, _blank_lines(blank)))
                fix_next = _is_compound(new)
        return updated_node.with_changes(body=body)


def apply_edits(wrapper: MetadataWrapper, edits: Edits, straight_first: bool = False) -> cst.Module:
    """``wrapper.module`` with ``edits`` made (one pass, over the nodes they change and
    those above them); ``straight_first``: as ``add_imports`` takes it."""
    planned = [*edits.decorate, *edits.insert_in_body, *edits.replace_function, *edits.rename_attr, *edits.extend_import]
    module = visit_toward(wrapper, EditApplier(edits), planned)
    return add_imports(module, edits.imports, straight_first=straight_first) if edits.imports else module
