"""The ``teardown`` codemod: every per-request database connection gets closed."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import ParentNodeProvider, ScopeProvider

from ._ast_facts import facts, last_name
from ._base import Codemod, Context, metadata_value
from ._flask import FlaskIndex
from ._names import dotted_name, fresh_name, used_names
from ._teardown_analysis import (
    ANALYSIS_METADATA,
    DBAPI_FACTORIES,
    REDIS_FACTORIES,
    SCOPED_SESSION,
    Analysis,
    Hook,
    Key,
    _is_main_guard,
    accepts_one_argument,
    after_request_releases,
    analyze,
    looks_like_connect,
)
from ._teardown_rewrite import Edits, Release, Style, apply_edits, call_statement, handler_function, moved_function

# what may open a connection teardown closes (besides a callee named like a connect)
_FACTORIES = DBAPI_FACTORIES | REDIS_FACTORIES | SCOPED_SESSION

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
REQUIREMENTS_FILES = ("requirements.txt", "../requirements.txt")
_CONNECTION_TEXT = re.compile(r"(?i:connect)|Redis|from_url|scoped_session")
_OLD_FLASK = re.compile(r"(?im)^\s*flask\s*(==|<=|~=|<)\s*0\.(\d+)")

NO_PLACE = (
    "no app, app factory, init_app(app) or blueprint in this module to register a teardown handler on"
)


class Teardown(Codemod):
    """Close per-request database connections, and remove scoped sessions, at teardown.

    A connection kept on ``flask.g`` is only closed when a teardown handler closes it. Without
    one, every request leaves its connection open until the garbage collector happens to find
    it, and under load the database refuses new connections. The same holds for a SQLAlchemy
    ``scoped_session`` that is never ``remove()``d: the session (and its connection and
    transaction) outlives the request.

    What it finds: connections stored on ``g`` however ``g`` is imported (``g.db = ...``,
    ``db = g._database = ...`` behind ``getattr(g, "_database", None)``, ``setattr(g, "db",
    ...)``, ``g.setdefault("db", ...)``) when the value comes from sqlite3, psycopg2, psycopg,
    pymysql, MySQLdb, mysql.connector, pyodbc, a redis client, SQLAlchemy ``engine.connect()``,
    any other ``...connect(...)`` call, or a function of the module that returns one; and
    module-level ``scoped_session(...)`` registries.

    What it adds: a handler that pops each attribute and closes it (``remove()`` for scoped
    sessions), named so that it collides with nothing, taking the exception argument, and
    registered where the app sees it:

    - the app is created in the module: ``@app.teardown_appcontext`` right after the getter,
      never above ``app = Flask(...)``;
    - the module has ``init_app(app)`` (the Flask tutorial layout): ``app.teardown_appcontext(
      close_db)`` inside it;
    - the module has an app factory: ``app.teardown_appcontext(close_db)`` in the factory;
    - a blueprint module: ``@bp.teardown_app_request``.

    Before::

        import sqlite3

        from flask import Flask, g

        app = Flask(__name__)


        def get_db():
            if "db" not in g:
                g.db = sqlite3.connect(app.config["DATABASE"])
            return g.db

    After::

        import sqlite3

        from flask import Flask, g

        app = Flask(__name__)


        def get_db():
            if "db" not in g:
                g.db = sqlite3.connect(app.config["DATABASE"])
            return g.db


        @app.teardown_appcontext
        def close_db(exception=None):
            db = g.pop("db", None)
            if db is not None:
                db.close()

    Popping (rather than reading) means a later app context never gets the closed connection
    back from a ``getattr`` getter. When requirements.txt pins Flask older than 0.11 (whose
    ``g`` has no ``pop``), the handler reads with ``getattr(g, "db", None)`` instead.

    An existing closing function that nothing registers (``def close_db(e=None)``) is
    registered rather than duplicated. An ``after_request`` handler that does nothing but close
    the connection becomes a teardown handler (``exception=None`` instead of ``response``, no
    ``return``): after_request handlers are skipped when an exception escapes the request
    (debug and testing mode, a failing error handler or after_request handler).

    Nothing changes, and nothing is reported, when a teardown handler (``teardown_appcontext``,
    ``teardown_request``, ``teardown_app_request``, as a decorator or a call, or a receiver of
    the ``appcontext_tearing_down`` / ``request_tearing_down`` signals; in this module or in a
    nearby ``__init__.py``, ``app.py``, ``wsgi.py``...) already closes the connection, nor for
    Flask-SQLAlchemy, whose ``SQLAlchemy(app)`` / ``db.init_app(app)`` owns ``db.session``.

    Refused, with a finding: a module with no app, factory, ``init_app`` or blueprint to
    register on (the finding says where the connection is opened and why it leaks); a
    connection that another function closes by hand without popping it (a teardown handler
    would close it twice: pymysql raises on that); a connection a teardown handler uses without
    closing (a commit, say); an ``after_request`` handler that does more than closing. A
    connection kept in a module global gets the finding "one connection shared by every
    request: open it per request or use a pool", and ``g.setdefault("db", connect())`` one
    that says it opens a connection on every call. No options.
    """

    NAME = "teardown"
    SUMMARY = (
        "Close per-request database connections kept on flask.g, and remove scoped sessions, "
        "in a teardown handler."
    )
    SAFETY = "safe"
    ORDER = 20
    METADATA = ANALYSIS_METADATA

    def applies_to(self, source: str) -> bool:
        """A flask import, and a word of what opens a connection (``connect`` in any case:
        ``DB_CONNECT()`` looks like a connect too)."""
        return "flask" in source and _CONNECTION_TEXT.search(source) is not None

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """A flask import and a call that may open a connection (a DB-API connect, Redis, a
        scoped_session, a callee named like a connect): every resource reported or closed
        comes from one, directly or in a function the module defines."""
        found = facts(tree)
        if not found.imports("flask", prefix=True):  # flask or flask_*
            return False
        for call in found.calls:
            func = call.func
            spelled = last_name(func)
            if spelled is not None and (looks_like_connect(spelled) or not found.qualified(func).isdisjoint(_FACTORIES)):
                return True
        return False

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        wrapper = ctx.metadata(module, self.METADATA)
        analysis = analyze(wrapper)
        if not analysis.imports_flask:
            return module
        edits = _Planner(wrapper.module, analysis, ctx).plan()
        if edits is None or edits.empty:
            return module
        return apply_edits(wrapper.module, edits)


# ---------------------------------------------------------------------------------------------
# planning: from the analysis to edits and findings


@dataclass
class _Placement:
    """Where a handler can be registered."""

    kind: str  # "app", "blueprint", "init_app", "factory"
    owner: str  # the app / blueprint / init_app parameter name
    hook: str  # teardown_appcontext or teardown_app_request
    owner_index: int = -1  # module body index of the app/blueprint creation (decorating kinds)
    function: cst.FunctionDef | None = None  # init_app / the factory
    position: int = 0  # where the registration goes in function.body.body

    @property
    def decorates(self) -> bool:
        return self.kind in ("app", "blueprint")


class _Planner:
    def __init__(self, module: cst.Module, analysis: Analysis, ctx: Context) -> None:
        self.module = module
        self.analysis = analysis
        self.wrapper = analysis.wrapper
        self.ctx = ctx
        self.edits = Edits()
        self._index: FlaskIndex | None = None
        self._taken: set[str] | None = None

    @property
    def index(self) -> FlaskIndex:
        if self._index is None:
            self._index = FlaskIndex.build(self.wrapper)
        return self._index

    @property
    def taken(self) -> set[str]:
        if self._taken is None:
            self._taken = used_names(self.module)
        return self._taken

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
        placement, reason = self._placement()
        if placement is None:
            self._no_place(open_keys, candidates, resources, reason)
            return self.edits
        for function, keys in candidates:
            self._register_existing(function, placement)
        if open_keys:
            self._add_handler(open_keys, resources, placement)
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
            elif not self._move(hook, new_hook, released):
                reason = "flask.g is not imported at module level and the name g is taken"
            else:
                remaining = [key for key in remaining if key not in released]
                continue
            for key in sorted(closes, key=_key_order):
                self.ctx.finding(
                    hook.function,
                    f"{hook.hook} handler {hook.function.name.value}() closes {_describe(key)}, but "
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

    def _move(self, hook: Hook, new_hook: str, released: set) -> bool:
        """Turn the after_request handler into a teardown handler (False: could not)."""
        function = hook.function
        style = self._style(released)
        if style is None:
            return False
        registration = hook.decorator.decorator if hook.decorator is not None else hook.call
        attribute = registration.func if isinstance(registration, cst.Call) else registration
        self.edits.rename_attr[id(attribute)] = new_hook
        releases = self._releases(sorted(released, key=_key_order), style, taken=set())
        param = fresh_name(["exception", "error", "exc"], self._handler_locals(releases, style))
        self.edits.replace_function[id(function)] = moved_function(self.module, function, param, releases, style)
        self.ctx.rewrote()
        return True

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

    # -- where a handler can go ---------------------------------------------------------------------
    def _top_index(self, node: cst.CSTNode) -> int:
        body = self.module.body
        current: cst.CSTNode | None = node
        while current is not None:
            for position, statement in enumerate(body):
                if statement is current:
                    return position
            current = metadata_value(self.wrapper, ParentNodeProvider, current)
        return -1

    def _placement(self) -> tuple[_Placement | None, str]:
        """Where to register a handler, or None and the reason there is no such place."""
        index = self.index
        body = self.module.body
        module_apps = [o for o in index.apps if o.factory is None]
        names = sorted({o.name for o in module_apps})
        if len(names) == 1:
            positions = [self._top_index(o.statement) for o in module_apps]
            if all(p >= 0 and not _is_main_guard(body[p]) for p in positions):
                return _Placement("app", module_apps[0].name, "teardown_appcontext", owner_index=max(positions)), ""
        if len(names) > 1:
            listed = ", ".join(names)
            return None, f"this module creates several apps ({listed}), so which one should close it is unclear"
        for statement in body:
            if isinstance(statement, cst.FunctionDef) and statement.name.value == "init_app":
                params = [p for p in [*statement.params.posonly_params, *statement.params.params]]
                if params and params[0].name.value != "self" and isinstance(statement.body, cst.IndentedBlock):
                    position = len(statement.body.body)
                    if _is_return(statement.body.body[-1]):
                        position -= 1
                    placement = _Placement(
                        "init_app", params[0].name.value, "teardown_appcontext", function=statement, position=position
                    )
                    return placement, ""
        factories = [f for f in index.factories if any(s is f for s in body)]
        if len(factories) == 1 and isinstance(factories[0].body, cst.IndentedBlock):
            factory = factories[0]
            app = next(o for o in index.apps if o.factory is factory)
            statements = list(factory.body.body)
            created = self._position_in(statements, app.statement)
            if created >= 0:
                position = _past_configuration(statements, created) + 1
                return _Placement("factory", app.name, "teardown_appcontext", function=factory, position=position), ""
        blueprints = [o for o in index.blueprints if o.factory is None]
        if blueprints:
            first = blueprints[0]
            position = self._top_index(first.statement)
            if position >= 0 and not _is_main_guard(body[position]):
                return _Placement("blueprint", first.name, "teardown_app_request", owner_index=position), ""
        return None, NO_PLACE

    def _position_in(self, statements, node: cst.CSTNode) -> int:
        current: cst.CSTNode | None = node
        while current is not None:
            for position, statement in enumerate(statements):
                if statement is current:
                    return position
            current = metadata_value(self.wrapper, ParentNodeProvider, current)
        return -1

    def _anchor(self, index: int) -> int:
        """Where a new top-level statement goes after ``index``: past the simple statements
        that configure the app, but before ``app.run()`` and the ``__main__`` block."""
        body = self.module.body
        index = _past_configuration(body, index)
        for position, statement in enumerate(body[: index + 1]):
            runs = isinstance(statement, cst.SimpleStatementLine) and _runs_something(statement)
            if runs or _is_main_guard(statement):
                return position - 1
        return index

    # -- edits ------------------------------------------------------------------------------------------
    def _register_existing(self, function: cst.FunctionDef, placement: _Placement) -> None:
        name = function.name.value
        if placement.decorates:
            position = self._top_index(function)
            if position > placement.owner_index:
                self.edits.decorate[id(function)] = cst.Decorator(
                    decorator=cst.parse_expression(f"{placement.owner}.{placement.hook}")
                )
            else:
                statement = call_statement(self.module, f"{placement.owner}.{placement.hook}({name})")
                self.edits.add_top(self._anchor(placement.owner_index), statement)
        else:
            assert placement.function is not None
            statement = call_statement(self.module, f"{placement.owner}.{placement.hook}({name})")
            self.edits.add_in_body(placement.function, placement.position, statement)
        self.ctx.rewrote()

    def _add_handler(self, keys: list[Key], resources, placement: _Placement) -> None:
        style = self._style(set(keys))
        if style is None:
            for key in keys:
                self.ctx.finding(
                    resources[key][0],
                    f"{_describe(key)} is never closed, but flask.g is not imported at module level here "
                    "and the name g is taken: add a teardown handler by hand",
                )
            return
        taken = self.taken
        name = fresh_name([_handler_name(keys), "close_db", "close_connection", "teardown_db"], taken)
        releases = self._releases(keys, style, taken={name})
        param = fresh_name(["exception", "error", "exc"], self._handler_locals(releases, style) | {name})
        origin_index = max(self._top_index(resources[key][0]) for key in keys)
        if placement.decorates:
            anchor = self._anchor(max(origin_index, placement.owner_index))
            if anchor < placement.owner_index:
                self._no_place(keys, [], resources, f"{placement.owner} is created after the app starts running")
                return
            decorator = f"{placement.owner}.{placement.hook}"
            self.edits.add_top(anchor, handler_function(self.module, name, param, releases, style, decorator))
        else:
            assert placement.function is not None
            anchor = self._anchor(origin_index)
            self.edits.add_top(anchor, handler_function(self.module, name, param, releases, style, None))
            statement = call_statement(self.module, f"{placement.owner}.{placement.hook}({name})")
            self.edits.add_in_body(placement.function, placement.position, statement)
        self.ctx.rewrote(len(keys))

    def _style(self, keys: set) -> Style | None:
        spelling = self.analysis.g_spelling
        needs_g = any(kind == "g" for kind, _ in keys)
        if spelling is None:
            if needs_g:
                if "g" in self._module_names():
                    return None
                self.edits.imports.append(("flask", "g"))
            spelling = "g"
        quote = "'" if self.analysis.single_quotes else '"'
        return Style(spelling, quote, use_pop=not self._old_flask())

    def _module_names(self) -> set[str]:
        """Names bound at module level (imports, assignments, functions, classes)."""
        scope = metadata_value(self.wrapper, ScopeProvider, self.module)
        return {a.name for a in scope.assignments} if scope is not None else set()

    def _old_flask(self) -> bool:
        """Flask before 0.11 has no g.pop(): the handler then reads with getattr."""
        for relative in REQUIREMENTS_FILES:
            text = self.ctx.read_file(relative)
            if not text:
                continue
            for operator, minor in _OLD_FLASK.findall(text):
                if int(minor) < 11 or (operator == "<" and int(minor) <= 11):
                    return True
        return False

    def _releases(self, keys, style: Style, taken: set[str]) -> list[Release]:
        sessions = {name for kind, name in keys if kind == "session"}
        # locals shadow no module-level name, so the handler reads like the rest of the module
        avoid = set(taken) | sessions | {style.g.split(".")[0]} | self._module_names()
        releases: list[Release] = []
        for kind, name in keys:
            if kind == "session":
                releases.append(Release("session", name))
                continue
            base = name.strip("_")
            choices = (self.analysis.getattr_local(name), base, f"{base}_conn", "conn")
            preferred = [n for n in choices if n and n.isidentifier()]
            local = fresh_name(preferred, avoid)
            releases.append(Release("g", name, local))
        return releases

    @staticmethod
    def _handler_locals(releases: list[Release], style: Style) -> set[str]:
        return {r.local for r in releases if r.local} | {r.name for r in releases if r.kind == "session"} | {
            style.g.split(".")[0]
        }

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
            described = ", ".join(_describe(k) for k in sorted(keys_closed, key=_key_order))
            self.ctx.finding(
                function,
                f"{function.name.value}() closes {described} but nothing registers it as a teardown "
                f"handler here, and {reason}: make sure app.teardown_appcontext("
                f"{function.name.value}) is called",
            )


# ---------------------------------------------------------------------------------------------
# small helpers


def _key_order(key: Key) -> tuple[int, str]:
    return (0 if key[0] == "g" else 1, key[1])


def _describe(key: Key) -> str:
    return f"g.{key[1]}" if key[0] == "g" else f"the scoped session {key[1]}"


def _handler_name(keys: list[Key]) -> str:
    g_attrs = [name for kind, name in keys if kind == "g"]
    if not g_attrs:
        return "shutdown_session"
    if len(keys) == 1:
        base = g_attrs[0].strip("_")
        return f"close_{base}" if base.isidentifier() else "close_db"
    return "close_connections"


def _is_return(statement: cst.CSTNode, name: str | None = None) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    small = statement.body[0]
    if not isinstance(small, cst.Return):
        return False
    return name is None or (isinstance(small.value, cst.Name) and small.value.value == name)


def _past_configuration(statements, index: int) -> int:
    """The last of the simple statements that follow ``statements[index]`` (a simple
    statement itself) before anything compound, ``return`` or ``app.run()``."""
    if not isinstance(statements[index], cst.SimpleStatementLine):
        return index
    while index + 1 < len(statements):
        following = statements[index + 1]
        if not isinstance(following, cst.SimpleStatementLine) or _runs_something(following) or _is_return(following):
            break
        index += 1
    return index


def _runs_something(statement: cst.SimpleStatementLine) -> bool:
    """``app.run(...)`` and the like: a statement after which nothing is registered in time."""
    for small in statement.body:
        value = small.value if isinstance(small, (cst.Expr, cst.Assign)) else None
        func = value.func if isinstance(value, cst.Call) else None
        if isinstance(func, cst.Attribute) and func.attr.value in ("run", "serve_forever"):
            return True
    return False


def _analyze_text(text: str, session_names: list[str]) -> Analysis | None:
    from libcst.metadata import MetadataWrapper

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
