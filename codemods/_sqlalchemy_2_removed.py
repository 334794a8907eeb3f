"""sqlalchemy-2: two arguments SQLAlchemy 2.0 removed, reported where the project may run it.

- ``create_engine(..., convert_unicode=...)``: deprecated in 1.3 (the drivers decode text
  themselves), gone in 2.0, where ``create_engine`` raises ``TypeError`` ("Invalid
  argument(s) 'convert_unicode'"). Dropping the argument is right on 2.0, but on 1.3 it may
  change what a Python 2 driver returns: reported, not rewritten.
- bound metadata: ``MetaData(bind=engine)`` (or the engine as its first positional argument,
  which 2.0 takes as the ``schema``), and ``metadata.bind = engine`` on a ``MetaData`` or a
  declarative base's ``.metadata``: deprecated in 1.4, gone in 2.0 (the attribute is no
  longer read: ``create_all()`` without an engine and implicit execution fail). What to pass
  the engine to instead depends on every use of the metadata: reported, not rewritten.

Each is reported only where the project's declared SQLAlchemy (``_declared_versions``) may be
2.0 or later: a project that pins a 1.x release, or a Flask-SQLAlchemy older than 3.0.2 (which
fails on 2.0: ``_companion_limits``), runs them as they are. The callee and the
metadata are resolved by qualified name and through the assignments of their names; a name
bound to anything else, or more than once in different ways, is not reported.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import Assignment

from ._base import Context
from ._declared_versions import declared_specifiers
from ._declared_releases import held_below, lowest_release
from ._sqlalchemy import CREATE_ENGINE
from ._upgrade_support import Names

METADATA = frozenset({"sqlalchemy.MetaData", "sqlalchemy.schema.MetaData", "sqlalchemy.sql.schema.MetaData"})
METADATA_ROOTS = frozenset({"sqlalchemy"})
SQLALCHEMY_2 = (2, 0)

CONVERT_UNICODE = (
    "create_engine() takes no convert_unicode since SQLAlchemy 2.0 (it raises TypeError there; deprecated since 1.3: "
    "the database drivers decode text themselves): delete the argument"
)
BOUND_METADATA = (
    "bound metadata is removed in SQLAlchemy 2.0 ({form}): pass the engine where the metadata is used instead "
    "(metadata.create_all(engine), a session's bind=, conn.execute(...)); not rewritten, as that depends on every use"
)


def may_run_2(ctx: Context) -> bool:
    """Whether the project's declared SQLAlchemy may be 2.0 or later: one of its declarations
    asks for 2.0 or later; or it pins no companion that does not run with 2.0
    (``Flask-SQLAlchemy==2.5.1``, ``==3.0.1``: ``_companion_limits``) and it declares none, or one of its
    declarations admits a 2.x release."""
    specifiers = declared_specifiers(ctx, "sqlalchemy")
    if any((floor := lowest_release(specifier)) is not None and floor >= SQLALCHEMY_2 for specifier in specifiers):
        return True  # taken at its word
    if held_below(ctx, "sqlalchemy", SQLALCHEMY_2) is not None:
        return False
    if not specifiers:
        return True
    return any(
        specifier.contains(version, prereleases=True)
        for specifier in specifiers
        for version in ("2.0.0", "2.0.99", "2.1.0", "3.0.0")
    )


def may_be_removed_call(call: cst.Call, names: Names) -> bool:
    """Whether ``call`` is worth resolving: it passes ``convert_unicode=``, or may be ``MetaData``
    given an engine (told without the module's scopes)."""
    if any(arg.keyword is not None and arg.keyword.value == "convert_unicode" for arg in call.args):
        return True
    return _passes_bind(call) and names.may_refer_to(call.func, METADATA, METADATA_ROOTS)


def may_bind_metadata(assign: cst.Assign) -> bool:
    """Whether ``assign`` sets some ``X.bind`` (worth resolving ``X``)."""
    return any(isinstance(target.target, cst.Attribute) and target.target.attr.value == "bind" for target in assign.targets)


def removed_call(names: Names, call: cst.Call) -> str | None:
    """The finding for ``call`` when it passes what 2.0 removed; None otherwise."""
    qualified = names.qualified(call.func)
    if qualified & CREATE_ENGINE and any(arg.keyword is not None and arg.keyword.value == "convert_unicode" for arg in call.args):
        return CONVERT_UNICODE
    if qualified & METADATA and _passes_bind(call):
        keyword = any(arg.keyword is not None and arg.keyword.value == "bind" for arg in call.args)
        return BOUND_METADATA.format(form="MetaData(bind=...)" if keyword else "MetaData(engine): 2.0 takes it for the schema")
    return None


def bound_metadata(names: Names, assign: cst.Assign, declarative_base: frozenset[str]) -> str | None:
    """The finding for ``X.bind = ...`` when ``X`` is provably a ``MetaData``: a name bound only
    to ``MetaData(...)``, or ``B.metadata`` of a name bound only to ``declarative_base(...)``."""
    for target in assign.targets:
        node = target.target
        if not (isinstance(node, cst.Attribute) and node.attr.value == "bind"):
            continue
        owner = node.value
        if isinstance(owner, cst.Name) and _bound_only_to(names, owner, METADATA):
            return BOUND_METADATA.format(form="metadata.bind = ...")
        if (
            isinstance(owner, cst.Attribute)
            and owner.attr.value == "metadata"
            and isinstance(owner.value, cst.Name)
            and _bound_only_to(names, owner.value, declarative_base)
        ):
            return BOUND_METADATA.format(form="Base.metadata.bind = ...")
    return None


def _passes_bind(call: cst.Call) -> bool:
    """``bind=``, or a first positional argument (1.x's ``bind``; 2.0's ``schema``) that is no
    string: a string is a schema name on 2.0 (and a URL to bind on 1.x): not told apart."""
    if any(arg.keyword is not None and arg.keyword.value == "bind" for arg in call.args):
        return True
    first = call.args[0] if call.args else None
    return (
        first is not None
        and first.keyword is None
        and not first.star
        and not isinstance(first.value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString))
    )


def _bound_only_to(names: Names, name: cst.Name, callees: frozenset[str]) -> bool:
    """Whether every binding of ``name`` in its scope is ``name = CALL(...)`` with ``CALL`` one
    of ``callees``."""
    scope = names.scope(name)
    assignments = list(scope[name.value]) if scope is not None else []
    if not assignments:
        return False
    for assignment in assignments:
        if not isinstance(assignment, Assignment):
            return False
        holder = names.parent(assignment.node)
        statement = names.parent(holder) if isinstance(holder, cst.AssignTarget) else None
        if not (isinstance(statement, cst.Assign) and len(statement.targets) == 1 and isinstance(statement.value, cst.Call)):
            return False
        if not names.qualified(statement.value.func) & callees:
            return False
    return True
