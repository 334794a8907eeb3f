"""atexit-cleanup and a server engine that a module-level Session works through.

A Session takes a connection from its engine's pool at its first statement and gives it back
only when it commits, rolls back or closes. ``Engine.dispose()`` closes the connections in
the pool, not the ones a Session holds. So when the module keeps a Session of its own on the
engine (a one-off script: ``session = sessionmaker(bind=engine)()``), whether anything is
left in the pool for the registration to close cannot be told: it may close nothing. The
engine is left alone, as one whose URL the module does not spell out is. A session factory
whose sessions are made (and ended) elsewhere does not hold a connection: the engine is
still registered.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from helpers import assert_left_alone, rewrite

URL = "postgresql://shop:secret@db.internal/shop"
ENGINE = f"from sqlalchemy import create_engine\n\nengine = create_engine({URL!r})\n"


@pytest.mark.parametrize(
    "session",
    [
        "from sqlalchemy.orm import sessionmaker\n\nsession = sessionmaker(bind=engine)()\n",
        "from sqlalchemy.orm import sessionmaker\n\nMaker = sessionmaker(bind=engine)\nsession = Maker()\n",
        "from sqlalchemy.orm import Session\n\nsession = Session(engine)\n",
        "import sqlalchemy.orm\n\nsession = sqlalchemy.orm.Session(bind=engine)\n",
    ],
)
def test_an_engine_a_module_level_session_works_through_is_left_alone(session):
    source = f"{ENGINE}{session}\n\ndef rows():\n    return session.execute('select 1').all()\n"
    assert_left_alone("atexit-cleanup", source)


@pytest.mark.parametrize(
    "factory",
    [
        "from sqlalchemy.orm import sessionmaker\n\nMaker = sessionmaker(bind=engine)\n\n\n"
        "def rows():\n    with Maker() as s:\n        return s.execute('select 1').all()\n",
        "from sqlalchemy.orm import scoped_session, sessionmaker\n\ndb_session = scoped_session(sessionmaker(bind=engine))\n",
    ],
)
def test_a_factory_whose_sessions_are_made_elsewhere_keeps_the_registration(factory):
    source = ENGINE + factory
    assert "atexit.register(engine.dispose)" in rewrite(source, "atexit-cleanup")


def test_dispose_does_not_close_what_a_session_holds(tmp_path):
    """What the rule rests on: after a module-level session's query, the pool holds nothing to
    close, and dispose() leaves the session's connection open."""
    probe = textwrap.dedent(
        f"""
        import sqlalchemy
        from sqlalchemy.orm import sessionmaker

        engine = sqlalchemy.create_engine("sqlite:///{tmp_path}/shop.db")
        session = sessionmaker(bind=engine)()
        session.execute(sqlalchemy.text("select 1"))
        held = session.connection().connection.dbapi_connection
        print(engine.pool.checkedin())
        engine.dispose()
        print(held.execute("select 2").fetchone()[0])
        """
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "2"]
