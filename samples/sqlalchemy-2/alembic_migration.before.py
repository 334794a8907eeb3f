"""Split the full name into first and last names.

Revision ID: 3a1f9c2d7b10
Revises: 0e44d2b51c3a
"""
import sqlalchemy as sa
from alembic import op

revision = "3a1f9c2d7b10"
down_revision = "0e44d2b51c3a"


def upgrade():
    op.add_column("people", sa.Column("first_name", sa.String(80)))
    op.add_column("people", sa.Column("last_name", sa.String(80)))
    connection = op.get_bind()
    rows = connection.execute("SELECT id, full_name FROM people").fetchall()
    for person_id, full_name in rows:
        first, _, last = full_name.partition(" ")
        connection.execute(
            sa.text("UPDATE people SET first_name = :f, last_name = :l WHERE id = :i"),
            {"f": first, "l": last, "i": person_id},
        )
    connection.execute("UPDATE people SET full_name = NULL")


def downgrade():
    op.drop_column("people", "last_name")
    op.drop_column("people", "first_name")
