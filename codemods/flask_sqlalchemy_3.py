"""flask-sqlalchemy-3: the Flask-SQLAlchemy 2.x settings and names that 3.0 and 3.1 removed."""

from __future__ import annotations

import ast

import libcst as cst
from libcst.metadata import ParentNodeProvider

from ._ast_facts import facts
from ._base import Context, metadata_value
from ._config_entries import config_containers
from ._flask import qualified_names
from ._flask_sqlalchemy_3_commit import COMMIT, plan_commit
from ._flask_sqlalchemy_3_config import OPTIONS, POOL_OPTIONS, PoolPlanner, code
from ._flask_sqlalchemy_3_names import EXTENSION_MODULES, RENAMED, engine_calls, renamed_imports
from ._declared_releases import allows_below, older_release
from ._flask_versions import LegacyForm, available, format_version, target, target_unknown
from ._node_edits import NodeEdits, apply_edits
from ._sqlalchemy import FSA, SQLAlchemyObjects, may_be
from ._upgrade_support import NAMES_METADATA, UpgradeCodemod
from ._version_guards import is_guarded

NATIVE_UNICODE = "SQLALCHEMY_NATIVE_UNICODE"
TRIGGERS = (
    "SQLALCHEMY_POOL_",
    "SQLALCHEMY_MAX_OVERFLOW",
    NATIVE_UNICODE,
    COMMIT,
    "get_engine",
    "BaseQuery",
    "SignallingSession",
    "get_debug_queries",
)
_KEYS = frozenset({*POOL_OPTIONS, NATIVE_UNICODE, COMMIT})
_RENAMED = frozenset(f"{module}.{name}" for module in EXTENSION_MODULES for name in RENAMED)
FSA_3_FLASK = (2, 2)  # Flask-SQLAlchemy 3.0 requires Flask 2.2


class FlaskSqlalchemy3(UpgradeCodemod):
    """Move Flask-SQLAlchemy 2.x settings and names to their 3.x forms.

    Why: Flask-SQLAlchemy 3.0 (October 2022) stopped reading ``SQLALCHEMY_POOL_SIZE``,
    ``SQLALCHEMY_POOL_TIMEOUT``, ``SQLALCHEMY_POOL_RECYCLE``, ``SQLALCHEMY_MAX_OVERFLOW`` and
    ``SQLALCHEMY_NATIVE_UNICODE`` (deprecated since 2.4): the app starts, and the pool
    silently keeps its default size. 3.1 (September 2023) stopped honouring
    ``SQLALCHEMY_COMMIT_ON_TEARDOWN`` (deprecated since 2.4.3): the session is no longer
    committed at the end of the request and those writes are lost, again without an error.
    It also removed ``BaseQuery``, ``SignallingSession`` and ``get_debug_queries`` (renamed in
    3.0); ``get_engine()`` is deprecated since 3.0.

    What it rewrites:

    - the pool keys → one ``SQLALCHEMY_ENGINE_OPTIONS`` (``pool_size``, ``pool_timeout``,
      ``pool_recycle``, ``max_overflow``), where they are set: a config class, a settings
      module, the ``app.config[...]`` lines of one block, ``app.config.update(...)`` /
      ``from_mapping(...)`` keywords, a config dict literal. An existing dict literal
      ``SQLALCHEMY_ENGINE_OPTIONS`` gets them merged in; options it already sets win, as they
      did in 2.x. Comments move with their values. A config class that inherits pool keys
      extends its base's options (``{**Base.SQLALCHEMY_ENGINE_OPTIONS, "pool_size": 20}``);
      ``app.config`` lines after config loaded from elsewhere (``from_object`` ...) keep
      what that loaded (``{..., **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})}``).
    - ``db.get_engine()`` → ``db.engine`` (Flask-SQLAlchemy 2.x has it too);
      ``db.get_engine(bind="users")`` (or ``bind_key=``, ``app=current_app``) →
      ``db.engines["users"]``. A subclass of the extension (``class Database(SQLAlchemy)``)
      counts as the extension.
    - ``from flask_sqlalchemy import BaseQuery`` (or ``flask.ext.sqlalchemy``) → ``from
      flask_sqlalchemy.query import Query``; ``SignallingSession`` → ``flask_sqlalchemy.session.Session``;
      ``get_debug_queries`` → ``flask_sqlalchemy.record_queries.get_recorded_queries`` (the
      uses are renamed, or the import keeps the old name with ``as`` when the new one is
      taken, or the old one may be seen elsewhere: in a string such as ``__all__``, from
      other modules through a package's ``__init__`` or by importing it from this module
      (by name, by a star import), in version-guarded code).
    - *review*: ``app.config["SQLALCHEMY_COMMIT_ON_TEARDOWN"] = True`` next to the app's
      ``db = SQLAlchemy(app)`` (or ``db.init_app(app)``) → a teardown handler that commits
      when the app context ends without an exception — exactly what 2.x did — registered
      right after the extension, so that it runs before Flask-SQLAlchemy removes the session.

    Before::

        from flask import Flask
        from flask_sqlalchemy import SQLAlchemy

        app = Flask(__name__)
        app.config["SQLALCHEMY_POOL_SIZE"] = 20
        app.config["SQLALCHEMY_POOL_RECYCLE"] = 280
        app.config["SQLALCHEMY_COMMIT_ON_TEARDOWN"] = True
        db = SQLAlchemy(app)

    After::

        from flask import Flask
        from flask_sqlalchemy import SQLAlchemy

        app = Flask(__name__)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_size": 20, "pool_recycle": 280}
        db = SQLAlchemy(app)


        @app.teardown_appcontext
        def commit_session(exception=None):
            if exception is None:
                db.session.commit()

    Findings (code left as it is): ``SQLALCHEMY_NATIVE_UNICODE`` (no equivalent: SQLAlchemy 2
    removed its unicode conversion, drivers decode text themselves — delete it); pool keys
    whose value may be None (2.x took None as not set; numbers and ``int(...)`` move), that the
    module also reads (from the config: ``os.environ.get("SQLALCHEMY_POOL_SIZE")`` is not
    that), sets after ``SQLAlchemy(app)`` (3.x creates the engine in
    ``init_app``), sets before config loaded later, or sets in config classes whose family
    cannot be merged exactly (a base class from another module, several bases, options set in
    another class of the family); ``SQLALCHEMY_COMMIT_ON_TEARDOWN = True`` anywhere else (a
    config class, a settings file: the app and its session are not visible there), or where
    it may not stay True (the module sets or reads the key elsewhere too, or loads config
    after it: 2.x read it at every teardown, the handler would commit regardless);
    ``db.get_engine(app)`` (the engine of another app); what 3.x changed around the renamed
    names (``SQLALCHEMY_RECORD_QUERIES`` no longer follows debug mode; a recorded query's
    ``context`` is now ``location``; ``SignallingSession`` subclasses overriding ``__init__``
    or ``get_bind``). The renamed names and ``db.engines`` exist from Flask-SQLAlchemy 3.0,
    which needs Flask 2.2: for an older target Flask (or a declared requirement that allows a
    Flask-SQLAlchemy older than 3.0, or a declared Python older than 3.7, where pip installs
    2.5.1 at most however unpinned the requirement) they are reported, not rewritten; likewise the pool keys
    stay, reported, where the requirement allows a release older than 2.4 (the first to read
    ``SQLALCHEMY_ENGINE_OPTIONS``). Version-guarded code stays
    as it is. An app that also sets ``SQLALCHEMY_ENGINE_OPTIONS`` in another module than its
    pool keys has to merge the two by hand.
    """

    NAME = "flask-sqlalchemy-3"
    SUMMARY = (
        "Move Flask-SQLAlchemy 2.x pool keys into SQLALCHEMY_ENGINE_OPTIONS, get_engine() to db.engine, "
        "renamed names to their 3.x homes, and make COMMIT_ON_TEARDOWN an explicit commit."
    )
    SAFETY = "review"
    ORDER = 7
    CATALOGUE = (
        LegacyForm(
            "`SQLALCHEMY_POOL_SIZE`, `_POOL_TIMEOUT`, `_POOL_RECYCLE`, `_MAX_OVERFLOW`",
            '`SQLALCHEMY_ENGINE_OPTIONS = {"pool_size": ...}`',
            "Flask-SQLAlchemy 2.4",
            "Flask-SQLAlchemy 3.0",
            "safe",
        ),
        LegacyForm("`SQLALCHEMY_NATIVE_UNICODE`", "(nothing: delete it)", "Flask-SQLAlchemy 2.4", "Flask-SQLAlchemy 3.0", "finding"),
        LegacyForm(
            "`SQLALCHEMY_COMMIT_ON_TEARDOWN = True`",
            "a `teardown_appcontext` handler that commits when no exception occurred",
            "Flask-SQLAlchemy 2.4.3",
            "Flask-SQLAlchemy 3.1",
            "review",
        ),
        LegacyForm("`db.get_engine()`", "`db.engine`", "Flask-SQLAlchemy 3.0", "", "safe"),
        LegacyForm("`db.get_engine(bind=key)`", "`db.engines[key]`", "Flask-SQLAlchemy 3.0", "", "safe", FSA_3_FLASK),
        LegacyForm(
            "`flask_sqlalchemy.BaseQuery`", "`flask_sqlalchemy.query.Query`", "Flask-SQLAlchemy 3.0", "Flask-SQLAlchemy 3.1",
            "safe", FSA_3_FLASK,
        ),
        LegacyForm(
            "`flask_sqlalchemy.SignallingSession`", "`flask_sqlalchemy.session.Session`", "Flask-SQLAlchemy 3.0",
            "Flask-SQLAlchemy 3.1", "safe", FSA_3_FLASK,
        ),
        LegacyForm(
            "`flask_sqlalchemy.get_debug_queries`", "`flask_sqlalchemy.record_queries.get_recorded_queries`",
            "Flask-SQLAlchemy 3.0", "Flask-SQLAlchemy 3.1", "safe", FSA_3_FLASK,
        ),
    )

    def applies_to_file(self, source: str, path: str) -> bool:
        return any(word in source for word in TRIGGERS)

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """A config key it handles set (``SQLALCHEMY_POOL_SIZE = 10``, ``app.config[...] =``,
        ``update(...)``; not a read such as ``ini["SQLALCHEMY_POOL_SIZE"]``), a
        ``.get_engine(...)`` call on what may be the extension (not on an attribute or an item:
        ``current_app.extensions["migrate"].db.get_engine()``, ``engine_calls``), or a renamed name imported from Flask-SQLAlchemy
        (``BaseQuery``; not a class of one's own named ``BaseQueryResource``)."""
        found = facts(tree)
        if found.sets_key(_KEYS):
            return True
        if "get_engine" in found.attributes and any(_extension_get_engine(call) for call in found.calls):
            return True
        return any(target in _RENAMED for targets in found.bound.values() for target in targets)

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        wrapper = ctx.metadata(module, NAMES_METADATA)
        edits = NodeEdits()
        parent = lambda node: metadata_value(wrapper, ParentNodeProvider, node)  # noqa: E731
        objects = SQLAlchemyObjects(wrapper, ctx)
        keys = {*POOL_OPTIONS, OPTIONS, NATIVE_UNICODE, COMMIT}
        containers = [
            c for c in config_containers(wrapper, keys) if not any(is_guarded(e.node, parent) for e in c.entries)
        ]
        inits = _extension_inits(wrapper, objects)
        count = 0
        if any(e.key in POOL_OPTIONS for c in containers for e in c.entries):
            if allows_below(ctx, "flask-sqlalchemy", (2, 4)):
                for container in containers:
                    for entry in container.entries:
                        if entry.key in POOL_OPTIONS:
                            ctx.finding(entry.node, f"{entry.key} is ignored since Flask-SQLAlchemy 3.0: move it into "
                                        "SQLALCHEMY_ENGINE_OPTIONS once the project requires Flask-SQLAlchemy 2.4 or newer")
            else:
                count += PoolPlanner(wrapper, ctx, edits, inits).plan(containers)
        for container in containers:
            for entry in container.keyed(NATIVE_UNICODE):
                ctx.finding(
                    entry.node,
                    "SQLALCHEMY_NATIVE_UNICODE is ignored since Flask-SQLAlchemy 3.0 and has no equivalent: SQLAlchemy 2 "
                    "no longer converts text, the database drivers decode it themselves; delete it",
                )
        count += plan_commit(wrapper, ctx, edits, containers, inits, parent)
        held_back = None
        if not available(ctx, FSA_3_FLASK):
            held_back = (
                "the target Flask is a release that is not known (a checkout or a system package), possibly older than 2.2"
                if target_unknown(ctx)
                else f"the target Flask {format_version(target(ctx))} predates 2.2"
            )
        elif (older := older_release(ctx, "flask-sqlalchemy", (3, 0))) is not None:
            held_back = older.describe("Flask-SQLAlchemy", (3, 0))
        count += engine_calls(wrapper, ctx, edits, objects, parent, held_back)
        count += renamed_imports(wrapper, ctx, edits, parent, held_back)
        if edits.empty:
            return module
        ctx.rewrote(count)
        return apply_edits(wrapper, edits, ctx)


def _extension_get_engine(call: ast.Call) -> bool:
    """``X.get_engine(...)`` where ``X`` may be the extension (``engine_calls`` acts on no other)."""
    func = call.func
    return isinstance(func, ast.Attribute) and func.attr == "get_engine" and may_be(func.value, "fsa")


def _extension_inits(wrapper, objects: SQLAlchemyObjects) -> dict[str, list[tuple[cst.CSTNode, str]]]:
    """app name -> the statements that set the extension up for it (``db = SQLAlchemy(app)``,
    ``db.init_app(app)``), with how the extension object is spelled."""
    found: dict[str, list[tuple[cst.CSTNode, str]]] = {}

    class _Finder(cst.CSTVisitor):
        def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
            if len(node.body) != 1:
                return
            small = node.body[0]
            if isinstance(small, cst.Assign) and isinstance(small.value, cst.Call) and len(small.targets) == 1:
                call, target = small.value, small.targets[0].target
                if qualified_names(wrapper, call.func) & FSA and isinstance(target, cst.Name):
                    app = _first_argument(call)
                    if app is not None:
                        found.setdefault(app, []).append((node, target.value))
            elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
                call = small.value
                func = call.func
                if isinstance(func, cst.Attribute) and func.attr.value == "init_app" and objects.kind(func.value) == "fsa":
                    app = _first_argument(call)
                    if app is not None:
                        found.setdefault(app, []).append((node, code(func.value)))

    wrapper.module.visit(_Finder())
    return found


def _first_argument(call: cst.Call) -> str | None:
    if call.args and call.args[0].keyword is None and not call.args[0].star and isinstance(call.args[0].value, cst.Name):
        return call.args[0].value.value
    app = next((a for a in call.args if a.keyword is not None and a.keyword.value == "app"), None)
    return app.value.value if app is not None and isinstance(app.value, cst.Name) else None
