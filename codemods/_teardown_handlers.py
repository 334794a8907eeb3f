"""Planning the code of the ``teardown`` codemod's handlers, in one module's style.

``HandlerEdits`` turns decisions into ``Edits`` (see ``_teardown_rewrite``): a new handler
that pops and closes each resource (named so that it collides with nothing, its locals
shadowing no module name), the registration of an existing closing function, and an
after_request handler turned into a teardown handler. It picks how ``g`` is spelled (and
imports it when the module does not), the module's quotes, and ``getattr`` instead of
``g.pop`` when the code must run on a Flask older than 0.11.
"""

from __future__ import annotations

from functools import cached_property
from typing import Mapping

import libcst as cst
from libcst.metadata import MetadataWrapper, ScopeProvider

from ._base import Context, metadata_value
from ._declared_releases import allows_below
from ._declared_versions import declared_specifiers
from ._flask_versions import available
from ._names import fresh_name, names_spelled
from ._teardown_facts import Analysis, Hook, Key, before_teardown_appcontext, describe, key_order
from ._teardown_placement import Placement, Positions
from ._teardown_rewrite import Edits, Release, Style, call_statement, handler_function, moved_function

# the Flask whose g has pop()
_G_POP = (0, 11)
# the redis-py whose Redis.close() disconnects the client's own pool
_REDIS_CLOSE_DISCONNECTS = (5, 0, 1)


class HandlerEdits:
    """Adds to ``edits`` the handler code for one module."""

    def __init__(self, wrapper: MetadataWrapper, analysis: Analysis, ctx: Context, edits: Edits) -> None:
        self.wrapper = wrapper
        self.module = wrapper.module
        self.analysis = analysis
        self.ctx = ctx
        self.edits = edits
        self.positions = Positions(wrapper)
        self._taken: set[str] | None = None
        self.owned_redis: set[str] = set()  # g attributes holding a redis client with its own pool

    @property
    def taken(self) -> set[str]:
        """Every name spelled in the module (and the names given out since)."""
        if self._taken is None:
            self._taken = names_spelled(self.analysis.nodes_of(self.wrapper))
        return self._taken

    # -- the edits ------------------------------------------------------------------------------
    def register_existing(self, function: cst.FunctionDef, placement: Placement) -> None:
        """Register the module's own closing ``function`` as a teardown handler."""
        name = function.name.value
        if placement.decorates:
            if self.positions.top_index(function) > placement.owner_index:
                self.edits.decorate[id(function)] = cst.Decorator(
                    decorator=cst.parse_expression(f"{placement.owner}.{placement.hook}")
                )
            else:
                statement = call_statement(self.module, f"{placement.owner}.{placement.hook}({name})")
                self.edits.add_top(self.positions.anchor(placement.owner_index), statement)
        else:
            assert placement.function is not None
            statement = call_statement(self.module, f"{placement.owner}.{placement.hook}({name})")
            self._register_in_body(placement, statement)
        self.ctx.rewrote()

    def register_imported(self, spelling: str, origin: cst.CSTNode, placement: Placement) -> None:
        """Register a closing function another module defines, spelled as this module imports
        it (``origin``: the statement that imports it here)."""
        statement = call_statement(self.module, f"{placement.owner}.{placement.hook}({spelling})")
        if placement.decorates:
            after = max(placement.owner_index, self.positions.top_index(origin))
            self.edits.add_top(self.positions.anchor(after), statement)
        else:
            assert placement.function is not None
            self._register_in_body(placement, statement)
        self.ctx.rewrote()

    def add_handler(self, keys: list[Key], origins: Mapping[Key, cst.CSTNode], placement: Placement) -> str | None:
        """A new handler that releases ``keys`` (opened at ``origins``), registered at
        ``placement``. Returns None when done (or reported), else why there is no place."""
        style = self.style(set(keys))
        if style is None:
            for key in keys:
                self.ctx.finding(
                    origins[key],
                    f"{describe(key)} is never closed, but flask.g is not imported at module level here "
                    "and the name g is taken: add a teardown handler by hand",
                )
            return None
        name = fresh_name([_handler_name(keys), "close_db", "close_connection", "teardown_db"], self.taken)
        releases = self.releases(keys, style, taken={name})
        param = fresh_name(["exception", "error", "exc"], _handler_locals(releases, style) | {name})
        origin_index = max(self.positions.top_index(origins[key]) for key in keys)
        if placement.decorates:
            anchor = self.positions.anchor(max(origin_index, placement.owner_index))
            if anchor < placement.owner_index:
                return f"{placement.owner} is created after the app starts running"
            decorator = f"{placement.owner}.{placement.hook}"
            self.edits.add_top(anchor, handler_function(self.module, name, param, releases, style, decorator))
        else:
            assert placement.function is not None
            anchor = self.positions.anchor(origin_index)
            self.edits.add_top(anchor, handler_function(self.module, name, param, releases, style, None))
            statement = call_statement(self.module, f"{placement.owner}.{placement.hook}({name})")
            self._register_in_body(placement, statement)
        self.ctx.rewrote(len(keys))
        return None

    def extend_own_handler(self, keys: list[Key], placement: Placement) -> bool:
        """Remove the scoped sessions ``keys`` in the app's own handler, after what it removes
        already, where the app has exactly one teardown handler on ``placement``'s owner (in its
        factory, for a factory) and that handler does nothing but remove scoped sessions
        (``db_session.remove()``): a maintainer adds a line there, not a second handler.
        False (nothing planned) otherwise, and for a connection on ``g``."""
        if not keys or any(kind != "session" for kind, _ in keys):
            return False
        scope = placement.function.body.body if placement.function is not None else self.module.body
        own = [
            hook
            for hook in self.analysis.hooks
            if hook.is_teardown
            and isinstance(hook.receiver, cst.Name)
            and hook.receiver.value == placement.owner
            and any(statement is hook.function for statement in scope)
        ]
        if len(own) != 1 or not _removes_sessions_only(own[0].function):
            return False
        function = own[0].function
        end = len(function.body.body)  # type: ignore[union-attr]
        for _, name in keys:
            self.edits.add_in_body(function, end, call_statement(self.module, f"{name}.remove()"))
        self.ctx.rewrote(len(keys))
        return True

    def move_after_request(self, hook: Hook, new_hook: str, released: set) -> bool:
        """Turn the after_request handler into a teardown handler (False: could not)."""
        function = hook.function
        style = self.style(released)
        if style is None:
            return False
        registration = hook.decorator.decorator if hook.decorator is not None else hook.call
        attribute = registration.func if isinstance(registration, cst.Call) else registration
        self.edits.rename_attr[id(attribute)] = new_hook
        releases = self.releases(sorted(released, key=key_order), style, taken=set())
        param = fresh_name(["exception", "error", "exc"], _handler_locals(releases, style))
        self.edits.replace_function[id(function)] = moved_function(self.module, function, param, releases, style)
        self.ctx.rewrote()
        return True

    def _register_in_body(self, placement: Placement, statement: cst.SimpleStatementLine) -> None:
        """The registration in the factory or ``init_app``: set off by a blank line after a
        ``def`` (the factory's own teardown handler it goes beside)."""
        assert placement.function is not None and isinstance(placement.function.body, cst.IndentedBlock)
        body = placement.function.body.body
        if 0 < placement.position <= len(body) and isinstance(body[placement.position - 1], (cst.FunctionDef, cst.ClassDef)):
            statement = statement.with_changes(leading_lines=[cst.EmptyLine(indent=False)])
        self.edits.add_in_body(placement.function, placement.position, statement)

    # -- the module's style -------------------------------------------------------------------------
    def style(self, keys: set) -> Style | None:
        """How the handler spells ``g`` and strings; None when ``g`` cannot be had."""
        spelling = self.analysis.g_spelling
        needs_g = any(kind == "g" for kind, _ in keys)
        if spelling is None:
            if needs_g:
                if "g" in self.module_names():
                    return None
                self.edits.imports.append(("flask", "g"))
            spelling = "g"
        quote = "'" if self.analysis.single_quotes else '"'
        return Style(spelling, quote, use_pop=not self.old_flask)

    def module_names(self) -> set[str]:
        """Names bound at module level (imports, assignments, functions, classes)."""
        scope = metadata_value(self.wrapper, ScopeProvider, self.module)
        return {a.name for a in scope.assignments} if scope is not None else set()

    @cached_property
    def old_flask(self) -> bool:
        """Flask before 0.11 has no g.pop(): the handler then reads with getattr. So it does when
        the target Flask is older (``--target-version``, the configuration, or the Flask the
        project root declares), or when the nearest declaration of Flask, from this module's
        folder up to the project root, allows an older one (``_declared_versions``: ``Flask==0.10.1``,
        ``Flask>=0.10``, ``flask<0.11``); getattr works on every Flask."""
        return not available(self.ctx, _G_POP) or allows_below(self.ctx, "flask", _G_POP)

    @cached_property
    def redis_closes_pool(self) -> bool:
        """The project requires a redis-py whose ``Redis.close()`` disconnects the pool the
        client made for itself (5.0.1 on); before it, ``close()`` only hands back the connection
        of a single-connection client, and ``connection_pool.disconnect()`` closes the client's
        sockets (on every release, so also where the project does not say which it runs)."""
        return bool(declared_specifiers(self.ctx, "redis")) and not allows_below(self.ctx, "redis", _REDIS_CLOSE_DISCONNECTS)

    @cached_property
    def before_teardown_appcontext(self) -> bool:
        """The code may run on a Flask older than 0.9, which has no ``teardown_appcontext``
        (found as ``old_flask`` finds an older Flask): a handler registered with it would
        raise AttributeError when the module is imported."""
        return before_teardown_appcontext(self.ctx)

    def releases(self, keys, style: Style, taken: set[str]) -> list[Release]:
        sessions = {name for kind, name in keys if kind == "session"}
        # locals shadow no module-level name, so the handler reads like the rest of the module
        avoid = set(taken) | sessions | {style.g.split(".")[0]} | self.module_names()
        releases: list[Release] = []
        for kind, name in keys:
            if kind == "session":
                releases.append(Release("session", name))
                continue
            base = name.strip("_")
            choices = (self.analysis.getattr_local(name), base, f"{base}_conn", "conn")
            preferred = [n for n in choices if n and n.isidentifier()]
            local = fresh_name(preferred, avoid)
            releases.append(Release("g", name, local, disconnect=name in self.owned_redis and not self.redis_closes_pool))
        return releases


def _removes_sessions_only(function: cst.FunctionDef) -> bool:
    """The function's body is one or more ``<session>.remove()`` statements and nothing else."""
    body = function.body
    if not isinstance(body, cst.IndentedBlock) or not body.body:
        return False
    for statement in body.body:
        if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
            return False
        expression = statement.body[0]
        call = expression.value if isinstance(expression, cst.Expr) else None
        if not (
            isinstance(call, cst.Call)
            and not call.args
            and isinstance(call.func, cst.Attribute)
            and call.func.attr.value == "remove"
            and isinstance(call.func.value, (cst.Name, cst.Attribute))
        ):
            return False
    return True


def _handler_locals(releases: list[Release], style: Style) -> set[str]:
    return {r.local for r in releases if r.local} | {r.name for r in releases if r.kind == "session"} | {
        style.g.split(".")[0]
    }


def _handler_name(keys: list[Key]) -> str:
    g_attrs = [name for kind, name in keys if kind == "g"]
    if not g_attrs:
        return "shutdown_session"
    if len(keys) == 1:
        base = g_attrs[0].strip("_")
        return f"close_{base}" if base.isidentifier() else "close_db"
    return "close_connections"
