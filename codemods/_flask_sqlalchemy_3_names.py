"""flask-sqlalchemy-3: names that moved or were renamed in Flask-SQLAlchemy 3.0.

- ``db.get_engine()`` → ``db.engine``; ``db.get_engine(bind="users")`` (2.x) or
  ``bind_key="users"`` (3.x) → ``db.engines["users"]``;
- ``from flask_sqlalchemy import BaseQuery`` → ``from flask_sqlalchemy.query import Query``,
  ``SignallingSession`` → ``flask_sqlalchemy.session.Session``, ``get_debug_queries`` →
  ``flask_sqlalchemy.record_queries.get_recorded_queries``.
"""

from __future__ import annotations

import libcst as cst

from ._base import Context
from ._flask import dotted_name, keyword_argument, method_calls, qualified_names
from ._names import used_names
from ._node_edits import NodeEdits
from ._sqlalchemy import SQLAlchemyObjects
from ._upgrade_support import Names
from ._version_guards import is_guarded

# where the renamed names were imported from (flask.ext: Flask before 1.0)
EXTENSION_MODULES = ("flask_sqlalchemy", "flask.ext.sqlalchemy")
# old name -> (new module, new name)
RENAMED = {
    "BaseQuery": ("flask_sqlalchemy.query", "Query"),
    "SignallingSession": ("flask_sqlalchemy.session", "Session"),
    "get_debug_queries": ("flask_sqlalchemy.record_queries", "get_recorded_queries"),
}
# the attributes a recorded query keeps under the same name in 3.x
RECORDED_QUERY_FIELDS = frozenset({"statement", "parameters", "start_time", "end_time", "duration"})


def engine_calls(wrapper, ctx: Context, edits: NodeEdits, objects: SQLAlchemyObjects, parent, held_back: str | None) -> int:
    """``db.get_engine(...)`` calls: ``db.engine`` (which 2.x has too) always, ``db.engines[key]``
    unless Flask-SQLAlchemy 3.0 is ``held_back`` (why: a finding), or reported when their
    arguments name an app."""
    count = 0
    for call in method_calls(wrapper.module, "get_engine"):
        assert isinstance(call.func, cst.Attribute)
        owner = call.func.value
        if objects.kind(owner) != "fsa" or is_guarded(call, parent):
            continue
        key, problem = _bind_key(wrapper, call)
        if problem is None and key is not None and held_back is not None:
            problem = f"db.engines exists from Flask-SQLAlchemy 3.0 on: not rewritten, {held_back}"
        if problem is not None:
            ctx.finding(call, f"db.get_engine() is deprecated since Flask-SQLAlchemy 3.0: use db.engine or db.engines[key] ({problem})")
            continue
        if key is None:
            new: cst.BaseExpression = cst.Attribute(owner, cst.Name("engine"), dot=cst.Dot())
        else:
            new = cst.Subscript(cst.Attribute(owner, cst.Name("engines"), dot=cst.Dot()), [cst.SubscriptElement(cst.Index(key))])
        edits.replace_node(call, new.with_changes(lpar=call.lpar, rpar=call.rpar))
        count += 1
    return count


def _bind_key(wrapper, call: cst.Call) -> tuple[cst.BaseExpression | None, str | None]:
    """The bind key a get_engine() call asks for (None: the default engine), or why its
    arguments cannot be translated."""
    args = list(call.args)
    if any(a.star for a in args):
        return None, "its arguments are unpacked"
    positional = [a for a in args if a.keyword is None]
    app = keyword_argument(call, "app") or (positional[0] if positional else None)
    if app is not None and "flask.current_app" not in qualified_names(wrapper, app.value):
        return None, "it names an app: db.engine is the current app's, so call it inside that app's app_context()"
    if len(positional) > 1:
        return None, "it passes the bind key by position"
    known = {"app", "bind", "bind_key"}
    if any(a.keyword is not None and a.keyword.value not in known for a in args):
        return None, "it passes engine options"
    bind = keyword_argument(call, "bind") or keyword_argument(call, "bind_key")
    if bind is None or (isinstance(bind.value, cst.Name) and bind.value.value == "None"):
        return None, None
    return bind.value, None


def renamed_imports(wrapper, ctx: Context, edits: NodeEdits, parent, held_back: str | None) -> int:
    """``from flask_sqlalchemy import BaseQuery`` and the other renamed names."""
    count = 0
    names: Names | None = None
    taken: set[str] = set()
    for statement in wrapper.module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if not (
                isinstance(small, cst.ImportFrom)
                and not small.relative
                and small.module is not None
                and dotted_name(small.module) in EXTENSION_MODULES
                and not isinstance(small.names, cst.ImportStar)
            ):
                continue
            moving = [a for a in small.names if dotted_name(a.name) in RENAMED]
            if not moving:
                continue
            if is_guarded(statement, parent):
                continue
            if held_back is not None:
                for alias in moving:
                    old = dotted_name(alias.name)
                    module, name = RENAMED[old]
                    ctx.finding(
                        alias,
                        f"flask_sqlalchemy.{old} is renamed {module}.{name} in Flask-SQLAlchemy 3.0 (which needs "
                        f"Flask 2.2) and removed in 3.1: not rewritten, {held_back}",
                    )
                continue
            if names is None:
                names, taken = Names(wrapper), used_names(wrapper.module)
            lines = []
            # every name of a statement of its own moves: the new lines take its place, with the
            # blank and comment lines above it (isort's groups as they were)
            whole = len(statement.body) == 1 and len(moving) == len(small.names)
            for alias in moving:
                old = dotted_name(alias.name) or ""
                module, name = RENAMED[old]
                if not whole:
                    edits.remove(alias)
                uses = names.renamable_uses(small, old, name, taken, ctx) if alias.asname is None else None
                if alias.asname is not None:
                    local = dotted_name(alias.asname.name)
                    lines.append(f"from {module} import {name} as {local}")
                elif uses is not None:
                    for use in uses:
                        edits.replace_node(use, use.with_changes(value=name))
                    lines.append(f"from {module} import {name}")
                    taken.add(name)
                else:
                    lines.append(f"from {module} import {name} as {old}")
                _report_changes(wrapper, ctx, old, alias)
                count += 1
            config = wrapper.module.config_for_parsing
            new = [cst.parse_statement(line + "\n", config=config) for line in lines]
            if whole:
                edits.replace_statement(statement, new)
            else:
                edits.insert_after(statement, new)
    return count


def _report_changes(wrapper, ctx: Context, old: str, alias: cst.ImportAlias) -> None:
    """What else changed with the rename, that the code may rely on."""
    module = wrapper.module
    if old == "get_debug_queries":
        text = module.code
        if "SQLALCHEMY_RECORD_QUERIES" not in text:
            ctx.finding(
                alias,
                "Flask-SQLAlchemy 3 records queries only when SQLALCHEMY_RECORD_QUERIES is True (2.x also did in "
                "debug and testing mode): set it where get_recorded_queries() should see them",
            )
        if ".context" in text:
            ctx.finding(
                alias,
                "a recorded query's context is called location in Flask-SQLAlchemy 3 (and it is a dataclass, "
                "no longer a tuple): rename .context to .location",
            )
    if old == "SignallingSession":
        for statement in module.body:
            if isinstance(statement, cst.ClassDef) and any(dotted_name(b.value) == old for b in statement.bases):
                defined = {s.name.value for s in statement.body.body if isinstance(s, cst.FunctionDef)}
                if defined & {"__init__", "get_bind"}:
                    ctx.finding(
                        statement,
                        f"{statement.name.value} overrides {', '.join(sorted(defined & {'__init__', 'get_bind'}))} of "
                        "SignallingSession, whose signatures changed in Flask-SQLAlchemy 3.0 (Session(db, **kwargs), "
                        "get_bind(mapper=None, clause=None, bind=None, **kwargs)): check them",
                    )
