"""The project gate of sqlalchemy-2: where the project's declared SQLAlchemy may not be 2.0
(``may_run_2``), the codemod reports nothing of what 2.0 removed, so a module is parsed only
for what it may rewrite: a moved declarative import, or a string passed to ``execute()`` of
what may be a session or a connection (``_sqlalchemy_2_gate.may_rewrite``)."""

from __future__ import annotations

import pytest

from gate_checks import accepts, in_project

NAME = "sqlalchemy-2"
# the module that makes the app's Flask-SQLAlchemy object (what ``db`` is resolved to)
EXTENSIONS = {"app/__init__.py": "", "app/extensions.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n"}

PINNED_1X = [
    {"requirements.txt": "SQLAlchemy==1.3.24\n"},
    {"requirements.txt": "SQLAlchemy>=1.3,<2\n"},
    # a compiled requirements.txt pins the release beside a requirements.in that admits 2.0
    {"requirements.in": "SQLAlchemy>=1.3.0\n", "requirements.txt": "sqlalchemy==1.3.3 \\\n    --hash=sha256:abc\n"},
]
PINNED_1_4 = [{"requirements.txt": "SQLAlchemy==1.4.52\n"}, {"requirements.txt": "SQLAlchemy>=1.4,<2\n"}]
MAY_BE_2 = [{}, {"requirements.txt": "SQLAlchemy>=1.3\n"}, {"requirements.txt": "SQLAlchemy==2.0.30\n"}]

# what SQLAlchemy 2.0 removed, only reported (securedrop's migration tests, lemur's health check,
# balrog's engine, a bound MetaData, convert_unicode)
REPORTED_ONLY = [
    "from sqlalchemy import text\nfrom app.extensions import db\n\ndef load(sql, params):\n    db.engine.execute(text(sql), **params)\n",
    "from sqlalchemy import create_engine\n\nengine = create_engine(u)\n\ndef count(q):\n    return engine.execute(q).scalar()\n",
    "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base(bind=engine)\n",
    "import sqlalchemy as sa\n\nmeta = sa.MetaData(bind=engine)\n",
    "from sqlalchemy import MetaData\n\nmeta = MetaData()\nmeta.bind = engine\n",
    "from sqlalchemy import create_engine\n\nengine = create_engine(u, convert_unicode=True)\n",
    # an engine's execute() passed a string: reported, never wrapped (pgadmin's migrations)
    "from app.extensions import db\n\ndef upgrade():\n    db.engine.execute(\n        'ALTER TABLE server ADD COLUMN bgcolor TEXT(10)'\n    )\n",
    "from app.extensions import db\n\ndef count():\n    return db.get_engine().execute('SELECT count(*) FROM users').scalar()\n",
    "from app.extensions import db\n\ndef count():\n    engine = db.engine\n    return engine.execute('SELECT count(*) FROM users').scalar()\n",
    # a migration's connection (Alembic's op.get_bind()) passed a string that text() may not
    # take as it is (plain_sql's refusals): one that may write (securedrop's, lemur's revisions),
    # one built at run time (comport's), one with a % or a :name and no parameters
    "from alembic import op\n\ndef upgrade():\n    conn = op.get_bind()\n    conn.execute('INSERT INTO config (uploads) VALUES (1)')\n",
    "from alembic import op\n\ndef upgrade():\n    op.get_bind().execute(\"UPDATE blocks SET slug = 'x' WHERE id = \" + str(wpd.id))\n",
    "from alembic import op\n\ndef upgrade():\n    conn = op.get_bind()\n    conn.execute(f'SELECT * FROM {table}')\n",
    "from alembic import op\n\nQUERY = \"SELECT * FROM users WHERE name LIKE 'a%'\"\n\n"
    "def upgrade():\n    conn = op.get_bind()\n    conn.execute(QUERY)\n",
    "from alembic import op\n\ndef upgrade():\n    conn = op.get_bind()\n    conn.execute('SELECT * FROM users WHERE id = :id')\n",
]

# what it rewrites where the project pins 1.4 (before 1.4, the declarative import is reported:
# below)
REWRITTEN = [
    "from app.extensions import db\n\ndef count():\n    return db.session.execute('SELECT count(*) FROM users').scalar()\n",
    "from sqlalchemy.ext.declarative import declarative_base\n\nBase = declarative_base()\n",
    "from alembic import op\n\ndef upgrade():\n    conn = op.get_bind()\n    conn.execute('SELECT 1')\n",
    "from alembic import op\n\nQUERY = 'SELECT 1'\n\ndef upgrade():\n    conn = op.get_bind()\n    conn.execute(QUERY)\n",
    # an engine's execute() beside a session's: the session's string is still wrapped
    "from app.extensions import db\n\ndef run():\n    db.engine.execute(q)\n    db.session.execute('SELECT 1')\n",
]


@pytest.mark.parametrize("source", REPORTED_ONLY)
@pytest.mark.parametrize("declared", PINNED_1X)
def test_what_is_only_reported_is_not_parsed_where_the_project_pins_1x(source, declared) -> None:
    assert accepts(NAME, source, "app/db.py")  # the text and tree gates let it through
    asked, output = in_project(NAME, {**declared, **EXTENSIONS, "app/db.py": source}, "app/db.py")
    assert (asked, output) == (False, [])


@pytest.mark.parametrize("source", REPORTED_ONLY)
@pytest.mark.parametrize("declared", MAY_BE_2)
def test_what_is_only_reported_is_parsed_and_reported_where_the_project_may_run_2(source, declared) -> None:
    asked, output = in_project(NAME, {**declared, **EXTENSIONS, "app/db.py": source}, "app/db.py")
    assert asked
    assert output and all(line.startswith("finding of sqlalchemy-2") for line in output), output


@pytest.mark.parametrize("source", REWRITTEN)
@pytest.mark.parametrize("declared", PINNED_1_4)
def test_what_it_rewrites_is_parsed_and_rewritten_where_the_project_pins_1x(source, declared) -> None:
    asked, output = in_project(NAME, {**declared, **EXTENSIONS, "app/db.py": source}, "app/db.py")
    assert asked
    assert output == ["rewrote (sqlalchemy-2)"]


def test_a_declarative_import_kept_for_a_release_before_1_4_is_parsed_and_reported() -> None:
    source = "from sqlalchemy.ext.declarative import declarative_base\n\nBase = declarative_base()\n"
    asked, output = in_project(NAME, {"requirements.txt": "SQLAlchemy>=1.3,<1.5\n", "models.py": source}, "models.py")
    assert asked
    assert len(output) == 1 and "sqlalchemy.ext.declarative is deprecated" in output[0]


# names imported from a module the project does not hold, or that it holds but where the name is
# no SQLAlchemy object the planner can type (cs50's SQL, a project's own wrapper, a re-export the
# planner does not follow): whatever the project's SQLAlchemy, nothing is typed, nothing done
UNTYPED_IMPORTS = [
    ({}, "from cs50 import SQL\n\ndb = SQL('sqlite:///finance.db')\n\ndef cash(i):\n    return db.execute('SELECT cash FROM users WHERE id = :i', i=i)\n"),
    ({"app/helpers.py": "from .wrapper import Database\n\ndb = Database()\n"}, "from app.helpers import db\n\ndef one():\n    db.session.execute('SELECT 1')\n"),
    ({"app/helpers.py": "def engine():\n    pass\n"}, "from app.helpers import engine\n\ndef one():\n    engine.execute('SELECT 1')\n"),
    ({}, "from .tasks import Session\n\ndef one():\n    Session().execute('SELECT 1')\n"),
]


@pytest.mark.parametrize("declared", [*MAY_BE_2, *PINNED_1X])
@pytest.mark.parametrize(("neighbours", "source"), UNTYPED_IMPORTS)
def test_a_name_imported_from_where_it_is_no_sqlalchemy_object_lets_nothing_through(neighbours, source, declared) -> None:
    assert accepts(NAME, source, "app/db.py")  # the text and tree gates let it through
    files = {**declared, "app/__init__.py": "", **neighbours, "app/db.py": source}
    assert in_project(NAME, files, "app/db.py") == (False, [])


# the same names, where the module they come from assigns them a SQLAlchemy object
TYPED_IMPORTS = [
    (EXTENSIONS, "from app.extensions import db\n\ndef one():\n    db.session.execute('SELECT 1')\n"),
    (EXTENSIONS, "from .extensions import db\n\ndef one():\n    db.session.execute('SELECT 1')\n"),
    (
        {"app/engines.py": "from sqlalchemy import create_engine\n\nengine = create_engine('sqlite://')\n"},
        "from app.engines import engine\n\ndef count(q):\n    return engine.execute(q)\n",
    ),
    (
        {"app/tasks.py": "from sqlalchemy.orm import sessionmaker\n\nSession = sessionmaker()\n"},
        "from .tasks import Session\n\ndef one():\n    Session().execute('SELECT 1')\n",
    ),
]


@pytest.mark.parametrize(("neighbours", "source"), TYPED_IMPORTS)
def test_a_name_imported_from_where_it_is_a_sqlalchemy_object_is_let_through(neighbours, source) -> None:
    files = {"app/__init__.py": "", **neighbours, "app/db.py": source}
    asked, output = in_project(NAME, files, "app/db.py")
    assert asked
    assert output, "the codemod acts on it"


# a call in a version guard is left alone (jazzband's database check in a try: / except
# Exception); the same call outside it is acted on
GUARDED = [
    "from app.extensions import db\n\ndef check():\n    try:\n        db.session.execute('SELECT 1;')\n    except Exception:\n        raise SystemExit(1)\n",
    "import sqlalchemy\nfrom app.extensions import db\n\nif sqlalchemy.__version__ < '2':\n    db.engine.execute('SELECT 1')\n",
    "from sqlalchemy import create_engine\n\ntry:\n    engine = create_engine(u, convert_unicode=True)\nexcept TypeError:\n    engine = create_engine(u)\n",
]


@pytest.mark.parametrize("source", GUARDED)
def test_a_call_in_a_version_guard_lets_nothing_through(source) -> None:
    assert not accepts(NAME, source, "app/db.py")
    assert in_project(NAME, {**EXTENSIONS, "app/db.py": source}, "app/db.py")[1] == []


@pytest.mark.parametrize("source", GUARDED)
def test_the_same_call_unguarded_is_let_through_and_acted_on(source) -> None:
    unguarded = source.replace("try:\n", "if True:\n").replace("except Exception:", "if False:").replace("except TypeError:", "if False:")
    unguarded = unguarded.replace("if sqlalchemy.__version__ < '2':", "if sqlalchemy:")
    assert accepts(NAME, unguarded, "app/db.py")
    asked, output = in_project(NAME, {**EXTENSIONS, "app/db.py": unguarded}, "app/db.py")
    assert asked and output


def test_self_of_a_class_that_extends_no_sqlalchemy_class_lets_nothing_through() -> None:
    # scout's and searxng's sqlite stores: self.connect() of a class of their own
    source = (
        "import sqlite3\n\nclass Store(object):\n    def connect(self):\n        return sqlite3.connect(self.path)\n\n"
        "    def clear(self):\n        with self.connect() as conn:\n            conn.execute('DELETE FROM t')\n"
    )
    assert not accepts(NAME, source, "app/store.py")
    assert in_project(NAME, {"app/store.py": source}, "app/store.py") == (False, [])


@pytest.mark.parametrize(
    "source",
    [
        "from flask_sqlalchemy import SQLAlchemy\n\nclass Database(SQLAlchemy):\n    def one(self):\n        return self.session.execute('SELECT 1')\n",
        "from flask_sqlalchemy import SQLAlchemy\n\nclass Base(SQLAlchemy):\n    pass\n\nclass Database(Base):\n    pass\n\ndb = Database()\ndb.session.execute('SELECT 1')\n",
    ],
)
def test_self_and_instances_of_a_class_that_extends_sqlalchemys_are_let_through_and_rewritten(source) -> None:
    assert accepts(NAME, source, "app/store.py")
    assert in_project(NAME, {"app/store.py": source}, "app/store.py") == (True, ["rewrote (sqlalchemy-2)"])
