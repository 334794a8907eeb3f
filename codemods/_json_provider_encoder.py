"""json-provider: ``app.json_encoder = MyEncoder`` → a ``DefaultJSONProvider`` subclass.

The mechanical case is the common one: a ``flask.json.JSONEncoder`` subclass whose only
member is ``default(self, o)``, which falls back on the base class, installed on an app of
the module and used nowhere else. Its ``default`` becomes the provider's static ``default(o)``
(``DefaultJSONProvider.default`` handles the same types the old encoder's did: dates, decimals,
UUIDs, dataclasses, ``__html__``), and ``app.json_encoder = MyEncoder`` becomes
``app.json = MyProvider(app)``. Anything else is reported.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import ScopeProvider

from ._base import Context, metadata_value
from ._flask import FlaskIndex, dotted_name, qualified_names
from ._flask_app_setup import module_and_function_statements
from ._names import used_names
from ._node_edits import EditPlanner, NodeEdits, is_docstring_line
from ._version_guards import is_guarded

FLASK_ENCODERS = frozenset({"flask.json.JSONEncoder"})
FLASK_DECODERS = frozenset({"flask.json.JSONDecoder"})
FLASK_APPS = frozenset({"flask.Flask", "flask.app.Flask"})
# the functions an encoder class is handed to as cls=
_SERIALIZERS = frozenset({"flask.json.dumps", "flask.json.dump", "json.dumps", "json.dump"})
PROVIDER = "DefaultJSONProvider"
REMOVED = (
    "app.json_encoder and flask.json.JSONEncoder are removed in Flask 2.3 (deprecated in 2.2): subclass "
    "flask.json.provider.DefaultJSONProvider, override its default(o) (a staticmethod), and set "
    "app.json = MyProvider(app)"
)


class EncoderPlanner(EditPlanner):
    def __init__(self, wrapper, ctx: Context, edits: NodeEdits, index: FlaskIndex) -> None:
        super().__init__(wrapper, ctx, edits)
        self.index = index

    def plan(self, rewrite: bool) -> int:
        installs = self._installs()
        classes = {s.name.value: s for s in self.module.body if isinstance(s, cst.ClassDef)}
        count = 0
        handled: set[str] = set()
        for statement, owner, target, value in installs:
            if is_guarded(statement, self.parent):
                if isinstance(value, cst.Name):
                    handled.add(value.value)
                continue
            attribute = target.attr.value
            if attribute == "json_decoder":
                self.ctx.finding(statement, _decoder_message())
                continue
            if not rewrite:
                self.ctx.finding(statement, f"{REMOVED} (not rewritten: the provider exists from Flask 2.2 on)")
                if isinstance(value, cst.Name):
                    handled.add(value.value)
                continue
            cls = classes.get(value.value) if isinstance(value, cst.Name) else None
            problem = self._problem(owner, cls, statement)
            if problem is not None:
                self.ctx.finding(statement, f"{REMOVED}; not rewritten: {problem}")
                if cls is not None:
                    handled.add(cls.name.value)
                continue
            assert cls is not None
            self._rewrite(cls, statement, owner, target)
            handled.add(cls.name.value)
            count += 1
        for cls in classes.values():
            if cls.name.value in handled or is_guarded(cls, self.parent):
                continue
            bases = {q for b in cls.bases for q in qualified_names(self.wrapper, b.value)}
            if bases & FLASK_ENCODERS:
                app_class = self._installing_subclass(cls.name.value)
                if app_class is not None:
                    self.ctx.finding(
                        cls,
                        f"{REMOVED} (not rewritten: {cls.name.value} is installed by this module's class {app_class}, a "
                        f"subclass of flask.Flask: give {app_class} the provider class as json_provider_class instead)",
                    )
                elif (dumps := self._only_passed_as_cls(cls)) is not None:
                    self.ctx.finding(cls, _passed_as_cls_message(cls.name.value, dumps))
                else:
                    self.ctx.finding(cls, f"{REMOVED} (not rewritten: no app of this module installs {cls.name.value})")
            elif bases & FLASK_DECODERS:
                self.ctx.finding(cls, _decoder_message())
        return count

    def _installing_subclass(self, encoder: str) -> str | None:
        """The name of a Flask subclass of this module that installs ``encoder`` itself: a
        ``json_encoder`` class attribute or method, or ``self.json_encoder = ...`` in a method,
        that names it."""
        for statement in self.module.body:
            if not isinstance(statement, cst.ClassDef):
                continue
            bases = {q for b in statement.bases for q in qualified_names(self.wrapper, b.value)}
            if bases & FLASK_APPS and _installs_in_class(statement, encoder):
                return statement.name.value
        return None

    def _only_passed_as_cls(self, cls: cst.ClassDef) -> list[str] | None:
        """The functions (``flask.json.dumps``, ``json.dumps`` ...) to which every use of the
        class ``cls`` in the module, outside its own body, passes it as ``cls=``; None when it
        is used otherwise (or bound again, or nowhere)."""
        scope = metadata_value(self.wrapper, ScopeProvider, cls)
        assignments = list(scope.assignments[cls.name.value]) if scope is not None else []
        if len(assignments) != 1 or not assignments[0].references:
            return None
        called: list[str] = []
        for reference in assignments[0].references:
            if self.is_within(reference.node, cls):
                continue  # super(RowEncoder, self) in its own methods
            argument = self.parent(reference.node)
            call = self.parent(argument) if isinstance(argument, cst.Arg) else None
            if not (isinstance(call, cst.Call) and argument.keyword is not None and argument.keyword.value == "cls"):
                return None
            function = qualified_names(self.wrapper, call.func) & _SERIALIZERS
            if len(function) != 1:
                return None
            called.extend(name for name in function if name not in called)
        return called or None

    def _installs(self) -> list[tuple[cst.SimpleStatementLine, str, cst.Attribute, cst.BaseExpression]]:
        """``X.json_encoder = E`` / ``X.json_decoder = D`` statements."""
        found = []
        for statement in module_and_function_statements(self.module):
            if len(statement.body) != 1 or not isinstance(statement.body[0], cst.Assign):
                continue
            assign = statement.body[0]
            if len(assign.targets) != 1:
                continue
            target = assign.targets[0].target
            if isinstance(target, cst.Attribute) and target.attr.value in ("json_encoder", "json_decoder"):
                owner = dotted_name(target.value)
                if owner is not None:
                    found.append((statement, owner, target, assign.value))
        return found

    def _problem(self, owner: str, cls: cst.ClassDef | None, statement: cst.CSTNode) -> str | None:
        app = next((a for a in self.index.objects if a.name == owner), None)
        if app is None:
            return f"{owner} is not an app created in this module"
        if app.kind != "app":
            return "a blueprint has no JSON provider of its own: set one on the app"
        if cls is None:
            return "the encoder class is not defined in this module"
        bases = [q for b in cls.bases for q in qualified_names(self.wrapper, b.value)]
        if len(cls.bases) != 1 or not set(bases) & FLASK_ENCODERS:
            return f"{cls.name.value} does not extend flask.json.JSONEncoder alone"
        if cls.decorators or cls.keywords:
            return f"{cls.name.value} is decorated or has class keywords"
        method = _only_default(cls)
        if method is None:
            return f"{cls.name.value} does more than override default(self, o)"
        if _uses_self_otherwise(method, dotted_name(cls.bases[0].value) or ""):
            return f"{cls.name.value}.default uses self for more than falling back on the base class"
        scope = metadata_value(self.wrapper, ScopeProvider, cls)
        assignments = list(scope.assignments[cls.name.value]) if scope is not None else []
        references = [r.node for a in assignments for r in a.references]
        if len(assignments) != 1 or len(references) != 1:
            return f"{cls.name.value} is used elsewhere too"
        return None

    def _rewrite(self, cls: cst.ClassDef, statement: cst.SimpleStatementLine, owner: str, target) -> None:
        method = _only_default(cls)
        assert method is not None
        params = method.params.params
        self_name = params[0].name.value
        taken = used_names(self.module)
        name = cls.name.value
        renamed = name.replace("Encoder", "Provider") if "Encoder" in name else name
        if renamed != name and renamed in taken:
            renamed = name
        body = method.body.visit(_Fallback(self_name, dotted_name(cls.bases[0].value) or ""))
        new_method = method.with_changes(
            params=method.params.with_changes(params=[params[1]]),
            body=body,
            decorators=[cst.Decorator(cst.Name("staticmethod")), *method.decorators],
        )
        new_body = [new_method if s is method else s for s in cls.body.body]
        self.edits.replace_node(
            cls,
            cls.with_changes(
                name=cst.Name(renamed),
                bases=[cls.bases[0].with_changes(value=cst.Name(PROVIDER))],
                body=cls.body.with_changes(body=new_body),
            ),
        )
        assign = statement.body[0]
        new_assign = assign.with_changes(
            targets=[assign.targets[0].with_changes(target=target.with_changes(attr=cst.Name("json")))],
            value=cst.Call(cst.Name(renamed), [cst.Arg(cst.parse_expression(owner))]),
        )
        self.edits.replace_node(assign, new_assign)
        self.edits.add_import("flask.json.provider", PROVIDER)
        self._drop_unused_import(cls)

    def _drop_unused_import(self, cls: cst.ClassDef) -> None:
        """The import of the old base, when only the rewritten class used it."""
        base = cls.bases[0].value
        if not isinstance(base, cst.Name):
            return
        scope = metadata_value(self.wrapper, ScopeProvider, self.module)
        for assignment in scope.assignments[base.value] if scope is not None else ():
            statement = getattr(assignment, "node", None)
            if not isinstance(statement, cst.ImportFrom) or isinstance(statement.names, cst.ImportStar):
                return
            if not all(self.is_within(r.node, cls) for r in assignment.references):
                return
            for alias in statement.names:
                bound = alias.asname.name if alias.asname else alias.name
                if isinstance(bound, cst.Name) and bound.value == base.value:
                    self.edits.remove(alias)


def _passed_as_cls_message(name: str, dumps: list[str]) -> str:
    """An encoder only passed as ``cls=``: nothing of the app is involved, so no provider is
    needed; the standard library's base does the same but for the types only Flask's encoder
    turned into JSON. From Flask 2.2, ``flask.json.dumps`` passes a ``default=`` of its own
    (the app's provider's, or Flask's), and ``json.JSONEncoder`` stores a ``default=`` given on
    the object: the class's own ``default()`` is no longer called there."""
    through_flask = [d for d in dumps if d.startswith("flask.")]
    advice = (
        f"flask.json.JSONEncoder is removed in Flask 2.3 (deprecated in 2.2); {name} is only passed as cls= to "
        f"{', '.join(dumps)}, so no JSON provider is needed: extend the standard library's json.JSONEncoder instead, "
        "which does the same except for the types only Flask's encoder turned into JSON (dates as HTTP dates, UUIDs, "
        "dataclasses, objects with __html__), which its default() must then handle itself"
    )
    if through_flask:
        advice += (
            f"; and call json.dumps rather than {through_flask[0]}: from Flask 2.2 on that passes a default= of its "
            f"own, which replaces {name}'s default() on the encoder it makes"
        )
    return advice + " (not rewritten)"


def _decoder_message() -> str:
    return (
        "app.json_decoder and flask.json.JSONDecoder are removed in Flask 2.3: subclass "
        "flask.json.provider.DefaultJSONProvider and override its loads(s, **kwargs) instead (not rewritten: "
        "a decoder's hooks do not map mechanically)"
    )


def _installs_in_class(cls: cst.ClassDef, encoder: str) -> bool:
    """Whether the class body sets ``json_encoder`` to something naming ``encoder``: an
    attribute ``json_encoder = E``, a method ``def json_encoder(...)`` that names it, or an
    assignment to ``<anything>.json_encoder`` in one of its methods."""

    class Finder(cst.CSTVisitor):
        found = False

        def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
            if node.name.value == "json_encoder" and encoder in used_names(node.body):
                self.found = True

        def visit_Assign(self, node: cst.Assign) -> None:
            for target in node.targets:
                named = target.target
                attribute = named.attr.value if isinstance(named, cst.Attribute) else getattr(named, "value", None)
                if attribute == "json_encoder" and encoder in used_names(node.value):
                    self.found = True

    finder = Finder()
    cls.body.visit(finder)
    return finder.found


def _only_default(cls: cst.ClassDef) -> cst.FunctionDef | None:
    """The class's ``def default(self, o)``, when that (and a docstring) is all it holds."""
    if not isinstance(cls.body, cst.IndentedBlock):
        return None
    members = list(cls.body.body)
    if members and is_docstring_line(members[0]):
        members = members[1:]
    if len(members) != 1 or not isinstance(members[0], cst.FunctionDef):
        return None
    method = members[0]
    params = method.params
    if (
        method.name.value != "default"
        or method.decorators
        or method.asynchronous is not None
        or len(params.params) != 2
        or params.posonly_params
        or params.kwonly_params
        or params.star_arg is not cst.MaybeSentinel.DEFAULT
        or params.star_kwarg is not None
        or any(p.default is not None for p in params.params)
    ):
        return None
    return method


def _fallback_call(node: cst.CSTNode, self_name: str, base: str) -> bool:
    """``super().default(o)``, ``super(C, self).default(o)`` or ``Base.default(self, o)``
    (``base``: how the class spells its base)."""
    if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "default"):
        return False
    owner = node.func.value
    if isinstance(owner, cst.Call) and isinstance(owner.func, cst.Name) and owner.func.value == "super":
        bare = not owner.args
        explicit = len(owner.args) == 2 and _is_name(owner.args[1].value, self_name)
        return (bare or explicit) and len(node.args) == 1
    return dotted_name(owner) == base and len(node.args) == 2 and _is_name(node.args[0].value, self_name)


def _is_name(node: cst.CSTNode, name: str) -> bool:
    return isinstance(node, cst.Name) and node.value == name


def _uses_self_otherwise(method: cst.FunctionDef, base: str) -> bool:
    """``self`` (or ``__class__``) used anywhere but in a fallback on the base class."""
    self_name = method.params.params[0].name.value
    in_fallbacks = 0
    uses = 0

    class _Finder(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            nonlocal in_fallbacks
            if _fallback_call(node, self_name, base):
                in_fallbacks += 1 if node.args and len(node.args) == 2 or (
                    isinstance(node.func.value, cst.Call) and node.func.value.args
                ) else 0

        def visit_Name(self, node: cst.Name) -> None:
            nonlocal uses
            if node.value in (self_name, "__class__"):
                uses += 1

    method.body.visit(_Finder())
    return uses != in_fallbacks


class _Fallback(cst.CSTTransformer):
    """Every fallback on the base class → ``DefaultJSONProvider.default(o)``."""

    def __init__(self, self_name: str, base: str) -> None:
        self.self_name = self_name
        self.base = base

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if not _fallback_call(original_node, self.self_name, self.base):
            return updated_node
        argument = updated_node.args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(
            func=cst.Attribute(cst.Name(PROVIDER), cst.Name("default"), dot=cst.Dot()), args=[argument]
        )
