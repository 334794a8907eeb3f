"""teardown's project gate on a module whose planner stays silent because another module releases
what it opens: an app module whose own handler closes what a module it imports keeps on ``g``
(that module, planned alone, leaves nothing to the app: ``_Planner._unplaced_of``), and, where the
code may run below Flask 0.9, a resource the app's ``teardown_request`` handler already releases
(``_before_teardown_appcontext``).
Each rejection is checked with the gates open (no output), and each near miss the planner acts on
is let through."""

from __future__ import annotations

from functools import partial

import pytest

from gate_checks import lay_out, output_on_disk_with_gates_open, project_gate_on_disk

NAME = "teardown"

GETTER = (
    "import sqlite3\nfrom flask import g\n\n"
    "def get_db():\n    if 'db' not in g:\n        g.db = sqlite3.connect('shop.db')\n    return g.db\n"
)
CLOSING_APP = (
    "from flask import Flask, g\nfrom shop.db import get_db\n\napp = Flask(__name__)\n\n"
    "@app.teardown_appcontext\ndef close_db(exception):\n    db = g.pop('db', None)\n    if db is not None:\n"
    "        db.close()\n\n@app.route('/')\ndef index():\n    return str(get_db().execute('SELECT 1').fetchone())\n"
)


_asks = partial(project_gate_on_disk, NAME)  # (folder, module) -> the project gate's answer
_output = partial(output_on_disk_with_gates_open, NAME)  # (folder, module) -> what it does, gates open


def test_an_app_module_whose_own_handler_closes_what_its_module_keeps_is_rejected_rightly(tmp_path):
    # copyvios: app.py imports copyvios/misc.py, whose getter keeps a connection on g, and its own
    # teardown handler closes it; the planner plans misc.py alone, where app.py (next to it)
    # releases it, so nothing of it is left for app.py to release
    folder = lay_out(tmp_path, {"shop/__init__.py": "", "shop/db.py": GETTER, "app.py": CLOSING_APP})
    assert _output(folder, "app.py") == []
    assert not _asks(folder, "app.py")


@pytest.mark.parametrize(
    "files",
    [
        # the app's handler closes another attribute: it gets a handler for g.db
        {"app.py": CLOSING_APP.replace("'db'", "'cache'").replace("g.db", "g.cache")},
        # the closing app is not next to the module (no neighbour of shop/db.py): planned alone,
        # the module leaves it to the app that imports it, which releases it
        {"web/site.py": CLOSING_APP.replace("'db'", "'cache'").replace("g.db", "g.cache"), "web/__init__.py": ""},
    ],
    ids=["another-attribute", "not-a-neighbour"],
)
def test_a_near_miss_of_an_app_module_closing_what_its_module_keeps_is_let_through(tmp_path, files):
    folder = lay_out(tmp_path, {"shop/__init__.py": "", "shop/db.py": GETTER, **files})
    [app] = files if len(files) == 1 else ["web/site.py"]
    assert _output(folder, app) != []
    assert _asks(folder, app)


SESSION = (
    "from sqlalchemy import create_engine\nfrom sqlalchemy.orm import scoped_session, sessionmaker\n\n"
    "engine = create_engine('sqlite:///shop.db')\ndb_session = scoped_session(sessionmaker(bind=engine))\n"
)
OLD_APP = (
    "from flask import Flask\nfrom shop.database import db_session\n\napp = Flask(__name__)\n\n"
    "@app.teardown_request\ndef shutdown_session(exception=None):\n    db_session.remove()\n"
)


def test_below_flask_0_9_a_session_the_apps_teardown_request_removes_is_rejected_rightly(tmp_path):
    # maraschino's database.py, its db_session removed by Maraschino.py's teardown_request (an app
    # module that imports it, not one next to it)
    folder = lay_out(tmp_path, {"requirements.txt": "Flask==0.8\n", "shop/__init__.py": "", "shop/database.py": SESSION,
                                "Shop.py": OLD_APP})
    assert _output(folder, "shop/database.py") == []
    assert not _asks(folder, "shop/database.py")


def test_below_flask_0_9_a_near_miss_of_a_session_removed_by_the_app_is_let_through(tmp_path):
    app = OLD_APP.replace("db_session.remove()", "pass")  # the app's handler leaves it: a finding
    folder = lay_out(tmp_path, {"requirements.txt": "Flask==0.8\n", "shop/__init__.py": "", "shop/database.py": SESSION,
                                "Shop.py": app})
    assert _output(folder, "shop/database.py") != []
    assert _asks(folder, "shop/database.py")
