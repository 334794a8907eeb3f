"""Analysis for the ``atexit-cleanup`` codemod: what a module creates at import, and what
runs at exit (read-only).

``analyze(wrapper)`` (``METADATA`` resolved) returns ``ModuleFacts``: each module-level
``NAME = <creator>(...)`` of the shared catalogue (files, DB-API connections, executors,
engines), every ``atexit.register`` call or decorator with the code it runs at exit, the
``__del__`` methods, the first line that starts a daemon thread, and how ``atexit`` is
imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import libcst as cst
from libcst.metadata import Assignment, ParentNodeProvider, QualifiedNameProvider, ScopeProvider

from ._base import metadata_value
from ._resource_factories import DBAPI_CONNECTS, ENGINES, EXECUTORS, FILE_OPEN_FUNCTIONS, created_by

METADATA = (QualifiedNameProvider, ScopeProvider, ParentNodeProvider)

# qualified name of the call that creates the resource -> (kind, method that releases it)
RESOURCES: dict[str, tuple[str, str]] = {
    **{name: ("file", "close") for name in FILE_OPEN_FUNCTIONS},
    **{name: ("connection", "close") for name in DBAPI_CONNECTS},
    **{name: ("executor", "shutdown") for name in EXECUTORS},
    **{name: ("engine", "dispose") for name in ENGINES},
}
RELEASERS = frozenset({"close", "shutdown", "dispose"})
REGISTER = "atexit.register"


@dataclass(eq=False)
class Resource:
    """A module-level ``NAME = <creator>(...)``."""

    index: int  # position of the creating statement in module.body
    statement: cst.SimpleStatementLine
    target: cst.Name
    call: cst.Call
    kind: str
    method: str


@dataclass(eq=False)
class Registration:
    """One ``atexit.register(...)`` call or ``@atexit.register`` decorator."""

    node: cst.CSTNode  # the call, or the decorated function
    callable: cst.CSTNode | None  # what is registered
    regions: list[cst.CSTNode] = field(default_factory=list)  # code that runs at exit
    index: int | None = None  # module.body position when registered by top-level code


@dataclass(eq=False)
class ModuleFacts:
    resources: list[Resource]
    registrations: list[Registration] = field(default_factory=list)
    del_methods: list[cst.FunctionDef] = field(default_factory=list)
    daemon_line: cst.CSTNode | None = None  # the first call or assignment that starts a daemon thread
    atexit_name: str = "atexit"  # how the module spells atexit
    atexit_import_index: int | None = None  # module.body position of ``import atexit``, if any


def analyze(wrapper: Any) -> ModuleFacts:
    """What the module of ``wrapper`` creates at import and runs at exit (the rest only when
    it creates something)."""
    module = wrapper.module
    found = ModuleFacts(_resources(wrapper))
    if not found.resources:
        return found
    collector = _Collector(wrapper)
    module.visit(collector)
    found.registrations = collector.registrations
    found.del_methods = collector.del_methods
    found.daemon_line = collector.daemon_line
    _locate_registrations(wrapper, found.registrations)
    _find_atexit_import(module, found)
    return found


def _resources(wrapper: Any) -> list[Resource]:
    found = []
    for index, statement in enumerate(wrapper.module.body):
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
        # open(p).read() binds the text: only the creator's own result is the resource
        for qualified in sorted(created_by(wrapper, value)):
            if qualified in RESOURCES:
                kind, method = RESOURCES[qualified]
                found.append(Resource(index, statement, target, value, kind, method))
                break
    return found


def _find_atexit_import(module: cst.Module, found: ModuleFacts) -> None:
    for index, statement in enumerate(module.body):
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Import):
                for alias in small.names:
                    if alias.evaluated_name == "atexit":
                        found.atexit_name = alias.evaluated_alias or "atexit"
                        found.atexit_import_index = index
                        return


def _locate_registrations(wrapper: Any, registrations: list[Registration]) -> None:
    """Note which registrations run at import, and where."""
    top = {id(statement): index for index, statement in enumerate(wrapper.module.body)}
    for registration in registrations:
        node: cst.CSTNode | None = registration.node
        index = None
        inside_function = False
        while node is not None:
            if id(node) in top:
                index = top[id(node)]
                break
            above = metadata_value(wrapper, ParentNodeProvider, node)
            if isinstance(above, (cst.FunctionDef, cst.Lambda)) and node is not registration.node:
                inside_function = True
            node = above
        registration.index = None if inside_function else index
        # a function registered by name: its body runs at exit too
        if isinstance(registration.callable, cst.Name):
            function = _function_named(wrapper, registration.callable)
            if function is not None:
                registration.regions.append(function)


def _function_named(wrapper: Any, name: cst.Name) -> cst.FunctionDef | None:
    scope = metadata_value(wrapper, ScopeProvider, name)
    if scope is None:
        return None
    for access in scope.accesses[name.value]:
        if access.node is name:
            targets = [a.node for a in access.referents if isinstance(a, Assignment)]
            if len(targets) == 1 and isinstance(targets[0], cst.FunctionDef):
                return targets[0]
    return None


class _Collector(cst.CSTVisitor):
    def __init__(self, wrapper: Any) -> None:
        self.wrapper = wrapper
        self.registrations: list[Registration] = []
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
            self.registrations.append(Registration(node, first, [node]))
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
                self.registrations.append(Registration(node, node, [node]))


def _is_true(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.Name) and node.value == "True"

