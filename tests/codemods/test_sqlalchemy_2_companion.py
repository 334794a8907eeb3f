"""sqlalchemy-2's declarative move and a Flask-SQLAlchemy pinned below 2.5.

Flask-SQLAlchemy before 2.5 was not made for SQLAlchemy 1.4: it edits the engine URL in
place (``charset`` for MySQL, the absolute path of a SQLite file), and 1.4's URL is
immutable, so the app fails as it first connects. A project that pins such a
Flask-SQLAlchemy and leaves SQLAlchemy unpinned (xichuangzhu: ``Flask-SQLAlchemy==2.1``,
MySQL) runs a SQLAlchemy older than 1.4, which has no ``sqlalchemy.orm.declarative_base``:
the move would make the import fail. The import stays, with a finding.
"""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

SOURCE = "from sqlalchemy.ext.declarative import declarative_base\n\nBase = declarative_base()\n"


@pytest.mark.parametrize(
    "files",
    [
        {"requirements.txt": "Flask==0.10.1\nFlask-SQLAlchemy==2.1\nMySQL-python==1.2.5\n"},
        {"requirements.txt": "flask-sqlalchemy<2.5\nsqlalchemy<2\n"},
        {"setup.py": 'from setuptools import setup\n\nsetup(name="poems", install_requires=["Flask-SQLAlchemy==2.4.4"])\n'},
    ],
)
def test_a_flask_sqlalchemy_older_than_2_5_keeps_the_old_import(files):
    result = run_codemods(SOURCE, "sqlalchemy-2", files=files, dedent=False)
    assert result.new_text == SOURCE
    [message] = finding_messages(result)
    assert "Flask-SQLAlchemy" in message and "older than 1.4" in message, message


@pytest.mark.parametrize(
    "declared",
    [
        "Flask-SQLAlchemy==2.5.1\n",  # made for 1.4
        "Flask-SQLAlchemy>=2.1\n",  # admits 2.5 and later: the newest installs
        "Flask-SQLAlchemy==2.1\nSQLAlchemy>=1.4,<2\n",  # SQLAlchemy's own floor is taken at its word
    ],
)
def test_a_flask_sqlalchemy_that_may_run_1_4_does_not_hold_the_move_back(declared):
    result = run_codemods(SOURCE, "sqlalchemy-2", files={"requirements.txt": declared}, dedent=False)
    assert result.new_text.startswith("from sqlalchemy.orm import declarative_base\n"), declared
    assert result.findings == []
