"""The gates of atexit-cleanup: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "atexit-cleanup"
    REJECTED = [
        # not at module level, or not a known creator
        ("def load(p):\n    f = open(p)\n    return f.read()\n", "load.py"),
        ("import logging\nLOG = logging.getLogger(__name__)\nreopen()\n", "log.py"),
        ("import socket\nconn = socket.create_connection(('h', 1))\nother = signal.connect(x)\n", "net.py"),
        # what a method of the created object returns, not the object itself
        ("WORDS = open('words.txt').readlines()\nTEXT = open(path).read()\n", "words.py"),
        ("import sqlite3\nCURSOR = sqlite3.connect('app.db').cursor()\n", "db.py"),
        ("import requests\nPAGE = requests.Session().get('https://example.com')\n", "fetch.py"),
        # a packaging script, whatever it holds
        ("from setuptools import setup\nREADME = open('README.rst')\nsetup(long_description=README.read())\n", "setup.py"),
        # test code: its fixtures own what it opens (Codemod.ACTS_ON)
        ("import sqlite3\nDB = sqlite3.connect(':memory:')\n", "tests/conftest.py"),
        # releases that change nothing at exit: an executor, a SQLite engine, an engine whose
        # URL the module does not spell (a setting: it may be SQLite)
        ("from concurrent.futures import ThreadPoolExecutor as Pool\npool = Pool()\n", "jobs.py"),
        ("from sqlalchemy import create_engine\nengine = create_engine('sqlite:///{0}'.format(path))\n", "db.py"),
        ("import sqlalchemy as sa\nengine = sa.create_engine(url=f'sqlite:///{path}', echo=True)\n", "db.py"),
        ("from sqlalchemy import create_engine\nengine = create_engine(app.config['DATABASE_URI'])\n", "db.py"),
        ("from sqlalchemy import create_engine\nengine = create_engine('postgres' + rest)\n", "db.py"),
        # released by the module already, or held by a Session made at import: the plan
        # leaves them without a word
        ("f = open('sample.csv', 'a')\nfor i in range(5):\n    f.write(str(i))\nf.close()\n", "make_sample.py"),
        ("LOG = open('a.log', 'a')\nwith LOG:\n    LOG.write('x')\n", "log.py"),
        (
            "from sqlalchemy import create_engine\nfrom sqlalchemy.orm import sessionmaker\n"
            "engine1 = create_engine('postgresql://u:p@localhost/forums1')\nsession1 = sessionmaker(bind=engine1)()\n",
            "upgrade.py",
        ),
        (
            "import sqlalchemy as sa\nfrom sqlalchemy.orm import Session\n"
            "engine = sa.create_engine('mysql://db/shop')\nsession = Session(engine)\n",
            "db.py",
        ),
    ]
    ACCEPTED = [
        ("LOG = open('audit.log', 'a')\n", "log.py"),
        ("import sqlite3 as sq\ndb: object = sq.connect('x')\n", "db.py"),
        # an engine of a database server, its URL written out in the module
        ("from sqlalchemy import create_engine\nengine = create_engine('postgresql://db/shop')\n", "db.py"),
        ("import sqlalchemy as sa\nengine = sa.create_engine(url=f'mysql+pymysql://{user}@db/shop')\n", "db.py"),
        ("from sqlalchemy import create_engine\nengine = create_engine('postgresql://%s/shop' % host)\n", "db.py"),
        ("from sqlalchemy import create_engine\nengine = create_engine('mysql://{}/x'.format(host) + opts)\n", "db.py"),
        # an executor beside a file: the file is registered
        ("from concurrent.futures import ThreadPoolExecutor\npool = ThreadPoolExecutor()\nLOG = open('a.log', 'a')\n", "jobs.py"),
        # near misses of a release the plan takes as one: bound again (a finding), released
        # only inside a function, a Session factory never called at import, a file 'with'-ed
        # beside an engine, a Session on another engine
        ("f = open('a.log', 'a')\nf.close()\nf = open('b.log', 'a')\n", "log.py"),
        ("LOG = open('a.log', 'a')\ndef stop():\n    LOG.close()\n", "log.py"),
        (
            "from sqlalchemy import create_engine\nfrom sqlalchemy.orm import sessionmaker\n"
            "engine = create_engine('postgresql://db/x')\nSession = sessionmaker(bind=engine)\n",
            "db.py",
        ),
        (
            "from sqlalchemy import create_engine\nfrom sqlalchemy.orm import Session\n"
            "engine = create_engine('postgresql://db/x')\nother = create_engine('postgresql://db/y')\ns = Session(other)\n",
            "db.py",
        ),
        ("import sqlite3\ndb = sqlite3.connect('x.db')\ndef close():\n    global db\n    db.close()\n", "db.py"),
        # an example app: released as the app is
        ("import sqlite3\nDB = sqlite3.connect(':memory:')\n", "examples/shop.py"),
    ]
    REJECTED_SAMPLES = ["no_change_no_effect_at_exit"]


def test_near_misses_of_a_release_get_output():
    """The near misses the gate lets through are ones the plan registers or reports."""
    from gate_checks import output_with_gates_open

    for source, path in TestGates.ACCEPTED[-5:]:
        assert output_with_gates_open("atexit-cleanup", source, path), source
