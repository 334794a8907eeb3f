"""The gates of teardown: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "teardown"
    REJECTED = [
        # flask, but nothing that opens a connection; a connection, but no flask
        ("from flask import Flask\napp = Flask(__name__)\n\n@app.after_request\ndef after(r):\n    return r\n", "app.py"),
        ("import sqlite3\n\ndef load():  # not a flask module\n    return sqlite3.connect('x.db')\n", "db.py"),
        ("import flask\n\ndef handler(signal):\n    signal.disconnect(handler)\n", "signals.py"),
        # an app that imports nothing of its own project; views that call a helper without g
        ("import os\nfrom flask import Flask\n\napp = Flask(__name__)\napp.secret_key = os.urandom(8)\n", "app.py"),
        (
            "from flask import Blueprint\nfrom .db import get_db\n\nbp = Blueprint('x', __name__)\n\n"
            "@bp.route('/')\ndef index():\n    return str(get_db())\n",
            "views.py",
        ),
        # a signal connected, a connection opened and closed in the same function: nothing on g
        (
            "from flask_login import user_logged_in\n\ndef on_login(sender, user):\n    pass\n\n"
            "user_logged_in.connect(on_login)\n",
            "signals.py",
        ),
        (
            "import sqlite3\nfrom flask import current_app\n\ndef count():\n    with sqlite3.connect('x') as conn:\n"
            "        return conn.execute('SELECT 1').fetchone()\n",
            "stats.py",
        ),
        # on g: a user, a form; nothing a getter of the project opens
        (
            "from flask import g\nfrom app.models import User\n\ndef verify(name):\n"
            "    user = User.query.filter_by(name=name).first()\n    g.current_user = user\n"
            "    g.token_user = User.check(name) if name else None\n",
            "auth.py",
        ),
        # test code and setup.py, whatever they hold
        ("import sqlite3\nfrom flask import Flask, g\n\napp = Flask(__name__)\n\ndef get_db():\n    g.db = sqlite3.connect('x')\n", "tests/test_db.py"),
        ("import sqlite3\nfrom flask import Flask, g\n\napp = Flask(__name__)\n\ndef get_db():\n    g.db = sqlite3.connect('x')\n", "conftest.py"),
        ("import sqlite3\nfrom flask import Flask, g\n\napp = Flask(__name__)\n\ndef get_db():\n    g.db = sqlite3.connect('x')\n", "setup.py"),
    ]
    ACCEPTED = [
        (
            "import sqlite3\nfrom flask import Flask, g\n\ndef get_db():\n    g.db = sqlite3.connect('x')\n    return g.db\n",
            "app.py",
        ),
        ("from sqlite3 import connect as sq\nfrom flask import g\n\ndef get_db():\n    g.db = sq('x')\n", "app.py"),
        ("import flask_sqlalchemy\nfrom sqlalchemy.orm import scoped_session\nSession = scoped_session(f)\n", "db.py"),
        # across modules: an app importing a module of its project, a getter whose factory is
        # imported, a scoped session in a module without flask
        ("from flask import Flask\nfrom .db import get_db\n\napp = Flask(__name__)\n", "pkg/__init__.py"),
        ("from flask import g\nfrom .factory import open_database\n\ndef get_db():\n    g.db = open_database()\n", "db.py"),
        ("from flask import *\nfrom .factory import open_database\n\ndef get_db():\n    g.db = open_database()\n", "db.py"),
        (
            "from flask import g\nfrom .factory import Database\n\ndatabase = Database()\n\ndef get_db():\n"
            "    conn = database.open()\n    setattr(g, 'db', conn)\n",
            "db.py",
        ),
        ("from sqlalchemy.orm import scoped_session, sessionmaker\n\ndb_session = scoped_session(sessionmaker())\n", "database.py"),
        ("import sqlite3\nfrom flask import Flask, g\n\napp = Flask(__name__)\n\ndef get_db():\n    g.db = sqlite3.connect('x')\n", "app.py"),
        # one connection shared by every request (reported), with nothing on g
        ("import sqlite3\nfrom flask import Flask\n\napp = Flask(__name__)\nconn = sqlite3.connect('x.db')\n", "app.py"),
        (
            "from flask import Flask\nfrom sqlalchemy import create_engine\n\nengine = create_engine('sqlite://')\n"
            "conn = None\n\ndef connect():\n    global conn\n    conn = engine.connect()\n",
            "db.py",
        ),
    ]
    # samples the codemod leaves alone without a word, which its gates reject (none: an app module
    # that imports anything but the standard library and Flask may release what another module opens)
    REJECTED_SAMPLES = []
