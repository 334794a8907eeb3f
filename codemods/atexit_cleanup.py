"""atexit-cleanup: module-level files, connections, executors and engines are released at exit."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
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

from ._ast_facts import assigned, facts, starts_word
from ._base import Codemod, Context, metadata_value
from ._imports import add_imports, module_binds

# qualified name of the call that creates the resource -> (kind, method that releases it)
_FILES = ("builtins.open", "io.open", "codecs.open", "gzip.open", "bz2.open", "lzma.open")
_CONNECTIONS = (
    "sqlite3.connect",
    "sqlite3.dbapi2.connect",
    "psycopg2.connect",
    "psycopg.connect",
    "psycopg.Connection.connect",
    "pymysql.connect",
    "MySQLdb.connect",
    "mysql.connector.connect",
    "pyodbc.connect",
    "cx_Oracle.connect",
    "oracledb.connect",
    "pymssql.connect",
)
_EXECUTORS = (
    "concurrent.futures.ThreadPoolExecutor",
    "concurrent.futures.ProcessPoolExecutor",
    "concurrent.futures.thread.ThreadPoolExecutor",
    "concurrent.futures.process.ProcessPoolExecutor",
)
_ENGINES = ("sqlalchemy.create_engine", "sqlalchemy.engine.create_engine", "sqlalchemy.engine.create.create_engine")

RESOURCES: dict[str, tuple[str, str]] = {
    **{name: ("file", "close") for name in _FILES},
    **{name: ("connection", "close") for name in _CONNECTIONS},
    **{name: ("executor", "shutdown") for name in _EXECUTORS},
    **{name: ("engine", "dispose") for name in _ENGINES},
}
RELEASERS = frozenset({"close", "shutdown", "dispose"})
# After close() a file or a DB-API connection is unusable; a disposed engine reconnects on
# demand, and no executor accepts work once the interpreter is exiting anyway. So the checks
# for code that may still use the resource while the program exits apply to these kinds only.
FRAGILE = frozenset({"file", "connection"})
REGISTER = "atexit.register"
# the last names of the creators, as words (at the start of a word: see _ast_facts.starts_word)
_CREATOR_WORD = re.compile(r"(?:" + "|".join(sorted({name.rsplit(".", 1)[-1] for name in RESOURCES})) + r")\b")


class AtexitCleanup(Codemod):
    """Close module-level files, connections, executors and engines when the program exits.

    Why: a resource created at import time — a log file, a SQLite connection, a thread pool,
    a SQLAlchemy engine — lives as long as the process, and legacy code rarely releases it.
    At exit, whatever the garbage collector does not get to stays unreleased: buffered writes
    reach the disk only if the file object happens to be finalized, ``python -X dev`` reports
    ``ResourceWarning: unclosed file``, database connections are dropped instead of closed.
    Registering the release with ``atexit`` makes it explicit and ordered: it runs while the
    interpreter is still whole, before module teardown.

    What it rewrites: a module-level statement ``NAME = <creator>(...)`` whose creator is
    (resolved by qualified name, so ``import sqlite3 as sq`` and ``from concurrent.futures
    import ThreadPoolExecutor`` are understood, a local ``def open`` is not):

    - ``open``, ``io.open``, ``codecs.open``, ``gzip/bz2/lzma.open`` → ``NAME.close``
    - ``sqlite3.connect`` and the ``connect`` of psycopg2, psycopg, pymysql, MySQLdb,
      mysql.connector, pyodbc, cx_Oracle, oracledb, pymssql → ``NAME.close``
    - ``concurrent.futures.ThreadPoolExecutor`` / ``ProcessPoolExecutor`` → ``NAME.shutdown``
    - ``sqlalchemy.create_engine`` → ``NAME.dispose``

    gets ``atexit.register(NAME.<method>)`` on the line right after it; ``import atexit`` is
    added once (an existing ``import atexit as x`` is reused).

    Before::

        import sqlite3

        LOG = open("audit.log", "a")
        db = sqlite3.connect("app.db")

    After::

        import atexit
        import sqlite3

        LOG = open("audit.log", "a")
        atexit.register(LOG.close)
        db = sqlite3.connect("app.db")
        atexit.register(db.close)

    Executors: concurrent.futures already waits for every executor's threads when the
    interpreter exits (before any atexit handler runs), so ``shutdown`` is registered to make
    the release explicit in the code; it changes nothing at run time.

    The open-with codemod runs first and turns a module-level handle that no function uses
    into a with-block; what is left for this codemod are the globals that functions use.

    Left alone, silently: a resource the module already releases — ``NAME.close()`` (or
    ``shutdown`` / ``dispose``) at module level, ``with NAME:`` at module level for a file or
    an executor, or an existing ``atexit`` registration that releases it
    (``atexit.register(NAME.close)``, a registered function or lambda that calls it).

    Refused, with a finding:

    - the name is bound again or deleted at module level (or through ``global`` in a
      function): the registration would release the wrong object, or keep a dropped one open;
    - for files and connections, code that may still use them while the program exits:
      an exit handler registered earlier (or inside a function) that uses the name (exit
      handlers run last-registered first, so it would run after the close), a ``__del__``
      method that uses it, daemon threads started by the module, or the object handed to
      other code at module level (``handler = logging.StreamHandler(LOG)``) that may keep it;
    - a file that wraps an existing file descriptor (``open(1, "w")``): closing it would close
      that descriptor for the rest of the exit;
    - a module where the name ``atexit`` means something else.

    Not recognised (left alone): resources created inside functions, classes, ``if`` or
    ``try`` blocks, and statements that bind several names.

    Options: none.
    """

    NAME = "atexit-cleanup"
    SUMMARY = "Register module-level files, connections, executors and engines for release at exit."
    SAFETY = "safe"
    ORDER = 80
    METADATA = (QualifiedNameProvider, ScopeProvider, ParentNodeProvider)

    def applies_to(self, source: str) -> bool:
        """The last name of a creator (``open``, ``connect``, ``ThreadPoolExecutor`` ...): it is
        spelled in the call or in the import that renames it (``import ... as Pool``)."""
        return starts_word(_CREATOR_WORD, source)

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """A module-level ``NAME = <creator>(...)`` whose callee may be a creator: nothing else
        is registered or reported."""
        found = facts(tree)
        for statement in tree.body:
            binding = assigned(statement)
            if binding is not None and type(binding[1]) is ast.Call:
                if not found.qualified(binding[1].func).isdisjoint(RESOURCES):
                    return True
        return False

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        wrapper = ctx.metadata(module, self.METADATA)
        plan = _Planner(wrapper, ctx)
        inserts = plan.run()
        if not inserts:
            return module
        ctx.rewrote(len(inserts))
        body: list[cst.BaseStatement] = []
        for index, statement in enumerate(wrapper.module.body):
            body.append(statement)
            for name, method in inserts.get(index, ()):
                body.append(_registration(plan.atexit_name, name, method))
        result = wrapper.module.with_changes(body=body)
        if plan.atexit_name == "atexit" and not plan.atexit_imported:
            result = add_imports(result, [("atexit", None)])
        return result


def _registration(atexit_name: str, name: str, method: str) -> cst.SimpleStatementLine:
    call = cst.Call(
        func=cst.Attribute(cst.Name(atexit_name), cst.Name("register")),
        args=[cst.Arg(cst.Attribute(cst.Name(name), cst.Name(method)))],
    )
    return cst.SimpleStatementLine([cst.Expr(call)])


@dataclass(eq=False)
class _Resource:
    index: int  # position of the creating statement in module.body
    statement: cst.SimpleStatementLine
    target: cst.Name
    call: cst.Call
    kind: str
    method: str


@dataclass(eq=False)
class _Registration:
    """One ``atexit.register(...)`` call or ``@atexit.register`` decorator."""

    node: cst.CSTNode  # the call, or the decorated function
    callable: cst.CSTNode | None  # what is registered
    regions: list[cst.CSTNode] = field(default_factory=list)  # code that runs at exit
    index: int | None = None  # module.body position when registered by top-level code


class _Collector(cst.CSTVisitor):
    def __init__(self, wrapper: Any) -> None:
        self.wrapper = wrapper
        self.registrations: list[_Registration] = []
        self.daemon_line: cst.CSTNode | None = None
        self.del_methods: list[cst.FunctionDef] = []

    def _is_register(self, node: cst.CSTNode) -> bool:
        if not isinstance(node, (cst.Name, cst.Attribute)):
            return False
        found = metadata_value(self.wrapper, QualifiedNameProvider, node)
        return bool(found) and any(q.name == REGISTER for q in found)

    def visit_Call(self, node: cst.Call) -> None:
        if self._is_register(node.func):
            first = node.args[0].value if node.args and node.args[0].keyword is None and not node.args[0].star else None
            self.registrations.append(_Registration(node, first, [node]))
        else:
            for arg in node.args:
                if arg.keyword is not None and arg.keyword.value == "daemon" and _is_true(arg.value):
                    self.daemon_line = self.daemon_line or node
            if (
                isinstance(node.func, cst.Attribute)
                and node.func.attr.value == "setDaemon"
                and node.args
                and _is_true(node.args[0].value)
            ):
                self.daemon_line = self.daemon_line or node

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        target = node.target
        if isinstance(target, cst.Attribute) and target.attr.value == "daemon":
            statement = metadata_value(self.wrapper, ParentNodeProvider, node)
            if isinstance(statement, cst.Assign) and _is_true(statement.value):
                self.daemon_line = self.daemon_line or statement

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if node.name.value == "__del__":
            self.del_methods.append(node)
        for decorator in node.decorators:
            if self._is_register(decorator.decorator):
                self.registrations.append(_Registration(node, node, [node]))


def _is_true(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.Name) and node.value == "True"


class _Planner:
    def __init__(self, wrapper: Any, ctx: Context) -> None:
        self.wrapper = wrapper
        self.ctx = ctx
        self.atexit_name = "atexit"
        self.atexit_imported = False
        self._atexit_import_index: int | None = None

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return metadata_value(self.wrapper, ParentNodeProvider, node)

    def run(self) -> dict[int, list[tuple[str, str]]]:
        module = self.wrapper.module
        resources = self._resources(module)
        if not resources:
            return {}
        collector = _Collector(self.wrapper)
        module.visit(collector)
        self._locate_registrations(collector.registrations)
        self._find_atexit_import(module)
        atexit_taken = self._atexit_import_index is None and module_binds(module, "atexit")
        inserts: dict[int, list[tuple[str, str]]] = {}
        for resource in resources:
            reason = self._refusal(resource, collector)
            if reason == "released":
                continue
            if reason is None and atexit_taken:
                reason = "the name 'atexit' means something else in this module"
            if (
                reason is None
                and self._atexit_import_index is not None
                and self._atexit_import_index > resource.index
            ):
                reason = "atexit is imported only after it is created"
            if reason is not None:
                self.ctx.finding(
                    resource.statement,
                    f"{resource.target.value!r} is not registered for {resource.method}() at exit: {reason}",
                )
                continue
            inserts.setdefault(resource.index, []).append((resource.target.value, resource.method))
        return inserts

    # -- what is created at module level -----------------------------------------------------
    def _resources(self, module: cst.Module) -> list[_Resource]:
        found = []
        for index, statement in enumerate(module.body):
            if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
                continue
            small = statement.body[0]
            if isinstance(small, cst.Assign) and len(small.targets) == 1:
                target, value = small.targets[0].target, small.value
            elif isinstance(small, cst.AnnAssign) and small.value is not None:
                target, value = small.target, small.value
            else:
                continue
            if not isinstance(target, cst.Name) or not isinstance(value, cst.Call):
                continue
            if not isinstance(value.func, (cst.Name, cst.Attribute)):
                continue  # open(p)(...) and the like: LibCST names the inner call too
            names = metadata_value(self.wrapper, QualifiedNameProvider, value.func) or ()
            for qualified in sorted(q.name for q in names):
                if qualified in RESOURCES:
                    kind, method = RESOURCES[qualified]
                    found.append(_Resource(index, statement, target, value, kind, method))
                    break
        return found

    def _find_atexit_import(self, module: cst.Module) -> None:
        for index, statement in enumerate(module.body):
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if isinstance(small, cst.Import):
                    for alias in small.names:
                        if alias.evaluated_name == "atexit":
                            self.atexit_name = alias.evaluated_alias or "atexit"
                            self.atexit_imported = True
                            self._atexit_import_index = index
                            return

    def _locate_registrations(self, registrations: list[_Registration]) -> None:
        """Note which registrations run at import, and where."""
        module = self.wrapper.module
        top = {id(statement): index for index, statement in enumerate(module.body)}
        for registration in registrations:
            node: cst.CSTNode | None = registration.node
            index = None
            inside_function = False
            while node is not None:
                if id(node) in top:
                    index = top[id(node)]
                    break
                above = self.parent(node)
                if isinstance(above, (cst.FunctionDef, cst.Lambda)) and node is not registration.node:
                    inside_function = True
                node = above
            registration.index = None if inside_function else index
            # a function registered by name: its body runs at exit too
            if isinstance(registration.callable, cst.Name):
                function = self._function_named(registration.callable)
                if function is not None:
                    registration.regions.append(function)

    def _function_named(self, name: cst.Name) -> cst.FunctionDef | None:
        scope = metadata_value(self.wrapper, ScopeProvider, name)
        if scope is None:
            return None
        for access in scope.accesses[name.value]:
            if access.node is name:
                targets = [a.node for a in access.referents if isinstance(a, Assignment)]
                if len(targets) == 1 and isinstance(targets[0], cst.FunctionDef):
                    return targets[0]
        return None

    # -- the checks ----------------------------------------------------------------------------
    def _refusal(self, resource: _Resource, collector: _Collector) -> str | None:
        """None: register it; "released": the module releases it already; else the reason."""
        name = resource.target.value
        scope = metadata_value(self.wrapper, ScopeProvider, resource.target)
        if not isinstance(scope, GlobalScope):
            return "released"  # cannot happen for a module-level statement; be safe
        assignments = list(scope.assignments[name])
        mine = [a for a in assignments if isinstance(a, Assignment) and a.node is resource.target]
        if len(assignments) != 1 or len(mine) != 1:
            other = next(a for a in assignments if a not in mine)
            line = self.ctx.line_of(other.node) if isinstance(other, Assignment) else 0
            where = f" (also at line {line})" if line else ""
            return f"the name is bound more than once{where}, so the handler could release the wrong object"
        references = list(mine[0].references)
        for access in references:
            if self._module_level(access.scope):
                use = self._use(access.node)
                if use == "release" or (use == "with" and resource.kind in ("file", "executor")):
                    return "released"
        for registration in collector.registrations:
            if self._releases(registration, references):
                return "released"
        for access in references:
            if isinstance(self.parent(access.node), cst.Del):
                return f"it is deleted at line {self.ctx.line_of(access.node)}, and the handler would keep it alive"
        if resource.kind not in FRAGILE:
            return None
        if resource.kind == "file":
            reason = self._wraps_descriptor(resource.call)
            if reason:
                return reason
        for registration in collector.registrations:
            if registration.index is not None and registration.index > resource.index:
                continue  # registered later, so it runs earlier
            for access in references:
                if any(self._inside(access.node, region) for region in registration.regions):
                    line = self.ctx.line_of(registration.node)
                    return (
                        f"the exit handler registered at line {line} uses it and would run after it is closed"
                    )
        for method in collector.del_methods:
            for access in references:
                if self._inside(access.node, method):
                    return f"the __del__ method at line {self.ctx.line_of(method)} uses it, and may run after exit handlers"
        if collector.daemon_line is not None:
            line = self.ctx.line_of(collector.daemon_line)
            return f"the module starts daemon threads (line {line}), which may still use it while the program exits"
        for access in references:
            if self._module_level(access.scope) and self._handed_on(access.node):
                return (
                    f"it is handed to other code at line {self.ctx.line_of(access.node)}, "
                    "which may keep it and use it while the program exits"
                )
        return None

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

    def _releases(self, registration: _Registration, references: list[Any]) -> bool:
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
            if self._use(node) == "release" and any(self._inside(node, r) for r in registration.regions):
                return True
        return False

    def _inside(self, node: cst.CSTNode, region: cst.CSTNode) -> bool:
        current: cst.CSTNode | None = node
        while current is not None:
            if current is region:
                return True
            current = self.parent(current)
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
