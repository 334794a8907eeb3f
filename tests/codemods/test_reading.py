"""codemods/_reading.py: a read-only walk makes exactly LibCST's callbacks, in LibCST's order."""

from __future__ import annotations

import dataclasses
import glob
import inspect
import os
import typing

import hypothesmith
import libcst as cst
import pytest
from hypothesis import HealthCheck, given, settings

from flask_codemod.codemods import _node_fields, _reading
from helpers import all_nodes

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LIBRARIES = os.path.dirname(os.path.dirname(cst.__file__))
SOURCES = sorted(
    glob.glob(os.path.join(ROOT, "samples", "*", "*.before.py"))[::3]
    + [os.path.join(ROOT, "codemods", "_open_with_lifetime.py"), os.path.join(ROOT, "codemods", "_open_with_uses.py"), os.path.join(ROOT, "tool", "engine.py")]
    + [
        os.path.join(LIBRARIES, *parts)
        for parts in (
            ("libcst", "_nodes", "statement.py"),  # match statements, every kind of statement
            ("libcst", "metadata", "scope_provider.py"),
            ("flask", "app.py"),
            ("werkzeug", "routing", "rules.py"),
            ("hypothesis", "strategies", "_internal", "core.py"),
        )
    ]
)
NODE_TYPES = [t for t in vars(cst).values() if isinstance(t, type) and issubclass(t, cst.CSTNode)]


class RecordsEverything(cst.CSTVisitor):
    """Overrides LibCST's dispatch: every callback, attribute callbacks included."""

    def __init__(self) -> None:
        self.log: list[tuple] = []

    def on_visit(self, node):
        self.log.append(("visit", id(node)))
        return not isinstance(node, (cst.Lambda, cst.Decorator))  # and skips some subtrees

    def on_leave(self, original_node):
        self.log.append(("leave", id(original_node)))

    def on_visit_attribute(self, node, attribute):
        self.log.append(("visit attribute", id(node), attribute))

    def on_leave_attribute(self, original_node, attribute):
        self.log.append(("leave attribute", id(original_node), attribute))


def _recording_methods() -> dict:
    def visit(name):
        return lambda self, node: (self.log.append(("visit", name, id(node))), False if name == "ClassDef" else None)[1]

    def leave(name):
        return lambda self, node: self.log.append(("leave", name, id(node)))

    methods = {"__init__": lambda self: setattr(self, "log", [])}
    for node_type in NODE_TYPES:
        methods[f"visit_{node_type.__name__}"] = visit(node_type.__name__)
        methods[f"leave_{node_type.__name__}"] = leave(node_type.__name__)
    return methods


# LibCST's own dispatch: visit_<Type> / leave_<Type> methods (the walk's fast path)
RecordsByMethods = type("RecordsByMethods", (cst.CSTVisitor,), _recording_methods())


class RecordsAttributesByMethods(RecordsByMethods):
    """An attribute visitor method, as LibCST's ScopeProvider has (visit_ClassDef_bases)."""

    def visit_Call_args(self, node):
        self.log.append(("visit Call.args", id(node)))

    def leave_Call_args(self, node):
        self.log.append(("leave Call.args", id(node)))


# visit_<Type> / leave_<Type> for every type but the tokens: the walk does not go into tokens
RecordsAllButTokens = type(
    "RecordsAllButTokens",
    (cst.CSTVisitor,),
    {name: method for name, method in _recording_methods().items() if not _reading._TOKEN_METHOD.match(name)},
)


class RecordsAllButTokensWithAttributes(RecordsAllButTokens):
    """... with an attribute method (the walk's other path)."""

    def visit_Call_args(self, node):
        self.log.append(("visit Call.args", id(node)))

    def leave_Call_args(self, node):
        self.log.append(("leave Call.args", id(node)))


class CollectsNodes(cst.CSTVisitor):
    """What ``nodes_below`` stands for: the nodes below ``root`` as LibCST's visit reaches them."""

    def __init__(self, root: cst.CSTNode, stop_at: tuple[type, ...]) -> None:
        self.root, self.stop_at, self.nodes = root, stop_at, []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if node is self.root:
            return True
        self.nodes.append(node)
        return not isinstance(node, self.stop_at)


def _same_nodes_below(module: cst.Module) -> None:
    roots = [module, *(node for node in all_nodes(module) if isinstance(node, (cst.FunctionDef, cst.ClassDef)))][:20]
    for root in roots:
        # concrete classes, and abstract ones (a node stops when its type is a subclass)
        for stop_at in ((), (cst.FunctionDef, cst.ClassDef, cst.Lambda), (cst.BaseCompoundStatement, cst.BaseString)):
            theirs = CollectsNodes(root, stop_at)
            _reading._LIBCST_VISIT(root, theirs)
            ours = _node_fields.nodes_below(root, stop_at)
            assert len(ours) == len(theirs.nodes) and all(a is b for a, b in zip(ours, theirs.nodes))
            # without tokens: the same list with its token nodes left out
            wanted = [node for node in theirs.nodes if type(node) not in _node_fields.TOKEN_TYPES]
            ours = _node_fields.nodes_below(root, stop_at, tokens=False)
            assert len(ours) == len(wanted) and all(a is b for a, b in zip(ours, wanted))
    # the nodes right below each node: LibCST's ``children``, without its visitor
    for node in all_nodes(module):
        theirs, ours = node.children, _node_fields.child_nodes(node)
        assert len(ours) == len(theirs) and all(a is b for a, b in zip(ours, theirs)), type(node).__name__


def _same_callbacks(module: cst.Module) -> None:
    """The walk's callbacks are LibCST's, and ``nodes_below`` lists the nodes its visit reaches."""
    _same_nodes_below(module)
    for visitor_type in (
        RecordsEverything,
        RecordsByMethods,
        RecordsAttributesByMethods,
        RecordsAllButTokens,
        RecordsAllButTokensWithAttributes,
    ):
        theirs, ours = visitor_type(), visitor_type()
        module.visit(theirs)
        _reading.walk(module, ours)
        assert ours.log == theirs.log, visitor_type.__name__
        assert ours.log


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: os.path.basename(os.path.dirname(p)) + "/" + os.path.basename(p))
def test_the_walk_makes_libcsts_callbacks(path):
    with open(path, encoding="utf-8") as handle:
        _same_callbacks(cst.parse_module(handle.read()))


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_node())
def test_the_walk_makes_libcsts_callbacks_on_any_syntax(source):
    try:
        module = cst.parse_module(source)
    except Exception:
        return
    _same_callbacks(module)


def test_reading_routes_only_read_only_visitors_and_ends_with_the_block():
    module = cst.parse_module("x = 1\n")
    walked = []
    original_walk = _reading.walk

    class Rename(cst.CSTTransformer):
        def leave_Name(self, original_node, updated_node):
            return updated_node.with_changes(value="y")

    with _reading.reading():
        assert cst.CSTNode.visit is not _reading._LIBCST_VISIT
        try:
            _reading.walk = lambda node, visitor: walked.append(visitor) or original_walk(node, visitor)
            visitor = RecordsEverything()
            assert module.visit(visitor) is module
            assert walked == [visitor]
            assert module.visit(Rename()).code == "y = 1\n"  # transformers: rebuilt as by LibCST
            assert walked == [visitor]
        finally:
            _reading.walk = original_walk
    assert cst.CSTNode.visit is _reading._LIBCST_VISIT


class RemovesAndFlattens(cst.CSTTransformer):
    """Records its callbacks; removes ``pass``, doubles ``print(...)`` statements, renames."""

    def __init__(self) -> None:
        super().__init__()
        self.log: list[tuple] = []

    def on_visit(self, node):
        self.log.append(("visit", type(node).__name__))
        return super().on_visit(node)

    def on_leave(self, original_node, updated_node):
        self.log.append(("leave", type(original_node).__name__))
        return super().on_leave(original_node, updated_node)

    def leave_Pass(self, original_node, updated_node):
        return cst.RemoveFromParent()

    def leave_SimpleStatementLine(self, original_node, updated_node):
        if "print(" in cst.Module([]).code_for_node(original_node):
            return cst.FlattenSentinel([updated_node, updated_node.deep_clone()])
        return updated_node

    def leave_Name(self, original_node, updated_node):
        return updated_node.with_changes(value=updated_node.value.upper()) if updated_node.value == "x" else updated_node


def test_transformers_under_reading_work_as_without():
    source = "def f(x):\n    pass\n    print(x)\n    return [x for x in range(3)]\n"
    module = cst.parse_module(source)
    theirs = RemovesAndFlattens()
    expected = module.visit(theirs).code
    ours = RemovesAndFlattens()
    with _reading.reading():
        assert module.visit(ours).code == expected
    assert ours.log == theirs.log
    assert expected.count("print(X)") == 2 and "pass" not in expected


def _scope_summary(module: cst.Module, wrapper) -> list:
    """Everything ScopeProvider, ExpressionContextProvider and QualifiedNameProvider said
    about ``module``, with nodes named by identity (both wrappers share the module)."""
    from libcst.metadata import ExpressionContextProvider, QualifiedNameProvider, ScopeProvider

    scopes = wrapper.resolve(ScopeProvider)
    contexts = wrapper.resolve(ExpressionContextProvider)
    names = wrapper.resolve(QualifiedNameProvider)
    numbered: dict[int, int] = {}
    summary = []
    for node in all_nodes(module):
        scope = scopes.get(node)
        if scope is not None and id(scope) not in numbered:
            numbered[id(scope)] = len(numbered)
            summary.append(
                (
                    type(scope).__name__,
                    sorted((a.name, id(a.node), sorted(id(r.node) for r in a.references)) for a in scope.assignments),
                    sorted((a.node is not None and id(a.node), sorted((type(r).__name__, r.name, id(getattr(r, "node", None))) for r in a.referents)) for a in scope.accesses),
                )
            )
        qualified = names.get(node, set())
        qualified = qualified() if callable(qualified) else qualified
        summary.append((id(node), numbered.get(id(scope)), contexts.get(node), sorted(q.name for q in qualified)))
    return summary


@pytest.mark.parametrize("path", SOURCES[::2], ids=lambda p: os.path.basename(os.path.dirname(p)) + "/" + os.path.basename(p))
def test_scopes_resolved_while_reading_are_libcsts(path):
    from libcst.metadata import ExpressionContextProvider, MetadataWrapper, QualifiedNameProvider, ScopeProvider

    with open(path, encoding="utf-8") as handle:
        module = cst.parse_module(handle.read())
    providers = (ScopeProvider, ExpressionContextProvider, QualifiedNameProvider)
    theirs = MetadataWrapper(module, unsafe_skip_copy=True)
    theirs.resolve_many(providers)
    ours = MetadataWrapper(module, unsafe_skip_copy=True)
    with _reading.reading():
        ours.resolve_many(providers)
    assert _scope_summary(module, ours) == _scope_summary(module, theirs)


def test_visitor_classes_of_a_transform_are_not_kept_alive():
    """Codemods define visitor classes inside functions; what the walk remembers of a class
    must not keep it (and the trees its closures hold) alive after the file is done."""
    import gc
    import weakref

    def one_file():
        module = cst.parse_module("x = 1\n")

        class Local(cst.CSTVisitor):
            def visit_Name(self, node):
                assert module is not None  # the closure holds the tree

        with _reading.reading():
            module.visit(Local())
        return weakref.ref(Local)

    local_class = one_file()
    gc.collect()
    assert local_class() is None


def test_libcsts_do_nothing_stubs_are_no_callbacks():
    """Every visitor inherits LibCST's visit_<Type>_<field> stubs, which do nothing: the walk
    calls only the attribute methods a visitor class defines itself."""

    class OnlyNodes(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            pass

    class OneField(OnlyNodes):
        def leave_Call_func(self, node: cst.Call) -> None:
            pass

    assert not _reading._VisitorKind(OnlyNodes).attributes
    assert _reading._VisitorKind(OneField).attributes
    dispatch = _reading._Dispatch(OneField())
    assert [field for field, _, visit, leave in dispatch.fields(cst.Call) if visit or leave] == ["func"]
    assert dispatch.fields(cst.Name) == ()


def test_only_a_visitors_own_attribute_methods_are_called():
    """The no-op ``visit_<Type>_<field>`` methods every CSTVisitor inherits are not called: a
    type none of whose fields has a method of the visitor's own is walked without them."""
    assert _reading._Dispatch(RecordsByMethods()).fields(cst.Call) == ()
    visitor = RecordsAttributesByMethods()
    fields = _reading._Dispatch(visitor).fields(cst.Call)
    methods = {field: (visit, leave) for field, _, visit, leave in fields}
    assert methods["args"] == (visitor.visit_Call_args, visitor.leave_Call_args)
    assert all(visit is None and leave is None for field, (visit, leave) in methods.items() if field != "args")


def _node_types(hint) -> typing.Iterator[type]:
    """The node types a field's type hint allows (through Optional, Union, Sequence)."""
    arguments = typing.get_args(hint)
    if arguments:
        for argument in arguments:
            yield from _node_types(argument)
    elif isinstance(hint, type) and issubclass(hint, cst.CSTNode):
        yield hint


def test_a_token_node_holds_only_tokens():
    """The walk does not go into TOKEN_TYPES for a visitor without token callbacks: by their
    type hints, their fields hold nothing but tokens."""
    concrete = [kind for kind in NODE_TYPES if not inspect.isabstract(kind)]
    for kind in _node_fields.TOKEN_TYPES:
        for field in dataclasses.fields(kind):
            for allowed in _node_types(typing.get_type_hints(kind)[field.name]):
                # an abstract type: every concrete node type that is one must be a token
                assert all(k in _node_fields.TOKEN_TYPES for k in concrete if issubclass(k, allowed)), (kind, field.name, allowed)


def test_the_operator_types_are_every_subclass_of_libcsts_operator_classes():
    """TOKEN_TYPES takes LibCST's operators by their classes' own bases (not issubclass,
    which against LibCST's abstract classes walks every subclass): the same types."""
    bases = (cst.BaseBinaryOp, cst.BaseBooleanOp, cst.BaseCompOp, cst.BaseUnaryOp, cst.BaseAugOp)
    operators = {kind for kind in vars(cst).values() if isinstance(kind, type) and issubclass(kind, bases)}
    assert len(operators) > 30 and operators <= _node_fields.TOKEN_TYPES
    assert {kind for kind in _node_fields.TOKEN_TYPES if issubclass(kind, bases)} == operators


def test_only_a_visitor_without_token_callbacks_skips_tokens():
    class BreakCounter(cst.CSTVisitor):  # open-with's statement scan has such a callback
        def __init__(self) -> None:
            self.seen: list[int] = []

        def visit_Break(self, node):
            self.seen.append(id(node))

    class CommaAttribute(cst.CSTVisitor):
        def visit_Comma_whitespace_after(self, node):
            pass

    kinds = (RecordsAllButTokens, RecordsAllButTokensWithAttributes, RecordsByMethods, RecordsEverything, BreakCounter, CommaAttribute)
    assert [_reading._VisitorKind(kind).skips_tokens for kind in kinds] == [True, True, False, False, False, False]
    visitor = RecordsAllButTokens()
    visitor.visit_Comma = lambda node: None  # a method of the instance: LibCST finds it, so no skipping
    assert _reading._Dispatch(visitor).skipped == frozenset()
    assert _reading._Dispatch(RecordsAllButTokens()).skipped == _node_fields.TOKEN_TYPES
    module = cst.parse_module("f(a, b)  # c\nwhile x:\n    break\n")
    ours, theirs = BreakCounter(), BreakCounter()
    _reading.walk(module, ours)
    module.visit(theirs)
    assert ours.seen == theirs.seen and len(ours.seen) == 1
