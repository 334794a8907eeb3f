"""Planning for the ``teardown`` codemod: what the module's own functions already do with a
resource, and what that means for a new handler.

- a teardown handler that uses ``g.<attr>`` without closing it (a commit, say) might run after
  a new handler closed the connection: the key is left alone, with a finding;
- an after_request handler that does nothing but close becomes a teardown handler (its
  registration renamed, its signature and body rewritten by ``HandlerEdits``); one that does
  more is reported;
- a module-level function that closes a resource and that nothing registers is registered
  rather than duplicated; one that closes ``g.<attr>`` by hand without popping it makes the
  key refused (a teardown handler would close it a second time).
"""

from __future__ import annotations

from typing import Callable

import libcst as cst
from libcst.metadata import MetadataWrapper, ScopeProvider

from ._base import Context, metadata_value
from ._flask import FlaskIndex
from ._lazy_scopes import references_complete
from ._names import dotted_name
from ._teardown_after_request import after_request_releases
from ._teardown_facts import Analysis, Hook, Key, accepts_one_argument, describe, key_order
from ._teardown_handlers import HandlerEdits

Candidates = list[tuple[cst.FunctionDef, set]]  # closing functions to register, with the keys they close


class ExistingFunctions:
    """Decisions about one module's functions (findings go to ``ctx``)."""

    def __init__(
        self,
        wrapper: MetadataWrapper,
        analysis: Analysis,
        ctx: Context,
        handlers: HandlerEdits,
        index: Callable[[], FlaskIndex],  # built when first needed
    ) -> None:
        self.wrapper = wrapper
        self.analysis = analysis
        self.ctx = ctx
        self.handlers = handlers
        self.index = index

    def not_used_by_teardown(self, open_keys: list[Key]) -> list[Key]:
        """A teardown handler that uses g.<attr> without closing it (a commit, say) may run
        after the new handler closed the connection: such keys are left alone."""
        analysis = self.analysis
        refused: set = set()
        for hook in analysis.hooks:
            if not hook.is_teardown:
                continue
            used = analysis.reachable_uses(hook.function) - {
                name for kind, name in analysis.handler_releases(hook.function) if kind == "g"
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
    def move_after_request_handlers(self, open_keys: list[Key]) -> list[Key]:
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
                    "testing mode, a failing handler); "
                    f"{reason}, so it was left alone: {'close' if key[0] == 'g' else 'remove'} {describe(key)} in a teardown handler instead",
                )
            remaining = [key for key in remaining if key not in closes]
        return remaining

    def _teardown_hook_for(self, hook: Hook) -> str | None:
        if hook.hook == "after_app_request":
            return "teardown_app_request"
        owner = self.index().object_for(hook.receiver)
        if owner is not None:
            return "teardown_appcontext" if owner.kind == "app" else "teardown_request"
        if isinstance(hook.receiver, cst.Name) and hook.receiver.value in ("app", "application"):
            return "teardown_request"  # exists on apps and blueprints alike
        return None

    def _references(self, function: cst.FunctionDef) -> int | None:
        scope = metadata_value(self.wrapper, ScopeProvider, function)
        if scope is None:
            return None
        references_complete(self.wrapper, function.name.value)  # (the bodies that read it analysed)
        for assignment in scope[function.name.value]:
            if getattr(assignment, "node", None) is function:
                return len(assignment.references)
        return None

    def _only_registered_once(self, hook: Hook) -> bool:
        """The handler is used nowhere but in its registration (its signature may change)."""
        references = self._references(hook.function)
        return references == (1 if hook.call is not None else 0)

    # -- other functions that close the resources -------------------------------------------------
    def closers(self, open_keys: list[Key]) -> tuple[Candidates, list[Key]]:
        """Existing closing functions to register, and the keys that still need a handler.

        A function that closes ``g.<attr>`` without popping it, and is not a candidate for
        registration, makes the key refused: a teardown handler would close twice."""
        analysis = self.analysis
        hook_functions = {id(h.function) for h in analysis.hooks}
        openers = {id(s.function) for s in analysis.stores}
        remaining = set(open_keys)
        candidates: Candidates = []
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
        kept: Candidates = []
        for function, closes in candidates:
            useful = closes - covered - refused
            if useful:
                kept.append((function, useful))
                covered |= useful
        left = [key for key in open_keys if key not in covered and key not in refused]
        return kept, left
