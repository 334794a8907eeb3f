"""before-first-request: ``@app.before_first_request`` functions run once at setup instead."""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from ._base import Context
from ._flask import AppObject, FlaskIndex, dotted_name, method_calls, qualified_names
from ._flask_app_setup import module_and_function_statements
from ._flask_versions import LegacyForm, Removal, available, left_at_unknown_target
from ._node_edits import EditPlanner, parse_statements
from ._python_2_only import python_2_only_here
from ._before_first_request_callees import REQUEST_BOUND, imported_request_bound
from ._before_first_request_places import defined_functions, own_returns, setup_before_serving, starts_serving
from ._upgrade_support import NAMES_METADATA, UpgradeCodemod
from ._version_guards import is_guarded

DEPRECATED = (2, 2)
HOOKS = ("before_first_request", "before_app_first_request")
# Flask's list of the registered functions, gone with them
FUNCTIONS_LIST = "before_first_request_funcs"
REMOVED_IN = (2, 3)
SETUP = "run the function once at setup, in `with app.app_context():`"
REMOVED = "{hook} is removed in Flask 2.3 (deprecated in 2.2): " + SETUP
STILL_THERE = "not rewritten: the target Flask version still has it"
PYTHON_2 = "not rewritten: the app runs on Python 2 only ({where}), so no Flask from 2.0 on installs and the one it gets still has it"


@dataclass(eq=False)
class _Registration:
    function: cst.FunctionDef
    hook: str
    node: cst.CSTNode  # the decorator, or the statement that registers it
    owner: AppObject


@dataclass(eq=False)
class _Setup:
    """One app's setup: where the calls go, and what goes there."""

    app: AppObject
    anchor: cst.CSTNode  # the statement the with-block follows (module) or precedes (factory)
    before: bool
    block: cst.CSTNode
    registrations: list[_Registration] = field(default_factory=list)


class BeforeFirstRequest(UpgradeCodemod):
    """Call ``@app.before_first_request`` functions once at setup, inside
    ``with app.app_context():``.

    Why: Flask 2.2 deprecated ``app.before_first_request`` and
    ``bp.before_app_first_request``, and Flask 2.3 removed them: the decorator raises
    AttributeError when the module is imported. Flask's advice is to run such setup code
    when the application is created.

    What it rewrites (target Flask 2.2 or newer): the decorator (or the
    ``app.before_first_request(func)`` call) goes, and the function is called in a
    ``with app.app_context():`` block — for an app created at module level, after the module's
    setup (before ``if __name__ == "__main__":`` or ``app.run()``, else at the end of the
    module); for an app factory, right before its ``return app``. Several functions of one app
    are called in one block, in the order they were registered. ``@bp.before_app_first_request``
    is handled the same way when the blueprint is registered on an app of the same module.

    Before::

        from flask import Flask
        from flask_sqlalchemy import SQLAlchemy

        app = Flask(__name__)
        db = SQLAlchemy(app)


        @app.before_first_request
        def create_tables():
            db.create_all()


        if __name__ == "__main__":
            app.run()

    After::

        from flask import Flask
        from flask_sqlalchemy import SQLAlchemy

        app = Flask(__name__)
        db = SQLAlchemy(app)


        def create_tables():
            db.create_all()


        with app.app_context():
            create_tables()


        if __name__ == "__main__":
            app.run()

    This is a *review* codemod: the function now runs when the app is set up (imported),
    not when the first request arrives — also for ``flask`` CLI commands, tests and workers
    that never serve a request, and once per process. An exception in it now stops the
    import instead of failing the first request.

    Findings (code left as it is): functions that use what exists only during a request
    (``request``, ``session``, ``url_for``, ``flash``, ``render_template``, Flask-Login's
    ``current_user``, ...) or store data on ``g`` (it would vanish with the setup's app
    context), also through the functions they call (of the module, or imported from a
    neighbouring module); ``async`` functions and
    functions that take arguments; apps and blueprints this module does not create, or
    register (a blueprint registered elsewhere); a factory that does not end with ``return
    app``, or also returns earlier (the function would not run on that path); a module whose
    ``if __name__ == "__main__":`` block sets up more before it serves (that ran before the
    first request, and the module's end comes before it); registrations anywhere else (in a
    method such as an extension's ``init_app``, in a conditional block) and uses of
    ``app.before_first_request_funcs``. For a target older than Flask 2.2 they are all
    reported, nothing rewritten, and so for an app that runs on Python 2 only (a module of its
    code imports ``urlparse``, ``urllib2`` ... at its top level): no Flask from 2.0 on installs
    there, whatever the requirement admits, and moving the setup to import time would only
    change when it runs; at a target nobody declared (a checkout, a system's package:
    the release may be older than any) each registration is left and reported as the other
    upgrade codemods report a removed form there. Version-guarded code stays as it is.
    """

    NAME = "before-first-request"
    SUMMARY = "Run @app.before_first_request functions once at setup, inside app.app_context()."
    SAFETY = "review"
    ORDER = 10
    CATALOGUE = (
        LegacyForm(
            "`@app.before_first_request`", "called once at setup in `with app.app_context():`", "Flask 2.2", "Flask 2.3",
            "review", DEPRECATED,
        ),
        LegacyForm(
            "`@bp.before_app_first_request`", "called once at setup in `with app.app_context():`", "Flask 2.2",
            "Flask 2.3", "review", DEPRECATED,
        ),
    )

    def applies_to_file(self, source: str, path: str) -> bool:
        return "first_request" in source

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        return _Planner.transformed(module, ctx, NAMES_METADATA, available(ctx, DEPRECATED))


class _Planner(EditPlanner):
    def plan(self, rewrite: bool) -> None:
        # (with the stdlib AST, a call no Flask app or Blueprint can be spelled by is not looked up)
        self.index = FlaskIndex.build(self.wrapper, self.ctx.python_tree(self.module, render=False))
        self.functions = defined_functions(self.module)
        setups: dict[int, _Setup] = {}
        self.handled: set[int] = set()  # the hook attributes registered or already reported
        registrations = self._registrations()
        python_2 = python_2_only_here(self.ctx) if rewrite and registrations else None
        for registration in registrations:
            if python_2 is not None:
                self.ctx.finding(registration.node, f"{REMOVED.format(hook=registration.hook)}; {PYTHON_2.format(where=python_2)}")
                continue
            if not rewrite:
                left = left_at_unknown_target(self.ctx, registration.hook, Removal("Flask", REMOVED_IN), SETUP)
                self.ctx.finding(registration.node, left or f"{REMOVED.format(hook=registration.hook)}; {STILL_THERE}")
                continue
            problem = self._problem(registration)
            setup = None
            if problem is None:
                setup = self._setup_for(registration, setups)
                problem = setup if isinstance(setup, str) else None
            if problem is not None:
                self.ctx.finding(registration.node, f"{REMOVED.format(hook=registration.hook)}; {problem}")
                continue
            assert isinstance(setup, _Setup)
            setup.registrations.append(registration)
        for setup in setups.values():
            self._rewrite(setup)
        self._report_the_rest()

    def _report_the_rest(self) -> None:
        """Every other use of the hooks (in a method, a conditional block, a nested function)
        and of ``before_first_request_funcs``: a finding each, never silence."""
        planner = self

        class _Finder(cst.CSTVisitor):
            def visit_Attribute(self, node: cst.Attribute) -> None:
                name = node.attr.value
                if name not in (*HOOKS, FUNCTIONS_LIST) or id(node) in planner.handled or is_guarded(node, planner.parent):
                    return
                if name == FUNCTIONS_LIST:
                    message = (
                        f"app.{FUNCTIONS_LIST} is removed in Flask 2.3 with before_first_request: call the functions "
                        "once at setup, in `with app.app_context():`"
                    )
                else:
                    message = (
                        f"{REMOVED.format(hook=name)}; not rewritten: only a registration at module level or in the "
                        "top level of an app factory is moved"
                    )
                planner.ctx.finding(node, message)

        self.module.visit(_Finder())

    # -- registrations --------------------------------------------------------------------------
    def _registrations(self) -> list[_Registration]:
        found: list[_Registration] = []
        for function in self.functions.values():
            for decorator in function.decorators:
                target = decorator.decorator
                if isinstance(target, cst.Attribute) and target.attr.value in HOOKS and not is_guarded(function, self.parent):
                    self.handled.add(id(target))
                    owner = self.index.object_for(target.value)
                    found.append(_Registration(function, target.attr.value, decorator, owner))  # type: ignore[arg-type]
        for statement in module_and_function_statements(self.module):
            small = statement.body[0] if len(statement.body) == 1 else None
            call = small.value if isinstance(small, cst.Expr) else None
            if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value in HOOKS):
                continue
            if is_guarded(statement, self.parent):
                continue
            self.handled.add(id(call.func))
            argument = call.args[0].value if len(call.args) == 1 else None
            function = self.functions.get(argument.value) if isinstance(argument, cst.Name) else None
            owner = self.index.object_for(call.func.value)
            if function is None:
                self.ctx.finding(statement, f"{REMOVED.format(hook=call.func.attr.value)}; the function is not defined here")
                continue
            found.append(_Registration(function, call.func.attr.value, statement, owner))  # type: ignore[arg-type]
        return found

    def _problem(self, registration: _Registration) -> str | None:
        function = registration.function
        if function.asynchronous is not None:
            return "an async function cannot simply be called at setup"
        params = function.params
        if any(p.default is None for p in [*params.posonly_params, *params.params, *params.kwonly_params]):
            return "the function takes arguments"
        bound = self._request_bound(function, set())
        if bound is not None:
            return (
                f"it uses {bound}, which only exists during a request (or, for g, would not outlive the setup): "
                "not rewritten"
            )
        return None

    def _request_bound(self, function: cst.FunctionDef, seen: set[str]) -> str | None:
        """The first request-bound name the function uses, also through module functions it calls."""
        seen.add(function.name.value)
        wrapper = self.wrapper
        functions = self.functions
        found: list[str] = []
        called: list[str] = []
        imported: list[str] = []  # qualified names of the other functions it calls

        class _Finder(cst.CSTVisitor):
            def visit_Call(self, node: cst.Call) -> None:
                if not (isinstance(node.func, cst.Name) and node.func.value in functions):
                    imported.extend(sorted(qualified_names(wrapper, node.func)))

            def visit_Name(self, node: cst.Name) -> None:
                names = qualified_names(wrapper, node) & REQUEST_BOUND
                if names:
                    found.append(node.value)
                elif node.value in functions:
                    called.append(node.value)

            def visit_Attribute(self, node: cst.Attribute) -> None:
                if qualified_names(wrapper, node) & REQUEST_BOUND:
                    found.append(dotted_name(node) or node.attr.value)

        function.body.visit(_Finder())
        if found:
            return found[0]
        for name in called:
            if name not in seen:
                inner = self._request_bound(functions[name], seen)
                if inner is not None:
                    return f"{inner} (through {name}())"
        for qualified in imported:
            if qualified not in seen:
                seen.add(qualified)
                inner = imported_request_bound(self.ctx, qualified)
                if inner is not None:
                    return f"{inner} (through {qualified.lstrip('.')}())"
        return None

    # -- where the calls go ---------------------------------------------------------------------
    def _setup_for(self, registration: _Registration, setups: dict[int, _Setup]) -> _Setup | str:
        owner = registration.owner
        if owner is None:
            return "not rewritten: the app (or blueprint) is not created in this module, so its setup cannot be found"
        app = owner if owner.kind == "app" else self._registering_app(owner)
        if app is None:
            return "not rewritten: the blueprint is registered on its app elsewhere; call the function where that app is set up"
        if id(app.statement) in setups:
            setup = setups[id(app.statement)]
        else:
            found = self._setup_point(app)
            if isinstance(found, str):
                return found
            setup = setups[id(app.statement)] = found
        if not self._visible_from(registration.function, setup):
            return "not rewritten: the function is not visible where the app is set up"
        return setup

    def _registering_app(self, blueprint: AppObject) -> AppObject | None:
        for call in method_calls(self.module, "register_blueprint"):
            argument = call.args[0].value if call.args else None
            if isinstance(argument, cst.Name) and argument.value == blueprint.name:
                app = self.index.object_for(call.func.value)  # type: ignore[attr-defined]
                if app is not None and app.kind == "app":
                    return app
        return None

    def _setup_point(self, app: AppObject) -> _Setup | str:
        if app.factory is None:
            body = list(self.module.body)
            start = next((i for i, s in enumerate(body) if s is app.statement), None)
            if start is None:
                return "not rewritten: the app is not created at the top level of the module"
            end = len(body)
            for position in range(start + 1, len(body)):
                if starts_serving(body[position], app.name):
                    end = position
                    break
            if end < len(body):
                earlier = setup_before_serving(body[end])
                if earlier is not None:
                    return (
                        f"not rewritten: the `if __name__ == \"__main__\":` block sets up more (line "
                        f"{self.ctx.file_line(earlier)}) before it serves, which ran before the first request: call the "
                        "function where the app is ready, for every way the app is started"
                    )
            return _Setup(app, body[end - 1], False, self.module)
        factory = app.factory
        statements = list(factory.body.body) if isinstance(factory.body, cst.IndentedBlock) else []
        last = statements[-1] if statements else None
        returned = last.body[0] if isinstance(last, cst.SimpleStatementLine) and len(last.body) == 1 else None
        if not (isinstance(returned, cst.Return) and isinstance(returned.value, cst.Name) and returned.value.value == app.name):
            return f"not rewritten: the factory {factory.name.value}() does not end with `return {app.name}`"
        early = next((r for r in own_returns(factory) if r is not returned), None)
        if early is not None:
            return (
                f"not rewritten: the factory {factory.name.value}() also returns at line {self.ctx.file_line(early)}, "
                "where the function would no longer run"
            )
        return _Setup(app, last, True, factory.body)

    def _visible_from(self, function: cst.FunctionDef, setup: _Setup) -> bool:
        """Defined at module level, or in the factory's own body, before the with-block."""
        body = list(getattr(setup.block, "body", ()))
        position = {id(s): i for i, s in enumerate(body)}
        if id(function) in position:
            anchor = position[id(setup.anchor)]
            return position[id(function)] < anchor or (not setup.before and position[id(function)] <= anchor)
        return any(function is s for s in self.module.body) and isinstance(setup.block, cst.IndentedBlock)

    # -- the rewrite ----------------------------------------------------------------------------
    def _rewrite(self, setup: _Setup) -> None:
        if not setup.registrations:
            return
        for registration in setup.registrations:
            node = registration.node
            if isinstance(node, cst.Decorator):
                function = registration.function
                decorators = [d for d in function.decorators if d is not node]
                self.edits.replace_node(function, function.with_changes(decorators=decorators))
            else:
                self.edits.remove(node)
        calls = "".join(f"    {r.function.name.value}()\n" for r in setup.registrations)
        block = parse_statements(self.module, f"with {setup.app.name}.app_context():\n{calls}")[0]
        anchor = setup.anchor
        after_definition = isinstance(anchor, (cst.FunctionDef, cst.ClassDef)) and not setup.before
        blank = 2 if isinstance(setup.block, cst.Module) and after_definition else 1
        block = block.with_changes(leading_lines=[cst.EmptyLine(indent=False) for _ in range(blank)])
        if setup.before:
            self.edits.insert_before(anchor, [block])
        else:
            self.edits.insert_after(anchor, [block])
        self.ctx.rewrote(len(setup.registrations))
