"""sqlalchemy-2: the finding for ``engine.execute(...)``, removed in SQLAlchemy 2.0, worded
after what it executes: SQL written as a string needs ``text()``; a statement SQLAlchemy
built (``table.select()``, ``insert(table).values(...)``, ``text(...)``) is passed to
``conn.execute()`` as it is, and one that only reads commits nothing; in an Alembic revision
script, ``op.execute(...)``."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import Assignment, ScopeProvider

from ._base import metadata_value
from ._sqlalchemy_2_text import assignment_of, is_plain_string

# in an Alembic revision script (``is_alembic_revision``), whose SQL belongs on the migration's own connection
ENGINE_EXECUTE_IN_REVISION = (
    "Engine.execute() is removed in SQLAlchemy 2.0: in this Alembic revision, run the SQL with "
    "`op.execute(...)` (from alembic import op), in the migration's transaction: not rewritten, "
    "{engine}.execute() committed at once on a connection of its own"
)
STRING = (
    "Engine.execute() is removed in SQLAlchemy 2.0: write `with {engine}.connect() as conn: "
    "conn.execute(text(...))`, and `conn.commit()` after writes ({engine}.execute() committed INSERT, "
    "UPDATE and DELETE by itself; a connection does not): not rewritten, the transaction would change"
)
BUILT_READ = (
    "Engine.execute() is removed in SQLAlchemy 2.0: write `with {engine}.connect() as conn: conn.execute(...)`, "
    "passing the statement as it is (SQLAlchemy built it: no text() around it); it only reads, so nothing needs "
    "committing: not rewritten, the call and what uses its result would move into the with-block"
)
BUILT_WRITE = (
    "Engine.execute() is removed in SQLAlchemy 2.0: write `with {engine}.connect() as conn: conn.execute(...)`, "
    "passing the statement as it is (SQLAlchemy built it: no text() around it), and `conn.commit()` after it if it writes "
    "({engine}.execute() committed INSERT, UPDATE and DELETE by itself; a connection does not): not rewritten, "
    "the transaction would change"
)
# the calls that start a SQLAlchemy statement, and whether it only reads
_READS = frozenset({"select", "exists", "union", "union_all", "intersect", "except_"})
_BUILDS = _READS | frozenset({"insert", "update", "delete", "text"})
# methods chained on a built statement that keep it one (``.where(...)``, ``.values(...)``)
_CHAINED = frozenset(
    {"where", "values", "order_by", "group_by", "having", "limit", "offset", "join", "outerjoin", "select_from",
     "filter", "filter_by", "distinct", "returning", "params", "bindparams", "columns", "with_only_columns",
     "correlate", "alias", "subquery", "execution_options", "prefix_with", "suffix_with", "with_for_update"}
)
_MAX_DEPTH = 8


def engine_execute_message(wrapper, call: cst.Call, engine: str) -> str:
    """The finding for ``engine.execute(...)`` (``call``) outside an Alembic revision."""
    built = _built_statement(wrapper, call.args[0].value, 0) if call.args and call.args[0].keyword is None else None
    if built is None or is_plain_string(wrapper, call.args[0].value):
        return STRING.format(engine=engine)
    return (BUILT_READ if built in _READS else BUILT_WRITE).format(engine=engine)


def _built_statement(wrapper, node: cst.BaseExpression, depth: int) -> str | None:
    """The name of the call that started the SQLAlchemy statement ``node`` is (``select``,
    ``insert``, ...), through chained methods and a name assigned one once; None: not
    provably one."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, cst.Name):
        scope = metadata_value(wrapper, ScopeProvider, node)
        assignments = list(scope[node.value]) if scope is not None else []
        if len(assignments) != 1 or not isinstance(assignments[0], Assignment):
            return None
        statement = assignment_of(wrapper, assignments[0].node)
        return None if statement is None else _built_statement(wrapper, statement.value, depth + 1)
    if not isinstance(node, cst.Call):
        return None
    func = node.func
    name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None
    if name in _BUILDS:
        return name
    if name in _CHAINED and isinstance(func, cst.Attribute):
        return _built_statement(wrapper, func.value, depth + 1)
    return None


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
