"""Shared Flask knowledge: app objects, factories, blueprints, route views, ``g``, config.

Everything is resolved by qualified name (LibCST's QualifiedNameProvider) and by scope, so
``import flask as f``, ``from flask import Flask as F`` and a local ``def Flask`` are told
apart. Build a ``FlaskIndex`` from a MetadataWrapper that has ``FLASK_METADATA`` resolved."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

import ast

import libcst as cst

from ._ast_facts import facts
from ._base import metadata_value
from ._callee_spellings import callee_spellings, spelled_last
from ._function_defs import cst_statements
from ._kept_per_file import dropped_after_each_file
from ._names import dotted_name
from ._positions import known_code
from libcst.metadata import Assignment, MetadataWrapper, ParentNodeProvider, QualifiedNameProvider, ScopeProvider

FLASK_METADATA = (QualifiedNameProvider, ScopeProvider, ParentNodeProvider)

FLASK = "flask.Flask"
BLUEPRINT = "flask.Blueprint"
G = "flask.g"
REQUEST = "flask.request"
SESSION = "flask.session"
CURRENT_APP = "flask.current_app"

# decorator attribute -> the HTTP methods it registers (None: given by the methods= argument)
ROUTE_DECORATORS: Mapping[str, tuple[str, ...] | None] = {
    "route": None,
    "get": ("GET",),
    "post": ("POST",),
    "put": ("PUT",),
    "delete": ("DELETE",),
    "patch": ("PATCH",),
}


def qualified_names(wrapper: MetadataWrapper, node: cst.CSTNode) -> set[str]:
    """The qualified names ``node`` may refer to (empty when unknown)."""
    found = metadata_value(wrapper, QualifiedNameProvider, node)
    return {q.name for q in found} if found else set()


def refers_to(wrapper: MetadataWrapper, node: cst.CSTNode, *names: str) -> bool:
    return bool(qualified_names(wrapper, node) & set(names))


def call_refers_to(wrapper: MetadataWrapper, node: cst.CSTNode, *names: str) -> bool:
    return isinstance(node, cst.Call) and refers_to(wrapper, node.func, *names)


def name_bound_elsewhere(wrapper: MetadataWrapper, name: str, *qualified: str) -> bool:
    """True when some scope of the module binds ``name`` to anything but an import of one of
    ``qualified`` (``g`` as a parameter, a local, ``from mylib import g``): code that would
    use ``name`` to mean ``qualified`` cannot. Needs ScopeProvider."""
    wanted = set(qualified)
    scopes = {id(s): s for s in wrapper.resolve(ScopeProvider).values() if s is not None}
    for scope in scopes.values():
        for assignment in scope.assignments[name]:
            node = getattr(assignment, "node", None)
            if not isinstance(node, cst.ImportFrom) or isinstance(node.names, cst.ImportStar) or node.relative:
                return True
            source = dotted_name(node.module) if node.module is not None else None
            imported = {
                f"{source}.{dotted_name(alias.name)}"
                for alias in node.names
                if (dotted_name(alias.asname.name) if alias.asname else dotted_name(alias.name)) == name
            }
            if not imported or not imported <= wanted:
                return True
    return False


def string_value(node: cst.CSTNode | None) -> str | None:
    """The value of a plain string literal (concatenations included), else None."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def is_main_guard(node: cst.CSTNode) -> bool:
    """``if __name__ == "__main__":``"""
    if not isinstance(node, cst.If) or not isinstance(node.test, cst.Comparison):
        return False
    test = node.test
    return (
        isinstance(test.left, cst.Name)
        and test.left.value == "__name__"
        and len(test.comparisons) == 1
        and isinstance(test.comparisons[0].operator, cst.Equal)
        and string_value(test.comparisons[0].comparator) == "__main__"
    )


def keyword_argument(call: cst.Call, name: str) -> cst.Arg | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


@dataclass(eq=False)
class AppObject:
    """A Flask app or Blueprint bound to a name: ``app = Flask(__name__)``."""

    name: str
    kind: str  # "app" or "blueprint"
    statement: cst.SimpleStatementLine  # the statement that creates it
    target: cst.Name  # the Name node it is bound to
    factory: cst.FunctionDef | None  # the function that creates it, None at module level


@dataclass(eq=False)
class RouteView:
    """A view function and how it is registered."""

    function: cst.FunctionDef
    owner: AppObject | None  # None when the app/blueprint is not known (a parameter, an import)
    owner_name: str
    decorator: cst.Decorator | None  # None for add_url_rule
    methods: tuple[str, ...] | None  # None: not a literal, unknown
    rule: str | None

    @property
    def get_only(self) -> bool:
        return self.methods is not None and {m.upper() for m in self.methods} <= {"GET", "HEAD", "OPTIONS"}


@dataclass(eq=False)
class FlaskIndex:
    """What a module says about Flask."""

    wrapper: MetadataWrapper
    objects: list[AppObject] = field(default_factory=list)
    views: list[RouteView] = field(default_factory=list)

    @property
    def apps(self) -> list[AppObject]:
        return [o for o in self.objects if o.kind == "app"]

    @property
    def blueprints(self) -> list[AppObject]:
        return [o for o in self.objects if o.kind == "blueprint"]

    @property
    def factories(self) -> list[cst.FunctionDef]:
        seen: list[cst.FunctionDef] = []
        for obj in self.apps:
            if obj.factory is not None and obj.factory not in seen:
                seen.append(obj.factory)
        return seen

    def object_for(self, name_node: cst.CSTNode) -> AppObject | None:
        """The app/blueprint a Name refers to, resolved through its scope."""
        if not isinstance(name_node, cst.Name):
            return None
        scope = metadata_value(self.wrapper, ScopeProvider, name_node)
        if scope is None:
            return None
        by_target = {id(o.target): o for o in self.objects}
        for assignment in scope[name_node.value]:
            if isinstance(assignment, Assignment) and id(assignment.node) in by_target:
                return by_target[id(assignment.node)]
        return None

    def view_for(self, function: cst.FunctionDef) -> RouteView | None:
        for view in self.views:
            if view.function is function:
                return view
        return None

    @classmethod
    def build(cls, wrapper: MetadataWrapper, tree: ast.Module | str | None = None) -> "FlaskIndex":
        """The index of ``wrapper``'s tree. Built once per tree: the codemods that run on the
        same, unchanged tree (the Context hands them the same wrapper) share it; a codemod
        that rewrites the tree hands the next one a new wrapper, and a new index. ``tree``: the
        stdlib AST or the code itself, if at hand (else the code its positions were rendered
        from): without ``add_url_rule`` in it, only the statements need reading."""
        for known, index in _BUILT:
            if known is wrapper:
                return index
        index, python_tree = cls(wrapper), tree if isinstance(tree, ast.Module) else None
        collector = _Collector(index, callee_spellings(facts(python_tree), (FLASK, BLUEPRINT)) if python_tree is not None else None)
        words = facts(tree).attributes if python_tree is not None else tree if tree is not None else known_code(wrapper)
        if words is not None and "add_url_rule" not in words:
            for statement, function in cst_statements(wrapper.module):
                collector.note(statement, function)
        else:
            wrapper.visit(collector)
        collector.collect_views()
        _BUILT.insert(0, (wrapper, index))
        del _BUILT[_KEPT_INDEXES:]
        return index


# The newest indexes built, with their wrappers (held, so an id is never reused while kept):
# a transform asks for the index of its file's tree, and, rarely, of another module's.
_KEPT_INDEXES = 2
_BUILT: list[tuple[MetadataWrapper, FlaskIndex]] = []
dropped_after_each_file(_BUILT.clear)  # (they hold the file's tree and its metadata)


class _Collector(cst.CSTVisitor):
    def __init__(self, index: FlaskIndex, creators: frozenset[str] | None) -> None:
        self.index = index
        self.creators = creators  # the last names a call creating an app may spell (None: unknown)
        self.wrapper = index.wrapper
        self.functions: list[cst.FunctionDef] = []
        self.all_functions: list[cst.FunctionDef] = []
        self.url_rules: list[cst.Call] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.append(node)
        self.note(node, None)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.functions.pop()

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self.note(node, self.functions[-1] if self.functions else None)

    def note(self, node: cst.FunctionDef | cst.SimpleStatementLine, function: cst.FunctionDef | None) -> None:
        """A function definition, or the apps and blueprints a line creates (in ``function``)."""
        if isinstance(node, cst.FunctionDef):
            self.all_functions.append(node)
            return
        for small in node.body:
            if not isinstance(small, (cst.Assign, cst.AnnAssign)) or small.value is None:
                continue
            value = small.value
            if self.creators is not None and isinstance(value, cst.Call) and spelled_last(value.func) not in self.creators:
                continue  # cannot name Flask or Blueprint: no scope asked for
            if call_refers_to(self.wrapper, value, FLASK):
                kind = "app"
            elif call_refers_to(self.wrapper, value, BLUEPRINT):
                kind = "blueprint"
            else:
                continue
            targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else [small.target]
            for target in targets:
                if isinstance(target, cst.Name):
                    self.index.objects.append(AppObject(target.value, kind, node, target, function))

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "add_url_rule":
            self.url_rules.append(node)

    def collect_views(self) -> None:
        index = self.index
        for function in self.all_functions:
            for decorator in function.decorators:
                view = self._view_from_decorator(function, decorator)
                if view is not None:
                    index.views.append(view)
                    break
        by_name: dict[str, list[cst.FunctionDef]] = {}
        for function in self.all_functions:
            by_name.setdefault(function.name.value, []).append(function)
        for call in self.url_rules:
            assert isinstance(call.func, cst.Attribute)
            owner_node = call.func.value
            view_arg = keyword_argument(call, "view_func")
            if view_arg is None:
                positional = [a for a in call.args if a.keyword is None and a.star == ""]
                view_arg = positional[2] if len(positional) >= 3 else None
            if view_arg is None or not isinstance(view_arg.value, cst.Name):
                continue
            candidates = by_name.get(view_arg.value.value, [])
            if len(candidates) != 1 or any(v.function is candidates[0] for v in index.views):
                continue
            rule_arg = call.args[0] if call.args and call.args[0].keyword is None else keyword_argument(call, "rule")
            index.views.append(
                RouteView(
                    candidates[0],
                    index.object_for(owner_node),
                    dotted_name(owner_node) or "",
                    None,
                    _methods(call, None),
                    string_value(rule_arg.value) if rule_arg else None,
                )
            )

    def _view_from_decorator(self, function: cst.FunctionDef, decorator: cst.Decorator) -> RouteView | None:
        call = decorator.decorator
        if not isinstance(call, cst.Call) or not isinstance(call.func, cst.Attribute):
            return None
        attr = call.func.attr.value
        if attr not in ROUTE_DECORATORS:
            return None
        owner_node = call.func.value
        owner = self.index.object_for(owner_node)
        owner_name = dotted_name(owner_node) or ""
        if owner is None and not looks_like_app_name(owner_name):
            return None
        rule_arg = call.args[0] if call.args and call.args[0].keyword is None else keyword_argument(call, "rule")
        return RouteView(
            function,
            owner,
            owner_name,
            decorator,
            _methods(call, ROUTE_DECORATORS[attr]),
            string_value(rule_arg.value) if rule_arg else None,
        )


def looks_like_app_name(name: str) -> bool:
    last = name.rsplit(".", 1)[-1].lower()
    return last in ("app", "application", "bp", "blueprint", "api") or last.endswith(("_bp", "_blueprint", "_app"))


def _methods(call: cst.Call, fixed: tuple[str, ...] | None) -> tuple[str, ...] | None:
    if fixed is not None:
        return fixed
    arg = keyword_argument(call, "methods")
    if arg is None:
        return ("GET",)
    if isinstance(arg.value, (cst.List, cst.Tuple, cst.Set)):
        methods = [string_value(e.value) for e in arg.value.elements]
        if all(isinstance(method, str) for method in methods):
            return tuple(method.upper() for method in methods)  # type: ignore[union-attr]
    return None


def function_reads(wrapper: MetadataWrapper, function: cst.CSTNode, names: Iterable[str]) -> list[cst.CSTNode]:
    """The nodes inside ``function`` that refer to any of the qualified ``names``."""
    wanted = set(names)
    hits: list[cst.CSTNode] = []

    class _Finder(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            if qualified_names(wrapper, node) & wanted:
                hits.append(node)

        def visit_Attribute(self, node: cst.Attribute) -> None:
            if qualified_names(wrapper, node) & wanted:
                hits.append(node)

    function.visit(_Finder())
    return hits


def method_calls(node: cst.CSTNode, method: str) -> list[cst.Call]:
    """Every call ``<anything>.method(...)`` below ``node``, in source order."""
    calls: list[cst.Call] = []

    class _Finder(cst.CSTVisitor):
        def visit_Call(self, call: cst.Call) -> None:
            if isinstance(call.func, cst.Attribute) and call.func.attr.value == method:
                calls.append(call)

    node.visit(_Finder())
    return calls


def is_config_expression(node: cst.CSTNode) -> bool:
    """``X.config`` or a name ``config``."""
    if isinstance(node, cst.Attribute):
        return node.attr.value == "config"
    return isinstance(node, cst.Name) and node.value == "config"
