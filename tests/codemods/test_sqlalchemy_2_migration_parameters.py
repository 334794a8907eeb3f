"""sqlalchemy-2: a migration's ``conn.execute("... :id", {"id": 1})`` on ``op.get_bind()``.

Session 39 left the question why such a call was not wrapped though ``plain_sql`` takes it.
Read again: on ``conn = op.get_bind()`` (and ``op.get_bind().execute(...)``) it is wrapped,
its dict's keys being exactly the string's ``:name`` placeholders; what is not wrapped is a
connection the module cannot show to be one, a parameter of a helper (``def fill(conn)``,
annotated or not: its callers decide). Under SQLAlchemy 2 the original raises
``ObjectNotExecutableError``; rewritten, the revision runs and binds the parameter, here
against SQLite through a stand-in of Alembic's ``op`` whose ``get_bind()`` gives a real
SQLAlchemy connection."""

from __future__ import annotations

import subprocess
import sys

from gate_checks import in_project

NAME = "sqlalchemy-2"
PATH = "migrations/versions/abc_officers.py"

REVISION = """\
from alembic import op


def upgrade():
    conn = op.get_bind()
    row = conn.execute("SELECT name FROM officers WHERE id = :id", {"id": 2}).fetchone()
    print(row[0])
"""

HELPER = """\
from alembic import op


def fill(conn):
    return conn.execute("SELECT name FROM officers WHERE id = :id", {"id": 2}).fetchone()


def upgrade():
    print(fill(op.get_bind())[0])
"""

STAND_IN = '''\
import sqlalchemy as sa

engine = sa.create_engine("sqlite://")
_conn = engine.connect()
_conn.exec_driver_sql("CREATE TABLE officers (id INTEGER, name TEXT)")
_conn.exec_driver_sql("INSERT INTO officers VALUES (1, 'a'), (2, 'b')")


def get_bind():
    return _conn
'''


def _rewritten(source):
    files = {"requirements.txt": "SQLAlchemy>=1.3\n", "migrations/env.py": "from alembic import context\n", PATH: source}
    asked, output = in_project(NAME, files, PATH)
    from flask_codemod.codemods import get_codemod
    from flask_codemod.engine import transform_text
    from helpers import ProjectReader

    result = transform_text(source, [get_codemod(NAME)], path=PATH, read_file=ProjectReader(files, PATH))
    return asked, output, result.new_text


def _run(tmp_path, source):
    (tmp_path / "alembic").mkdir(exist_ok=True)
    (tmp_path / "alembic" / "__init__.py").write_text("")
    (tmp_path / "alembic" / "op.py").write_text(STAND_IN)
    (tmp_path / "revision.py").write_text(source)
    return subprocess.run(
        [sys.executable, "-c", "import revision; revision.upgrade()"], cwd=tmp_path, capture_output=True, text=True
    )


def test_the_migration_connections_string_with_its_parameters_is_wrapped_and_runs(tmp_path):
    asked, output, new = _rewritten(REVISION)
    assert asked and output == ["rewrote (sqlalchemy-2)"], output
    assert 'conn.execute(sa.text("SELECT name FROM officers WHERE id = :id"), {"id": 2})' in new or (
        'conn.execute(text("SELECT name FROM officers WHERE id = :id"), {"id": 2})' in new
    ), new
    before = _run(tmp_path, REVISION)
    assert before.returncode != 0 and "ObjectNotExecutableError" in before.stderr, before.stderr
    after = _run(tmp_path, new)
    assert after.returncode == 0, after.stderr
    assert after.stdout == "b\n"


def test_a_helpers_parameter_is_not_shown_to_be_a_connection_and_is_left():
    _asked, output, new = _rewritten(HELPER)
    assert new == HELPER and not [o for o in output if o.startswith(("rewrote", "changed"))], output
