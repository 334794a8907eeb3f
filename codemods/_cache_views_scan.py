"""One pass of cache-views' analysis over a view, a helper or a lambda: the first problem wins.

The visitor judges statements (a ``global``, an assignment to state the code did not make, a
``yield`` in the view), references (``request`` beyond the URL, ``session``, ``g``, the
catalogue's named reasons, module state other code changes, a name a function around the
scanned code binds to what the codemod cannot see into) and, through ``CallRules``, every
call; what names stand for is ``ScannedNames``'. What it finds goes to its ``Verdict``.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import QualifiedNameSource

from ._cache_views_calls import CallRules, _root_name
from ._cache_views_kinds import APP, FUNCTION, INSTANCE, OTHER, QUERY, Kind, NameKinds, Verdict
from ._cache_views_catalog import (
    CHANGING,
    EFFECT,
    HOST_ATTRIBUTES,
    PATH_ATTRIBUTES,
    PER_REQUEST,
    PER_USER,
    QUERY_ATTRIBUTES,
    REQUEST,
    REQUEST_NAMES,
    RESPONSE,
    SERVICE,
    SETTLED,
    SKIPPED,
    SPECIFIC,
    USER,
    USER_REQUEST_ATTRIBUTES,
    Problem,
    named_reason,
)
from ._cache_views_project import SourceModule
from ._cache_views_query import WHOLE_QUERY, hands_on_the_whole_query, visitor_id_read
from ._cache_views_scanned_names import ScannedNames
from ._flask import ROUTE_DECORATORS

# imported names that say "the current user" whatever library they come from
_USER_WORDS = frozenset({"current_user", "current_identity", "whoami"})


class Scan(CallRules, ScannedNames, cst.CSTVisitor):
    def __init__(self, analysis: NameKinds, module: SourceModule, root: cst.CSTNode, folders: tuple[str, ...], *,
                 is_view: bool, survey: bool = False) -> None:
        """``survey``: go on past open questions (``_cache_views_worth``), to the first problem
        that settles it (which then replaces the first found), gathering what the code costs."""
        self.a = analysis
        self.survey = survey
        self.m = module
        self.root = root
        self.folders = folders
        self.is_view = is_view
        self.foreign = module is not analysis.here
        self.verdict = Verdict()
        self.calls: dict[int, Kind] = {}
        self.binding: set[int] = set()
        self.entered: list[cst.CSTNode] = []  # functions and lambdas entered, innermost last

    # -- control ---------------------------------------------------------------------------
    def fail(self, category: str, text: str, costly: bool = False) -> Kind:
        """Refuse for ``category``, ``text`` (the first problem met is kept); ``costly``: the refused
        call is work a cache would save (a render of a template the codemod does not read)."""
        self.verdict.costly |= costly
        first = self.verdict.problem
        if first is None or (self.survey and category in SETTLED and first.category not in SETTLED):
            self.verdict.problem = Problem(category, text)
        if self.survey and category == SERVICE:
            self.verdict.costly = True  # a call to another server: the cost a cache saves
        return Kind(OTHER)

    def stopped(self) -> bool:
        """A problem that ends the scan: any, or in a survey one that settles it."""
        problem = self.verdict.problem
        return problem is not None and (not self.survey or problem.category in SETTLED)

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.stopped():
            return False
        return super().on_visit(node)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.entered.append(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        # on_leave runs even where on_visit declined the node: pop only what was pushed
        if self.entered and self.entered[-1] is original_node:
            self.entered.pop()

    def _in_own_body(self) -> bool:
        """True in the body of the view itself (not in a function nested in it)."""
        return self.is_view and not self.entered

    # -- statements --------------------------------------------------------------------------
    def visit_Global(self, node: cst.Global) -> None:
        names = ", ".join(n.name.value for n in node.names)
        self.fail(EFFECT, f"declares global {names}: it changes module state, and {SKIPPED}")

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        names = ", ".join(n.name.value for n in node.names)
        self.fail(EFFECT, f"declares nonlocal {names}: it changes state outside the view, and {SKIPPED}")

    def visit_Yield(self, node: cst.Yield) -> None:
        if self._in_own_body():
            self.fail(RESPONSE, "streams its response (yield): a stream cannot be cached")

    def visit_Await(self, node: cst.Await) -> None:
        if self._in_own_body():
            self.fail(SPECIFIC, "is a coroutine view: Flask-Caching cannot cache it safely")

    def visit_For(self, node: cst.For) -> None:
        self.verdict.costly = True
        if self.kind(node.iter).tag == QUERY:
            self.verdict.data = True

    def visit_While(self, node: cst.While) -> None:
        self.verdict.costly = True

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self.verdict.costly = True
        if self.kind(node.iter).tag == QUERY:
            self.verdict.data = True

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._target(target.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._target(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._target(node.target)

    def visit_Del(self, node: cst.Del) -> None:
        self._target(node.target)

    def _target(self, target: cst.BaseExpression) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._target(element.value)
            return
        if isinstance(target, cst.StarredElement):
            self._target(target.value)
            return
        if not isinstance(target, (cst.Attribute, cst.Subscript)):
            return
        root = _root_name(target)
        if root is not None:
            for qualified in sorted(q.name for q in self.m.qualified(root)):
                problem = named_reason(qualified)
                if problem is not None:
                    self.fail(problem.category, problem.text)
                    return
            kind = self.name_kind(root)
            if kind.tag == INSTANCE and self.a.global_kind(self.m, root) is None:
                return  # an object the code made, or the self of its method
            if self.is_fresh(root):
                return
        where = self.a.where(self.m, target)
        self.fail(EFFECT, f"changes {self.a.code(self.m, target)} ({where}), state outside the view: {SKIPPED}")

    # -- references --------------------------------------------------------------------------
    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)  # a keyword's name is no reference
        return False

    def visit_Param(self, node: cst.Param) -> bool:
        for part in (node.default, node.annotation):
            if part is not None:
                part.visit(self)
        return False

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        if self._reference(node):
            return False
        node.value.visit(self)  # the attribute's own name is no reference
        parent = self.a.parent(self.m, node)
        if not (isinstance(parent, cst.Call) and parent.func is node) and not self.stopped():
            owner = self.kind(node.value)
            if owner.tag == INSTANCE and owner.definition is not None:
                found = self.a.find_method(owner.definition, node.attr.value)
                if found is not None:
                    self.follow(found, node)  # a property, or a method passed on
        return False

    def visit_Name(self, node: cst.Name) -> None:
        if self._reference(node):
            return
        kind = self.a.global_kind(self.m, node)
        if kind is None:
            self._enclosing_name(node)
            return
        parent = self.a.parent(self.m, node)
        if kind.tag == FUNCTION and kind.definition is not None and kind.definition.node is not self.root:
            called = isinstance(parent, cst.Call) and parent.func is node
            if not called:
                self.follow(kind.definition, node)  # passed on or decorating: it is called
        elif kind.tag == OTHER and not isinstance(parent, (cst.FunctionDef, cst.ClassDef)):
            where = self.a.where(self.m, node)
            self.fail(CHANGING, f"reads {node.value} ({where}), state that may change while a page is cached")

    def _enclosing_name(self, node: cst.Name) -> None:
        """A name the function around the scanned code binds (a view inside an app factory):
        fixed when that function ran, and judged, like a module's name, by what it was bound
        to. One bound to what the codemod cannot see into may be changed by other code."""
        bindings = self.enclosing_bindings(node)
        if bindings and self.name_kind(node).tag == OTHER:
            where = self.a.where(self.m, bindings[0])
            self.fail(CHANGING, f"reads {node.value} ({where}), which the function around it binds to what the "
                      "codemod cannot see into: state that may change while a page is cached")

    def visit_Call(self, node: cst.Call) -> None:
        self.call(node)

    def visit_Decorator(self, node: cst.Decorator) -> bool:
        """A helper's route decorator only registers it (Flask returns the function as it is)."""
        expression = node.decorator
        callee = expression.func if isinstance(expression, cst.Call) else expression
        if isinstance(callee, cst.Attribute) and callee.attr.value in ROUTE_DECORATORS:
            if self.kind(callee.value).tag == APP:
                return False
        return True

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self.entered.append(node)

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        if self.entered and self.entered[-1] is original_node:
            self.entered.pop()

    def _reference(self, node: cst.CSTNode) -> bool:
        """Judge a Name/Attribute by what it refers to; True when it was decided here."""
        for qualified in self.m.qualified(node):
            name = qualified.name
            for root in REQUEST_NAMES:
                if name != root and not name.startswith(root + "."):
                    continue
                rest = name[len(root) + 1 :].split(".")
                parent = lambda child: self.a.parent(self.m, child)  # noqa: E731
                if rest[0] == "args" and hands_on_the_whole_query(
                    rest[1:], node, parent, lambda call: {q.name for q in self.m.qualified(call.func)}
                ):
                    self.fail(REQUEST, f"hands on the whole query string ({self.a.code(self.m, node)}): {WHOLE_QUERY}")
                elif rest[0] == "args" and (visitor := visitor_id_read(rest[1:], node, parent)) is not None:
                    self.fail(USER, f"reads {visitor} from the query string, the visitor's own id: one cache entry "
                              f"per visitor, asked for again only by them: {PER_USER}")
                else:
                    self._request(rest[0])
                return True
            problem = named_reason(name)
            if problem is not None:
                self.fail(problem.category, problem.text)
                return True
            if name.rsplit(".", 1)[-1] in _USER_WORDS and qualified.source == QualifiedNameSource.IMPORT:
                self.fail(USER, f"uses {name.rsplit('.', 1)[-1]}: {PER_USER}")
                return True
        return False

    def _request(self, attribute: str) -> None:
        if self.foreign:
            self.fail(REQUEST, f"reads the request in {self.m.label}: {PER_REQUEST}")
        elif not attribute:
            self.fail(REQUEST, f"uses the request object: {PER_REQUEST}")
        elif attribute in QUERY_ATTRIBUTES:
            self.verdict.query_string = True
        elif attribute in USER_REQUEST_ATTRIBUTES:
            self.fail(USER, f"reads request.{attribute}: {PER_USER}")
        elif attribute in HOST_ATTRIBUTES:
            self.fail(REQUEST, f"reads request.{attribute}: it depends on the host, which the cache key leaves out")
        elif attribute not in PATH_ATTRIBUTES:
            self.fail(REQUEST, f"reads request.{attribute}: {PER_REQUEST}")
