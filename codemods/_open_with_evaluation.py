"""open-with, evaluation order: what a statement evaluates, in the order Python does it.

Hoisting ``open(p)`` out of ``x = g(open(p).read())`` into ``with open(p) as f:`` makes
``open(p)`` run before everything else in the statement. That is only harmless when what used
to run before it has no effect (looking up a name or an attribute, a literal), and when what
runs after the file was used does not care that the file is still open. ``Evaluation`` lists
the events of one statement in evaluation order, each marked ``pure``, ``effect`` (may run
arbitrary code: a call, an operator, a subscript) or ``suspend`` (``await``, ``yield``), and
records for every expression the range of its events.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

PURE, EFFECT, SUSPEND = "pure", "effect", "suspend"

_LITERALS = (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.ConcatenatedString, cst.Ellipsis)
_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


@dataclass(frozen=True)
class Event:
    node: cst.CSTNode
    kind: str


@dataclass
class Evaluation:
    events: list[Event] = field(default_factory=list)
    spans: dict[cst.CSTNode, tuple[int, int]] = field(default_factory=dict)

    def _add(self, node: cst.CSTNode, kind: str) -> None:
        self.events.append(Event(node, kind))

    # -- statements --------------------------------------------------------------------------
    def statement(self, node: cst.CSTNode) -> None:
        if isinstance(node, cst.Expr):
            self.expression(node.value)
        elif isinstance(node, cst.Return):
            if node.value is not None:
                self.expression(node.value)
        elif isinstance(node, cst.Assign):
            self.expression(node.value)
            for target in node.targets:
                self.target(target.target)
        elif isinstance(node, cst.AnnAssign):
            if node.value is not None:
                self.expression(node.value)
            self.target(node.target)
        elif isinstance(node, cst.AugAssign):
            self.target(node.target, load=True)
            self.expression(node.value)
            self._add(node, EFFECT)  # the in-place operator, then the store
        elif isinstance(node, cst.For):
            self.expression(node.iter)
        else:  # pragma: no cover - the analysis only asks for the statements above
            self._add(node, EFFECT)

    def target(self, node: cst.BaseExpression, *, load: bool = False) -> None:
        """What storing to ``node`` evaluates; with ``load``, the load an augmented assignment
        does before evaluating its value (its target is a name, an attribute or a subscript)."""
        if isinstance(node, cst.Name):
            self._add(node, PURE)
        elif isinstance(node, cst.Attribute):
            self.expression(node.value)
            self._add(node, PURE if load else EFFECT)  # setattr may run code
        elif isinstance(node, cst.Subscript):
            self.expression(node.value)
            self._slices(node)
            self._add(node, EFFECT)
        elif isinstance(node, (cst.Tuple, cst.List)):
            self._add(node, EFFECT)  # unpacking iterates the value
            for element in node.elements:
                self.target(element.value)
        elif isinstance(node, cst.StarredElement):
            self.target(node.value)
        else:  # pragma: no cover - not a valid target
            self._add(node, EFFECT)

    # -- expressions -------------------------------------------------------------------------
    def expression(self, node: cst.CSTNode) -> None:
        first = len(self.events)
        self._expression(node)
        self.spans[node] = (first, len(self.events) - 1)

    def _expression(self, node: cst.CSTNode) -> None:
        if isinstance(node, (cst.Name,) + _LITERALS):
            self._add(node, PURE)
        elif isinstance(node, cst.Attribute):
            self.expression(node.value)
            self._add(node, PURE)  # assumed: attribute lookups have no effect
        elif isinstance(node, cst.Call):
            self.expression(node.func)
            for arg in node.args:
                self.expression(arg.value)
                if arg.star:
                    self._add(arg, EFFECT)  # unpacking iterates / maps
            self._add(node, EFFECT)
        elif isinstance(node, cst.FormattedString):
            for part in node.parts:
                if isinstance(part, cst.FormattedStringExpression):
                    self.expression(part.expression)
            self._add(node, PURE)  # assumed: formatting has no effect
        elif isinstance(node, cst.Subscript):
            self.expression(node.value)
            self._slices(node)
            self._add(node, EFFECT)
        elif isinstance(node, cst.BinaryOperation):
            self.expression(node.left)
            self.expression(node.right)
            self._add(node, EFFECT)
        elif isinstance(node, cst.UnaryOperation):
            self.expression(node.expression)
            self._add(node, EFFECT)
        elif isinstance(node, cst.Comparison):
            self.expression(node.left)
            for comparison in node.comparisons:
                self.expression(comparison.comparator)
            self._add(node, EFFECT)
        elif isinstance(node, (cst.Tuple, cst.List, cst.Set)):
            for element in node.elements:
                self.expression(element.value)
                if isinstance(element, cst.StarredElement):
                    self._add(element, EFFECT)
            self._add(node, PURE)
        elif isinstance(node, cst.Dict):
            for element in node.elements:
                if isinstance(element, cst.DictElement):
                    self.expression(element.key)
                    self.expression(element.value)
                else:
                    self.expression(element.value)
                    self._add(element, EFFECT)
            self._add(node, PURE)
        elif isinstance(node, _COMPREHENSIONS):
            # the outermost iterable is evaluated here, the rest when the comprehension runs
            self.expression(node.for_in.iter)
            self._add(node, EFFECT)
        elif isinstance(node, cst.Lambda):
            self._add(node, PURE)
        elif isinstance(node, cst.Await):
            self.expression(node.expression)
            self._add(node, SUSPEND)
        elif isinstance(node, cst.Yield):
            value = node.value
            if isinstance(value, cst.From):
                self.expression(value.item)
            elif value is not None:
                self.expression(value)
            self._add(node, SUSPEND)
        elif isinstance(node, cst.NamedExpr):
            self.expression(node.value)
            self._add(node, PURE)
        elif isinstance(node, cst.BooleanOperation):
            # the left operand first, always; the right one may run after it (read as if it did)
            self.expression(node.left)
            self.expression(node.right)
            self._add(node, EFFECT)  # the left operand's truth is asked
        else:  # x if c else y, anything else: may run code
            self._add(node, EFFECT)

    def _slices(self, node: cst.Subscript) -> None:
        for element in node.slice:
            inner = element.slice
            if isinstance(inner, cst.Index):
                self.expression(inner.value)
            elif isinstance(inner, cst.Slice):
                for part in (inner.lower, inner.upper, inner.step):
                    if part is not None:
                        self.expression(part)
