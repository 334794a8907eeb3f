"""A module whose only star import is ``from sqlalchemy import *`` (the course template of
Columbia's W4111 databases class starts so: european-football's server.py) gets
``create_engine`` from SQLAlchemy and from nowhere else, as long as the module binds the name
no other way: its engine is SQLAlchemy's, and a plain SQL string run on one of its
connections is the same ``text()`` as anywhere else. Two star imports, or a name the module
binds itself, stay unknown: nothing proves which one wins.
"""

from __future__ import annotations

import textwrap

import pytest
from sqlalchemy.exc import ArgumentError

from helpers import load_source, run_codemods

STAR_MODULE = '''
from sqlalchemy import *

engine = create_engine("sqlite:///{database}")


def setup():
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE teams (name TEXT, rank INTEGER)")
        conn.exec_driver_sql("INSERT INTO teams VALUES ('Rovers', 2), ('United', 1)")


def standings():
    return [row[0] for row in engine.connect().execute("SELECT name FROM teams ORDER BY rank")]
'''


def test_an_engine_from_a_sqlalchemy_star_import_runs_after_the_rewrite(tmp_path):
    before = STAR_MODULE.format(database=tmp_path / "league.db")
    legacy = load_source(tmp_path, before)
    legacy.setup()
    with pytest.raises(ArgumentError):  # "Not an executable object" on SQLAlchemy 2
        legacy.standings()
    result = run_codemods(before, "sqlalchemy-2", dedent=False)
    assert result.findings == [] and result.rewrites == {"sqlalchemy-2": 1}
    assert 'execute(text("SELECT name FROM teams ORDER BY rank"))' in result.new_text
    assert "import text" not in result.new_text  # the star import binds SQLAlchemy's text already
    module = load_source(tmp_path, result.new_text.replace("league.db", "league2.db"))
    module.setup()
    assert module.standings() == ["United", "Rovers"]


@pytest.mark.parametrize(
    "head",
    [
        # a second star import may bind create_engine too
        "from sqlalchemy import *\nfrom scores import *\n",
        # the module's own create_engine
        "from sqlalchemy import *\n\n\ndef create_engine(url):\n    return url\n",
        # bound again after the star import
        "from sqlalchemy import *\nfrom scores import create_engine\n",
        # a relative star import: nothing says what it holds
        "from .db import *\n",
        # sqlalchemy.orm's star import has no create_engine
        "from sqlalchemy.orm import *\n",
    ],
)
def test_a_name_other_code_may_bind_stays_unknown(head):
    source = head + textwrap.dedent(
        '''
        engine = create_engine("sqlite://")


        def standings():
            return list(engine.connect().execute("SELECT name FROM teams"))
        '''
    )
    result = run_codemods(source, "sqlalchemy-2", dedent=False)
    assert result.new_text == source and result.findings == []
