"""The ``teardown`` codemod: every per-request database connection gets closed.

The class holds the documentation, the gates and the wiring; the work is done by
``_teardown_analysis`` (what a module opens and closes), ``_teardown_plan`` (decisions into
edits and findings) and ``_teardown_rewrite`` (the transformer).
"""

from __future__ import annotations

import ast

import libcst as cst
from libcst.metadata import ParentNodeProvider

from ._base import APPLICATION, EXAMPLES, Codemod, Context, reports_findings
from ._teardown_analysis import analyze
from ._teardown_gate import text_may_apply, tree_may_apply
from ._teardown_project_gate import project_may_apply
from ._served_scripts import serves_the_app
from ._teardown_project import Project
from ._import_style import straight_imports_first

class Teardown(Codemod):
    """Close per-request database connections, and remove scoped sessions, at teardown.

    A connection kept on ``flask.g`` is only closed when a teardown handler closes it. Without
    one, every request leaves its connection open until the garbage collector happens to find
    it, and under load the database refuses new connections. A SQLAlchemy ``scoped_session``
    that is never ``remove()``d keeps each request's session in its registry for the thread's
    next request, with whatever the request left open in it (a transaction not committed or
    closed, and the connection it holds).

    What it finds: connections stored on ``g`` however ``g`` is imported (``g.db = ...``,
    ``db = g._database = ...`` behind ``getattr(g, "_database", None)``, ``setattr(g, "db",
    ...)``, ``g.setdefault("db", ...)``) when the value comes from the ``connect`` of sqlite3,
    psycopg2, psycopg, pymysql, MySQLdb, mysql.connector, pyodbc, cx_Oracle, oracledb, pg8000,
    mariadb or pymssql, a redis client, SQLAlchemy ``engine.connect()``, a plain SQLAlchemy
    session (``Session(bind=engine)``, ``sessionmaker(...)()``, ``SessionLocal()`` where
    ``SessionLocal = sessionmaker(...)``; closed by ``close()``), a function that
    returns one (of the module, or imported from another module of the project, where it is
    read), a method of an object of the project's classes that does, or, when that code cannot
    be read, any other ``...connect(...)`` call; and module-level ``scoped_session(...)``
    registries. Pooled and shared connections are never closed per request: a function that
    hands out a module-level connection, a call on a connection pool (``psycopg2.pool``,
    ``MySQLConnectionPool``, ... or anything named a pool, like a manager's
    ``self._pool.get_connection()``), in this module or the one it comes from.

    What it adds: a handler that pops each attribute and closes it (``remove()`` for scoped
    sessions; a redis client that made its own pool gets ``connection_pool.disconnect()``,
    since before redis-py 5.0.1 ``close()`` leaves that pool's sockets open, unless the
    project requires 5.0.1 or later), named so that it collides with nothing, taking the
    exception argument, and registered where the app sees it:

    - the app is created in the module: ``@app.teardown_appcontext`` right after the getter,
      never above ``app = Flask(...)``; but an app made only for a config value or a path
      (no view, hook or run uses it, and the module is no entry module like ``app.py``)
      serves no request, so when an app next to the module imports it, that app's handler
      releases the resource instead (below);
    - the module has ``init_app(app)`` (the Flask tutorial layout): ``app.teardown_appcontext(
      close_db)`` inside it;
    - the module has an app factory: ``app.teardown_appcontext(close_db)`` in the factory,
      right after the factory's own teardown handler where it has one;
    - a blueprint module: ``@bp.teardown_app_request``.

    Across modules: when the module that opens the resource has none of these (the Flask
    documentation's ``database.py`` with its engine and ``scoped_session``; a ``db.py`` whose
    ``get_db()`` keeps a connection on ``g`` for views in other modules), the handler goes to
    the app module that imports it, directly or through its blueprints and other modules (up
    to three imports away): the module that creates the app at module level or in a factory.
    The handler releases the session under the name the app module imports it by
    (``db_session``, ``database.db_session``); a name the app module lacks is imported (``from
    .database import db_session``), and ``g`` too. One app module gets one handler, whatever
    the number of modules it releases resources of; where the app already has exactly one
    teardown handler, and it does nothing but remove scoped sessions, the sessions it misses
    are removed there, after its own lines, instead. The apps are also looked for next to the
    resource's module (``__init__.py``, ``app.py``, ``wsgi.py``, ... in its folder and the one
    above) and, whatever its name and folder, in any module of the application code that
    creates a Flask app and imports it (``core/app_config.py``): when more than one imports it, none gets a handler and a finding names them; when
    exactly one does, the resource's module says nothing.

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
    back from a ``getattr`` getter. When the code must run on a Flask older than 0.11 (whose
    ``g`` has no ``pop``), the handler reads with ``getattr(g, "db", None)`` instead: when the
    target version is older (``--target-version``, or the Flask the project declares), or when
    the nearest declaration of Flask, from the module's folder up to the project root
    (requirements files, ``setup.cfg``, ``setup.py``, ``pyproject.toml``, ``Pipfile`` and their
    lock files, and a copy of Flask the project ships in ``lib/`` or ``vendor/``), allows an
    older one (``Flask==0.10.1``, ``Flask>=0.10``, a git checkout of Flask, whose release is not
    known; a copy of Flask 0.8). When it allows a Flask older than 0.9, which has no
    ``teardown_appcontext``, nothing changes: a finding names each resource left to close (not
    one that a teardown handler of a module next to it releases).

    An existing closing function that nothing registers (``def close_db(e=None)``) is
    registered rather than duplicated. An ``after_request`` handler that does nothing but close
    the connection becomes a teardown handler (``exception=None`` instead of ``response``, no
    ``return``): after_request handlers are skipped when an exception escapes the request
    (debug and testing mode, a failing error handler or after_request handler).

    Nothing changes, and nothing is reported, when a teardown handler (``teardown_appcontext``,
    ``teardown_request``, ``teardown_app_request``, as a decorator or a call, or a receiver of
    the ``appcontext_tearing_down`` / ``request_tearing_down`` signals; in this module, in a
    nearby ``__init__.py``, ``app.py``, ``wsgi.py``..., in any module that creates an app and
    imports this one, or in a module the app imports, such as
    an ``init_app(app)`` that registers ``close_db``) already closes the connection, itself or
    through a function it calls, of its module or imported from another module of the project
    and read there (OpenAtlas's handler calls ``close_connection()`` from its
    ``database/connect.py``), nor for
    Flask-SQLAlchemy, whose ``SQLAlchemy(app)`` / ``db.init_app(app)`` owns ``db.session``.
    Test code (``tests/``, ``test_*.py``, ``*_test.py``, ``*_unittest.py``, ``conftest.py``) and ``setup.py`` are
    left alone, and so is what a receiver connected by ``connected_to(...)`` puts on ``g``
    (``appcontext_pushed.connected_to(handler, app)``, a test harness faking resources for
    the length of a with-block, wherever its module lies).

    Refused, with a finding: a module with no app, factory, ``init_app`` or blueprint to
    register on and no app next to it that imports it (the finding says where the connection
    is opened and why it leaks); a module that several apps next to it import (which app
    should release it is unclear: the finding names them); a resource whose module imports the
    app module back, where the app module would have to import it (``from pkg import app`` in
    ``pkg/db.py``, reached from views imported after the app exists: imported among the app
    module's first lines it would run before ``app`` is bound); a connection that another function
    closes by hand without popping it (a teardown handler would close it twice: pymysql raises
    on that); a connection a teardown handler, here or in another module, uses without closing
    (a commit, say); an ``after_request`` handler that does more than closing; a scoped session
    a function of the application flushes with no commit of it after the flush (``db.flush()``
    "so that the next page shows it"): that write waits in the open transaction of the worker's
    session for whichever request commits next, and a ``remove()`` at the end of the request
    would roll it back (the session is known by its name in its module, elsewhere by what a
    ``from <its module> import`` binds; the finding names the flush); a scoped session one of
    whose sessions the application keeps where it may outlive the request (``app.db.session =
    Session()`` while the app is built, handed to extensions; an attribute of anything but
    ``g``, or a module-level name, unless its module closes it at import and nothing reads it
    after): the registry gives that same session to every request of
    the thread that took it, and a ``remove()`` would close it at the end of each request,
    rolling back what it holds for a later commit (the finding names where it is kept). A connection
    kept in a module global gets the finding "one connection shared by every request: open it
    per request or use a pool" where a request may reach it (the module creates an app or a
    blueprint, registers a view or hook, or an app of the project imports it; not a script
    that imports the app only for its configuration and contexts, as OpenAtlas's import
    scripts do), and ``g.setdefault("db", connect())`` one that says it opens a
    connection on every call. Reported too, whatever the teardown handlers close: a value kept
    on ``g`` made by a function of the project that builds a SQLAlchemy engine on every call
    (``create_session(url)`` calling ``create_engine``: removing the session leaves its
    connection open in the pool of an engine nothing disposes of; the finding names the engine),
    and hooks that run on every request of one app (``before_app_request`` of blueprints in
    several modules, the app's ``before_request``, decorated or registered by a call such as
    ``bp.before_app_request(fn)``) each opening a connection into the same ``g``
    attribute (each overwrites the one before it, and the teardown closes only the last; the
    finding at each names the others). No options.
    """

    NAME = "teardown"
    SUMMARY = (
        "Close per-request database connections kept on flask.g, and remove scoped sessions, "
        "in a teardown handler."
    )
    SAFETY = "safe"
    ACTS_ON = (APPLICATION, EXAMPLES)  # a hook closes what an example app opens too; tests: fixtures own lifetimes
    ORDER = 20
    METADATA = (ParentNodeProvider,)  # and scopes, a function's body analysed only when asked (_lazy_scopes)

    @staticmethod
    def preload() -> None:
        """The planner and the rewrite, which ``transform`` imports on first use: loaded once in
        a process about to fork its workers (tool/pool.py), rather than once in each."""
        from . import _teardown_plan, _teardown_rewrite  # noqa: F401 (lazy: see transform)

    def applies_to_file(self, source: str, path: str) -> bool:
        """See ``_teardown_gate.text_may_apply``: a flask import, or ``scoped_session``."""
        return text_may_apply(source)

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """See ``_teardown_gate.tree_may_apply``: a call that may open a connection (or of a
        function imported from the project while ``flask.g`` is at hand), a ``scoped_session``,
        or an app created here that imports what may be a module of the project."""
        return tree_may_apply(tree)

    def applies_to_project(self, tree: ast.Module, ctx: Context) -> bool:
        """See ``_teardown_project_gate``: an app module that opens nothing itself imports,
        directly or two imports further, a module of the project that may keep something on
        ``g`` or a scoped session; where its findings go unsaid (examples, helper scripts), not
        a module the planner could only report on (one that may run below Flask 0.9, a
        connection shared by every request)."""
        return project_may_apply(tree, ctx, reports_findings(self.GROUP, ctx.path, lambda: serves_the_app(ctx.project_files(), ctx.read_file)))

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        from ._lazy_scopes import lazily_scoped  # (as the modules below)

        # scopes analysed lazily: a function's body only when a node in it is looked up, and
        # the analysis looks up only what may name flask.g, a module function, ...
        # (``_teardown_facts.qualified_among``)
        tree = ctx.python_tree(module)
        wrapper = lazily_scoped(ctx.metadata(module, self.METADATA), tree)
        project = Project(ctx.read_file, ctx.path, lambda: ctx.module_code.code(module), listing=ctx.project_files)
        analysis = analyze(wrapper, elsewhere=project.definer(project.own), tree=tree)
        if not analysis.imports_flask and not analysis.sessions:
            return module
        # lazy: the planner and the rewrite only for a module that opens something
        from ._teardown_plan import plan_module
        from ._teardown_rewrite import apply_edits

        edits = plan_module(wrapper, analysis, ctx, project, tree)
        if edits.empty:
            return module
        return apply_edits(wrapper, edits, straight_imports_first(ctx))
