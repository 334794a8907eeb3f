"""Whether an after_request handler does nothing but release resources (read-only).

Such a handler can become a teardown handler: after_request handlers are skipped when an
exception escapes the request, teardown handlers are not. ``after_request_releases`` says
which keys (see ``_teardown_facts``) it releases, or None when it does anything else.
"""

from __future__ import annotations

import libcst as cst

from ._flask import string_value
from ._teardown_facts import HASATTR, Analysis, g_attribute, is_g, iter_all, positional, qualified_among, resolves_to_global


def after_request_releases(analysis: Analysis, function: cst.FunctionDef) -> set | None:
    """The keys an after_request handler releases when releasing is ALL it does, else None.

    Accepted body: a docstring; ``x = g.pop("db", None)`` / ``getattr(g, "db", None)`` /
    ``g.get("db")`` / ``g.db``; ``x.close()``, ``g.db.close()``, ``session.remove()``; those
    calls guarded by ``if x is not None:`` / ``if x:`` / ``if "db" in g:`` /
    ``if hasattr(g, "db"):``; and a final ``return response``.
    """
    params = function.params
    if (
        len(params.params) != 1
        or params.posonly_params
        or params.kwonly_params
        or isinstance(params.star_arg, (cst.Param, cst.ParamStar))
        or params.star_kwarg is not None
    ):
        return None
    response = params.params[0].name.value
    statements = _statements(function.body)
    if statements and _is_docstring(statements[0]):
        statements = statements[1:]
    if not statements or not _is_return_of(statements[-1], response):
        return None
    checker = _ReleaseOnly(analysis)
    for statement in statements[:-1]:
        if not checker.statement(statement):
            return None
    uses = sum(1 for node in iter_all(function.body) if isinstance(node, cst.Name) and node.value == response)
    if uses != 1 or not checker.released:
        return None
    return checker.released


def _statements(body: cst.BaseSuite) -> list[cst.CSTNode]:
    if isinstance(body, cst.SimpleStatementSuite):
        return list(body.body)
    found: list[cst.CSTNode] = []
    for statement in body.body:
        if isinstance(statement, cst.SimpleStatementLine):
            found.extend(statement.body)
        else:
            found.append(statement)
    return found


def _is_docstring(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.Expr) and isinstance(node.value, (cst.SimpleString, cst.ConcatenatedString))


def _is_return_of(node: cst.CSTNode, name: str) -> bool:
    return isinstance(node, cst.Return) and isinstance(node.value, cst.Name) and node.value.value == name


_READERS = frozenset({"get", "pop"})  # g methods that fetch an attribute without setting it


class _ReleaseOnly:
    """Checks statement by statement that a body only fetches and releases resources."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.wrapper = analysis.wrapper
        self.bindings: dict[str, str] = {}
        self.released: set = set()
        self.sessions = {s.name: s for s in analysis.sessions}

    def _attr(self, node: cst.BaseExpression) -> str | None:
        """Like the analyzer's attr_of, without getters (a getter may OPEN a connection)."""
        return g_attribute(self.wrapper, node, self.bindings, _READERS)

    def statement(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.Pass):
            return True
        if isinstance(node, cst.Assign):
            if len(node.targets) != 1 or not isinstance(node.targets[0].target, cst.Name):
                return False
            attr = self._attr(node.value)
            if attr is None or isinstance(node.value, cst.Name):
                return False
            self.bindings[node.targets[0].target.value] = attr
            return True
        if isinstance(node, cst.Expr):
            return self._release(node.value)
        if isinstance(node, cst.If):
            if node.orelse is not None or not self._guard(node.test):
                return False
            inner = _statements(node.body)
            return bool(inner) and all(isinstance(s, cst.Expr) and self._release(s.value) for s in inner)
        return False

    def _release(self, node: cst.BaseExpression) -> bool:
        if not isinstance(node, cst.Call) or node.args or not isinstance(node.func, cst.Attribute):
            return False
        method = node.func.attr.value
        receiver = node.func.value
        if isinstance(receiver, cst.Name) and receiver.value in self.sessions and receiver.value not in self.bindings:
            if method in ("remove", "close") and resolves_to_global(self.wrapper, receiver):
                self.released.add(("session", receiver.value))
                return True
            return False
        if method != "close":
            return False
        attr = self._attr(receiver)
        if attr is None:
            return False
        self.released.add(("g", attr))
        return True

    def _guard(self, test: cst.BaseExpression) -> bool:
        wrapper = self.wrapper
        if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
            target = test.comparisons[0]
            operator = target.operator
            compared_to_none = isinstance(target.comparator, cst.Name) and target.comparator.value == "None"
            if isinstance(operator, cst.IsNot) and compared_to_none:
                return self._attr(test.left) is not None
            if isinstance(operator, cst.In) and is_g(wrapper, target.comparator):
                return string_value(test.left) is not None
            return False
        if isinstance(test, cst.Call):
            args = positional(test) or []
            if len(args) == 2 and qualified_among(wrapper, test.func, HASATTR) and is_g(wrapper, args[0]):
                return string_value(args[1]) is not None
        return self._attr(test) is not None
