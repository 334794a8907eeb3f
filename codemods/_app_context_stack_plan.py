"""app-context-stack's plan: which reads of ``_app_ctx_stack.top`` / ``_request_ctx_stack.top``
become ``g``, ``request`` or ``has_app_context()``, and which are reported (the codemod's
class and documentation are in app_context_stack.py)."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
from libcst.metadata import ScopeProvider

from ._app_context_stack_owned import EXTENSION_NAMES, owned_names
from ._app_context_stack_unused import drop_unused_imports
from ._base import metadata_value
from ._flask import dotted_name, name_bound_elsewhere, qualified_names, string_value
from ._flask_versions import removal_reported
from ._name_candidates import NameCandidates
from ._node_edits import EditPlanner
from ._version_guards import is_guarded

# the stacks, by qualified name -> which context they hold
_ROOTS = ("flask",)  # the first part of every name of STACKS
STACKS = {
    "flask._app_ctx_stack": "app",
    "flask.globals._app_ctx_stack": "app",
    "flask._request_ctx_stack": "request",
    "flask.globals._request_ctx_stack": "request",
}
# attributes of an AppContext (and of g) that are not the application's own storage
CONTEXT_ATTRIBUTES = frozenset(
    {"app", "g", "url_adapter", "push", "pop", "copy", "request", "session", "flashes", "match_request",
     "preserved", "get", "setdefault", "_refcnt", "_cv_tokens", "_cv_app"}
)
ACCESSORS = ("builtins.hasattr", "builtins.getattr", "builtins.setattr", "builtins.delattr")
DEPRECATED, REMOVED = (2, 2), (3, 0)
ESCAPES = "the context object itself is used here"


@dataclass
class _Use:
    """What one read of ``<stack>.top`` (or of a local bound to it) is for."""

    kind: str  # "storage", "request", "none-test"
    node: cst.CSTNode  # what gets replaced
    negated: bool = False  # none-test: ``is None`` (True) or ``is not None``



class Planner(EditPlanner):
    """Decides, for a module, each read of the stacks' ``top``: rewritten (to ``g``,
    ``request``, ``has_app_context()``) or reported."""

    def run(self) -> cst.Module:
        module = self.wrapper.module
        references = self._references()
        if not references:
            return self._without_unused_imports(set())
        kept: set[str] = set()  # the stacks of which a reference stays
        needed: set[str] = set()
        stored: dict[str, cst.CSTNode] = {}
        plans: list[tuple[str, list[_Use], list[cst.CSTNode], cst.BaseExpression | None]] = []
        escapes: dict[str, cst.CSTNode] = {}  # stack -> a reference whose context object escapes
        owned: frozenset[str] | None = None
        for node, kind in references:
            if self._guarded(node):
                kept.add(kind)
                escapes.setdefault(kind, node)
                continue
            uses, removals, problem = self._plan_reference(node, kind)
            if problem is None and any(use.kind == "storage" for use in uses):
                if owned is None:
                    tree = self.ctx.python_tree(module)
                    owned = owned_names(self.ctx, tree) if tree is not None else frozenset()
                problem = _shared_storage(
                    [_stored_name(use.node, self.parent) for use in uses if use.kind == "storage"], owned
                )
            if problem is not None:
                kept.add(kind)
                if problem.startswith(ESCAPES):
                    escapes.setdefault(kind, node)
                self._finding(node, problem)
                continue
            plans.append((kind, uses, removals, self._flask_module(node)))
            for use in uses:
                if use.kind == "storage":
                    stored.setdefault(_stored_name(use.node, self.parent), use.node)
        clashes = self._clashes_with_g(stored)
        for kind, uses, removals, module_name in plans:
            escaped = escapes.get(kind) or escapes.get("both")
            if escaped is not None and any(use.kind == "storage" for use in uses):
                # the context object is used elsewhere in ways not rewritten: storage must stay
                # where those uses look for it
                kept.add(kind)
                self._finding(
                    removals[0] if removals else uses[0].node,
                    f"{_stack_name(kind)}.top is also used at line {self.ctx.file_line(escaped)} in a way that is "
                    "not rewritten, and both must keep their data in the same place: move it to flask.g by hand",
                )
                continue
            # ``flask._app_ctx_stack``: the module's own ``flask`` spells the replacements
            names = _names_for(kind, uses) if module_name is None else []
            taken = [n for n in names if name_bound_elsewhere(self.wrapper, n, f"flask.{n}")]
            if taken or (kind == "app" and clashes):
                kept.add(kind)
                node = uses[0].node if uses else removals[0]
                reason = (
                    f"the name {taken[0]} means something else in this module"
                    if taken
                    else f"g.{clashes[0]} is already used for something else in this module"
                )
                self._finding(node, f"{reason}: move this per-context storage to flask.g by hand")
                continue
            needed.update(names)
            for use in uses:
                self._rewrite(kind, use, module_name)
            for node in removals:
                self.edits.remove(node)
            self.ctx.rewrote(len(uses))
        if self.edits.empty:
            return self._without_unused_imports({kind for _, kind in references})
        for name in sorted(needed):
            self.edits.add_import("flask", name)
        for kind in ("app", "request"):
            if kind not in kept and "both" not in kept:
                self._remove_imports(kind)
        return self.result(module)

    def _without_unused_imports(self, used: set[str]) -> cst.Module:
        """The module without its imports of the stacks nothing here uses, where a use would be
        reported (``_app_context_stack_unused``)."""
        if removal_reported(self.ctx, DEPRECATED):
            stacks = {qualified.rsplit(".", 1)[-1]: kind for qualified, kind in STACKS.items()}
            drop_unused_imports(self.wrapper.module, self.ctx, self.edits, stacks, used)
        return self.wrapper.module if self.edits.empty else self.result(self.wrapper.module)

    # -- finding the stacks -------------------------------------------------------------------
    def _references(self) -> list[tuple[cst.CSTNode, str]]:
        found: list[tuple[cst.CSTNode, str]] = []
        wrapper = self.wrapper
        parent = self.parent
        candidates = NameCandidates(wrapper.module)  # (a node that cannot name a stack needs no scopes)

        class _Finder(cst.CSTVisitor):
            def visit_Import(self, node: cst.Import) -> bool:
                return False

            def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
                return False

            def _check(self, node: cst.CSTNode) -> None:
                if not candidates.may_refer_to(node, STACKS, _ROOTS):
                    return
                kinds = {STACKS[q] for q in qualified_names(wrapper, node) if q in STACKS}
                if len(kinds) == 1:
                    found.append((node, kinds.pop()))
                elif len(kinds) > 1:  # one name for either stack: a compatibility shim
                    found.append((node, "both"))

            def visit_Name(self, node: cst.Name) -> None:
                owner = parent(node)
                if isinstance(owner, cst.Attribute) and owner.attr is node:
                    return
                self._check(node)

            def visit_Attribute(self, node: cst.Attribute) -> None:
                self._check(node)

        wrapper.module.visit(_Finder())
        return found

    def _guarded(self, node: cst.CSTNode) -> bool:
        """In a version shim, or the name it uses is imported in one."""
        if is_guarded(node, self.parent):
            return True
        root = node
        while isinstance(root, cst.Attribute):
            root = root.value
        scope = metadata_value(self.wrapper, ScopeProvider, root)
        if scope is None or not isinstance(root, cst.Name):
            return False
        return any(is_guarded(a.node, self.parent) for a in scope[root.value] if hasattr(a, "node"))

    # -- what each reference is for -----------------------------------------------------------
    def _plan_reference(self, node: cst.CSTNode, kind: str) -> tuple[list[_Use], list[cst.CSTNode], str | None]:
        if kind == "both":
            return [], [], "this name stands for either context stack"
        top = self.parent(node)
        if isinstance(top, cst.Attribute) and top.value is node and top.attr.value == "__ident_func__":
            return [], [], (
                f"{_stack_name(kind)}.__ident_func__ is gone since Flask 2.2 (the contexts live in context variables); "
                "it was the current thread's (or greenlet's) id: a scoped_session needs no scopefunc for that, it is "
                "thread-local by default (under gevent or eventlet: scopefunc=greenlet.getcurrent)"
            )
        if not (isinstance(top, cst.Attribute) and top.value is node and top.attr.value == "top"):
            return [], [], f"{_stack_name(kind)} is removed in Flask 3.0 (push and pop in 2.3): {_advice(kind)}"
        use = self._classify(top, kind)
        if use is not None:
            return [use], [], None
        owner = self.parent(top)
        if isinstance(owner, cst.Attribute) and owner.value is top:
            return [], [], (
                f"{_stack_name(kind)}.top.{owner.attr.value} goes with the stack (removed in Flask 3.0): {_advice(kind)}"
            )
        alias = self._alias(top, kind)
        if isinstance(alias, str):
            return [], [], alias
        return alias

    def _classify(self, node: cst.CSTNode, kind: str) -> _Use | None:
        """How ``node`` (a read of the top of the stack) is used, if it can be rewritten."""
        owner = self.parent(node)
        if isinstance(owner, cst.Attribute) and owner.value is node:
            attr = owner.attr.value
            if kind == "app" and attr not in CONTEXT_ATTRIBUTES:
                return _Use("storage", node)
            if kind == "request" and attr == "request":
                above = self.parent(owner)
                if isinstance(above, cst.Attribute) and above.value is owner:
                    return _Use("request", owner)
            return None
        if isinstance(owner, cst.Arg) and kind == "app":
            call = self.parent(owner)
            if (
                isinstance(call, cst.Call)
                and call.args
                and call.args[0] is owner
                and len(call.args) >= 2
                and qualified_names(self.wrapper, call.func) & set(ACCESSORS)
            ):
                name = string_value(call.args[1].value)
                if name is not None and name not in CONTEXT_ATTRIBUTES:
                    return _Use("storage", node)
            return None
        if isinstance(owner, cst.Comparison) and owner.left is node and len(owner.comparisons) == 1:
            target = owner.comparisons[0]
            if (
                isinstance(target.operator, (cst.Is, cst.IsNot))
                and isinstance(target.comparator, cst.Name)
                and target.comparator.value == "None"
            ):
                return _Use("none-test", owner, negated=isinstance(target.operator, cst.Is))
        return None

    def _alias(self, top: cst.Attribute, kind: str):
        """``top = _app_ctx_stack.top`` in a function, every use of ``top`` rewritable."""
        assign = self.parent(top)
        line = self.parent(assign) if assign is not None else None
        problem = f"{ESCAPES} ({_stack_name(kind)}.top), which cannot be rewritten: {_advice(kind)}"
        if not (
            isinstance(assign, cst.Assign)
            and assign.value is top
            and len(assign.targets) == 1
            and isinstance(assign.targets[0].target, cst.Name)
            and isinstance(line, cst.SimpleStatementLine)
            and len(line.body) == 1
        ):
            return problem
        target = assign.targets[0].target
        scope = metadata_value(self.wrapper, ScopeProvider, target)
        if scope is None or isinstance(scope, cst.metadata.GlobalScope) or len(scope.assignments[target.value]) != 1:
            return problem
        uses: list[_Use] = []
        for access in scope.accesses[target.value]:
            use = self._classify(access.node, kind)
            if use is None:
                return problem
            uses.append(use)
        if not uses:
            return problem
        return uses, [line], None

    # -- the rewrite ----------------------------------------------------------------------------
    def _flask_module(self, reference: cst.CSTNode) -> cst.BaseExpression | None:
        """``flask`` of ``flask._app_ctx_stack`` (the module, imported as it is named)."""
        if isinstance(reference, cst.Attribute) and isinstance(reference.value, cst.Name):
            if qualified_names(self.wrapper, reference.value) == {"flask"}:
                return reference.value
        return None

    def _rewrite(self, kind: str, use: _Use, module_name: cst.BaseExpression | None) -> None:
        def spelled(name: str) -> cst.BaseExpression:
            return cst.Name(name) if module_name is None else cst.Attribute(module_name, cst.Name(name), dot=cst.Dot())

        if use.kind == "storage":
            self.edits.replace_node(use.node, spelled("g"))
        elif use.kind == "request":
            self.edits.replace_node(use.node, spelled("request"))
        else:
            call: cst.BaseExpression = cst.Call(spelled(_context_test(kind)))
            if use.negated:
                call = cst.UnaryOperation(cst.Not(), call)
            comparison = use.node
            assert isinstance(comparison, cst.Comparison)
            self.edits.replace_node(comparison, call.with_changes(lpar=comparison.lpar, rpar=comparison.rpar))

    def _clashes_with_g(self, stored: dict[str, cst.CSTNode]) -> list[str]:
        """Names stored on the context that the module also keeps on flask.g."""
        wrapper = self.wrapper
        clashes: list[str] = []

        class _Finder(cst.CSTVisitor):
            def visit_Attribute(self, node: cst.Attribute) -> None:
                if node.attr.value in stored and "flask.g" in qualified_names(wrapper, node.value):
                    clashes.append(node.attr.value)

        wrapper.module.visit(_Finder())
        return clashes

    def _remove_imports(self, kind: str) -> None:
        names = {q.rsplit(".", 1)[-1] for q, k in STACKS.items() if k == kind}
        for statement in self.wrapper.module.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if not isinstance(small, cst.ImportFrom) or isinstance(small.names, cst.ImportStar):
                    continue
                module_name = dotted_name(small.module) if small.module else ""
                if small.relative or module_name not in ("flask", "flask.globals"):
                    continue
                for alias in small.names:
                    if isinstance(alias.name, cst.Name) and alias.name.value in names:
                        self.edits.remove(alias)

    def _finding(self, node: cst.CSTNode, message: str) -> None:
        # from the deprecation on, and at a release nobody declared (the newest removed the stacks)
        if removal_reported(self.ctx, DEPRECATED):
            self.ctx.finding(node, message)


def _stored_name(node: cst.CSTNode, parent) -> str:
    owner = parent(node)
    if isinstance(owner, cst.Attribute):
        return owner.attr.value
    call = parent(owner)
    assert isinstance(call, cst.Call)
    return string_value(call.args[1].value) or ""


def _shared_storage(names: list[str], owned: frozenset[str]) -> str | None:
    """Why storage under ``names`` must stay on the context object (``_app_context_stack_owned``),
    or None when every name is the project's own."""
    for name in names:
        if name in EXTENSION_NAMES:
            return (
                f"_app_ctx_stack.top.{name} is where a Flask extension keeps its own data (Flask-JWT-Extended 3, "
                "Flask-Babel 2 or Flask-SQLAlchemy 2): on flask.g the extension would not see it; "
                "use the extension's accessors instead"
            )
        if name not in owned:
            return (
                f"_app_ctx_stack.top.{name} is not both stored and read by this project, so something else "
                "(an extension) reads or stores it there: on flask.g the two would not meet; move it by hand"
            )
    return None


def _names_for(kind: str, uses: list[_Use]) -> list[str]:
    names = []
    for use in uses:
        name = {"storage": "g", "request": "request", "none-test": _context_test(kind)}[use.kind]
        if name not in names:
            names.append(name)
    return names


def _context_test(kind: str) -> str:
    return "has_app_context" if kind == "app" else "has_request_context"


def _stack_name(kind: str) -> str:
    return "_app_ctx_stack" if kind == "app" else "_request_ctx_stack"


def _advice(kind: str) -> str:
    if kind == "app":
        return "keep per-context data on flask.g, use current_app for the app and has_app_context() to test for a context"
    return "use flask.request, flask.session and has_request_context(); keep per-request data on flask.g"
