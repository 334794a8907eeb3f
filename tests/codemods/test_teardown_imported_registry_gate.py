"""teardown's project gate on a value stored on ``g`` by a call of a name imported from a module
of the project that binds it to a call (``db_session = scoped_session(sessionmaker(...))``):
the planner (``ConnectionFactories.factory_of``, through ``Project.definer``) takes such a name
for a connection only when the call is ``sessionmaker(...)`` (a plain session), or follows it
when the value is an attribute (a method); anything else, a scoped session's registry above all,
opens nothing it closes. ``Openers`` answered yes unsure to any object made there (ruqqus'
``chat.py``, storing ``g.db = db_session()`` in three socket handlers). Each rejection is
checked with the gates open (no output), and each near miss the planner acts on is let through."""

from __future__ import annotations

import pytest

from gate_checks import in_project

NAME = "teardown"

DATABASE = """\
from sqlalchemy import create_engine
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine('sqlite://')
db_session = {made}
"""
VIEWS = """\
from flask import Blueprint, g
from shop.database import db_session

bp = Blueprint('views', __name__)


@bp.before_request
def open_session():
    g.db = db_session()


@bp.before_app_request
def open_again():
    g.db = db_session()
"""


def _asked(made: str) -> tuple[bool, list[str]]:
    files = {"shop/__init__.py": "", "shop/database.py": DATABASE.format(made=made), "shop/views.py": VIEWS}
    return in_project(NAME, files, "shop/views.py")


def test_a_scoped_sessions_registry_is_rejected_rightly():
    asked, output = _asked("scoped_session(sessionmaker(bind=engine))")
    assert output == []
    assert not asked


@pytest.mark.parametrize("made", ["sessionmaker(bind=engine)"], ids=["sessionmaker"])
def test_a_sessionmaker_is_let_through(made):
    asked, output = _asked(made)
    assert output != []
    assert asked
