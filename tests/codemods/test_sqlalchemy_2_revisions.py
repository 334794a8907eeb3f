"""sqlalchemy-2: Engine.execute() in an Alembic revision script.

A revision's SQL belongs on the migration's own connection (``op.execute``), in the
migration's transaction; ``with db.engine.connect() as conn`` would open another connection
beside it, as ``db.engine.execute()`` did. So the finding in a revision says ``op.execute``
(pgadmin's 59 findings in ``web/migrations/versions/``); elsewhere it keeps the connection
advice. Nothing is rewritten in either (the transaction would change)."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

REVISION = '''
from pgadmin.model import db

revision = "35f29b1701bd"
down_revision = "ec1cac3399c9"


def upgrade():
    db.engine.execute("ALTER TABLE user RENAME TO user_old")


def downgrade():
    pass
'''

MODULE = '''
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def upgrade():
    db.engine.execute("ALTER TABLE user RENAME TO user_old")
'''


def test_engine_execute_in_a_revision_is_told_to_use_op_execute():
    files = {"pgadmin/model.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n"}
    result = run_codemods(REVISION, "sqlalchemy-2", path="migrations/versions/35f29b1701bd_.py", files=files)
    assert result.new_text.lstrip("\n") == REVISION.lstrip("\n")
    [message] = finding_messages(result)
    assert "in this Alembic revision, run the SQL with `op.execute(...)`" in message, message
    assert "db.engine.execute() committed at once on a connection of its own" in message
    assert "with db.engine.connect()" not in message


def test_engine_execute_outside_a_revision_keeps_the_connection_advice():
    result = run_codemods(MODULE, "sqlalchemy-2", path="app/maintenance.py")
    [message] = finding_messages(result)
    assert "write `with db.engine.connect() as conn: conn.execute(text(...))`" in message, message
    assert "op.execute" not in message
