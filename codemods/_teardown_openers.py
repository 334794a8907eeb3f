"""Whether a value a module keeps may be a connection the ``teardown`` codemod releases, read
on the standard library's AST of the project's modules (``Project``): the tests of
``ConnectionFactories.factory_of`` (``_teardown_connections``), following the functions of the
module, the methods of objects of the project's classes and the functions it imports from
modules of the project, erring towards True. Asked by the project gate
(``_teardown_project_gate``).
"""

from __future__ import annotations

import ast

from ._ast_facts import Facts, facts
from ._ast_nodes import last_name
from ._parsed_modules import walked
from ._resource_factories import DBAPI_CONNECTS, REDIS_CLIENTS
from ._sqlalchemy import SESSION_CLASS, SESSIONMAKER
from ._teardown_connections import looks_like_connect
from ._teardown_import_targets import import_targets
from ._teardown_project import Project

_MAX_DEPTH = 3  # functions followed, one into the next (as ConnectionFactories does)
_OPENERS = DBAPI_CONNECTS | REDIS_CLIENTS | SESSION_CLASS
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


class Unsure(Exception):
    """A module that should be read cannot be (the budget of modules parsed is spent)."""


class Openers:
    """Whether a value may be a connection ``factory_of`` finds, in the modules of ``project``
    (each named by its path, as ``Project`` names them)."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def may_connect(self, value: ast.expr, path: str) -> bool:
        """A value stored on ``g`` in the module at ``path``: a call (or a name assigned one in
        the functions around it) that may open a connection."""
        try:
            found = self._facts(path)
            functions = _functions_around(found, value)
            return any(self._call(call, path, found, 0) for call in _calls_behind(found, value, functions or None))
        except Unsure:
            return True

    def _facts(self, path: str) -> Facts:
        tree = self.project.tree(path)
        if tree is None:
            raise Unsure
        return facts(tree)

    def _call(self, call: ast.Call, path: str, found: Facts, depth: int) -> bool:
        func = call.func
        spelled = last_name(func)
        if not found.qualified(func).isdisjoint(_OPENERS) or (spelled is not None and looks_like_connect(spelled)):
            return True
        if type(func) is ast.Call and not found.qualified(func.func).isdisjoint(SESSIONMAKER):
            return True  # sessionmaker(...)(): a plain session
        if depth >= _MAX_DEPTH:
            return self._at_the_limit(func, path, found)
        if type(func) is ast.Attribute:
            receiver = func.value  # a method of an object of a class of the project (``db = DB()``)
            return type(receiver) is ast.Name and self._method(receiver.id, func.attr, path, found, depth)
        if type(func) is not ast.Name:
            return False
        local = [f for f in found.functions if f.name == func.id]
        if local:
            return any(self._returns(function, path, found, depth + 1) for function in local)
        if any(func.id in _target_names(a) for a in found.assignments):
            return True  # ``get = db.get_connection``: unsure
        imported = self._imported(func.id, path, found)
        if imported is None:
            return False
        module, definitions = imported
        if any(_may_be_a_session_maker(node, self._facts(module)) for node in definitions):
            return True  # ``Session = sessionmaker(...)``, or ``get = db.get_connection``: unsure
        functions = [node for node in definitions if type(node) in _FUNCTIONS]
        return any(self._returns(function, module, self._facts(module), depth + 1) for function in functions)

    def _at_the_limit(self, func: ast.expr, path: str, found: Facts) -> bool:
        """A call at the depth ``factory_of`` follows functions to, not opening a connection by
        its callee's name: what the planner still finds there is a call of a name bound to a
        ``sessionmaker(...)`` (here, or imported from a module of the project); a function or a
        method it no longer follows. So: a name assigned anywhere in the module, or imported
        from the project as anything but functions and classes (a re-export included)."""
        if type(func) is not ast.Name:
            return False
        if any(func.id in _target_names(a) for a in found.assignments):
            return True
        imported = self._imported(func.id, path, found)
        return imported is not None and (
            not imported[1] or any(_may_be_a_session_maker(node, self._facts(imported[0])) for node in imported[1])
        )

    def _method(self, receiver: str, method: str, path: str, found: Facts, depth: int) -> bool:
        """``receiver.method(...)``, ``receiver`` made by a class of the project (here, or
        imported from the module that makes it): what the method returns."""
        imported = self._imported(receiver, path, found)
        if imported is not None and any(type(node) not in (*_FUNCTIONS, ast.ClassDef) for node in imported[1]):
            return True  # an object made in another module: unsure
        for assignment in found.assignments:
            value = assignment.value
            if type(value) is not ast.Call or type(value.func) is not ast.Name or receiver not in _target_names(assignment):
                continue
            made_by = value.func.id
            classes = [(path, node) for node in walked(found.tree) if type(node) is ast.ClassDef and node.name == made_by]
            elsewhere = self._imported(made_by, path, found)
            if elsewhere is not None:
                classes += [(elsewhere[0], node) for node in elsewhere[1] if type(node) is ast.ClassDef]
            for module, node in classes:
                for statement in node.body:
                    if type(statement) in _FUNCTIONS and statement.name == method:  # type: ignore[attr-defined]
                        if self._returns(statement, module, self._facts(module), depth + 1):  # type: ignore[arg-type]
                            return True
        return False

    def _returns(self, function: ast.FunctionDef | ast.AsyncFunctionDef, path: str, found: Facts, depth: int) -> bool:
        """Whether a ``return`` of ``function`` may give back a connection (a name: what it is
        assigned there or in a function around it, as its scope sees it)."""
        around = _functions_around(found, function)
        for node in ast.walk(function):
            if type(node) is ast.Return and node.value is not None:
                if any(self._call(call, path, found, depth) for call in _calls_behind(found, node.value, around)):
                    return True
        return False

    def _imported(self, name: str, path: str, found: Facts) -> tuple[str, list[ast.stmt]] | None:
        """Where ``name``, bound by ``from <module of the project> import name`` in the
        module at ``path``, comes from: that module's path and its module-level definitions
        of the name (functions, classes, assignments); None when not so imported."""
        for node in walked(found.tree):
            if type(node) is not ast.ImportFrom:
                continue
            for alias in node.names:
                if (alias.asname or alias.name) != name or alias.name == "*":
                    continue
                for target in import_targets(self.project, path, node.level, node.module, [(alias.name, None)]):
                    if (alias.name, alias.name) in target.names:
                        return target.path, _defined(self._facts(target.path), alias.name)
        return None


def _functions_around(found: Facts, node: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """The functions of the module that hold ``node`` (an expression or a function; itself
    included), in ``Facts.functions``' order. Only a function whose lines (from its first
    decorator to its end) hold ``node``'s first line is walked to find it."""
    line = node.lineno  # type: ignore[attr-defined]
    around = []
    for function in found.functions:
        first = min([function.lineno, *(d.lineno for d in function.decorator_list)])
        if first <= line <= function.end_lineno and any(inner is node for inner in ast.walk(function)):  # type: ignore[operator]
            around.append(function)
    return around


def _may_be_a_session_maker(definition: ast.stmt, found: Facts) -> bool:
    """Whether a module-level definition of a name another module imports and calls may make
    a connection to ``factory_of`` (``Project.definer`` gives it the assigned value): a value
    that may be ``sessionmaker(...)`` (a plain session each call), or an attribute (a method it
    follows, ``get = db.get_connection``). A function or class is followed or not apart; any
    other value (a ``scoped_session(...)`` registry, an object) is no connection to it."""
    if type(definition) in (*_FUNCTIONS, ast.ClassDef):
        return False
    value = getattr(definition, "value", None)
    if type(value) is ast.Attribute:
        return True
    if type(value) is not ast.Call:
        return False
    func = value.func  # type: ignore[attr-defined]
    if type(func) not in (ast.Name, ast.Attribute):
        return True  # a callee it cannot name: unsure
    return not found.qualified(func).isdisjoint(SESSIONMAKER) or "sessionmaker" in (last_name(func) or "").lower()


def _defined(found: Facts, name: str) -> list[ast.stmt]:
    """The module-level statements that define ``name``: functions, classes, assignments."""
    return [
        statement
        for statement in found.tree.body
        if (type(statement) in (*_FUNCTIONS, ast.ClassDef) and statement.name == name)  # type: ignore[attr-defined]
        or (type(statement) in (ast.Assign, ast.AnnAssign) and name in _target_names(statement))  # type: ignore[arg-type]
    ]


def _target_names(statement: ast.Assign | ast.AnnAssign) -> set[str]:
    targets = statement.targets if type(statement) is ast.Assign else [statement.target]
    return {t.id for t in targets if type(t) is ast.Name}


def _calls_behind(found: Facts, value: ast.expr, functions: list | None) -> list[ast.Call]:
    """The calls ``value`` may come from: itself, or what its name is assigned (in the module,
    or only in ``functions`` when given: those around it)."""
    if type(value) is ast.Call:
        return [value]
    if type(value) is not ast.Name:
        return []
    assignments = found.assignments if functions is None else [
        node for function in functions for node in ast.walk(function) if type(node) in (ast.Assign, ast.AnnAssign)
    ]
    return [a.value for a in assignments if type(a.value) is ast.Call and value.id in _target_names(a)]
