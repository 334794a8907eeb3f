"""Planning for the ``teardown`` codemod: from a module's analysis to edits and findings.

``plan_module`` decides, for each resource the module opens per request: nothing (a teardown
handler here or in a module next to it already releases it), register an existing closing
function, turn an after_request handler that only closes into a teardown handler
(``_teardown_existing``), add a new handler, or report a finding (a connection shared by
every request, one closed by hand without popping it, one a teardown handler still uses, no
place to register a handler). An app module's handler also releases what the modules it
imports open and cannot release themselves (``_teardown_foreign``); a module with no place of
its own stays silent when exactly one app next to it imports it (that app's handler releases
it). ``_teardown_handlers`` writes the handler code; ``_teardown_rewrite`` applies the edits.
"""

from __future__ import annotations

import ast
import posixpath

import libcst as cst
from libcst.metadata import MetadataWrapper

from ._base import Context
from ._flask import FlaskIndex
from ._served_apps import SERVING_ATTRIBUTES, classify_apps
from ._teardown_existing import Candidates, ExistingFunctions
from ._teardown_facts import Analysis, Key, describe, kept_open_message, key_order
from ._teardown_foreign import ForeignPlan, ForeignResources, Unplaced
from ._teardown_handlers import HandlerEdits
from ._teardown_kept_sessions import kept_instance, kept_instance_message, kept_session_message, uncommitted_flush
from ._teardown_placement import NO_PLACE, find_placement, star_made_app
from ._teardown_overwritten_hooks import report_overwritten_connections
from ._teardown_project import Project
from ._teardown_request_engines import report_engines_per_request
from ._teardown_rewrite import Edits

Resources = dict[Key, tuple[cst.CSTNode, str]]  # key -> (the node that opens it, a description)
# a blueprint's hooks on the app, beside what registers on an app (``SERVING_ATTRIBUTES``)
REQUEST_HOOKS = frozenset({"before_app_request", "after_app_request", "teardown_app_request", "app_errorhandler"})


def plan_module(
    wrapper: MetadataWrapper, analysis: Analysis, ctx: Context, project: Project, tree: ast.Module | None = None
) -> Edits:
    """The edits for the module of ``wrapper`` (findings go to ``ctx``); ``tree``: its stdlib
    AST, when at hand (its Flask index then looks up only the calls that may create an app)."""
    return _Planner(wrapper, analysis, ctx, project, tree=tree).plan()


class _Planner:
    """``alone``: the module is planned for another module's sake; what has no place here
    is only recorded in ``unplaced``, and no other module is planned."""

    def __init__(
        self,
        wrapper: MetadataWrapper,
        analysis: Analysis,
        ctx: Context,
        project: Project,
        alone: bool = False,
        tree: ast.Module | None = None,
    ) -> None:
        self.wrapper = wrapper
        self.tree = tree
        self.module = wrapper.module
        self.analysis = analysis
        self.ctx = ctx
        self.listing_ctx = ctx  # the run's own context, which lists the project (a scratch one does not)
        self.kept: list[str] = []  # findings for the scoped sessions left unremoved
        self.project = project
        self.alone = alone
        self.edits = Edits()
        self.handlers = HandlerEdits(wrapper, analysis, ctx, self.edits)
        self.existing = ExistingFunctions(wrapper, analysis, ctx, self.handlers, lambda: self.index)
        self.unplaced: Unplaced | None = None
        self._index: FlaskIndex | None = None

    @property
    def index(self) -> FlaskIndex:
        if self._index is None:
            self._index = FlaskIndex.build(self.wrapper, self.tree)
        return self._index

    # -- the module's own resources -------------------------------------------------------------
    def _resources(self) -> Resources:
        """Each resource once, with the node that opens it and a description."""
        found: Resources = {}
        for store in self.analysis.stores:
            found.setdefault(("g", store.attr), (store.node, store.factory.label))
        for session in self.analysis.sessions:
            found.setdefault(("session", session.name), (session.node, "scoped_session(...)"))
        return found

    def _without_flushed_sessions(self, open_keys: list[Key], resources: Resources) -> list[Key]:
        """``open_keys`` but the scoped sessions a function of the app flushes and leaves
        uncommitted (``_teardown_kept_sessions``): each gets a finding instead."""
        kept_keys = []
        for key in open_keys:
            message = self._kept_session(key[1]) if key[0] == "session" else None
            if message is None:
                kept_keys.append(key)
                continue
            self.kept.append(message)
            self.ctx.finding(resources[key][0], self.kept[-1])
        return kept_keys

    def _kept_session(self, name: str) -> str | None:
        """Why the scoped session ``name`` must outlive the request, or None."""
        flushed = uncommitted_flush(self.listing_ctx, name, self.ctx.path)
        if flushed is not None:
            return kept_session_message(name, *flushed)
        kept = kept_instance(self.listing_ctx, name, self.ctx.path)
        return kept_instance_message(name, *kept) if kept is not None else None

    def _report_misuse(self) -> None:
        shared_connections = self.analysis.shared if self.analysis.shared and self._may_serve_requests() else []
        for shared in shared_connections:
            self.ctx.finding(
                shared.node,
                f"{shared.name} = {shared.factory.label} is one connection shared by every request: "
                "open it per request or use a pool (a module-level connection is never closed, and "
                "under a threaded server every thread of the process uses it at once)",
            )
        for store in self.analysis.stores:
            if store.via == "setdefault":
                self.ctx.finding(
                    store.node,
                    f'g.setdefault("{store.attr}", {store.factory.label}) opens a new connection on every '
                    f"call, even when g.{store.attr} already holds one, and the extra ones are never closed: "
                    f'use `if "{store.attr}" not in g: g.{store.attr} = ...`',
                )

    def _may_serve_requests(self) -> bool:
        """Whether a request may reach what the module keeps: it creates an app or a blueprint,
        has an ``init_app``, registers something on an object (a view, a hook: ``@app.get``), or
        an app of the project imports it. Not a script that imports the app only to use its
        configuration and contexts while it does its own work (OpenAtlas's
        ``install/import_scripts/openatlas_demo.py``): its connection is its own."""
        if self.index.apps or self.index.blueprints or find_placement(self.handlers.positions, self.index)[0]:
            return True
        for node in self.analysis.nodes_of(self.wrapper):
            if isinstance(node, cst.Decorator):
                called = node.decorator.func if isinstance(node.decorator, cst.Call) else node.decorator
                if isinstance(called, cst.Attribute) and called.attr.value in SERVING_ATTRIBUTES | REQUEST_HOOKS:
                    return True
        return bool(self.project.apps_using(self.project.own))

    def _still_open(self, resources: Resources) -> tuple[list[Key], Candidates]:
        """The keys that need a new handler, and the closing functions to register."""
        released = self.analysis.teardown_released()
        open_keys = [key for key in resources if key not in released]
        if not open_keys:
            return [], []
        open_keys = self.existing.not_used_by_teardown(open_keys)
        open_keys = self.existing.move_after_request_handlers(open_keys)
        candidates, open_keys = self.existing.closers(open_keys)
        if not open_keys and not candidates:
            return open_keys, candidates
        return self._drop_handled_nearby(open_keys, candidates, resources)

    def _drop_handled_nearby(
        self, open_keys: list[Key], candidates: Candidates, resources: Resources
    ) -> tuple[list[Key], Candidates]:
        """Keys and closing functions a teardown handler in a module next to this one takes
        care of; keys such a handler uses without closing are left alone, with a finding."""
        words = {name for _, name in open_keys} | {f.name.value for f, _ in candidates}
        sessions = [name for kind, name in open_keys if kind == "session"]
        seen = self.project.teardowns(self.project.handler_modules(self.project.own), words, sessions)
        kept = []
        for key in open_keys:
            if key in seen.released:
                continue
            if key[0] == "g" and key[1] in seen.kept_open:
                self.ctx.finding(resources[key][0], kept_open_message(key[1], *seen.kept_open[key[1]]))
                continue
            kept.append(key)
        candidates = [
            (f, keys) for f, keys in candidates if f.name.value not in seen.registered and not keys <= seen.released
        ]
        return kept, candidates

    # -- the plan ---------------------------------------------------------------------------------
    def plan(self) -> Edits:
        if self.analysis.imports_flask:
            self._report_misuse()
            if not self.alone:
                report_engines_per_request(self.analysis, self.ctx, self.project)
                report_overwritten_connections(self.analysis, self.ctx, self.project)
        resources = self._resources()
        cross_module = not self.alone and self.analysis.imports_flask
        if (resources or cross_module) and self.handlers.before_teardown_appcontext:
            self._before_teardown_appcontext(resources)
            return self.edits
        open_keys, candidates = self._still_open(resources) if resources else ([], [])
        open_keys = self._without_flushed_sessions(open_keys, resources)
        if not (open_keys or candidates or cross_module):
            return self.edits
        placement, reason = find_placement(self.handlers.positions, self.index)
        if placement is not None and placement.kind == "app" and self._helpers_own_app():
            placement, reason = None, NO_PLACE
        if placement is None:
            if open_keys or candidates:
                self._elsewhere(open_keys, candidates, resources, reason)
            return self.edits
        foreign = ForeignPlan()
        if cross_module and placement.kind in ("app", "factory"):
            foreign = self._foreign()
        for function, _keys in candidates:
            self.handlers.register_existing(function, placement)
        for spelling, origin in foreign.closers:
            self.handlers.register_imported(spelling, origin, placement)
        self.handlers.owned_redis = self.analysis.owned_redis() | foreign.owned_redis
        keys = [*open_keys, *(key for key in foreign.keys if key not in open_keys)]
        if keys and self.handlers.extend_own_handler(keys, placement):
            keys = []  # the app's own session handler removes them too
        if keys:
            origins = {key: resources[key][0] for key in open_keys} | {k: foreign.origins[k] for k in foreign.keys}
            reason = self.handlers.add_handler(keys, origins, placement)
            if reason is not None:
                resources = {**resources, **{k: (foreign.origins[k], foreign.labels[k]) for k in foreign.keys}}
                self._no_place(keys, [], resources, reason)
        return self.edits

    def _helpers_own_app(self) -> bool:
        """The module's app shows no sign of serving requests (no view, hook or run, not an
        entry module: ``_served_apps``) and an app next to it imports this module: the module is
        that app's helper, its ``Flask()`` one made for a config or a path. A handler on it would
        never run; the app that imports the module releases what it opens."""
        apps = [o for o in self.index.apps if o.factory is None]
        if classify_apps(self.wrapper, self.index, apps, self.ctx.path).served:
            return False
        return bool(self.project.apps_using(self.project.own))

    def _foreign(self) -> ForeignPlan:
        module_names = self.handlers.module_names()
        foreign = ForeignResources(
            self.wrapper, self.analysis, self.ctx, self.project, self.edits, module_names, self._unplaced_of
        ).plan()
        self.handlers.taken.update(foreign.imported)  # a new handler's name must not hide them
        if any(key[0] == "g" for key in foreign.keys):  # (only g keys can be refused there)
            foreign.keys = self.existing.not_used_by_teardown(foreign.keys)
        return foreign

    def _unplaced_of(self, path: str) -> Unplaced | None:
        """What the module at ``path`` leaves without a place, planned alone (findings dropped)."""
        parsed = self.project.parsed(path)
        if parsed is None:
            return None
        wrapper, analysis = parsed
        if not analysis.stores and not analysis.sessions:
            return None
        folder = posixpath.dirname(path)
        scratch = Context(
            posixpath.join(self.project.folder, path),
            read_file=lambda relative: self.ctx.read_file(posixpath.normpath(posixpath.join(folder, relative))),
        )
        scratch.codemod = self.ctx.codemod
        text = self.project.text(path)
        alone = Project(scratch.read_file, scratch.path, lambda: text or "")
        planner = _Planner(wrapper, analysis, scratch, alone, alone=True)
        planner.listing_ctx = self.listing_ctx
        planner.plan()
        if planner.kept:
            unplaced = planner.unplaced or Unplaced([], [], "")
            return Unplaced(unplaced.open_keys, unplaced.candidates, unplaced.reason, planner.kept, unplaced.owned_redis)
        return planner.unplaced

    def _before_teardown_appcontext(self, resources: Resources) -> None:
        """Flask older than 0.9 may run the code: nothing changes; a finding for each resource
        no teardown handler of the module, nor of a module next to it, releases
        (``teardown_request`` exists from Flask 0.7: ``_drop_handled_nearby``'s rule; found only
        for a module planned for itself; none, as in ``_elsewhere``, for a module that imports no
        Flask and that no app next to it imports)."""
        if self.alone:
            return
        released = self.analysis.teardown_released()
        left = [key for key in resources if key not in released]
        if left and not self.analysis.imports_flask and not self.project.apps_using(self.project.own):
            return  # no app in sight, and nothing says this module is part of a Flask app (``_elsewhere``)
        if left:  # a teardown_request handler of an app next to it may release them
            words = {name for _, name in left}
            sessions = [name for kind, name in left if kind == "session"]
            released = released | self.project.teardowns(self.project.handler_modules(self.project.own), words, sessions).released
        for key in sorted(resources, key=key_order):
            if key in released:
                continue
            node, label = resources[key]
            what = f"g.{key[1]} = {label} is closed by" if key[0] == "g" else f"scoped_session {key[1]} is removed by"
            self.ctx.finding(
                node,
                f"{what} no teardown handler, but the Flask the project declares may be older than 0.9, "
                "which has no app.teardown_appcontext: nothing was changed; "
                "release it in a teardown handler once the app requires Flask 0.9 or later",
            )

    # -- no place here ------------------------------------------------------------------------------
    def _elsewhere(self, open_keys: list[Key], candidates: Candidates, resources: Resources, reason: str) -> None:
        """Nowhere to register a handler in this module: an app next to it that imports it
        registers one, or a finding says what leaks."""
        self.unplaced = Unplaced(open_keys, candidates, reason, owned_redis=self.analysis.owned_redis())
        if self.alone:
            return
        if reason == NO_PLACE:
            apps = self.project.apps_using(self.project.own)
            if len(apps) == 1:
                return  # that app's handler releases it
            if len(apps) > 1:
                listed = ", ".join(apps)
                reason = f"several apps import this module ({listed}), so which one should close it is unclear"
            elif not self.analysis.imports_flask:
                return  # no app in sight, and nothing says this module is part of a Flask app
            else:
                reason = star_made_app(self.module) or f"{NO_PLACE}, and no app next to it imports this module"
        self._no_place(open_keys, candidates, resources, reason)

    def _no_place(self, keys: list[Key], candidates: Candidates, resources: Resources, reason: str = NO_PLACE) -> None:
        for key in keys:
            node, label = resources[key]
            if key[0] == "g":
                message = (
                    f"g.{key[1]} = {label} opens a connection that nothing closes: it stays open after "
                    "the request until the garbage collector finds it, and under load the database runs "
                    f"out of connections; {reason}: add @app.teardown_appcontext that pops and closes "
                    f"g.{key[1]}"
                )
            else:
                message = (
                    f"scoped_session {key[1]} is never remove()d at teardown: each request's session "
                    "stays in the registry for the thread's next request, with whatever the request left "
                    "open in it (a transaction, and the connection it holds); "
                    f"{reason}: add @app.teardown_appcontext that calls {key[1]}.remove()"
                )
            self.ctx.finding(node, message)
        for function, keys_closed in candidates:
            described = ", ".join(describe(k) for k in sorted(keys_closed, key=key_order))
            self.ctx.finding(
                function,
                f"{function.name.value}() closes {described} but nothing registers it as a teardown "
                f"handler here, and {reason}: make sure app.teardown_appcontext("
                f"{function.name.value}) is called",
            )
