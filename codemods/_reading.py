"""Read-only traversals without LibCST's rebuilding.

``node.visit(visitor)`` in LibCST rebuilds every node of the tree, even for a read-only
``CSTVisitor`` whose result it then throws away; with the per-field attribute callbacks
looked up by name on every node, one read-only pass costs about 1.4 LibCST parses. Every
codemod reads its tree several times (its own analysis, and the scope and expression-context
metadata every codemod here needs), so most of a run went into building nodes nobody kept.

``walk(node, visitor)`` makes exactly the calls ``node.visit(visitor)`` makes on a
``CSTVisitor`` — ``on_visit``, then per field, in LibCST's order, ``on_visit_attribute``, the
children, ``on_leave_attribute``, then ``on_leave`` — without rebuilding anything. The order of
the fields is read once per node type from LibCST's own ``_visit_and_replace_children``; where
a visitor does not override LibCST's dispatch, the method lookups are made once per
(visitor class, node type) instead of once per node, and LibCST's do-nothing
``visit_<Type>_<field>`` stubs, which every visitor inherits, are not called (two per field of
every node: most of a walk's calls, for nothing). ``reading()`` routes every
``CSTNode.visit`` with a ``CSTVisitor`` (the metadata providers' included) through ``walk``
for the time of one transform; transformers get LibCST's own rebuilding visit.

A visitor with no callback for any token node (``TOKEN_TYPES``: whitespace, comments,
punctuation, operators, number literals, ``pass`` / ``break`` / ``continue``) nor for a field
of one is not walked into them: nothing is below a token node but other tokens, so its calls
are the same (most of a tree's nodes are tokens).

tests/codemods/test_reading.py compares the full sequence of callbacks with LibCST's on real
code, and checks from LibCST's type hints that a token node holds only tokens.
"""

from __future__ import annotations

import contextlib
import re
import weakref
from typing import Any, Callable, Iterator

import libcst as cst

from ._node_fields import TOKEN_TYPES, _NO_TYPES, _PLANS, _is_node, _no_op, _plan

# a visit_/leave_ method of a token type, or of one of its fields
_TOKEN_METHOD = re.compile(r"^(?:visit|leave)_(?:" + "|".join(sorted(k.__name__ for k in TOKEN_TYPES)) + r")(?:_[a-z]\w*)?$")


_CSTVisitor_on_visit = cst.CSTVisitor.on_visit
_CSTVisitor_on_leave = cst.CSTVisitor.on_leave
_CSTVisitor_on_visit_attribute = cst.CSTVisitor.on_visit_attribute
_CSTVisitor_on_leave_attribute = cst.CSTVisitor.on_leave_attribute


class _VisitorKind:
    """What one visitor class overrides of LibCST's dispatch."""

    def __init__(self, kind: type) -> None:
        self.own_on_visit = kind.on_visit is not _CSTVisitor_on_visit
        self.own_on_leave = kind.on_leave is not _CSTVisitor_on_leave
        self.own_attribute_callbacks = (
            kind.on_visit_attribute is not _CSTVisitor_on_visit_attribute
            or kind.on_leave_attribute is not _CSTVisitor_on_leave_attribute
        )
        # with LibCST's dispatch, attribute callbacks exist only as visit_<Type>_<field> methods;
        # every visitor inherits one that does nothing per field of every node type (LibCST's
        # stubs, marked as no-ops): only the others are callbacks
        self.attributes = self.own_attribute_callbacks or any(
            _ATTRIBUTE_METHOD.match(name) and not _no_op(getattr(kind, name))
            for klass in kind.__mro__
            if klass not in _STUB_CLASSES
            for name in vars(klass)
        )
        # nothing to call in a token node: a walk need not go into them (see the docstring)
        self.skips_tokens = not (self.own_on_visit or self.own_on_leave or self.own_attribute_callbacks) and not any(
            _TOKEN_METHOD.match(name) and not _no_op(getattr(kind, name))
            for klass in kind.__mro__
            if klass not in _STUB_CLASSES
            for name in vars(klass)
        )


# per visitor class; weak, as codemods define visitor classes inside functions, whose
# closures hold the trees of the file they ran on
_KINDS: weakref.WeakKeyDictionary[type, _VisitorKind] = weakref.WeakKeyDictionary()


class _Dispatch:
    """The callbacks of one visitor, looked up once per node type where that is exact."""

    def __init__(self, visitor: cst.CSTVisitor) -> None:
        self.visitor = visitor
        kind = _KINDS.get(type(visitor))
        if kind is None:
            kind = _KINDS[type(visitor)] = _VisitorKind(type(visitor))
        # methods set on the instance itself: LibCST finds them, so ask the visitor each time
        own = any(name.startswith(("visit_", "leave_")) for name in getattr(visitor, "__dict__", ()))
        self.own_on_visit = kind.own_on_visit or own
        self.own_on_leave = kind.own_on_leave or own
        self.attributes = kind.attributes or own
        self.own_attribute_callbacks = kind.own_attribute_callbacks or own
        # the child node types the walk leaves out
        self.skipped = TOKEN_TYPES if kind.skips_tokens and not own else _NO_TYPES
        self._visit: dict[type, Callable[[Any], Any] | None] = {}
        self._leave: dict[type, Callable[[Any], Any] | None] = {}
        self._fields: dict[type, tuple] = {}

    def fields(self, kind: type) -> tuple:
        """``(field, callbacks when None, visit_<Type>_<field> or None, leave_… or None)`` of
        the fields of ``kind`` in LibCST's order, for a visitor with LibCST's dispatch."""
        fields = self._fields.get(kind)
        if fields is None:
            plan = _PLANS.get(kind)
            visitor, name = self.visitor, kind.__name__
            fields = tuple(
                (field, always, _callback(visitor, f"visit_{name}_{field}"), _callback(visitor, f"leave_{name}_{field}"))
                for field, always in (plan if plan is not None else _plan(kind))
            )
            if not any(visit or leave for _, _, visit, leave in fields):
                fields = ()  # no attribute methods for this type: walked as by _walk
            self._fields[kind] = fields
        return fields

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.own_on_visit:
            return self.visitor.on_visit(node)
        kind = type(node)
        try:
            method = self._visit[kind]
        except KeyError:
            method = self._visit[kind] = getattr(self.visitor, f"visit_{kind.__name__}", None)
        if method is None:
            return True
        return method(node) is not False

    def on_leave(self, node: cst.CSTNode) -> None:
        if self.own_on_leave:
            self.visitor.on_leave(node)
            return
        kind = type(node)
        try:
            method = self._leave[kind]
        except KeyError:
            method = self._leave[kind] = getattr(self.visitor, f"leave_{kind.__name__}", None)
        if method is not None:
            method(node)


_ATTRIBUTE_METHOD = re.compile(r"^(?:visit|leave)_[A-Z]\w*_[a-z]\w*$")


# LibCST's classes every visitor inherits whose visit_<Type>_<field> methods (one pair per
# field of every node type) are all stubs: no class of them needs looking into
_STUB_CLASSES = frozenset(
    klass
    for klass in cst.CSTVisitor.__mro__
    if all(_no_op(value) for name, value in vars(klass).items() if _ATTRIBUTE_METHOD.match(name))
)


def _callback(visitor: cst.CSTVisitor, name: str) -> Callable[[Any], Any] | None:
    """The visitor's method ``name``, or None when it has none or it is one of LibCST's stubs."""
    method = getattr(visitor, name, None)
    return None if method is None or _no_op(method) else method


# visitors met in the current reading() block: metadata visitors walk their subtrees
# themselves (``node.value.visit(self)``), thousands of times per tree
_DISPATCHES: dict[int, _Dispatch] = {}

try:  # the visitor LibCST's MetadataWrapper batches its providers into
    from libcst._batched_visitor import _BatchedCSTVisitor
except ImportError:  # pragma: no cover - another LibCST: every walk is complete
    _BatchedCSTVisitor = None
_MODULE_ONLY = frozenset(("visit_Module", "leave_Module"))


def _listens_to_the_module_only(node: cst.CSTNode, visitor: cst.CSTVisitor) -> bool:
    """A batch of metadata providers that only have ``visit_Module`` (ScopeProvider and
    ExpressionContextProvider: they walk the tree themselves from there): below the module,
    every callback of the batch finds no method and does nothing."""
    return (
        type(visitor) is _BatchedCSTVisitor
        and isinstance(node, cst.Module)
        and getattr(visitor, "before_visit", True) is None
        and getattr(visitor, "after_leave", True) is None
        and set(getattr(visitor, "visitor_methods", ("?",))) <= _MODULE_ONLY
    )


def walk(node: cst.CSTNode, visitor: cst.CSTVisitor) -> None:
    """Exactly the callbacks of ``node.visit(visitor)`` for a read-only ``visitor`` (but for
    a batch of providers that listens to the module only: see _listens_to_the_module_only)."""
    if _listens_to_the_module_only(node, visitor):
        visitor.on_visit(node)
        visitor.on_leave(node)
        return
    dispatch = _DISPATCHES.get(id(visitor))
    if dispatch is None or dispatch.visitor is not visitor:
        dispatch = _Dispatch(visitor)
        if len(_DISPATCHES) > 64:
            _DISPATCHES.clear()
        _DISPATCHES[id(visitor)] = dispatch
    if dispatch.own_attribute_callbacks:
        _walk_with_attributes(node, dispatch, visitor)
    elif dispatch.attributes:
        _walk_with_attribute_methods(node, dispatch)
    else:
        _walk(node, dispatch)


def _walk_children(node: cst.CSTNode, walk_child: Callable[[Any, _Dispatch], None], dispatch: _Dispatch) -> None:
    plan = _PLANS.get(type(node))
    skipped = dispatch.skipped
    for field, _ in plan if plan is not None else _plan(type(node)):
        value = getattr(node, field)
        if type(value) is tuple or type(value) is list:
            for child in value:
                if type(child) not in skipped:
                    walk_child(child, dispatch)
        elif type(value) not in skipped and _is_node(value):
            walk_child(value, dispatch)


def _walk(node: cst.CSTNode, dispatch: _Dispatch) -> None:
    if dispatch.on_visit(node):
        _walk_children(node, _walk, dispatch)
    dispatch.on_leave(node)


def _walk_with_attributes(node: cst.CSTNode, dispatch: _Dispatch, visitor: cst.CSTVisitor) -> None:
    if dispatch.on_visit(node):
        plan = _PLANS.get(type(node))
        for field, always in plan if plan is not None else _plan(type(node)):
            value = getattr(node, field)
            if value is None and not always:
                continue
            visitor.on_visit_attribute(node, field)
            if type(value) is tuple or type(value) is list:
                for child in value:
                    _walk_with_attributes(child, dispatch, visitor)
            elif _is_node(value):
                _walk_with_attributes(value, dispatch, visitor)
            visitor.on_leave_attribute(node, field)
    dispatch.on_leave(node)


def _walk_with_attribute_methods(node: cst.CSTNode, dispatch: _Dispatch) -> None:
    if dispatch.on_visit(node):
        fields = dispatch.fields(type(node))
        if not fields:
            _walk_children(node, _walk_with_attribute_methods, dispatch)
        for field, always, visit, leave in fields:
            value = getattr(node, field)
            if value is None and not always:
                continue
            if visit is not None:
                visit(node)
            if type(value) is tuple or type(value) is list:
                for child in value:
                    if type(child) not in dispatch.skipped:
                        _walk_with_attribute_methods(child, dispatch)
            elif type(value) not in dispatch.skipped and _is_node(value):
                _walk_with_attribute_methods(value, dispatch)
            if leave is not None:
                leave(node)
    dispatch.on_leave(node)


_LIBCST_VISIT = cst.CSTNode.visit
_LEAVE_RESULTS = (cst.CSTNode, cst.RemovalSentinel, cst.FlattenSentinel)


def _visit(self: cst.CSTNode, visitor: Any) -> Any:
    if isinstance(visitor, cst.CSTVisitor):
        walk(self, visitor)
        return self
    # A transformer: LibCST's visit, done here rather than by calling it, so that a deeply
    # nested tree costs no more stack than it does without reading() (deep nesting that LibCST
    # can just follow must stay within reach).
    updated = self._visit_and_replace_children(visitor) if visitor.on_visit(self) else self
    result = visitor.on_leave(self, updated)
    if not isinstance(result, _LEAVE_RESULTS):
        raise cst.CSTValidationError(
            f"Expected a node of type CSTNode or a RemovalSentinel, but got a return value of {type(result).__name__}"
        )
    return result


@contextlib.contextmanager
def reading() -> Iterator[None]:
    """For the time of the block, ``node.visit(visitor)`` with a read-only visitor walks
    (see the module's documentation); anything else is LibCST's own ``visit``."""
    if cst.CSTNode.visit is _visit:  # nested
        yield
        return
    cst.CSTNode.visit = _visit  # type: ignore[method-assign]
    try:
        yield
    finally:
        cst.CSTNode.visit = _LIBCST_VISIT  # type: ignore[method-assign]
        _DISPATCHES.clear()
