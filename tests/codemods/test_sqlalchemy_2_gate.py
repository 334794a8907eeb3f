"""The gates of sqlalchemy-2: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases, missed_at_targets, sample_texts


class TestGates(GateCases):
    NAME = "sqlalchemy-2"
    REJECTED = [
        # "execute" in the text, but no execute() call and no sqlalchemy
        ("import subprocess\n\ndef execute(command):\n    return subprocess.run(command)\n", "tasks.py"),
        ("import sqlite3\n\ndef save(rows):\n    sqlite3.connect('x.db').executemany('INSERT INTO t VALUES (?)', rows)\n", "db.py"),
        # SQLAlchemy without a string to wrap nor an engine's execute()
        ("from app import db\nfrom app.models import User\n\ndef users():\n    return db.session.execute(db.select(User))\n", "views.py"),
        (
            "from sqlalchemy import select\nfrom app import db\n\ndef count(q):\n    query = select(q)\n"
            "    return db.session.execute(query).scalar()\n",
            "queries.py",
        ),
        ("from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n", "models.py"),
        # SQL strings run by what SQLAlchemy never made: a DB-API cursor, alembic's op
        (
            "import psycopg2\n\ndef count(dsn):\n    conn = psycopg2.connect(dsn)\n    cursor = conn.cursor()\n"
            "    cursor.execute('SELECT count(*) FROM t')\n",
            "runner.py",
        ),
        ("from alembic import op\n\ndef upgrade():\n    op.execute('UPDATE t SET x = 1')\n", "versions/1_x.py"),
        (
            "from alembic import op\nfrom sqlalchemy.sql import table\n\nt = table('t')\n\ndef upgrade():\n"
            "    conn = op.get_bind()\n    for row in conn.execute(t.select()):\n        pass\n",
            "versions/2_y.py",
        ),
        (
            "import sqlite3\n\ndef get_db():\n    return sqlite3.connect('x.db')\n\ndef init():\n"
            "    db = get_db()\n    db.execute('CREATE TABLE t (x)')\n",
            "flaskr.py",
        ),
        ("class Runner:\n    def run(self, sql):\n        self.cursor.execute('SET search_path TO x')\n", "runner.py"),
        # a DB-API connect(path): SQLAlchemy's connect() and begin() take no argument (redash's
        # query results runner and its tests)
        (
            "import sqlite3\n\ndef run(query):\n    connection = sqlite3.connect(':memory:')\n"
            "    connection.execute('CREATE TABLE t (x)')\n    connection.execute(query)\n",
            "query_results.py",
        ),
        ("import pymysql\n\nconn = pymysql.connect(host='db', user='u')\nconn.execute('SELECT 1')\n", "runner.py"),
        ("def run(pool):\n    with pool.begin(1) as c:\n        c.execute('SELECT 1')\n", "runner.py"),
        ("from sqlalchemy.ext.declarative import AbstractConcreteBase\n", "models.py"),
        # a moved declarative name imported outside the module's own body: never moved
        # (calibre-web's compatibility import; one in a function, a class, an if block)
        (
            "try:\n    from sqlalchemy.orm import declarative_base\nexcept ImportError:\n"
            "    from sqlalchemy.ext.declarative import declarative_base\n\nBase = declarative_base()\n",
            "ub.py",
        ),
        ("def base():\n    from sqlalchemy.ext.declarative import declarative_base\n    return declarative_base()\n", "models.py"),
        ("class Models:\n    from sqlalchemy.ext.declarative import declared_attr\n", "models.py"),
        ("import sys\n\nif sys.version_info > (3,):\n    from sqlalchemy.ext.declarative import as_declarative\n", "models.py"),
        # a packaging script: no codemod acts on it (Codemod.acts_on)
        ("from setuptools import setup\nfrom app import db\n\ndef test_query():\n    db.session.execute('SELECT 1')\n", "setup.py"),
        # SQLAlchemy 2.0's removed arguments: not passed, or not to SQLAlchemy
        ("from sqlalchemy import MetaData, create_engine\n\nengine = create_engine(u, pool_size=5)\nmeta = MetaData()\n", "db.py"),
        ("import sqlalchemy as sa\n\nmeta = sa.MetaData(schema='x')\n", "db.py"),
        ("import socket\n\ns = socket.socket()\ns.bind(('', 0))\n", "server.py"),
        ("from unittest import mock\n\nsocket_mock = mock.Mock()\nsocket_mock.socket().bind = mock.MagicMock()\n", "test_gui.py"),
        ("from mylib import create_engine\n\nengine = create_engine(u, convert_unicode=True)\n", "db.py"),
    ]
    ACCEPTED = [
        # a test module: upgrades act on tests too (a removed API breaks them as well)
        ("from app import db\n\ndef test_query():\n    db.session.execute('SELECT 1')\n", "tests/test_db.py"),
        ("from sqlalchemy.ext.declarative import declarative_base\n\nBase = declarative_base()\n", "models.py"),
        ("from .extensions import db\n\ndef count():\n    return db.session.execute('SELECT count(*) FROM users').scalar()\n", "queries.py"),
        ("from app import db\n\ndef run():\n    db.engine.execute(db.select(1))\n", "tasks.py"),
        ("from sqlalchemy import create_engine\n\nengine = create_engine('sqlite://')\nengine.execute(q)\n", "db.py"),
        ("from app import db\n\ndef run(t):\n    sql = 'DELETE FROM %s' % t\n    db.session.execute(sql)\n", "tasks.py"),
        ("from app import db\n\ndef run(t):\n    db.session.execute(f'DELETE FROM {t}')\n", "tasks.py"),
        ("from sqlalchemy.orm import declarative_base\n\nBase = declarative_base(bind=engine)\n", "models.py"),
        ("from sqlalchemy.ext.declarative import declared_attr\n", "mixins.py"),
        ("import os\nfrom sqlalchemy.ext.declarative import DeclarativeMeta, AbstractConcreteBase\n", "mixins.py"),
        ("from alembic import op\n\ndef upgrade():\n    conn = op.get_bind()\n    conn.execute('UPDATE t SET x = 1')\n", "versions/1_x.py"),
        (
            "from sqlalchemy import create_engine\n\nengine = create_engine('sqlite://')\n\ndef run():\n"
            "    with engine.connect() as conn:\n        conn.execute('SELECT 1')\n",
            "db.py",
        ),
        (
            "from flask_sqlalchemy import SQLAlchemy\n\nclass Database(SQLAlchemy):\n    pass\n\ndb = Database()\n"
            "db.session.execute('SELECT 1')\n",
            "db.py",
        ),
        (
            "from sqlalchemy import create_engine\n\nengine = create_engine('sqlite://')\nconn = engine.connect()\n"
            "conn.execute('SELECT 1')\n",
            "db.py",
        ),
        (
            "from sqlalchemy import create_engine\n\nengine = create_engine('sqlite://')\n\ndef run():\n"
            "    with engine.begin() as conn:\n        conn.execute('DELETE FROM t')\n",
            "db.py",
        ),
        ("import sqlalchemy as sa\nfrom sqlalchemy import orm\n\nSession = orm.sessionmaker()\nSession().execute('SELECT 1')\n", "db.py"),
        # test code is upgraded too: it breaks like the app does
        ("from app import db\n\ndef test_query():\n    db.session.execute('SELECT 1')\n", "tests/test_db.py"),
        # SQLAlchemy 2.0's removed arguments (reported)
        ("from sqlalchemy import create_engine\n\nengine = create_engine(u, convert_unicode=True)\n", "db.py"),
        ("import sqlalchemy as sa\n\nmeta = sa.MetaData(bind=engine)\n", "db.py"),
        ("from sqlalchemy import MetaData as M\n\nmeta = M(engine)\n", "db.py"),
        ("from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\nBase.metadata.bind = engine\n", "db.py"),
    ]
    # samples the codemod leaves alone without a word, which its gates reject
    REJECTED_SAMPLES = ["guarded_and_modern", "not_sqlalchemy"]


# the shapes the gate's rules were narrowed for: a declarative import out of the module's body,
# connect() / begin() given arguments (real-world: calibre-web, redash), and their neighbours
NARROWED = [
    ("try:\n    from sqlalchemy.orm import declarative_base\nexcept ImportError:\n    from sqlalchemy.ext.declarative import declarative_base\n", "config_sql.py"),
    ("if True:\n    from sqlalchemy.ext.declarative import declarative_base\n", "models.py"),
    ("from sqlalchemy.ext.declarative import declarative_base; import os\n", "models.py"),
    ("from sqlalchemy.ext.declarative import declarative_base as db, declared_attr\n", "models.py"),
    ("from sqlalchemy . ext . declarative import (\n    declarative_base,\n)\n", "models.py"),
    ("import sqlite3\nconnection = sqlite3.connect(':memory:')\nconnection.execute('SELECT 1 FROM query_123')\n", "tests/test_q.py"),
    ("import sqlite3\nwith sqlite3.connect(p) as c:\n    c.execute('SELECT 1')\n", "db.py"),
    ("from sqlalchemy import create_engine\ne = create_engine(u)\nc = e.connect(close_with_result=True)\nc.execute('SELECT 1')\n", "db.py"),
    ("from sqlalchemy import create_engine\ne = create_engine(u)\nc = e.connect(**options)\nc.execute('SELECT 1')\n", "db.py"),
    ("from sqlalchemy import create_engine\ne = create_engine(u)\nc = e.connect()\nc.execute('SELECT 1')\n", "db.py"),
    ("from sqlalchemy import create_engine\ne = create_engine(u)\nwith e.begin() as c:\n    c.execute('SELECT 1')\n", "db.py"),
    ("from sqlalchemy import create_engine\ne = create_engine(u)\nwith e.begin(x) as c:\n    c.execute('SELECT 1')\n", "db.py"),
    ("from sqlalchemy import create_engine\ne = create_engine(u)\nwith e.connect() as c, c.begin() as t:\n    c.execute('SELECT 1')\n", "db.py"),
    ("from app import db\n\ndef run():\n    with db.engine.connect() as c:\n        c.execute('SELECT 1')\n", "tasks.py"),
    ("from app import db\n\ndef run():\n    c = db.get_engine(app).connect()\n    c.execute('SELECT 1')\n", "tasks.py"),
    ("from app import engine\n\ndef run():\n    c = engine.connect(5)\n    c.execute('SELECT 1')\n", "tasks.py"),
    *TestGates.ACCEPTED,
    *TestGates.REJECTED,
]


def test_the_gates_let_through_every_narrowed_case_it_acts_on() -> None:
    assert missed_at_targets("sqlalchemy-2", NARROWED + sample_texts("sqlalchemy-2"), targets=(None,)) == []
