"""sqlalchemy-2: the SQLAlchemy 1.x forms that SQLAlchemy 2.0 moved or removed."""

from __future__ import annotations

import ast

import libcst as cst
from libcst.metadata import ParentNodeProvider

from ._base import Context, metadata_value
from ._flask import dotted_name
from ._declared_releases import older_release
from ._flask_versions import LegacyForm
from ._imports import joins_existing
from ._node_edits import NodeEdits, apply_edits
from ._sqlalchemy import SQLAlchemyObjects, imported_kind
from ._sqlalchemy_2_calls import ExecuteCalls
from ._sqlalchemy_2_engine_execute import engine_execute_message
from ._sqlalchemy_2_gate import may_act, may_rewrite
from ._sqlalchemy_2_removed import METADATA, bound_metadata, may_be_removed_call, may_bind_metadata, may_run_2, removed_call
from ._sqlalchemy_2_text import plain_sql, text_spelling, wrap_in_text
from ._text_words import spells_word
from ._upgrade_support import Names, UpgradeCodemod, nodes_of
from ._version_guards import is_guarded

DECLARATIVE = "sqlalchemy.ext.declarative"
ORM = "sqlalchemy.orm"
# names of sqlalchemy.ext.declarative that live in sqlalchemy.orm since 1.4 (the others stay)
MOVED_TO_ORM = frozenset(
    {"declarative_base", "declared_attr", "as_declarative", "has_inherited_table", "synonym_for", "DeclarativeMeta"}
)
DECLARATIVE_BASE = frozenset({f"{DECLARATIVE}.declarative_base", "sqlalchemy.orm.declarative_base"})
_DECLARATIVE_ROOTS = frozenset(name.split(".", 1)[0] for name in DECLARATIVE_BASE)
# Engine.execute() in an Alembic revision script, whose SQL belongs on the migration's own connection
# (elsewhere: _sqlalchemy_2_engine_execute)
ENGINE_EXECUTE_IN_REVISION = (
    "Engine.execute() is removed in SQLAlchemy 2.0: in this Alembic revision, run the SQL with "
    "`op.execute(...)` (from alembic import op), in the migration's transaction: not rewritten, "
    "{engine}.execute() committed at once on a connection of its own"
)


class Sqlalchemy2(UpgradeCodemod):
    """Rewrite the SQLAlchemy 1.x forms that SQLAlchemy 2.0 moved or removed.

    Why: SQLAlchemy 2.0 (January 2023) runs only textual SQL it is told is SQL: a plain
    string passed to ``execute()`` raises ``ArgumentError`` ("Textual SQL expression ...
    should be explicitly declared as text(...)"); ``Engine.execute()`` is gone; and
    ``declarative_base()`` moved from ``sqlalchemy.ext.declarative`` to ``sqlalchemy.orm``
    (the old import warns, ``MovedIn20Warning``). Flask-SQLAlchemy 3.1 requires SQLAlchemy 2.

    What it rewrites:

    - ``from sqlalchemy.ext.declarative import declarative_base`` (and ``declared_attr``,
      ``as_declarative``, ``has_inherited_table``, ``synonym_for``, ``DeclarativeMeta``) →
      ``from sqlalchemy.orm import ...`` (added to the module's own one-line ``from
      sqlalchemy.orm import ...`` where it has one); ``ConcreteBase``, ``AbstractConcreteBase`` and
      ``DeferredReflection`` stay where they are.
    - a plain SQL string passed to ``execute()`` of a SQLAlchemy session (``db.session`` of
      Flask-SQLAlchemy, ``scoped_session``, ``Session()``, ``sessionmaker()()``) →
      ``execute(text("..."))``. A session always treated a string as ``text()``, so this is
      exact, with its parameters (``{"id": 5}``) unchanged. String literals, strings built
      from them (f-strings, ``"..." % x``, ``"..." + x``, ``"...".format(x)``) and names
      assigned one of these once count as plain strings.
    - the same on a SQLAlchemy connection (``engine.connect()``, ``with engine.begin() as
      conn``, ``session.connection()``, Alembic's ``op.get_bind()`` in a migration), where 1.x handed the string to the database driver
      as it was: only where the two provably mean the same — a literal with no ``%``, whose
      ``:name`` placeholders are exactly the keys of the dict literal passed with it (or that
      has none), and, on a connection outside a visible transaction, that only reads
      (1.x committed INSERT, UPDATE, DELETE, CREATE, DROP and ALTER by itself; 2.0 rolls them
      back unless ``conn.commit()`` is called).

    The receiver must provably be SQLAlchemy's: resolved by qualified name through
    assignments, ``with ... as``, subclasses (``class Database(SQLAlchemy)``) and imports from
    neighbouring modules (``from .extensions import db``), and ``create_engine`` of a module whose
    one star import is ``from sqlalchemy import *`` (and that binds the name no other way); a
    ``sqlite3`` connection's ``execute("...")`` is never touched. ``text`` is
    spelled as the module can already: the ``text`` it imports (that star import's too), or
    ``sa.text`` through its ``import sqlalchemy as sa``; else ``from sqlalchemy import text`` is added. A string
    continued over several lines keeps its layout.

    Before::

        from flask_sqlalchemy import SQLAlchemy
        from sqlalchemy.ext.declarative import declarative_base

        db = SQLAlchemy()
        Base = declarative_base()


        def user_id(name):
            return db.session.execute("SELECT id FROM users WHERE name = :name", {"name": name}).scalar()

    After::

        from flask_sqlalchemy import SQLAlchemy
        from sqlalchemy import text
        from sqlalchemy.orm import declarative_base

        db = SQLAlchemy()
        Base = declarative_base()


        def user_id(name):
            return db.session.execute(text("SELECT id FROM users WHERE name = :name"), {"name": name}).scalar()

    Findings (not rewritten): ``engine.execute(...)`` and ``db.engine.execute(...)`` (the
    replacement, ``with engine.connect() as conn: conn.execute(text(...))``, commits
    differently; a statement SQLAlchemy built — ``table.select()``, ``insert(t).values(...)``,
    ``text(...)``, or a name assigned one once — is told to go to ``conn.execute()`` as it is,
    without ``text()``, and a built ``select`` that it commits nothing; in an Alembic revision script, ``down_revision`` and ``def upgrade()`` at its
    top level, the finding names ``op.execute(...)``, the migration's own connection); ``declarative_base(bind=engine)`` and positional arguments (removed in
    2.0: pass the engine to ``create_all()`` and the session); connection strings that do
    not qualify above (use ``conn.exec_driver_sql(...)`` for the exact 1.x behaviour, or
    ``text()`` with ``:name`` placeholders); ``create_engine(..., convert_unicode=True)``
    (2.0's ``create_engine`` raises ``TypeError`` on it: delete it) and bound metadata
    (``MetaData(bind=engine)``, ``MetaData(engine)``, ``metadata.bind = engine`` on a
    ``MetaData`` or a declarative base's ``.metadata``: pass the engine where the metadata is
    used). Each of these is reported only where the project's declared SQLAlchemy may be 2.0
    or later (read from its requirements files, ``setup.cfg``, ``setup.py``,
    ``pyproject.toml``, ``Pipfile``; where a lock names SQLAlchemy, the release it pins alone:
    a ``Pipfile.lock``, a ``poetry.lock``, a constraints file, a list pip-compile or uv compiled;
    no declaration admits any release): a project pinned to 1.x (``SQLAlchemy<2``,
    ``==1.4.52``, a compiled ``requirements.txt`` that pins 1.3.3 beside a ``requirements.in``
    that admits 2.0; or to a Flask-SQLAlchemy older than 3.0.2, ``Flask-SQLAlchemy==2.5.1``,
    whose extension fails on 2.0 when it is created, unless its own SQLAlchemy declaration
    asks for 2.0) runs them as written, and gets the rewrites above without a finding. Such a
    project is reported nothing of what 2.0 removed, wherever it is: the app runs only on 1.x
    until it moves to Flask-SQLAlchemy 3.0.2 or later, and a run after that move reports it all.
    The
    old declarative import still works on 2.0 (deprecated) and keeps its own rule: a project
    whose declared requirement allows a SQLAlchemy older than 1.4 (``SQLAlchemy>=1.3,<1.5``:
    the code must still run on 1.3), or whose declared Python gets none from 1.4 on (an
    unpinned SQLAlchemy with ``python_requires='>=3.4'``: pip installs 1.3.24 on 3.4 and 3.5),
    or that pins a Flask-SQLAlchemy older than 2.5 and no SQLAlchemy floor of its own
    (``Flask-SQLAlchemy==2.1``: those releases edit the engine URL, immutable from 1.4 on, and
    fail there; the app runs an older SQLAlchemy), or that ships its own older copy
    (``lib/sqlalchemy/`` of 0.7.4, on its ``sys.path``), gets a finding instead of the import move (``sqlalchemy.orm.declarative_base`` is new in
    1.4). Version-guarded imports (``try:
    from sqlalchemy.orm import ...`` / ``except ImportError``) and code already written for
    2.0 stay byte for byte.
    """

    NAME = "sqlalchemy-2"
    SUMMARY = "Move declarative_base() to sqlalchemy.orm and wrap raw SQL strings passed to execute() in text()."
    ORDER = 6
    CATALOGUE = (
        LegacyForm(
            "`from sqlalchemy.ext.declarative import declarative_base`",
            "`from sqlalchemy.orm import declarative_base`",
            "SQLAlchemy 2.0",
            "",
            "safe",
        ),
        LegacyForm('`session.execute("SELECT ...")`', '`session.execute(text("SELECT ..."))`', "SQLAlchemy 1.4", "SQLAlchemy 2.0", "safe"),
        LegacyForm(
            '`connection.execute("SELECT ...")`', '`connection.execute(text("SELECT ..."))`', "SQLAlchemy 1.4", "SQLAlchemy 2.0", "safe"
        ),
        LegacyForm(
            "`engine.execute(...)`",
            "`with engine.connect() as conn: conn.execute(text(...))`",
            "SQLAlchemy 1.4",
            "SQLAlchemy 2.0",
            "finding",
        ),
        LegacyForm("`declarative_base(bind=engine)`", "`Base.metadata.create_all(engine)`", "SQLAlchemy 1.4", "SQLAlchemy 2.0", "finding"),
        LegacyForm("`create_engine(url, convert_unicode=True)`", "`create_engine(url)`", "SQLAlchemy 1.3", "SQLAlchemy 2.0", "finding"),
        LegacyForm(
            "`MetaData(bind=engine)`, `metadata.bind = engine`",
            "`metadata.create_all(engine)`, the engine passed where it is used",
            "SQLAlchemy 1.4",
            "SQLAlchemy 2.0",
            "finding",
        ),
    )

    def applies_to_file(self, source: str, path: str) -> bool:
        """What it acts on spells one of these: ``execute`` as a word (the attribute it
        calls; not ``executemany``), ``declarative`` (in the module or the name), and for the
        removed arguments ``convert_unicode`` or ``bind`` as a word (a keyword or attribute)
        or ``MetaData`` (its name is imported or spelled as an attribute of the module)."""
        if "declarative" in source or "MetaData" in source:
            return True
        return any(word in source and spells_word(source, word) for word in ("execute", "bind", "convert_unicode"))

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """A moved declarative name imported in the module's body, ``declarative_base()`` or
        ``MetaData()`` given an engine, ``convert_unicode=`` passed to ``create_engine()``, an
        ``X.bind = ...`` assignment, or an ``X.execute(...)`` call passed a string or called on
        what may be an engine: see _sqlalchemy_2_gate."""
        return may_act(tree, (DECLARATIVE, MOVED_TO_ORM), DECLARATIVE_BASE, METADATA)

    def applies_to_project(self, tree: ast.Module, ctx: Context) -> bool:
        """The tree gate again, a name imported from a neighbouring module counting only
        where the planner types it (``imported_kind``: it is assigned a SQLAlchemy object
        there); and where the project's declared SQLAlchemy may not be 2.0 (``may_run_2``,
        the question the transform asks before reporting), nothing of what 2.0 removed is
        reported: the module must import a moved declarative name or pass ``execute()`` a
        string it may wrap (``_sqlalchemy_2_gate.may_rewrite``)."""
        imported = lambda source, name: imported_kind(ctx, source, name) is not None  # noqa: E731
        if may_run_2(ctx):
            return may_act(tree, (DECLARATIVE, MOVED_TO_ORM), DECLARATIVE_BASE, METADATA, imported)
        return may_rewrite(tree, (DECLARATIVE, MOVED_TO_ORM), imported)

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        spelled = self.names(module, ctx)  # (its scopes are never analysed: see below)
        wrapper = spelled.wrapper
        edits = NodeEdits()
        parent = lambda node: metadata_value(wrapper, ParentNodeProvider, node)  # noqa: E731
        count = _move_declarative_imports(wrapper, ctx, edits, parent)
        # the calls whose callee or receiver is worth looking up, in source order (one walk)
        tree = ctx.python_tree(module, render=False)
        rules = ExecuteCalls(tree)
        binds, executes, removed = [], [], []
        for node in nodes_of(wrapper.module, cst.Call, cst.Assign):
            if isinstance(node, cst.Assign):
                if may_bind_metadata(node):
                    removed.append(node)
                continue
            call = node
            if isinstance(call.func, cst.Attribute) and call.func.attr.value == "execute":
                if rules.may_act(call):
                    executes.append(call)
                continue
            if _passes_an_engine(call) and spelled.may_refer_to(call.func, DECLARATIVE_BASE, _DECLARATIVE_ROOTS):
                binds.append(call)
            if may_be_removed_call(call, spelled):
                removed.append(call)
        if binds or executes or removed:
            names = spelled.lazily_scoped(tree)  # (a function's body analysed when first looked into)
            reports = may_run_2(ctx)  # what 2.0 removed is reported only where the project may run 2.0
            if reports:
                _declarative_base_bind(names, ctx, parent, binds)
                _removed_in_2(names, ctx, parent, removed)
            count += _execute_calls(names.wrapper, ctx, edits, parent, executes, reports)
        if edits.empty:
            return module
        ctx.rewrote(count)
        return apply_edits(wrapper, edits, ctx)


# -- declarative_base --------------------------------------------------------------------------------


def _move_declarative_imports(wrapper, ctx: Context, edits: NodeEdits, parent) -> int:
    count = 0
    allows_old = None
    for statement in wrapper.module.body:
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            continue
        small = statement.body[0]
        if not (
            isinstance(small, cst.ImportFrom)
            and not small.relative
            and small.module is not None
            and dotted_name(small.module) == DECLARATIVE
            and not isinstance(small.names, cst.ImportStar)
        ):
            continue
        moving = [a for a in small.names if dotted_name(a.name) in MOVED_TO_ORM]
        if not moving or is_guarded(statement, parent):
            continue
        if allows_old is None:
            older = older_release(ctx, "sqlalchemy", (1, 4))
            allows_old = "" if older is None else older.describe("SQLAlchemy", (1, 4)) if older.floor or older.system or older.companion or older.copy else "its requirement allows an older release"
        if allows_old:
            ctx.finding(
                statement,
                f"{DECLARATIVE} is deprecated in SQLAlchemy 2.0: import from sqlalchemy.orm once the project requires "
                f"SQLAlchemy 1.4 or newer (not moved: {allows_old}, which has no such import)",
            )
            continue
        if all(a.asname is None for a in moving) and joins_existing(wrapper.module, ORM):
            for alias in moving:  # into the module's own ``from sqlalchemy.orm import ...``
                edits.remove(alias)
                edits.add_import(ORM, dotted_name(alias.name), beside=DECLARATIVE)
        elif len(moving) == len(small.names):
            edits.replace_node(small.module, cst.parse_expression(ORM))
        else:
            for alias in moving:
                edits.remove(alias)
            names = ", ".join(
                dotted_name(a.name) + (f" as {dotted_name(a.asname.name)}" if a.asname else "") for a in moving
            )
            line = cst.parse_statement(f"from sqlalchemy.orm import {names}\n", config=wrapper.module.config_for_parsing)
            edits.insert_after(statement, [line])
        count += len(moving)
    return count


def _passes_an_engine(call: cst.Call) -> bool:
    """A positional argument or ``bind=``: what ``declarative_base()`` no longer takes."""
    return any(a.keyword is None and not a.star for a in call.args) or any(
        a.keyword is not None and a.keyword.value == "bind" for a in call.args
    )


def _declarative_base_bind(names: Names, ctx: Context, parent, calls: list[cst.Call]) -> None:
    """``declarative_base(engine)`` / ``declarative_base(bind=engine)`` (among ``calls``, each
    passing one): a finding each."""
    for node in calls:
        if names.qualified(node.func) & DECLARATIVE_BASE and not is_guarded(node, parent):
            ctx.finding(
                node,
                "declarative_base() takes no bind (nor positional arguments) since SQLAlchemy 2.0: call it "
                "without the engine, and pass the engine to Base.metadata.create_all(engine) and to the session",
            )


def _removed_in_2(names: Names, ctx: Context, parent, nodes: list[cst.Call | cst.Assign]) -> None:
    """``create_engine(convert_unicode=...)`` and bound metadata among ``nodes``: a finding
    each (see _sqlalchemy_2_removed)."""
    if not nodes:
        return
    for node in nodes:
        found = bound_metadata(names, node, DECLARATIVE_BASE) if isinstance(node, cst.Assign) else removed_call(names, node)
        if found is not None and not is_guarded(node, parent):
            ctx.finding(node, found)


# -- execute() ------------------------------------------------------------------------------------



def execute_verdict(objects: SQLAlchemyObjects, call: cst.Call) -> bool | str | None:
    """What becomes of ``X.execute(...)`` (version guards aside): ``"engine"`` (reported), True
    (its string is wrapped in ``text()``), another string (reported: why not), None (left
    alone: not SQLAlchemy's, or not a plain string)."""
    assert isinstance(call.func, cst.Attribute)
    kind = objects.kind(call.func.value)
    if kind == "engine":
        return kind
    if kind not in ("session", "connection", "transaction-connection", "migration-connection") or not call.args:
        return None
    first = call.args[0]
    if first.keyword is not None or first.star:
        return None
    return plain_sql(objects.wrapper, first.value, call, kind)  # None: a text(), a select(), unknown


def _execute_calls(wrapper, ctx: Context, edits: NodeEdits, parent, calls: list[cst.Call], reports: bool) -> int:
    """Rewrite or report the ``X.execute(...)`` calls among ``calls`` (``wrapper``: the one
    to look names up in); ``reports``: whether the project may run SQLAlchemy 2.0, where what
    is not rewritten fails (on 1.x it runs as written: no finding)."""
    objects = SQLAlchemyObjects(wrapper, ctx)
    wraps: list[tuple[cst.Call, cst.BaseExpression]] = []
    for call in calls:
        verdict = execute_verdict(objects, call)
        if verdict is None or is_guarded(call, parent):
            continue
        if verdict == "engine":
            assert isinstance(call.func, cst.Attribute)
            if reports:
                engine = cst.Module([]).code_for_node(call.func.value)
                if is_alembic_revision(wrapper.module):
                    ctx.finding(call, ENGINE_EXECUTE_IN_REVISION.format(engine=engine))
                else:
                    ctx.finding(call, engine_execute_message(wrapper, call, engine))
            continue
        if isinstance(verdict, str):
            if reports:
                ctx.finding(call, verdict)
            continue
        wraps.append((call, call.args[0].value))
    if not wraps:
        return 0
    spelling = text_spelling(wrapper, [call for call, _ in wraps])
    if spelling is None:
        for call, _ in wraps:
            if reports:
                ctx.finding(
                    call,
                    "SQLAlchemy 2.0 runs only SQL wrapped in text(): wrap this string in sqlalchemy.text(...) "
                    "(not done: the names text and sqlalchemy both mean something else in this module)",
                )
        return 0
    for call, argument in wraps:
        own_line = isinstance(call.whitespace_before_args, cst.ParenthesizedWhitespace)
        edits.replace_node(argument, wrap_in_text(argument, spelling.name, wrapper.module.default_indent, own_line))
    if spelling.module is not None:
        edits.add_import(spelling.module, spelling.imported)
    return len(wraps)


def is_alembic_revision(module: cst.Module) -> bool:
    """An Alembic revision script: ``down_revision = ...`` and ``def upgrade()`` at its top level."""
    assigned, defined = False, False
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef) and statement.name.value == "upgrade":
            defined = True
        elif isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                targets = small.targets if isinstance(small, cst.Assign) else [small] if isinstance(small, cst.AnnAssign) else []
                assigned = assigned or any(isinstance(t.target, cst.Name) and t.target.value == "down_revision" for t in targets)
    return assigned and defined
