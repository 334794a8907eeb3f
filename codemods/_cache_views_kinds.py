"""What names stand for, as cache-views' analysis sees them: a ``Kind`` for every value.

A value the code made itself (``VALUE``), an open file, a database query or its rows, the
app, a class or function of the project, a library's name, a parameter... ``NameKinds``
(mixed into the ``Analysis``) says what a name bound at the top of a module is, following
imports into the project's other modules, and what an attribute of it is. The scan allows a
method call only where the kind of its receiver says it reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import libcst as cst
from libcst.metadata import Assignment, ParentNodeProvider, PositionProvider, ScopeProvider

from ._base import metadata_value
from ._cache_views_catalog import APP_CLASSES, APP_NAMES, CACHE_CLASSES, DATABASE_CLASSES, Problem, is_pure
from ._cache_views_project import Definition, Project, SourceModule
from ._cache_views_state import changed_roots, mutated
from ._function_defs import FunctionNamePositions
from ._names import dotted_name

# kinds of value (Kind.tag)
VALUE = "value"  # made by the code itself (literals, containers, pure calls): reading it is fine
FILE = "file"  # an open file
QUERY = "query"  # a database query or its rows
SESSION = "session"  # a database session
DB = "db"  # the Flask-SQLAlchemy object
CONNECTION = "connection"  # a DB-API connection or cursor
APP = "app"  # the Flask app (current_app)
CACHE = "cache"  # a Flask-Caching Cache object
CLASS = "class"  # a class of the project
COLUMN = "column"  # an attribute of a class of the project: a model's column builds SQL
INSTANCE = "instance"  # an object of a class of the project, made by the code itself
FUNCTION = "function"  # a function of the project
MODULE = "module"  # a module of the project
PARAM = "param"  # a parameter: whatever the caller passes
LIBRARY = "library"  # a name of a library (Kind.name holds its qualified name)
OTHER = "other"  # anything else: nothing is known of it


@dataclass
class Kind:
    tag: str
    definition: Definition | None = None
    name: str = ""




@dataclass
class Verdict:
    """What the analysis found of one view or helper: its first problem, and what it does."""

    problem: Problem | None = None
    data: bool = False  # reads the database
    costly: bool = False  # does work worth caching (template, file, data, loops, costly calls)
    query_string: bool = False  # reads request.args: the cache key needs the query string
    renders: bool = False  # renders a template

    def add(self, other: "Verdict") -> None:
        self.data |= other.data
        self.costly |= other.costly
        self.query_string |= other.query_string
        self.renders |= other.renders


# names whose changes are not module state: the database object (its session's writes are
# the database's), the cache, libraries and modules
_NOT_STATE = (DB, CACHE, LIBRARY, MODULE)


class NameKinds:
    """The kinds of top-level names and attributes (needs ``project`` and ``here``)."""

    project: Project
    here: SourceModule

    # -- metadata --------------------------------------------------------------------------
    @staticmethod
    def scope(module: SourceModule, node: cst.CSTNode):
        return metadata_value(module.wrapper, ScopeProvider, node)

    @staticmethod
    def parent(module: SourceModule, node: cst.CSTNode) -> cst.CSTNode | None:
        return metadata_value(module.wrapper, ParentNodeProvider, node)

    @staticmethod
    def line(module: SourceModule, node: cst.CSTNode) -> int:
        if type(node) is cst.FunctionDef:  # the line of its ``def``: its name's, off the stdlib AST
            named = module.fact("function names", _function_name_positions).of(node)  # type: ignore[attr-defined]
            if named is not None:
                return named[0]
        position = metadata_value(module.wrapper, PositionProvider, node)
        return position.start.line if position is not None else 0

    @staticmethod
    def code(module: SourceModule, node: cst.CSTNode) -> str:
        text = " ".join(module.module.code_for_node(node).split())
        return text if len(text) <= 40 else text[:37] + "..."

    def where(self, module: SourceModule, node: cst.CSTNode) -> str:
        """"line 3" in this module, "line 3 of utils.py" in another."""
        line = f"line {self.line(module, node)}"
        return line if module is self.here else f"{line} of {module.label}"

    # -- what names stand for --------------------------------------------------------------
    def global_kind(self, module: SourceModule, name: cst.Name) -> Kind | None:
        """The kind of a name bound at the top of ``module`` or imported there; None for a
        name bound in a function (the scan judges those). A name whose definition leads back
        to itself (``URL = URL.rstrip("/")``, or through other names) is unknown: what it
        was bound from tells nothing of it."""
        scope = self.scope(module, name)
        if scope is None or name.value not in scope:
            return None
        key = (id(module), name.value)
        resolving: set[tuple[int, str]] = self.__dict__.setdefault("_resolving", set())
        if key in resolving:
            return Kind(OTHER, name=name.value)
        resolving.add(key)
        try:
            return self._bound_kinds(module, name, scope)
        finally:
            resolving.discard(key)

    def _bound_kinds(self, module: SourceModule, name: cst.Name, scope) -> Kind | None:
        kinds: list[Kind] = []
        for assignment in scope[name.value]:
            if not isinstance(assignment, Assignment):
                return Kind(LIBRARY, name="builtins." + name.value)
            if assignment.scope is not assignment.scope.globals:
                return None
            node = assignment.node
            if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
                kinds.append(self.definition_kind(Definition(module, node)))
            elif isinstance(node, (cst.Import, cst.ImportFrom)):
                kinds.append(self.imported_kind(module, name))
            elif isinstance(node, cst.Name):
                value = self.assigned_value(module, node)
                if value is None:
                    return Kind(OTHER, name=name.value)
                kinds.append(self.definition_kind(Definition(module, value)))
            else:
                return Kind(OTHER, name=name.value)
        if not kinds:
            return None
        if len(kinds) > 1 and len({k.tag for k in kinds}) > 1:
            return Kind(OTHER, name=name.value)
        if self.changed_elsewhere(module, name.value, kinds[-1]):
            return Kind(OTHER, name=name.value)
        return kinds[-1]

    def bound_kind(self, module: SourceModule, statement: cst.BaseSmallStatement, name: cst.Name) -> Kind | None:
        """The kind of what a top-level statement binds to ``name`` (an assignment's value, or
        the definition an import brings in)."""
        if isinstance(statement, cst.ImportFrom) and not isinstance(statement.names, cst.ImportStar):
            source = "." * len(statement.relative) + (dotted_name(statement.module) or "")
            for alias in statement.names:
                bound = alias.asname.name if alias.asname else alias.name
                if bound is name:
                    imported = dotted_name(alias.name) or ""
                    full = f"{source}.{imported}" if source and not source.endswith(".") else source + imported
                    definition = self.project.resolve(module, full)
                    if definition is None:
                        return None
                    return self.attribute_chain(self.definition_kind(definition.with_rest(())), definition.rest)
            return None
        return self.global_kind(module, name)

    def imported_kind(self, module: SourceModule, node: cst.CSTNode) -> Kind:
        names = self.project.imported_names(module, node)
        for qualified in names:
            if qualified in APP_NAMES:
                return Kind(APP)
        for qualified in names:
            definition = self.project.resolve(module, qualified)
            if definition is not None:
                return self.attribute_chain(self.definition_kind(definition.with_rest(())), definition.rest)
        return Kind(LIBRARY, name=names[0]) if names else Kind(OTHER)

    def definition_kind(self, definition: Definition) -> Kind:
        node = definition.node
        module = definition.module
        if isinstance(node, cst.ClassDef):
            kind = Kind(CLASS, definition)
        elif isinstance(node, (cst.FunctionDef, cst.Lambda)):
            kind = Kind(FUNCTION, definition)
        elif isinstance(node, cst.Module):
            return Kind(MODULE, definition)
        elif module is not self.here and isinstance(node, (cst.List, cst.Dict, cst.Set)):
            return Kind(OTHER, name=definition.name)  # a container other modules may change too
        else:
            kind = self.value_kind(module, node)
        if definition.name and self.changed_elsewhere(module, definition.name, kind):
            return Kind(OTHER, name=definition.name)
        return kind

    def value_kind(self, module: SourceModule, value: cst.CSTNode) -> Kind:
        """The kind of a top-level value: literals and pure calls are values; the app, the
        database and the cache objects are known; anything else is not."""
        if _is_literal(value):
            return Kind(VALUE)
        if isinstance(value, cst.Call):
            names = {q.name for q in module.qualified(value.func)}
            if names & set(APP_CLASSES):
                return Kind(APP)
            if names & set(DATABASE_CLASSES):
                return Kind(DB)
            for cache_class in sorted(names & set(CACHE_CLASSES)):
                return Kind(CACHE, name=CACHE_CLASSES[cache_class])
            if any(is_pure(n) for n in names) and all(self.is_constant(module, a.value) for a in value.args):
                return Kind(VALUE)
            made = self.expression_kind(module, value.func)
            if made.tag == CLASS and made.definition is not None:  # a subclass of Cache
                for cls, owner in self.class_chain(made.definition):
                    for base in cls.bases:
                        for qualified in sorted(q.name for q in owner.qualified(base.value)):
                            if qualified in CACHE_CLASSES:
                                return Kind(CACHE, name=CACHE_CLASSES[qualified])
        return Kind(OTHER, name=self.code(module, value))

    def is_constant(self, module: SourceModule, node: cst.BaseExpression) -> bool:
        """A value fixed when the module is imported: literals, ``__file__``, constants of the
        module, and pure calls and operations of those."""
        if _is_literal(node):
            return True
        if isinstance(node, cst.Name):
            if node.value in ("__file__", "__name__"):
                return True
            kind = self.global_kind(module, node)
            return kind is not None and kind.tag == VALUE
        if isinstance(node, cst.BinaryOperation):
            return self.is_constant(module, node.left) and self.is_constant(module, node.right)
        if isinstance(node, cst.Call):
            return self.value_kind(module, node).tag == VALUE
        return False

    def attribute_chain(self, kind: Kind, rest: Sequence[str]) -> Kind:
        for attribute in rest:
            kind = self.attribute_kind(kind, attribute)
        return kind

    def attribute_kind(self, kind: Kind, attribute: str) -> Kind:
        tag = kind.tag
        if tag == CLASS:
            return Kind(QUERY, kind.definition) if attribute == "query" else Kind(COLUMN, kind.definition, attribute)
        if tag == DB:
            return Kind(SESSION) if attribute == "session" else Kind(OTHER, name=attribute)
        if tag == APP:
            if attribute in ("config", "root_path", "static_folder", "template_folder", "name", "import_name",
                             "debug", "testing", "static_url_path"):
                return Kind(VALUE)
            return Kind(OTHER, name=attribute)
        if tag == MODULE and kind.definition is not None:
            found = self.project.definition(kind.definition.module, attribute)
            return self.attribute_chain(self.definition_kind(found.with_rest(())), found.rest) if found else Kind(OTHER)
        if tag == LIBRARY:
            return Kind(LIBRARY, name=f"{kind.name}.{attribute}")
        if tag in (VALUE, QUERY, PARAM):
            return Kind(tag, kind.definition if tag == QUERY else None)
        if tag == INSTANCE:
            return Kind(VALUE)
        return Kind(OTHER, name=attribute)

    def assigned_value(self, module: SourceModule, target: cst.CSTNode) -> cst.BaseExpression | None:
        """The value of ``target = value`` (a Name bound by a plain assignment), else None."""
        if not isinstance(target, cst.Name):
            return None
        parent = self.parent(module, target)
        if isinstance(parent, cst.AssignTarget):
            parent = self.parent(module, parent)
        if isinstance(parent, (cst.Assign, cst.AnnAssign)) and parent.value is not None:
            return parent.value
        return None

    def expression_kind(self, module: SourceModule, node: cst.BaseExpression) -> Kind:
        """The kind of a name or attribute chain at the top of ``module`` (a base class)."""
        if isinstance(node, cst.Name):
            return self.global_kind(module, node) or Kind(OTHER, name=node.value)
        if isinstance(node, cst.Attribute):
            return self.attribute_kind(self.expression_kind(module, node.value), node.attr.value)
        return Kind(OTHER)

    # -- classes of the project ------------------------------------------------------------
    def param_kind(self, module: SourceModule, param: cst.Param) -> Kind:
        """A parameter: whatever the caller passes, except the ``self`` or ``cls`` of a method."""
        function = self.parent(module, self.parent(module, param) or param)
        if isinstance(function, cst.FunctionDef) and function.params.params and function.params.params[0] is param:
            block = self.parent(module, function)
            cls = self.parent(module, block) if block is not None else None
            if isinstance(cls, cst.ClassDef):
                decorators = {dotted_name(_callee(d.decorator)) for d in function.decorators}
                if "staticmethod" in decorators:
                    return Kind(PARAM)
                return Kind(CLASS if "classmethod" in decorators else INSTANCE, Definition(module, cls))
        return Kind(PARAM)

    def project_class(self, module: SourceModule, node: cst.BaseExpression) -> Definition | None:
        kind = self.expression_kind(module, node)
        return kind.definition if kind.tag == CLASS else None

    def class_chain(self, definition: Definition) -> list[tuple[cst.ClassDef, SourceModule]]:
        """The class and its bases that are classes of the project (nearest first, bounded)."""
        chain: list[tuple[cst.ClassDef, SourceModule]] = []
        todo = [(definition.node, definition.module)]
        while todo and len(chain) < 6:
            cls, module = todo.pop(0)
            if not isinstance(cls, cst.ClassDef) or any(c is cls for c, _ in chain):
                continue
            chain.append((cls, module))
            for base in cls.bases:
                found = self.project_class(module, base.value)
                if found is not None:
                    todo.append((found.node, found.module))
        return chain

    def find_method(self, definition: Definition, name: str, *, inherited: bool = True) -> Definition | None:
        classes = self.class_chain(definition) if inherited else [(definition.node, definition.module)]
        for cls, module in classes:
            if not isinstance(cls, cst.ClassDef):
                continue
            for statement in cls.body.body:
                if isinstance(statement, cst.FunctionDef) and statement.name.value == name:
                    return Definition(module, statement)
        return None

    # -- state other code changes -----------------------------------------------------------
    def changed_elsewhere(self, module: SourceModule, name: str, kind: Kind) -> bool:
        """True when ``name`` (bound at the top of ``module`` to ``kind``) is state other code
        of the module changes: a page that reads it could go stale."""
        if kind.tag in _NOT_STATE:
            return False
        spelled = module.fact("changed roots", changed_roots)
        if spelled is not None and name not in spelled:  # type: ignore[operator]
            return False  # not even spelled as changed: no need for the module's scopes
        return mutated(module, name, called_too=kind.tag == VALUE)


def _is_literal(node: cst.CSTNode) -> bool:
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.Integer, cst.Float, cst.Imaginary)):
        return True
    if isinstance(node, cst.Name):
        return node.value in ("True", "False", "None")
    if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
        return all(_is_literal(e.value) for e in node.elements if isinstance(e, cst.Element))
    if isinstance(node, cst.Dict):
        return all(
            isinstance(e, cst.DictElement) and _is_literal(e.key) and _is_literal(e.value) for e in node.elements
        )
    if isinstance(node, cst.UnaryOperation):
        return _is_literal(node.expression)
    if isinstance(node, cst.BinaryOperation):
        return _is_literal(node.left) and _is_literal(node.right)
    return False


def _callee(node: cst.BaseExpression) -> cst.BaseExpression:
    return node.func if isinstance(node, cst.Call) else node


def _function_name_positions(module: SourceModule) -> FunctionNamePositions:
    """Where the functions of ``module`` are named, read off its stdlib AST (without a
    rendering of the module, which LibCST's positions take)."""
    return FunctionNamePositions(module.module, module.python_tree())
