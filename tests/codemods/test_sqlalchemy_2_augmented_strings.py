"""sqlalchemy-2: SQL built with ``+=`` and passed to a migration's connection.

openoversight's revision ``cd39b33b5360`` does ``update_statement = ''``, then ``update_statement
+= ...`` in a loop, then ``conn.execute(update_statement)`` on ``op.get_bind()``. SQLAlchemy 2.0
runs only SQL wrapped in ``text()``: there, that call raises ``ObjectNotExecutableError``. The
planner took the name as unknown (bound twice) and said nothing; a string built at run time is
one it reports where 2.0 may run (an f-string, ``"..." + x``), and a name every binding of which
is a str (``=`` of one, ``+=`` of one) is such a string too. Where the project pins 1.x nothing is
said, as before.

The project gate, where the project may not run 2.0, counted only the ``=`` of the name (its
bindings left ``+=`` out): it let the module through (the empty literal is a string ``text()``
may take), and the planner then did nothing: a module parsed in vain. The gate now reads the
name's bindings in the call's function as the planner does (``_sqlalchemy_2_text.bindings_reading``,
one reading for both): bound more than once there, it is no literal the planner wraps. A name
the function does not bind, or binds once, is read as before; each case is checked with the
gates forced open (``gate_checks.in_project``)."""

from __future__ import annotations

from gate_checks import in_project

NAME = "sqlalchemy-2"

REVISION = """\
from alembic import op


def get_update_statement(normalized, options):
    return "UPDATE officers SET gender = '{}' WHERE lower(gender) IN ({});".format(normalized, options)


def upgrade():
    conn = op.get_bind()
    update_statement = ''
    for normalized, options in {"M": "'m'", "F": "'f'"}.items():
        update_statement += get_update_statement(normalized, options)
    conn.execute(update_statement)
"""

PATH = "migrations/versions/cd39b33b5360_constrain_officer_gender_options.py"


def _project(requirements):
    return {"requirements.txt": requirements, "migrations/env.py": "from alembic import context\n", PATH: REVISION}


def test_where_2_0_may_run_the_string_built_with_augmented_assignments_is_reported():
    asked, output = in_project(NAME, _project("SQLAlchemy>=1.3\n"), PATH)
    assert asked
    assert not [o for o in output if o.startswith(("rewrote", "changed"))], output
    said = [o for o in output if "built at run time" in o]
    assert len(said) == 1 and said[0].startswith("finding of sqlalchemy-2 at line 13:"), output


def test_where_1_x_is_pinned_nothing_is_said_and_the_gate_turns_it_away():
    asked, output = in_project(NAME, _project("SQLAlchemy==1.3.0\n"), PATH)
    assert output == []  # the planner leaves it
    assert not asked


def test_where_1_x_is_pinned_a_literal_bound_once_in_the_function_still_passes_the_gate():
    """Another function's ``+=`` of the same name is another name: the call's own is one literal."""
    source = REVISION.replace(
        "    update_statement = ''\n    for normalized, options in {\"M\": \"'m'\", \"F\": \"'f'\"}.items():\n"
        "        update_statement += get_update_statement(normalized, options)\n",
        "    update_statement = 'SELECT 1'\n",
    ) + "\n\ndef downgrade():\n    update_statement = ''\n    update_statement += 'SELECT 2'\n    op.get_bind().execute(update_statement)\n"
    asked, output = in_project(NAME, {**_project("SQLAlchemy==1.3.0\n"), PATH: source}, PATH)
    assert [o for o in output if o.startswith(("rewrote", "changed"))], output
    assert asked


def test_where_1_x_is_pinned_a_module_level_name_added_to_elsewhere_passes_the_gate():
    """The function binds nothing of the name: what the module binds it to is read, as before."""
    source = (
        "from alembic import op\n\nSQL = 'SELECT 1'\n\n\ndef upgrade():\n    conn = op.get_bind()\n"
        "    conn.execute(SQL)\n\n\ndef more():\n    sql = 'a'\n    sql += 'b'\n    return sql\n"
    )
    asked, output = in_project(NAME, {**_project("SQLAlchemy==1.3.0\n"), PATH: source}, PATH)
    assert [o for o in output if o.startswith(("rewrote", "changed"))], output
    assert asked


def test_a_name_bound_to_two_literals_in_one_function_is_reported_too():
    source = REVISION.replace(
        "    update_statement = ''\n    for normalized, options in {\"M\": \"'m'\", \"F\": \"'f'\"}.items():\n"
        "        update_statement += get_update_statement(normalized, options)\n",
        "    update_statement = 'SELECT 1'\n    if conn.dialect.name == 'sqlite':\n        update_statement = 'SELECT 2'\n",
    )
    asked, output = in_project(NAME, {**_project("SQLAlchemy>=1.3\n"), PATH: source}, PATH)
    assert asked
    assert not [o for o in output if o.startswith(("rewrote", "changed"))], output
    assert [o for o in output if "built at run time" in o], output


def test_a_parameter_added_to_is_no_str_the_module_shows():
    """``sql += ...`` on a parameter: its first value is the caller's, whatever it is (a
    ``text()`` clause would not take ``+=`` of a str, but nothing here shows which)."""
    source = (
        "from alembic import op\n\n\ndef run(sql):\n    conn = op.get_bind()\n    sql += ' LIMIT 1'\n"
        "    conn.execute(sql)\n"
    )
    path = "migrations/versions/abc_limit.py"
    _asked, output = in_project(NAME, {**_project("SQLAlchemy>=1.3\n"), path: source}, path)
    assert not [o for o in output if "built at run time" in o or o.startswith(("rewrote", "changed"))], output
