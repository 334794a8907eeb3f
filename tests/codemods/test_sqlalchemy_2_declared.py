"""sqlalchemy-2 reports what SQLAlchemy 2.0 removed (``Engine.execute()``,
``declarative_base(bind=)``, a string a connection runs as it is, no ``text`` to wrap a string
in) only where the project's declared SQLAlchemy may be 2.0 or later: a project pinned to 1.x
runs that code as written. Its rewrites do not depend on it (``text()`` is in every release),
and the deprecated ``sqlalchemy.ext.declarative`` keeps its own rule (reported where its move
is not made, as 2.0 still has it)."""

from __future__ import annotations

import textwrap

import pytest

from helpers import finding_messages, run_codemods

NAME = "sqlalchemy-2"

REMOVED = """
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import create_engine
from sqlalchemy.orm import declarative_base

db = SQLAlchemy()
engine = create_engine("sqlite://")
Base = declarative_base(bind=engine)


def count():
    return engine.execute("SELECT count(*) FROM users").scalar()


def forget(name):
    with engine.connect() as conn:
        conn.execute("DELETE FROM users WHERE name = %s", name)


def user_id(name):
    return db.session.execute("SELECT id FROM users WHERE name = :name", {"name": name}).scalar()
"""
WRAPPED = 'db.session.execute(text("SELECT id FROM users WHERE name = :name"), {"name": name})'

NO_TEXT = """
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
text = "SELECT 1"
sqlalchemy = None


def one():
    return db.session.execute("SELECT 1").scalar()
"""

PINNED_1X = [
    {"requirements.txt": "SQLAlchemy==1.3.24\n"},
    {"requirements.txt": "SQLAlchemy>=1.3,<2\n"},
    {"Pipfile": '[packages]\nsqlalchemy = "~=1.4.0"\n'},
    # Flask-SQLAlchemy before 3.0.2 fails on SQLAlchemy 2.0 (its extension reads
    # sqlalchemy.__all__, which 2.0 does not set): a pin below 3.0.2 holds it at 1.x
    {"requirements.txt": "Flask-SQLAlchemy==2.0\n"},
    {"requirements.txt": "Flask-SQLAlchemy>=2.5,<3\nSQLAlchemy>=1.3\n"},
    {"requirements.txt": "Flask-SQLAlchemy==3.0.1\n"},
    {"requirements.txt": "Flask-SQLAlchemy>=3.0,<3.0.2\n"},
]
MAY_BE_2 = [
    {},
    {"requirements.txt": "SQLAlchemy>=1.3\n"},
    {"requirements.txt": "SQLAlchemy==2.0.30\n"},
    {"requirements.txt": "Flask-SQLAlchemy>=3.0.3\n"},
    {"requirements.txt": "Flask-SQLAlchemy==3.0.2\n"},
    {"requirements.txt": "Flask-SQLAlchemy~=3.0.0\n"},  # admits 3.0.2 and later
    {"requirements.txt": "Flask-SQLAlchemy==2.5.1\nSQLAlchemy>=2.0\n"},  # its own floor, taken at its word
]


def run(source: str, files: dict[str, str]):
    result = run_codemods(source, NAME, files=files)
    assert result.error is None, result.error
    return result


@pytest.mark.parametrize("files", MAY_BE_2)
def test_each_removed_form_is_reported_where_2_may_run(files):
    result = run(REMOVED, files)
    messages = removed_findings(result)
    assert [m.split(":")[0] for m in messages] == ["8", "12", "17"], messages
    assert "declarative_base() takes no bind" in messages[0]
    assert "Engine.execute() is removed in SQLAlchemy 2.0" in messages[1]
    assert "SQLAlchemy 2.0 runs only SQL wrapped in text()" in messages[2]
    assert WRAPPED in result.new_text
    assert "text and sqlalchemy both mean something else" in removed_findings(run(NO_TEXT, files))[0]


def removed_findings(result) -> list[str]:
    """The findings of what 2.0 removed: a Flask-SQLAlchemy pin with no SQLAlchemy bound of
    its own also gets one on ``SQLAlchemy()``, saying a fresh install does not start
    (test_sqlalchemy_2_fresh_install)."""
    return [m for m in finding_messages(result) if "as the extension is created" not in m]


@pytest.mark.parametrize("files", PINNED_1X)
def test_a_project_pinned_to_1x_gets_no_finding_and_the_same_rewrite(files):
    result = run(REMOVED, files)
    assert removed_findings(result) == []
    assert result.new_text == run(REMOVED, {}).new_text  # the rewrite does not follow the pin
    assert WRAPPED in result.new_text
    no_text = run(NO_TEXT, files)
    assert removed_findings(no_text) == [] and no_text.new_text == textwrap.dedent(NO_TEXT)
    # a Flask-SQLAlchemy pin that bounds SQLAlchemy nowhere: the extension's creation is reported
    held_by_companion = "Flask-SQLAlchemy" in files.get("requirements.txt", "")  # (SQLAlchemy>=1.3 admits 2.x)
    fresh = [m for m in finding_messages(result) if "as the extension is created" in m]
    assert [m.split(":")[0] for m in fresh] == (["6"] if held_by_companion else []), fresh


def test_the_deprecated_declarative_import_keeps_its_own_rule():
    """Still importable on 2.0 (deprecated): moved where every allowed release has
    sqlalchemy.orm.declarative_base, reported where the project allows one older than 1.4."""
    source = "from sqlalchemy.ext.declarative import declarative_base\n\nBase = declarative_base()\n"
    moved = run(source, {"requirements.txt": "SQLAlchemy>=1.4,<2\n"})
    assert moved.new_text.startswith("from sqlalchemy.orm import declarative_base") and moved.findings == []
    kept = run(source, {"requirements.txt": "SQLAlchemy==1.3.24\n"})
    assert kept.new_text == source
    assert "import from sqlalchemy.orm once the project requires SQLAlchemy 1.4" in finding_messages(kept)[0]


ENGINE_ONLY = """
import sqlalchemy

engine = sqlalchemy.create_engine("sqlite:///app.db")
engine.execute("DELETE FROM sessions WHERE expired")
"""


@pytest.mark.parametrize(
    "command",
    [
        ".travis.yml",  # install: pip install -r requirements.txt -r requirements-test.txt
        "Makefile",
    ],
)
def test_a_flask_sqlalchemy_pin_of_a_test_list_does_not_hold_the_app_below_2(command):
    """The app installs requirements.txt; the test list a command installs beside it pins an
    old Flask-SQLAlchemy for its fixtures: what the app gets is not held by it."""
    commands = {
        ".travis.yml": "language: python\ninstall:\n  - pip install -r requirements.txt\n  - pip install -r requirements-test.txt\n",
        "Makefile": "install:\n\tpip install -r requirements.txt\n\tpip install -r requirements-test.txt\n",
    }
    files = {
        "requirements.txt": "Flask==2.2.5\nSQLAlchemy>=1.4\n",
        "requirements-test.txt": "pytest\nFlask-SQLAlchemy==2.5.1\n",
        command: commands[command],
    }
    messages = finding_messages(run(ENGINE_ONLY, files))
    assert len(messages) == 1 and "Engine.execute() is removed in SQLAlchemy 2.0" in messages[0], messages
    # the same pin in the list that installs the app holds it
    files["requirements.txt"] += "Flask-SQLAlchemy==2.5.1\n"
    assert finding_messages(run(ENGINE_ONLY, files)) == []
