"""Planning for the ``teardown`` codemod: from a module's analysis to edits and findings.

``plan_module`` decides, for each resource the module opens per request: nothing (a teardown
handler here or in a nearby module already releases it), register an existing closing
function, turn an after_request handler that only closes into a teardown handler, add a new
handler, or report a finding (a connection shared by every request, one closed by hand
without popping it, one a teardown handler still uses, no place to register a handler).
``_teardown_handlers`` writes the handler code; ``_teardown_rewrite`` applies the edits.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper, ScopeProvider

from ._base import Context, metadata_value
from ._flask import FlaskIndex
from ._names import dotted_name
from ._teardown_after_request import after_request_releases
from ._teardown_analysis import analyze
from ._teardown_facts import ANALYSIS_METADATA, Analysis, Hook, Key, accepts_one_argument, describe, key_order
from ._teardown_handlers import HandlerEdits
from ._teardown_placement import NO_PLACE, find_placement
from ._teardown_rewrite import Edits

# Files next to (and one level above) the transformed one that may register its teardown.
SIBLING_FILES = (
    "__init__.py",
    "app.py",
    "application.py",
    "main.py",
    "wsgi.py",
    "server.py",
    "run.py",
    "factory.py",
    "extensions.py",
    "db.py",
    "database.py",
    "../__init__.py",
    "../app.py",
    "../application.py",
    "../main.py",
    "../wsgi.py",
    "../server.py",
    "../run.py",
    "../manage.py",
)


def plan_module(wrapper: MetadataWrapper, analysis: Analysis, ctx: Context) -> Edits | None:
    """The edits for the module of ``wrapper`` (findings go to ``ctx``); None: nothing to do."""
    return _Planner(wrapper, analysis, ctx).plan()


class _Planner:
    def __init__(self, wrapper: MetadataWrapper, analysis: Analysis, ctx: Context) -> None:
        self.wrapper = wrapper
        self.module = wrapper.module
        self.analysis = analysis
        self.ctx = ctx
        self.edits = Edits()
        self.handlers = HandlerEdits(wrapper, analysis, ctx, self.edits)
        self._index: FlaskIndex | None = None

    @property
    def index(self) -> FlaskIndex:
        if self._index is None:
            self._index = FlaskIndex.build(self.wrapper)
        return self._index

    # -- the resources --------------------------------------------------------------------
    def _resources(self) -> dict[Key, tuple[cst.CSTNode, str]]:
        """Each resource once, with the node that opens it and a description."""
        found: dict[Key, tuple[cst.CSTNode, str]] = {}
        for store in self.analysis.stores:
            found.setdefault(("g", store.attr), (store.node, store.factory.label))
        for session in self.analysis.sessions:
            found.setdefault(("session", session.name), (session.node, "scoped_session(...)"))
        return found

    def plan(self) -> Edits | None:
        analysis = self.analysis
        ctx = self.ctx
        for shared in analysis.shared:
            ctx.finding(
                shared.node,
                f"{shared.name} = {shared.factory.label} is one connection shared by every request: "
                "open it per request or use a pool (a module-level connection is used by all threads "
                "at once and is never closed)",
            )
        for store in analysis.stores:
            if store.via == "setdefault":
                ctx.finding(
                    store.node,
                    f'g.setdefault("{store.attr}", {store.factory.label}) opens a new connection on every '
                    f"call, even when g.{store.attr} already holds one, and the extra ones are never closed: "
                    f'use `if "{store.attr}" not in g: g.{store.attr} = ...`',
                )
        resources = self._resources()
        if not resources:
            return None
        open_keys = [key for key in resources if key not in analysis.teardown_released()]
        if not open_keys:
            return None
        open_keys = self._not_used_by_teardown(open_keys)
        open_keys = self._move_after_request_handlers(open_keys)
        candidates, open_keys = self._closers(open_keys)
        open_keys, candidates = self._drop_handled_by_siblings(open_keys, candidates)
        if not open_keys and not candidates:
            return self.edits
        placement, reason = find_placement(self.handlers.positions, self.index)
        if placement is None:
            self._no_place(open_keys, candidates, resources, reason)
            return self.edits
        for function, _keys in candidates:
            self.handlers.register_existing(function, placement)
        if open_keys:
            origins = {key: resources[key][0] for key in open_keys}
            reason = self.handlers.add_handler(open_keys, origins, placement)
            if reason is not None:
                self._no_place(open_keys, [], resources, reason)
        return self.edits

    def _not_used_by_teardown(self, open_keys: list[Key]) -> list[Key]:
        """A teardown handler that uses g.<attr> without closing it (a commit, say) may run
        after the new handler closed the connection: such keys are left alone."""
        analysis = self.analysis
        refused: set = set()
        for hook in analysis.hooks:
            if not hook.is_teardown:
                continue
            used = analysis.reachable_uses(hook.function) - {
                name for kind, name in analysis.reachable_releases(hook.function) if kind == "g"
            }
            for attr in sorted(used):
                key = ("g", attr)
                if key in open_keys and key not in refused:
                    refused.add(key)
                    self.ctx.finding(
                        hook.function,
                        f"teardown handler {hook.function.name.value}() uses g.{attr} but does not close "
                        "it, and a new handler might close the connection before it runs: close "
                        f"g.{attr} at the end of {hook.function.name.value}() instead",
                    )
        return [key for key in open_keys if key not in refused]

    # -- after_request handlers that only close ------------------------------------------------
    def _move_after_request_handlers(self, open_keys: list[Key]) -> list[Key]:
        analysis = self.analysis
        handled_by_teardown = analysis.teardown_released()
        remaining = list(open_keys)
        for hook in analysis.hooks:
            if hook.is_teardown:
                continue
            closes = analysis.reachable_releases(hook.function) & set(remaining)
            if not closes:
                continue
            released = after_request_releases(analysis, hook.function)
            new_hook = self._teardown_hook_for(hook)
            if released is None:
                reason = "it does more than closing"
            elif released & handled_by_teardown:
                reason = "a teardown handler already closes part of what it closes"
            elif new_hook is None:
                reason = f"{dotted_name(hook.receiver) or 'its owner'} is not a known app or blueprint"
            elif not self._only_registered_once(hook):
                reason = "it is also called directly, and a teardown handler takes other arguments"
            elif not self.handlers.move_after_request(hook, new_hook, released):
                reason = "flask.g is not imported at module level and the name g is taken"
            else:
                remaining = [key for key in remaining if key not in released]
                continue
            for key in sorted(closes, key=key_order):
                self.ctx.finding(
                    hook.function,
                    f"{hook.hook} handler {hook.function.name.value}() closes {describe(key)}, but "
                    f"{hook.hook} handlers are skipped when an exception escapes the request (debug or "
                    "testing mode, a failing error handler or after_request handler); "
                    f"{reason}, so it was left alone: close the connection in a teardown handler instead",
                )
            remaining = [key for key in remaining if key not in closes]
        return remaining

    def _teardown_hook_for(self, hook: Hook) -> str | None:
        if hook.hook == "after_app_request":
            return "teardown_app_request"
        owner = self.index.object_for(hook.receiver)
        if owner is not None:
            return "teardown_appcontext" if owner.kind == "app" else "teardown_request"
        if isinstance(hook.receiver, cst.Name) and hook.receiver.value in ("app", "application"):
            return "teardown_request"  # exists on apps and blueprints alike
        return None

    def _references(self, function: cst.FunctionDef) -> int | None:
        scope = metadata_value(self.wrapper, ScopeProvider, function)
        if scope is None:
            return None
        for assignment in scope[function.name.value]:
            if getattr(assignment, "node", None) is function:
                return len(assignment.references)
        return None

    def _only_registered_once(self, hook: Hook) -> bool:
        """The handler is used nowhere but in its registration (its signature may change)."""
        references = self._references(hook.function)
        return references == (1 if hook.call is not None else 0)

    # -- other functions that close the resources -------------------------------------------------
    def _closers(self, open_keys: list[Key]) -> tuple[list[tuple[cst.FunctionDef, set]], list[Key]]:
        """Existing closing functions to register, and the keys that still need a handler.

        A function that closes ``g.<attr>`` without popping it, and is not a candidate for
        registration, makes the key refused: a teardown handler would close twice."""
        analysis = self.analysis
        hook_functions = {id(h.function) for h in analysis.hooks}
        openers = {id(s.function) for s in analysis.stores}
        remaining = set(open_keys)
        candidates: list[tuple[cst.FunctionDef, set]] = []
        refused: set = set()
        for facts in analysis.facts.values():
            function = facts.function
            if id(function) in hook_functions:
                continue
            closes = facts.releases & remaining
            if not closes:
                continue
            g_attrs = {name for kind, name in closes if kind == "g"}
            pops_all = g_attrs <= facts.pops
            candidate = (
                facts.module_level
                and not function.decorators
                and id(function) not in openers
                and facts.returns_attr is None
                and accepts_one_argument(function)
                and (pops_all or self._references(function) == 0)
            )
            if candidate:
                candidates.append((function, closes))
                continue
            if pops_all:
                continue  # closing by hand and popping: a teardown handler finds nothing left
            for key in sorted(k for k in closes if k[0] == "g" and k[1] not in facts.pops):
                if key in refused:
                    continue
                refused.add(key)
                attr = key[1]
                self.ctx.finding(
                    facts.release_nodes.get(key, function),
                    f"g.{attr} is closed in {function.name.value}() but not at teardown: when a view "
                    "raises first, the connection leaks; a teardown handler would close it a second "
                    f"time, so nothing was changed: pop and close g.{attr} in a teardown handler only",
                )
        covered: set = set()
        kept: list[tuple[cst.FunctionDef, set]] = []
        for function, closes in candidates:
            useful = closes - covered - refused
            if useful:
                kept.append((function, useful))
                covered |= useful
        left = [key for key in open_keys if key not in covered and key not in refused]
        return kept, left

    # -- other files of the project --------------------------------------------------------------
    def _drop_handled_by_siblings(
        self, open_keys: list[Key], candidates: list[tuple[cst.FunctionDef, set]]
    ) -> tuple[list[Key], list[tuple[cst.FunctionDef, set]]]:
        """Keys and closing functions a teardown handler in a nearby module takes care of."""
        if not open_keys and not candidates:
            return open_keys, candidates
        words = {name for _, name in open_keys} | {f.name.value for f, _ in candidates}
        sessions = [name for kind, name in open_keys if kind == "session"]
        handled: set = set()
        registered: set[str] = set()
        own = (self.ctx.path or "").replace("\\", "/").rsplit("/", 1)[-1]
        for relative in SIBLING_FILES:
            if relative == own:
                continue
            text = self.ctx.read_file(relative)
            if not text or not ("teardown" in text or "tearing_down" in text):
                continue
            if not any(word in text for word in words):
                continue
            sibling = _analyze_text(text, sessions)
            if sibling is None:
                continue
            handled |= sibling.teardown_released()
            registered |= sibling.registered_names
        open_keys = [key for key in open_keys if key not in handled]
        candidates = [(f, keys) for f, keys in candidates if f.name.value not in registered and not keys <= handled]
        return open_keys, candidates


    def _no_place(self, keys: list[Key], candidates, resources, reason: str = NO_PLACE) -> None:
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
                    "(and its connection) outlives the request; "
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




def _analyze_text(text: str, session_names: list[str]) -> Analysis | None:
    try:
        sibling = cst.parse_module(text)
    except Exception:
        return None
    wrapper = MetadataWrapper(sibling, unsafe_skip_copy=True)
    try:
        wrapper.resolve_many(ANALYSIS_METADATA)
        return analyze(wrapper, session_names)
    except Exception:
        return None
