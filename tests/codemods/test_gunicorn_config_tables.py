"""gunicorn-config on an app that creates its database tables as each worker loads it
(mlh-flask-starter: the factory the Procfile's ``gunicorn 'app.app:create_app()'`` calls runs
``register_extensions(app)``, which runs ``db.create_all()``). Without ``--preload`` every
worker runs it as it boots. Started as the Procfile says, gunicorn runs one worker (or
``WEB_CONCURRENCY``); a file that sets ``workers = 2 x CPUs + 1`` starts several at once, and
on an empty database each finds no table and creates it: all but one fail (PostgreSQL's
duplicate pg_type key, SQLite's "table already exists"), and a worker that fails as it boots
stops gunicorn. So the file is not generated; a finding names the call."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from helpers import finding_messages, run_codemods

FACTORY = """\
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def create_app():
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///app.db"
    register_extensions(app)
    return app


def register_extensions(app):
    db.init_app(app)
    with app.app_context():
        db.create_all()
"""

AT_IMPORT = """\
from flask import Flask
from models import db

app = Flask(__name__)
db.init_app(app)
with app.app_context():
    db.create_all()
"""

IN_A_COMMAND = """\
import click
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def create_app():
    app = Flask(__name__)
    db.init_app(app)

    @app.cli.command()
    def initdb():
        db.create_all()

    return app


def reset_db():
    db.drop_all()
    db.create_all()


if __name__ == "__main__":
    with create_app().app_context():
        db.create_all()
"""

PROCFILE = "web: gunicorn --bind 0.0.0.0:${PORT} app.app:create_app\\(\\)\n"
AT_IMPORT_PROCFILE = "web: gunicorn app.app:app\n"
REQUIREMENTS = "Flask==1.0.2\nFlask-SQLAlchemy==2.3.2\ngunicorn==19.9.0\n"


def run(source: str, files: dict[str, str]):
    result = run_codemods(source, "gunicorn-config", files=files, path="app/app.py", dedent=False)
    assert result.error is None, result.error
    assert result.new_text == source, "gunicorn-config never rewrites Python source"
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


@pytest.mark.parametrize(
    "source, procfile, line",
    [(FACTORY, PROCFILE, "app/app.py:17"), (AT_IMPORT, AT_IMPORT_PROCFILE, "app/app.py:7")],
)
def test_tables_made_as_each_worker_loads_get_no_file_and_a_finding(source, procfile, line):
    files = {"requirements.txt": REQUIREMENTS, "Procfile": procfile, "app/__init__.py": "", "app/models.py": "db = None\n"}
    result, created = run(source, files)
    assert created == {}
    [message] = finding_messages(result)
    assert "creates its database tables as each worker loads it" in message and line in message, message
    assert "nothing generated" in message


@pytest.mark.parametrize(
    "procfile",
    [
        "web: gunicorn -w 3 app.app:create_app()\n",  # the command line keeps its own worker count
        "web: gunicorn --preload app.app:create_app()\n",  # made once, in the arbiter, before the fork
    ],
)
def test_workers_the_command_line_sets_or_a_preload_keep_the_file(procfile):
    files = {"requirements.txt": REQUIREMENTS, "Procfile": procfile, "app/__init__.py": ""}
    _, created = run(FACTORY, files)
    assert list(created) == ["gunicorn.conf.py"]


def test_tables_made_by_a_command_a_helper_nobody_loads_or_under_main_do_not_count():
    files = {"requirements.txt": REQUIREMENTS, "Procfile": PROCFILE, "app/__init__.py": ""}
    result, created = run(IN_A_COMMAND, files)
    assert list(created) == ["gunicorn.conf.py"] and finding_messages(result) == []


def test_two_processes_creating_the_same_table_at_once_fail_one(tmp_path):
    """What the finding guards against, on SQLite: each checks, finds no table, and creates it."""
    path = tmp_path / "app.db"
    barrier = threading.Barrier(2)
    errors: list[str] = []

    def boot() -> None:
        connection = sqlite3.connect(path, timeout=5, isolation_level=None)
        exists = connection.execute("SELECT name FROM sqlite_master WHERE name = 'users'").fetchone()
        barrier.wait()
        try:
            if exists is None:
                connection.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)")
        except sqlite3.OperationalError as error:
            errors.append(str(error))
        finally:
            connection.close()

    workers = [threading.Thread(target=boot) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == ["table users already exists"]


def test_a_script_that_imports_the_app_to_create_its_tables_does_not_count():
    """flaskr-tdd's create_db.py: run by hand once, never loaded by a worker."""
    app = "from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\n\napp = Flask(__name__)\ndb = SQLAlchemy(app)\n"
    files = {"requirements.txt": REQUIREMENTS, "Procfile": "web: gunicorn app.app:app\n", "app/__init__.py": "",
             "create_db.py": "from app.app import db\n\ndb.create_all()\n"}
    result, created = run(app, files)
    assert list(created) == ["gunicorn.conf.py"] and finding_messages(result) == []
