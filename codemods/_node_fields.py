"""The fields of a LibCST node in the order a visit goes through them, and every node below a
node in that order, without a visitor (``nodes_below``).

A node type's plan (its fields, and whether each gets callbacks when it is None) is read once
from LibCST's own ``_visit_and_replace_children``; ``_reading`` walks visitors by the same
plans. ``TOKEN_TYPES``: the node types below which there are only nodes of these types
(whitespace, comments, punctuation, operators, number literals, ``pass`` / ``break`` /
``continue``), which a walk with nothing to call in them need not enter."""

from __future__ import annotations

import linecache
import re
from typing import Any, Iterator

import libcst as cst

_VISIT_CALL = re.compile(r"\b(visit_required|visit_optional|visit_sentinel|visit_sequence|visit_body_sequence)\(\s*self,\s*\"(\w+)\"")
_CONDITIONAL = re.compile(r"\b(\w+)\s+is\s+not\s+None\b")


# Node types below which there is nothing but nodes of these types (tested from the type hints).
TOKEN_TYPES = frozenset(
    {
        cst.SimpleWhitespace, cst.ParenthesizedWhitespace, cst.TrailingWhitespace, cst.EmptyLine, cst.Newline,
        cst.Comment, cst.Comma, cst.Dot, cst.Colon, cst.Semicolon, cst.AssignEqual, cst.LeftParen,
        cst.RightParen, cst.LeftSquareBracket, cst.RightSquareBracket, cst.LeftCurlyBrace, cst.RightCurlyBrace,
        cst.ImportStar, cst.Integer, cst.Float, cst.Imaginary, cst.Ellipsis, cst.Pass, cst.Break, cst.Continue,
        cst.Asynchronous,
        *(  # (by the classes' own bases: issubclass against LibCST's abstract classes walks all their subclasses)
            kind
            for kind in vars(cst).values()
            if isinstance(kind, type)
            and not {cst.BaseBinaryOp, cst.BaseBooleanOp, cst.BaseCompOp, cst.BaseUnaryOp, cst.BaseAugOp}.isdisjoint(kind.__mro__)
        ),
    }
)
_NO_TYPES: frozenset[type] = frozenset()

# node type -> ((field, callbacks when the field is None), ...)
_PLANS: dict[type, tuple[tuple[str, bool], ...]] = {}


def _plan(node_type: type) -> tuple[tuple[str, bool], ...]:
    plan = _PLANS.get(node_type)
    if plan is None:
        source = _function_text(node_type._visit_and_replace_children)
        # a field visited only `if <field> is not None` gets no callbacks when it is None
        conditional = set(_CONDITIONAL.findall(source))
        seen: list[tuple[str, bool]] = []
        for _, field in _VISIT_CALL.findall(source):
            if all(field != name for name, _ in seen):
                seen.append((field, field not in conditional))
        plan = _PLANS[node_type] = tuple(seen)
    return plan


def _function_text(function: Any) -> str:
    """The lines of ``function``'s source from its ``def`` to the last line its code runs:
    what the plan reads of it, without inspect.getsource's tokenizing of the block (about as
    long as a small app's whole transform, once per process)."""
    code = function.__code__
    last = max((line for nested in _code_objects(code) for _, _, line in nested.co_lines() if line is not None), default=code.co_firstlineno)
    return "".join(linecache.getlines(code.co_filename)[code.co_firstlineno - 1 : last])


def _code_objects(code: Any) -> Iterator[Any]:
    yield code
    for constant in code.co_consts:
        if hasattr(constant, "co_lines"):
            yield from _code_objects(constant)


_IS_NODE: dict[type, bool] = {}


def _is_node(value: Any) -> bool:
    kind = type(value)
    known = _IS_NODE.get(kind)
    if known is None:
        known = _IS_NODE[kind] = issubclass(kind, cst.CSTNode)
    return known


def child_nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The nodes right below ``node``, in the order a visitor visits them: LibCST's
    ``node.children``, which runs a visitor through ``_visit_and_replace_children`` to collect
    them (about ten times the cost of reading the fields by the node type's plan)."""
    found: list[cst.CSTNode] = []
    kind = type(node)
    plan = _PLANS.get(kind)
    for field, _ in plan if plan is not None else _plan(kind):
        value = getattr(node, field)
        value_kind = type(value)
        if value_kind is tuple or value_kind is list:
            for child in value:
                if _IS_NODE.get(type(child)) or _is_node(child):
                    found.append(child)
        elif _IS_NODE.get(value_kind) or _is_node(value):
            found.append(value)
    return found


def nodes_below(node: cst.CSTNode, stop_at: tuple[type, ...] = (), tokens: bool = True) -> list[cst.CSTNode]:
    """Every node below ``node``, in the order a visitor visits them (LibCST's), without a
    visitor: what one collecting the nodes in ``on_visit`` gets. A node of a type in
    ``stop_at`` is listed, not the nodes below it (``node`` itself is always looked into).
    Without ``tokens``, that list without its token nodes (``TOKEN_TYPES``: only tokens are below
    them). Whether a node's type is one to stop at is asked once per type (``isinstance``
    against LibCST's classes, all abstract base classes, is a Python call per class)."""
    found: list[cst.CSTNode] = []
    stack = [node]
    pop, push, add = stack.pop, stack.append, found.append
    stops = _stops_of(stop_at) if stop_at else None
    plans, is_node, skipped = _PLANS, _IS_NODE, _NO_TYPES if tokens else TOKEN_TYPES
    while stack:
        current = pop()
        kind = type(current)
        if current is not node:
            add(current)
            if stops is not None:
                stop = stops.get(kind)
                if stop is None:
                    stop = stops[kind] = issubclass(kind, stop_at)
                if stop:
                    continue
        plan = plans.get(kind)
        children: list[Any] = []
        for field, _ in plan if plan is not None else _plan(kind):
            value = getattr(current, field)
            value_kind = type(value)
            if value_kind is tuple or value_kind is list:
                if not skipped:
                    children.extend(value)
                    continue
                for child in value:  # (a loop: a comprehension is a call of its own)
                    if type(child) not in skipped:
                        children.append(child)
            elif value_kind not in skipped:
                known = is_node.get(value_kind)
                if known if known is not None else _is_node(value):
                    children.append(value)
        for child in reversed(children):
            push(child)
    return found


# stop_at tuple -> node type -> whether nodes_below stops at it
_STOPS: dict[tuple[type, ...], dict[type, bool]] = {}


def _stops_of(stop_at: tuple[type, ...]) -> dict[type, bool]:
    stops = _STOPS.get(stop_at)
    if stops is None:
        stops = _STOPS[stop_at] = {}
    return stops


def _no_op(method: Any) -> bool:
    """One of LibCST's stubs (``mark_no_op``): calling it does nothing. (Every visitor
    inherits a do-nothing ``visit_<Type>_<field>`` / ``leave_<Type>_<field>`` pair per field
    of every node type.)"""
    return getattr(method, "_is_no_op", False) is True
