"""Which app objects of a module are the app that is served, for the codemods that configure
or tune it (a setting on a script's throwaway ``Flask()`` is noise no maintainer writes).

An app object (``app = Flask(...)``) is **served** when the code shows it:

- created in a function (a factory), the function returns it (``return app``), or runs it
  (``app.run()``);
- created at module level, something registers on it here (a view, a blueprint, an error
  handler or hook, a CLI command), runs it or replaces its ``wsgi_app``, or the module's
  ``if __name__ == "__main__":`` block hands it to something (``serve(app)``); or the module
  is an entry module that others import the app from (a package's ``__init__.py``,
  ``app.py``, ``wsgi.py`` ...).

It is **discarded** when its name is bound again, in the same block, before anything uses it
(``app = Flask(__name__)`` followed by ``app = create_app()``). A module-level app that is
neither served nor discarded is **unclear**: a script's app (one that only opens a context:
``with app.app_context():``) is left without a word, any other gets a finding from the
codemod. A function's app that is neither returned nor run is a helper's: left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

import libcst as cst
from libcst.metadata import ParentNodeProvider, ScopeProvider

from ._base import metadata_value
from ._flask import AppObject, FlaskIndex, is_main_guard
from ._metadata import every_node
from ._node_fields import child_nodes

# attributes of an app whose use registers something on it, runs it or serves it
SERVING_ATTRIBUTES = frozenset(
    {
        "route", "get", "post", "put", "delete", "patch", "add_url_rule", "register_blueprint",
        "errorhandler", "register_error_handler", "before_request", "after_request",
        "teardown_request", "teardown_appcontext", "context_processor", "template_filter",
        "template_global", "template_test", "url_value_preprocessor", "url_defaults",
        "cli", "run", "wsgi_app", "add_template_filter",
        "add_template_global", "jinja_env", "shell_context_processor",
    }
)
# attributes of an app that a script uses to work with it outside a request
SCRIPT_ATTRIBUTES = frozenset({"app_context", "test_request_context", "test_client", "test_cli_runner"})
# file names of the modules the served app is imported from (stem, lower case)
ENTRY_MODULES = frozenset({"__init__", "app", "application", "wsgi", "asgi", "main", "server", "webapp", "web"})


@dataclass
class AppUses:
    """How the module uses the apps it creates."""

    served: list[AppObject] = field(default_factory=list)
    unclear: list[AppObject] = field(default_factory=list)  # module-level, no sign either way
    # (scripts' apps, helpers' apps and discarded apps are in neither list)


def classify_apps(wrapper, index: FlaskIndex, apps: list[AppObject], path: str) -> AppUses:
    """Sort ``apps`` (one per creating statement) into served and unclear. ``wrapper`` needs
    ParentNodeProvider and ScopeProvider resolved (FLASK_METADATA)."""
    uses = AppUses()
    entry = _stem(path) in ENTRY_MODULES
    # the module's walks for the attributes read and the apps handed over: only when the
    # cheap signs (an entry module, a view) leave an app undecided
    attributes: dict[int, set[str]] | None = None
    handed_over: set[int] | None = None
    for app in apps:
        if _discarded(wrapper, app):
            continue
        if app.factory is None and (entry or any(v.owner is not None and v.owner.statement is app.statement for v in index.views)):
            uses.served.append(app)
            continue
        if attributes is None:
            attributes = _attributes_used(wrapper, index)
        used = attributes.get(id(app.statement), set())
        if app.factory is not None:
            if "run" in used or _returned(app):
                uses.served.append(app)
            continue
        if used & SERVING_ATTRIBUTES:
            uses.served.append(app)
            continue
        if handed_over is None:
            handed_over = _passed_when_run_as_main(wrapper, index)
        if id(app.statement) in handed_over:
            uses.served.append(app)
        elif not used & SCRIPT_ATTRIBUTES:
            uses.unclear.append(app)
    return uses


def built_for_the_command_line(wrapper, app: AppObject) -> bool:
    """Whether ``app`` is made by a factory private to its module (``_commands_app``: no other
    module imports it) that the module only hands to the ``flask`` command line's loader
    (``ScriptInfo(create_app=_commands_app)``, ``FlaskGroup(create_app=...)``): the app of
    management commands, which serves no request. ``wrapper`` needs ScopeProvider and
    ParentNodeProvider resolved."""
    factory = app.factory
    if factory is None or not factory.name.value.startswith("_"):
        return False
    scope = metadata_value(wrapper, ScopeProvider, factory)
    if scope is None:
        return False
    accesses = [a for assignment in scope.assignments[factory.name.value] if assignment.node is factory
                for a in assignment.references]
    if not accesses:
        return False
    for access in accesses:
        parent = metadata_value(wrapper, ParentNodeProvider, access.node)
        if not (isinstance(parent, cst.Arg) and parent.keyword is not None and parent.keyword.value == "create_app"):
            return False
    return True


def _stem(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.split(".", 1)[0].lower()


def _attributes_used(wrapper, index: FlaskIndex) -> dict[int, set[str]]:
    """id(creating statement) -> the attributes read on the app (``app.route``, ``app.run``)."""
    found: dict[int, set[str]] = {}

    def read(node: cst.Attribute) -> None:
        if isinstance(node.value, cst.Name):
            app = index.object_for(node.value)
            if app is not None and app.kind == "app":
                found.setdefault(id(app.statement), set()).add(node.attr.value)

    nodes = every_node(wrapper)  # the parent index's nodes, when resolved: no visit needed
    if nodes is not None:
        for node in nodes:
            if type(node) is cst.Attribute:
                read(node)
        return found

    class _Finder(cst.CSTVisitor):
        def visit_Attribute(self, node: cst.Attribute) -> None:
            read(node)

    wrapper.module.visit(_Finder())
    return found


def _passed_when_run_as_main(wrapper, index: FlaskIndex) -> set[int]:
    """id(creating statement) of the apps passed to a call in the module's
    ``if __name__ == "__main__":`` blocks (``serve(app)``, ``Server(app).run()``)."""
    found: set[int] = set()

    class _Finder(cst.CSTVisitor):
        def visit_Arg(self, node: cst.Arg) -> None:
            if isinstance(node.value, cst.Name):
                app = index.object_for(node.value)
                if app is not None and app.kind == "app":
                    found.add(id(app.statement))

    for statement in wrapper.module.body:
        if is_main_guard(statement):
            assert isinstance(statement, cst.If)
            statement.body.visit(_Finder())
    return found


def _returned(app: AppObject) -> bool:
    """Whether the factory returns (or yields) the app's name, alone or in a tuple."""
    assert app.factory is not None
    name = app.name

    class _Finder(cst.CSTVisitor):
        found = False

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is app.factory  # not into nested functions

        def visit_Lambda(self, node: cst.Lambda) -> bool:
            return False

        def visit_Return(self, node: cst.Return) -> None:
            self.found = self.found or _names(node.value, name)

        def visit_Yield(self, node: cst.Yield) -> None:
            self.found = self.found or (not isinstance(node.value, cst.From) and _names(node.value, name))

    finder = _Finder()
    app.factory.visit(finder)
    return finder.found


def _names(value: cst.CSTNode | None, name: str) -> bool:
    if isinstance(value, cst.Name):
        return value.value == name
    if isinstance(value, cst.Tuple):
        return any(_names(element.value, name) for element in value.elements)
    return False


def _discarded(wrapper, app: AppObject) -> bool:
    """The app's name is bound again later in the same block, and nothing in between (nor
    the new value) uses it."""
    block = metadata_value(wrapper, ParentNodeProvider, app.statement)
    if not isinstance(block, (cst.Module, cst.IndentedBlock)):
        return False
    body = list(block.body)
    position = next((i for i, s in enumerate(body) if s is app.statement), None)
    if position is None:
        return False
    for statement in body[position + 1 :]:
        if _mentions(statement, app.name):
            return False
        if _rebinds(statement, app.name):
            return True
    return False


def _rebinds(statement: cst.CSTNode, name: str) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    for small in statement.body:
        targets = small.targets if isinstance(small, cst.Assign) else []
        if any(isinstance(t.target, cst.Name) and t.target.value == name for t in targets):
            return True
        if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name) and small.target.value == name:
            return small.value is not None
    return False


def _mentions(statement: cst.CSTNode, name: str) -> bool:
    """Whether ``statement`` reads the name (an assignment's own target aside)."""
    return any(isinstance(node, cst.Name) and node.value == name for node in _walk(statement))


def _walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """``node`` and what it holds, leaving out an assignment's plain-name targets."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, cst.AssignTarget) and isinstance(current.target, cst.Name):
            continue
        stack.extend(child_nodes(current))
