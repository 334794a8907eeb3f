"""flask-sqlalchemy-3: ``SQLALCHEMY_COMMIT_ON_TEARDOWN`` made explicit.

Flask-SQLAlchemy 2.x, with the key set, committed the session in its own
``teardown_appcontext`` handler when the context ended without an exception, then removed the
session. 3.1 ignores the key, so those writes are lost without an error. Where the module sets
the key to ``True`` on an app and, in the same block, creates the extension for that app
(``db = SQLAlchemy(app)`` or ``db.init_app(app)``), the key is replaced by a handler that does
exactly that commit, registered right after the extension: teardown handlers run in reverse
order of registration, so it commits before Flask-SQLAlchemy removes the session.
"""

from __future__ import annotations

import libcst as cst

from ._app_config import loader_description, scan_key
from ._base import Context
from ._config_entries import ConfigContainer
from ._names import fresh_name, used_names
from ._node_edits import NodeEdits, is_within, parse_statements
from ._version_guards import is_guarded

COMMIT = "SQLALCHEMY_COMMIT_ON_TEARDOWN"
LOST = (
    "SQLALCHEMY_COMMIT_ON_TEARDOWN is ignored since Flask-SQLAlchemy 3.1: the session is no longer committed "
    "when the app context ends, so writes are silently lost; call db.session.commit() where the code writes, "
    "or in an app.teardown_appcontext handler when no exception is passed"
)


def plan_commit(
    wrapper, ctx: Context, edits: NodeEdits, containers: list[ConfigContainer], inits, parent
) -> int:
    count = 0
    taken: set[str] | None = None
    for container in containers:
        for entry in container.keyed(COMMIT):
            value = entry.value
            if is_guarded(entry.node, parent):
                continue
            if isinstance(value, cst.Name) and value.value == "False":
                continue  # it never did anything
            if not (isinstance(value, cst.Name) and value.value == "True"):
                ctx.finding(entry.node, f"{LOST} (not rewritten: its value is not a literal True)")
                continue
            if container.kind != "subscripts":
                ctx.finding(
                    entry.node,
                    f"{LOST} (not rewritten: only an app.config[...] line next to the app's SQLAlchemy(app) or "
                    "db.init_app(app) shows which app and session to commit)",
                )
                continue
            elsewhere = _set_or_read_elsewhere(wrapper, ctx, entry)
            if elsewhere is not None:
                ctx.finding(entry.node, f"{LOST} (not rewritten: {elsewhere}, so the handler would commit where 2.x did not)")
                continue
            block = container.node
            candidates = [(s, db) for s, db in inits.get(container.app, ()) if any(s is t for t in block.body)]
            if len(candidates) != 1:
                ctx.finding(
                    entry.node,
                    f"{LOST} (not rewritten: no single SQLAlchemy({container.app}) or db.init_app({container.app}) "
                    "in this block to register the handler after)",
                )
                continue
            statement, db = candidates[0]
            if taken is None:
                taken = used_names(wrapper.module)
            name = fresh_name(["commit_session", "commit_db_session"], taken)
            handler = parse_statements(
                wrapper.module,
                f"@{container.app}.teardown_appcontext\n"
                f"def {name}(exception=None):\n"
                "    if exception is None:\n"
                f"        {db}.session.commit()\n",
            )[0]
            blank = 2 if isinstance(block, cst.Module) else 1
            handler = handler.with_changes(leading_lines=[cst.EmptyLine(indent=False) for _ in range(blank)])
            edits.remove(entry.node)
            edits.insert_after(statement, [handler])
            count += 1
    return count


def _set_or_read_elsewhere(wrapper, ctx: Context, entry) -> str | None:
    """Why the key may not stay True for the app's whole life: the module sets or reads it
    in another place too (a test branch turning it off), or loads config after it."""
    scan = scan_key(wrapper, [COMMIT])
    for node in [*scan.setters, *scan.mentions]:
        if not is_within(wrapper, node, entry.node):
            return f"line {ctx.file_line(node)} sets or reads it too"
    line = ctx.line_of(entry.node)
    for loader in scan.loaders:
        if ctx.line_of(loader) > line:
            return f"config loaded later (line {ctx.file_line(loader)}, {loader_description(loader)}) may turn it off"
    return None


