"""sqlalchemy-2 says so where a fresh install of the project does not start: the list that
installs the app pins a Flask-SQLAlchemy older than 3.0.2 (which fails on SQLAlchemy 2.0 as
the extension is created) and nothing in the project bounds SQLAlchemy below 2.0, so pip
gets 2.x. The finding sits on the creation of the extension; nothing is rewritten."""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

NAME = "sqlalchemy-2"

SOURCE = """\
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
db = SQLAlchemy(app)


class Note(db.Model):
    id = db.Column(db.Integer, primary_key=True)
"""

FACTORY = """\
import flask_sqlalchemy as fsa

db = fsa.SQLAlchemy()


def create_app(app):
    db.init_app(app)
    return app
"""


def run(files: dict[str, str], source: str = SOURCE, path: str = "app.py"):
    result = run_codemods(source, NAME, files=files, path=path, dedent=False)
    assert result.error is None, result.error
    assert result.new_text == source  # a finding only: the fix is in the dependency list
    return finding_messages(result)


@pytest.mark.parametrize(
    "files, pinned, bound",
    [
        ({"requirements.txt": "Flask==1.1.4\nFlask-SQLAlchemy==2.4.0\n"}, "==2.4.0 (requirements.txt)", "SQLAlchemy<1.4"),
        ({"requirements.txt": "Flask-SQLAlchemy==2.5.1\nSQLAlchemy>=1.3\n"}, "==2.5.1 (requirements.txt)", "SQLAlchemy<2"),
        ({"requirements.txt": "Flask-SQLAlchemy==3.0.1\n"}, "==3.0.1", "SQLAlchemy<2"),
        (
            {"setup.py": 'from setuptools import setup\n\nsetup(name="notes", install_requires=["Flask-SQLAlchemy>=2.5,<3"])\n'},
            "<3,>=2.5 (setup.py)",
            "SQLAlchemy<2",
        ),
        # the test list pins SQLAlchemy for the tests; the app's list leaves it open
        (
            {
                "requirements.txt": "Flask-SQLAlchemy==2.5.1\n",
                "requirements-test.txt": "SQLAlchemy>=1.4\n",
                ".travis.yml": "install:\n  - pip install -r requirements.txt -r requirements-test.txt\n",
            },
            "==2.5.1",
            "SQLAlchemy<2",
        ),
    ],
)
def test_a_pinned_flask_sqlalchemy_with_an_open_sqlalchemy_is_reported_where_it_is_created(files, pinned, bound):
    [message] = run(files)
    assert message.startswith("5:"), message
    assert f"Flask-SQLAlchemy {pinned}" in message, message
    assert "a fresh install gets 2.x" in message and f"pin {bound}" in message, message
    assert "Flask-SQLAlchemy 3.0.2 or later" in message, message


def test_a_factory_module_s_extension_is_reported_and_the_python_named():
    files = {"requirements.txt": "Flask-SQLAlchemy==2.5.1\n", "runtime.txt": "python-3.9.18\n"}
    [message] = run(files, FACTORY, path="notes/extensions.py")
    assert message.startswith("3:") and "a fresh install gets 2.x on Python 3.9" in message, message
    open_ended = {"requirements.txt": "Flask-SQLAlchemy==2.5.1\n", "setup.py": 'setup(name="notes", python_requires=">=2.7")\n'}
    [message] = run(open_ended, FACTORY)
    assert "a fresh install gets 2.x on Python 3.7 and later" in message, message


@pytest.mark.parametrize(
    "files",
    [
        {"requirements.txt": "Flask-SQLAlchemy==2.5.1\nSQLAlchemy<2\n"},
        {"requirements.txt": "Flask-SQLAlchemy==2.4.0\nSQLAlchemy==1.3.24\n"},
        {"requirements.txt": "Flask-SQLAlchemy==3.0.2\n"},
        {"requirements.txt": "Flask-SQLAlchemy>=2.5\n"},  # admits 3.0.2 and later: pip gets the newest
        {"requirements.in": "Flask-SQLAlchemy==2.5.1\nSQLAlchemy\n", "requirements.txt": "# pip-compile\nflask-sqlalchemy==2.5.1\nsqlalchemy==1.4.52\n"},
        {"requirements.txt": "-c constraints.txt\nFlask-SQLAlchemy==2.5.1\n", "constraints.txt": "SQLAlchemy==1.4.52\n"},
        # a test list bounds it: not what the app installs, but the tool does not claim it breaks
        {
            "requirements.txt": "Flask-SQLAlchemy==2.5.1\n",
            "requirements-dev.txt": "SQLAlchemy<2\n",
            "Makefile": "dev:\n\tpip install -r requirements.txt -r requirements-dev.txt\n",
        },
        # the pin is the test list's only: the app's list leaves Flask-SQLAlchemy open
        {
            "requirements.txt": "Flask-SQLAlchemy\n",
            "requirements-test.txt": "Flask-SQLAlchemy==2.5.1\n",
            ".travis.yml": "install:\n  - pip install -r requirements.txt -r requirements-test.txt\n",
        },
        # the newest Python it declares gets SQLAlchemy 1.4, with which 2.5.1 runs
        {"requirements.txt": "Flask-SQLAlchemy==2.5.1\n", "runtime.txt": "python-3.6.15\n"},
        {"requirements.txt": "Flask-SQLAlchemy==2.5.1\n", ".travis.yml": "language: python\npython:\n  - \"2.7\"\n"},
        # the system's package gives SQLAlchemy, of a release the tool does not know
        {"requirements.txt": "Flask-SQLAlchemy==2.5.1\n", "Dockerfile": "FROM debian:bullseye\nRUN apt-get install -y python3-sqlalchemy\n"},
    ],
)
def test_no_finding_where_the_break_is_not_provable(files):
    assert run(files) == []


def test_a_bound_in_a_folder_above_counts():
    """The app's folder pins Flask-SQLAlchemy; the root's list, which the deployment
    installs too, bounds SQLAlchemy: no claim that a fresh install breaks."""
    project = {
        "requirements.txt": "SQLAlchemy<2\n",
        "web/requirements.txt": "Flask-SQLAlchemy==2.5.1\n",
    }
    result = run_codemods(SOURCE, NAME, project=project, path="web/app.py", dedent=False)
    assert result.error is None and finding_messages(result) == []
    del project["requirements.txt"]
    result = run_codemods(SOURCE, NAME, project=project, path="web/app.py", dedent=False)
    [message] = finding_messages(result)
    assert "Flask-SQLAlchemy ==2.5.1 (web/requirements.txt)" in message, message


def test_a_creation_in_a_version_guard_is_left():
    source = (
        "try:\n"
        "    from flask_sqlalchemy import SQLAlchemy\n"
        "    db = SQLAlchemy()\n"
        "except ImportError:\n"
        "    db = None\n"
    )
    assert run({"requirements.txt": "Flask-SQLAlchemy==2.5.1\n"}, source) == []


def test_a_project_that_asks_for_2_itself_is_told_to_move_flask_sqlalchemy():
    [message] = run({"requirements.txt": "Flask-SQLAlchemy==2.5.1\nSQLAlchemy>=2.0\n"})
    assert "the project asks for SQLAlchemy 2.0 or later itself" in message, message
    assert "move to Flask-SQLAlchemy 3.0.2 or later" in message and "SQLAlchemy<2" not in message, message


def test_a_python_image_that_gets_1x_makes_it_unprovable():
    """The Dockerfile installs the list on Python 3.5, where pip gets SQLAlchemy 1.3.24."""
    files = {"requirements.txt": "Flask-SQLAlchemy==2.3.2\n", "Dockerfile": "FROM python:3.5-slim\nRUN pip install -r requirements.txt\n"}
    assert run(files) == []
    files["Dockerfile"] = "FROM python:3.11-slim\nRUN pip install -r requirements.txt\n"
    [message] = run(files)
    assert "a fresh install gets 2.x" in message, message


def test_an_image_whose_python_is_not_known_makes_it_unprovable():
    dockerfile = "FROM ubuntu:16.04\nRUN apt-get install -y python3-pip\nRUN pip3 install -r requirements.txt\n"
    assert run({"requirements.txt": "Flask-SQLAlchemy==2.1\n", "Dockerfile": dockerfile}) == []
    # a stage that installs nothing says nothing of the Python the app runs
    dockerfile = "FROM node:12 AS assets\nRUN npm ci\nFROM python:3.8-slim\nRUN pip install -r requirements.txt\n"
    [message] = run({"requirements.txt": "Flask-SQLAlchemy==2.1\n", "Dockerfile": dockerfile})
    assert "a fresh install gets 2.x" in message, message
