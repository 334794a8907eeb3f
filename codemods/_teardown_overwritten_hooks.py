"""teardown: hooks that run on every request and open connections into one ``g`` attribute (review 37, runbook).

A blueprint's ``before_app_request`` hook, like the app's own ``before_request``, runs on every
request of the app that registers it, decorated or registered by a call
(``bp.before_app_request(fn)``, ``app.before_request(fn)``: Flask treats both alike). Where
several such hooks (in one module, or in modules one app imports) each store a new connection in the same ``g`` attribute, each overwrites the one the
hook before it opened: the teardown handlers close ``g.<attr>``, the last connection, and the
others stay open until the garbage collector finds them (runbook: five blueprints, each fine
alone, four connections left open per request). Which hook should keep the connection is the
authors' choice: nothing is rewritten, and a finding at each such store names the other hooks.

A hook counts when the store is no branch's (only inside ``try`` or ``with``) and the hook names
the attribute nowhere else (a hook that opens only when ``g`` has none overwrites nothing) and the app that imports this module reaches the
other module too (up to three imports away, the app module itself included). A blueprint's own
``before_request`` runs for its views alone, and is left out. A function registered by a call
is seen where the call names it as a function of its own module (a nested ``def`` of a factory
too); one imported and registered in another module is not followed.
"""

from __future__ import annotations

import posixpath
from typing import Callable, Iterator

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

from ._base import Context, metadata_value
from ._flask import FlaskIndex
from ._kept_per_file import dropped_after_each_file
from ._names import dotted_name
from ._project_imports import ProjectImports
from ._teardown_facts import Analysis, Store, positional
from ._teardown_project import Project
from ._teardown_request_engines import root_relative

_APP_WIDE = "before_app_request"
_APP_ONLY = "before_request"  # app-wide when registered on an app
_MAX_DEPTH = 3  # imports followed from the app


def report_overwritten_connections(analysis: Analysis, ctx: Context, project: Project) -> None:
    """A finding at each of the module's app-wide hooks' stores that other such hooks overwrite."""
    own = list(_app_wide_stores(analysis.wrapper, analysis, lambda: _registered_elsewhere(ctx, project, project.own)))
    if not own:
        return
    attrs = {store.attr for store in own}
    places: dict[str, list[str]] = {}  # attr -> "path:line" of every such store, this module's included
    for store in own:
        places.setdefault(store.attr, []).append(f"{root_relative(ctx, project, project.own)}:{ctx.file_line(store.node)}")
    for path in reached_together(ctx, project, attrs):
        parsed = project.parsed(path)
        if parsed is None:
            continue
        wrapper, other = parsed
        positions = wrapper.resolve(PositionProvider)
        for store in _app_wide_stores(wrapper, other, lambda: _registered_elsewhere(ctx, project, path)):
            if store.attr in attrs:
                places.setdefault(store.attr, []).append(f"{root_relative(ctx, project, path)}:{positions[store.node].start.line}")
    for store in own:
        here = f"{root_relative(ctx, project, project.own)}:{ctx.file_line(store.node)}"
        others = [place for place in places[store.attr] if place != here]
        if not others:
            continue
        ctx.finding(
            store.node,
            f"g.{store.attr} = {store.factory.label} opens a connection on every request, and so do the hooks at "
            f"{', '.join(others)}, which run on every request of the same app and store theirs in the same "
            f"g.{store.attr}: each overwrites the connection the one before it opened, the teardown closes only the "
            f"last, and the others stay open until the garbage collector finds them; open g.{store.attr} in one hook",
        )


def _app_wide_stores(wrapper: MetadataWrapper, analysis: Analysis, elsewhere: Callable[[], frozenset[str]]) -> Iterator[Store]:
    """The unconditional ``g.<attr> = <connection>`` stores of the hooks of the module that run
    on every request of the app (``before_app_request``; ``before_request`` on an app)."""
    hooks = {id(function) for function in _app_wide_hooks(wrapper, analysis, elsewhere)}
    for store in analysis.stores:
        if store.via == "assign" and id(store.function) in hooks and _unconditional(wrapper, store) and _named_once(wrapper, store):
            yield store


def _app_wide(wrapper: MetadataWrapper) -> Callable[[cst.BaseExpression], bool]:
    """Whether a registrar of the module (``bp.before_app_request``, ``app.before_request``)
    registers a hook that runs on every request of the app."""
    index: FlaskIndex | None = None

    def app_wide(registrar: cst.BaseExpression) -> bool:
        nonlocal index
        if not isinstance(registrar, cst.Attribute):
            return False
        if registrar.attr.value == _APP_WIDE:
            return True
        if registrar.attr.value == _APP_ONLY:
            index = index or FlaskIndex.build(wrapper)
            owner = index.object_for(registrar.value)
            return owner is not None and owner.kind == "app"
        return False

    return app_wide


def _registrations(wrapper: MetadataWrapper, analysis: Analysis) -> Iterator[cst.BaseExpression]:
    """The one argument of each call of the module that registers a hook on every request of
    the app (``app.before_request(x)``, ``bp.before_app_request(x)``)."""
    app_wide = _app_wide(wrapper)
    for node in analysis.nodes_of(wrapper):
        if type(node) is not cst.Call or not isinstance(node.func, cst.Attribute):
            continue
        if node.func.attr.value not in (_APP_WIDE, _APP_ONLY) or len(node.args) != 1:
            continue
        args = positional(node)
        if args and app_wide(node.func):
            yield args[0]


def _app_wide_hooks(wrapper: MetadataWrapper, analysis: Analysis, elsewhere: Callable[[], frozenset[str]]) -> Iterator[cst.FunctionDef]:
    """The functions of the module with a store on ``g`` that run on every request of the app:
    decorated (``@bp.before_app_request``, ``@app.before_request``) or registered by a call
    (``bp.before_app_request(fn)``, ``app.before_request(fn)``), which Flask treats alike, here
    or, for a module-level function, in a module that imports it (``elsewhere()``: their names)."""
    app_wide = _app_wide(wrapper)
    storing = {id(store.function): store.function for store in analysis.stores}
    decorated = [f for f in storing.values() if any(app_wide(decorator.decorator) for decorator in f.decorators)]
    yield from decorated
    for function in decorated:
        del storing[id(function)]
    if not storing:
        return
    for argument in _registrations(wrapper, analysis):
        registered = analysis.connections.local_function(argument)
        if registered is not None and id(registered) in storing:
            yield storing.pop(id(registered))
    top_level = [f for f in storing.values() if any(f is statement for statement in wrapper.module.body)]
    if top_level:
        names = elsewhere()
        yield from (f for f in top_level if f.name.value in names)


def _registered_elsewhere(ctx: Context, project: Project, path: str) -> frozenset[str]:
    """The names of the module-level functions of the module at ``path`` (from the transformed
    file's folder) that a module importing it registers as a hook on every request of the app,
    naming the function as it imports it (``hooks.open_db``, ``open_db``)."""
    listing = ctx.project_files()
    if listing is None:
        return frozenset()
    imports = _imports_of(ctx)
    target = root_relative(ctx, project, path)
    names: set[str] = set()
    for importer in sorted(imports.importers(target)):
        local = listing.relative(importer)
        text = project.text(local) or ""
        if _APP_WIDE not in text and _APP_ONLY not in text:
            continue
        tree, parsed = project.tree(local), project.parsed(local)
        if tree is None or parsed is None:
            continue
        functions, modules = imports.names_from(importer, tree, target)
        for argument in _registrations(*parsed):
            spelled = dotted_name(argument)
            if spelled in functions:
                names.add(functions[spelled])
            elif spelled and spelled.rpartition(".")[0] in modules:
                names.add(spelled.rpartition(".")[2])
    return frozenset(names)


# one reading of the project's imports per transform (its Context, held so its id is not reused):
# the gate and the transform ask for the same importers, read through the same ``ctx.read_file``,
# which gives one text per file for the whole transform; emptied when the file's transform ends
# (a reading holds its Context, and so the trees and metadata the Context keeps)
_IMPORTS: dict[int, tuple[Context, ProjectImports]] = {}
dropped_after_each_file(_IMPORTS.clear)


def _imports_of(ctx: Context) -> ProjectImports:
    kept = _IMPORTS.get(id(ctx))
    if kept is None or kept[0] is not ctx:
        kept = _IMPORTS[id(ctx)] = (ctx, ProjectImports(ctx))
    return kept[1]


def _unconditional(wrapper: MetadataWrapper, store: Store) -> bool:
    """The store runs whenever its hook does: none of its enclosing blocks, up to the hook, is
    a branch, a loop or a handler."""
    node: cst.CSTNode | None = store.node
    while node is not None and node is not store.function:
        node = metadata_value(wrapper, ParentNodeProvider, node)
        if node is store.function:
            return True
        if not isinstance(node, (cst.SimpleStatementLine, cst.IndentedBlock, cst.Try, cst.With)):
            return False
    return False


def _named_once(wrapper: MetadataWrapper, store: Store) -> bool:
    """The hook names the attribute only where it stores it: no test of it first (``if "db" in
    g: return``, ``hasattr(g, "db")``), which may keep an earlier hook's connection."""
    named = []

    class _Names(cst.CSTVisitor):
        def visit_Attribute(self, node: cst.Attribute) -> None:
            if node.attr.value == store.attr:
                named.append(node)

        def visit_SimpleString(self, node: cst.SimpleString) -> None:
            if node.evaluated_value == store.attr:
                named.append(node)

    store.function.body.visit(_Names())
    return len(named) == 1


def reached_together(ctx: Context, project: Project, attrs: set[str]) -> list[str]:
    """The modules (not this one) that an app importing this module reaches, the app's own
    module included, whose text may register such a hook storing one of ``attrs``."""
    found: list[str] = []
    seen = {project.identity(project.own)}
    for app in project.apps_using(project.own):
        frontier = [app]
        candidates = [app]
        for _ in range(_MAX_DEPTH):
            following = []
            for path in frontier:
                for imported in project.imports(path):
                    if project.identity(imported.path) not in {project.identity(p) for p in candidates}:
                        candidates.append(imported.path)
                        following.append(imported.path)
            frontier = following
        for path in candidates:
            identity = project.identity(path)
            if identity in seen:
                continue
            seen.add(identity)
            text = project.text(path) or ""
            if not any(attr in text for attr in attrs):
                continue
            if _APP_WIDE in text or _APP_ONLY in text or _registered_elsewhere(ctx, project, path):
                found.append(path)
    return sorted(found, key=posixpath.normpath)
