"""Planning for the ``atexit-cleanup`` codemod: which module-level resources get
``atexit.register(NAME.<method>)``, and why the others do not.

A resource is left alone silently when the module already releases it (at module level, or
in an exit handler); it is refused with a finding when the registration could release the
wrong object, or, for files and connections, when code may still use it while the program
exits. The rest are registered right after the statement that creates them.
"""

from __future__ import annotations

from typing import Any

import libcst as cst
from libcst.metadata import (
    Assignment,
    ClassScope,
    ComprehensionScope,
    GlobalScope,
    ParentNodeProvider,
    QualifiedNameProvider,
    ScopeProvider,
)

from ._atexit_cleanup_analysis import RELEASERS, ModuleFacts, Registration, Resource
from ._base import Context, metadata_value
from ._imports import module_binds
from ._node_edits import is_within

# After close() a file or a DB-API connection is unusable; a disposed engine reconnects on
# demand, and no executor accepts work once the interpreter is exiting anyway. So the checks
# for code that may still use the resource while the program exits apply to these kinds only.
FRAGILE = frozenset({"file", "connection"})

# what makes a Session, and what makes a factory of them (sqlalchemy.orm re-exports both)
SESSION_CLASSES = frozenset({"sqlalchemy.orm.Session", "sqlalchemy.orm.session.Session"})
SESSION_FACTORIES = frozenset({"sqlalchemy.orm.sessionmaker", "sqlalchemy.orm.session.sessionmaker"})

Inserts = dict[int, list[tuple[str, str]]]  # module.body index -> (name, method) to register after it


def releases_anything_at_exit(resource: Resource) -> bool:
    """Whether registering the release changes what happens at exit (else it is noise).

    Executors: no. concurrent.futures' own exit hook joins every executor's workers before
    any atexit handler runs. Engines: only for a database server, where ``dispose()`` closes
    the pooled connections the server would otherwise see dropped; a SQLite engine's pool
    holds only local file handles, and an engine whose URL the module does not spell (a
    setting, another file's value) may be one of those, so it is left alone too.
    """
    if resource.kind == "executor":
        return False
    if resource.kind == "engine":
        scheme = _url_scheme(_engine_url(resource.call))
        return scheme is not None and not scheme.startswith("sqlite")
    return True


def _engine_url(call: cst.Call) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "url":
            return arg.value
    first = call.args[0] if call.args else None
    return first.value if first is not None and first.keyword is None and not first.star else None


def _url_scheme(node: cst.BaseExpression | None) -> str | None:
    """The scheme a URL expression starts with (``postgresql+psycopg2``), when the leading
    text is written out: a literal, an f-string, ``"...".format(...)``, ``"..." % x``,
    ``"..." + x``."""
    while True:
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Add, cst.Modulo)):
            node = node.left
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "format":
            node = node.func.value
        elif isinstance(node, cst.ConcatenatedString):
            node = node.left
        else:
            break
    if isinstance(node, cst.SimpleString):
        text = node.evaluated_value
    elif isinstance(node, cst.FormattedString):
        first = node.parts[0] if node.parts else None
        text = first.value if isinstance(first, cst.FormattedStringText) else None
    else:
        text = None
    if not isinstance(text, str) or "://" not in text:
        return None
    return text.split("://", 1)[0].lower()


def plan(wrapper: Any, found: ModuleFacts, ctx: Context) -> Inserts:
    """The registrations to insert (findings go to ``ctx``)."""
    return _Planner(wrapper, found, ctx).run()


class _Planner:
    def __init__(self, wrapper: Any, found: ModuleFacts, ctx: Context) -> None:
        self.wrapper = wrapper
        self.found = found
        self.ctx = ctx

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return metadata_value(self.wrapper, ParentNodeProvider, node)

    def run(self) -> Inserts:
        found = self.found
        import_index = found.atexit_import_index
        atexit_taken = import_index is None and module_binds(self.wrapper.module, "atexit")
        inserts: Inserts = {}
        for resource in found.resources:
            if not releases_anything_at_exit(resource):
                continue
            reason = self._refusal(resource)
            if reason in ("released", "held"):
                continue
            if reason is None and atexit_taken:
                reason = "the name 'atexit' means something else in this module"
            if reason is None and import_index is not None and import_index > resource.index:
                reason = "atexit is imported only after it is created"
            if reason is not None:
                self.ctx.finding(
                    resource.statement,
                    f"{resource.target.value!r} is not registered for {resource.method}() at exit: {reason}",
                )
                continue
            inserts.setdefault(resource.index, []).append((resource.target.value, resource.method))
        return inserts

    # -- the checks ----------------------------------------------------------------------------
    def _refusal(self, resource: Resource) -> str | None:
        """None: register it; "released": the module releases it already; "held": a Session
        of the module's own holds the engine's connection (see _session_at_import); else the
        reason."""
        name = resource.target.value
        scope = metadata_value(self.wrapper, ScopeProvider, resource.target)
        if not isinstance(scope, GlobalScope):
            return "released"  # cannot happen for a module-level statement; be safe
        assignments = list(scope.assignments[name])
        mine = [a for a in assignments if isinstance(a, Assignment) and a.node is resource.target]
        if len(assignments) != 1 or len(mine) != 1:
            # the first other line in the text (LibCST's assignments, like references, are a set)
            lines = [self.ctx.file_line(a.node) for a in assignments if a not in mine and isinstance(a, Assignment)]
            where = f" (also at line {min(lines)})" if lines else ""
            return f"the name is bound more than once{where}, so the handler could release the wrong object"
        references = list(mine[0].references)
        for access in references:
            if self._module_level(access.scope):
                use = self._use(access.node)
                if use == "release" or (use == "with" and resource.kind in ("file", "executor")):
                    return "released"
        for registration in self.found.registrations:
            if self._releases(registration, references):
                return "released"
        if resource.kind == "engine" and any(self._session_at_import(a) for a in references):
            return "held"
        deleted_lines = [self.ctx.file_line(a.node) for a in references if isinstance(self.parent(a.node), cst.Del)]
        if deleted_lines:
            return f"it is deleted at line {min(deleted_lines)}, and the handler would keep it alive"
        if resource.kind not in FRAGILE:
            return None
        if resource.kind == "file":
            reason = self._wraps_descriptor(resource.call)
            if reason:
                return reason
        for registration in self.found.registrations:
            if registration.index is not None and registration.index > resource.index:
                continue  # registered later, so it runs earlier
            for access in references:
                if any(is_within(self.wrapper, access.node, region) for region in registration.regions):
                    line = self.ctx.file_line(registration.node)
                    return (
                        f"the exit handler registered at line {line} uses it and would run after it is closed"
                    )
        for method in self.found.del_methods:
            for access in references:
                if is_within(self.wrapper, access.node, method):
                    return f"the __del__ method at line {self.ctx.file_line(method)} uses it, and may run after exit handlers"
        if self.found.daemon_line is not None:
            line = self.ctx.file_line(self.found.daemon_line)
            return f"the module starts daemon threads (line {line}), which may still use it while the program exits"
        # the first line in the text: ``references`` comes from a set, whose order varies by run
        handed_lines = [
            self.ctx.file_line(access.node)
            for access in references
            if self._module_level(access.scope) and self._handed_on(access.node)
        ]
        if handed_lines:
            return (
                f"it is handed to other code at line {min(handed_lines)}, "
                "which may keep it and use it while the program exits"
            )
        return None

    def _session_at_import(self, access: Any) -> bool:
        """Whether this use of an engine makes a Session at import: ``Session(engine)``, or a
        ``sessionmaker(bind=engine)`` called at module level (at once, or through the name it
        is bound to). That Session takes a pooled connection at its first statement and gives
        it back only when it commits, rolls back or closes; dispose() closes only what is in
        the pool, so at exit it may close nothing. A factory whose sessions are made elsewhere
        (in functions, a scoped_session) holds none."""
        arg = self.parent(access.node)
        call = self.parent(arg) if isinstance(arg, cst.Arg) and arg.value is access.node else None
        if not isinstance(call, cst.Call) or not self._module_level(access.scope):
            return False
        names = {q.name for q in metadata_value(self.wrapper, QualifiedNameProvider, call.func) or ()}
        if names & SESSION_CLASSES:
            return True
        if not names & SESSION_FACTORIES:
            return False
        if self._called(call):
            return True
        above = self.parent(call)
        if not (isinstance(above, cst.Assign) and len(above.targets) == 1):
            return False
        if not isinstance(above.targets[0].target, cst.Name):
            return False
        factory = above.targets[0].target
        scope = metadata_value(self.wrapper, ScopeProvider, factory)
        if not isinstance(scope, GlobalScope):
            return False
        return any(
            self._module_level(use.scope) and self._called(use.node)
            for assignment in scope.assignments[factory.value]
            if isinstance(assignment, Assignment) and assignment.node is factory
            for use in assignment.references
        )

    def _called(self, node: cst.CSTNode) -> bool:
        above = self.parent(node)
        return isinstance(above, cst.Call) and above.func is node

    def _module_level(self, scope: Any) -> bool:
        """True for code that runs at import: the module, class bodies, comprehensions there."""
        while isinstance(scope, (ClassScope, ComprehensionScope)):
            scope = scope.parent
        return isinstance(scope, GlobalScope)

    def _use(self, node: cst.CSTNode) -> str | None:
        above = self.parent(node)
        if isinstance(above, cst.Attribute) and above.value is node and above.attr.value in RELEASERS:
            call = self.parent(above)
            if isinstance(call, cst.Call) and call.func is above:
                return "release"
        if isinstance(above, cst.WithItem) and above.item is node:
            return "with"
        return None

    def _releases(self, registration: Registration, references: list[Any]) -> bool:
        """True when ``registration`` releases the resource: ``atexit.register(X.close)``, or
        a registered function / lambda that calls ``X.close()``."""
        registered = registration.callable
        for access in references:
            node = access.node
            above = self.parent(node)
            if (
                registered is not None
                and above is registered
                and isinstance(above, cst.Attribute)
                and above.attr.value in RELEASERS
            ):
                return True
            if self._use(node) == "release" and any(is_within(self.wrapper, node, r) for r in registration.regions):
                return True
        return False

    def _handed_on(self, node: cst.CSTNode) -> bool:
        above = self.parent(node)
        if isinstance(above, cst.Arg):
            call = self.parent(above)
            if isinstance(call, cst.Call):
                names = metadata_value(self.wrapper, QualifiedNameProvider, call.func) or ()
                if any(q.name == "builtins.print" for q in names):
                    return False  # print(..., file=LOG) writes and lets go
            return True
        if isinstance(above, (cst.Assign, cst.AnnAssign, cst.AugAssign)) and above.value is node:
            return True
        return isinstance(above, (cst.Element, cst.DictElement, cst.StarredElement, cst.StarredDictElement))

    def _wraps_descriptor(self, call: cst.Call) -> str | None:
        first = call.args[0].value if call.args and call.args[0].keyword is None and not call.args[0].star else None
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == "file":
                first = arg.value
            if arg.keyword is not None and arg.keyword.value == "closefd":
                if isinstance(arg.value, cst.Name) and arg.value.value == "False":
                    return None
        if isinstance(first, cst.Integer) or (
            isinstance(first, cst.Call)
            and isinstance(first.func, cst.Attribute)
            and first.func.attr.value == "fileno"
        ):
            return "it wraps an existing file descriptor, and closing it early would cut off whatever still writes to that descriptor at exit"
        return None
