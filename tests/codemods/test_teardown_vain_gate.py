"""teardown's project gate and the rules its planner stays silent by: a module whose only
output would be a finding where findings go unsaid (below Flask 0.9, in an example), a call
assigned at module level that opens no connection (an Alembic ``env.py``). Each rejection is checked with
the gates open (no output), and a near miss the planner does act on is let through."""

from __future__ import annotations

import pytest

from gate_checks import lay_out, output_on_disk_with_gates_open, project_gate_on_disk

NAME = "teardown"

FLASKR = (
    "import sqlite3\nfrom flask import Flask, g\n\napp = Flask(__name__)\n\n"
    "@app.before_request\ndef before_request():\n    g.db = sqlite3.connect('flaskr.db')\n\n"
    "@app.after_request\ndef after_request(response):\n    g.db.close()\n    return response\n\n"
    "@app.route('/')\ndef index():\n    return str(g.db.execute('SELECT 1').fetchone())\n"
)


def _asks(folder, name: str) -> bool:
    return project_gate_on_disk(NAME, folder, name)


def _output(folder, name: str) -> list[str]:
    return output_on_disk_with_gates_open(NAME, folder, name)


def test_an_example_that_may_run_below_flask_0_9_is_rejected_rightly(tmp_path):
    # below 0.9 the planner changes nothing and reports, and an example's findings go unsaid
    folder = lay_out(tmp_path, {"requirements.txt": "Flask==0.8\n", "examples/flaskr/flaskr.py": FLASKR})
    assert not _asks(folder, "examples/flaskr/flaskr.py")
    assert _output(folder, "examples/flaskr/flaskr.py") == []


@pytest.mark.parametrize(
    "flask, module",
    [("Flask==0.8", "flaskr.py"), ("Flask==0.10.1", "examples/flaskr/flaskr.py")],
    ids=["below-0.9-in-the-application", "0.10-in-an-example"],
)
def test_a_near_miss_of_the_example_below_flask_0_9_is_let_through(tmp_path, flask, module):
    # in the application the finding is said; from 0.9 on the after_request handler is rewritten
    folder = lay_out(tmp_path, {"requirements.txt": f"{flask}\n", module: FLASKR})
    assert _asks(folder, module)
    assert _output(folder, module) != []


ENV = (
    "from flask import current_app\nfrom sqlalchemy import engine_from_config\n\n"
    "def tables_from(section):\n    return [name for name in section]\n\n"
    "excluded = tables_from({})\n\n"
    "def run_online():\n    engine = engine_from_config({})\n    connection = engine.connect()\n"
    "    try:\n        pass\n    finally:\n        connection.close()\n"
)


def test_a_module_level_call_that_returns_no_connection_is_rejected_rightly(tmp_path):
    # an Alembic env.py: a function of the module assigned at import returns a list, and the
    # connection it opens is a local of another function
    folder = lay_out(tmp_path, {"migrations/env.py": ENV})
    assert not _asks(folder, "migrations/env.py")
    assert _output(folder, "migrations/env.py") == []


def test_a_module_level_call_of_a_function_that_connects_is_let_through(tmp_path):
    # (with a blueprint, which requests reach: a script's own connection, which none does, is
    # no finding: test_teardown_script_connection.py)
    shared = ENV.replace("import engine_from_config\n", "import engine_from_config\nimport sqlite3\n").replace(
        "return [name for name in section]", "return sqlite3.connect('x.db')"
    ).replace("from flask import current_app\n", "from flask import Blueprint, current_app\n\nbp = Blueprint('env', __name__)\n")
    folder = lay_out(tmp_path, {"migrations/env.py": shared})
    assert _asks(folder, "migrations/env.py")
    assert _output(folder, "migrations/env.py") != []  # one connection shared by every request


# below Flask 0.9 (no teardown_appcontext) with a scoped session that a neighbouring module's
# handler removes: whatever the planner says of the session's module, the gate must let it through
NEIGHBOURS = {
    "shop/database.py": (
        "from flask import Flask\nfrom sqlalchemy import create_engine\nfrom sqlalchemy.orm import scoped_session, sessionmaker\n\n"
        "engine = create_engine('sqlite://')\ndb_session = scoped_session(sessionmaker(bind=engine))\n"
    ),
    "shop/app.py": (
        "from flask import Flask\nfrom shop.database import db_session\n\napp = Flask(__name__)\n\n"
        "@app.teardown_request\ndef shutdown_session(exception=None):\n    db_session.remove()\n"
    ),
}


@pytest.mark.parametrize("flask", ["Flask==0.8", "Flask==0.10.1"])
@pytest.mark.parametrize("module", ["shop/database.py", "shop/app.py"])
def test_a_scoped_session_a_neighbour_removes_is_gated_as_planned(tmp_path, flask, module):
    folder = lay_out(tmp_path, {"requirements.txt": f"{flask}\n", "shop/__init__.py": "", **NEIGHBOURS})
    output = _output(folder, module)
    assert _asks(folder, module) or output == [], output


# a module that keeps a connection on g, which the teardown handler of the app that imports it
# pops and closes (craftbeerpi3's core/db.py, copyvios' misc.py): the planner drops what a
# handler module releases (_Planner._drop_handled_nearby), so nothing is left to do here
GETTER = (
    "import sqlite3\nfrom flask import g\n\n"
    "def get_db():\n    db = getattr(g, '_database', None)\n    if db is None:\n"
    "        db = g._database = sqlite3.connect('beer.db')\n    return db\n"
)
CLOSING_APP = (
    "from flask import Flask, g\nfrom shop.db import get_db\n\napp = Flask(__name__)\n\n"
    "@app.teardown_appcontext\ndef close_connection(exception):\n    db = getattr(g, '_database', None)\n"
    "    if db is not None:\n        db.close()\n\n@app.route('/')\ndef index():\n    return str(get_db())\n"
)


@pytest.mark.parametrize("app_module", ["shop/app.py", "shop/core/app_config.py"])
def test_a_connection_the_app_module_closes_at_teardown_is_rejected_rightly(tmp_path, app_module):
    # the app module next to it, or one anywhere in the project that imports it
    app = CLOSING_APP if app_module == "shop/app.py" else CLOSING_APP.replace("shop.db", "shop.core.db")
    db = "shop/db.py" if app_module == "shop/app.py" else "shop/core/db.py"
    folder = lay_out(tmp_path, {"shop/__init__.py": "", "shop/core/__init__.py": "", db: GETTER, app_module: app})
    assert _output(folder, db) == []
    assert not _asks(folder, db)


@pytest.mark.parametrize(
    "files",
    [
        # the app's handler commits it without closing it: a finding
        {"shop/app.py": CLOSING_APP.replace("db.close()", "db.commit()")},
        # the handler of the app next to it closes another attribute: this one is left open
        {"shop/app.py": CLOSING_APP.replace("'_database'", "'_cache'").replace("from shop.db import get_db\n", "").replace(
            "str(get_db())", "'ok'"
        )},
        # closed by hand in the module too, without popping it: a handler would close it twice
        {"shop/app.py": CLOSING_APP, "shop/db.py": GETTER + "\ndef reset():\n    get_db().close()\n"},
        # the app next to it neither imports it nor closes it: the module's own finding
        {"shop/app.py": "from flask import Flask\n\napp = Flask(__name__)\n"},
    ],
    ids=["committed-not-closed", "another-attribute-closed", "closed-by-hand-too", "no-app-imports-it"],
)
def test_a_near_miss_of_a_connection_closed_by_the_app_module_is_let_through(tmp_path, files):
    folder = lay_out(tmp_path, {"shop/__init__.py": "", "shop/db.py": GETTER, **files})
    assert _output(folder, "shop/db.py") != []
    assert _asks(folder, "shop/db.py")


# a hook run on every request opens g.conn and a teardown handler closes it (european-football's
# server.py, quarry's app.py): the planner reports a hook's store only where another such hook of
# the same app opens into the same attribute (report_overwritten_connections)
ONE_HOOK = (
    "from flask import Flask, g\nfrom sqlalchemy import create_engine\n\napp = Flask(__name__)\n"
    "engine = create_engine('sqlite://')\n\n@app.before_request\ndef before_request():\n    g.conn = engine.connect()\n\n"
    "@app.teardown_request\ndef teardown_request(exception):\n    g.conn.close()\n"
)
SECOND_HOOK = "\n@app.before_request\ndef audit():\n    g.conn = engine.connect()\n"
BLUEPRINT = (
    "from flask import Blueprint, g\nfrom shop.app import engine\n\nbp = Blueprint('admin', __name__)\n\n"
    "@bp.before_app_request\ndef connect():\n    g.conn = engine.connect()\n"
)


def test_one_hook_opening_what_a_teardown_handler_closes_is_rejected_rightly(tmp_path):
    folder = lay_out(tmp_path, {"shop/__init__.py": "", "shop/app.py": ONE_HOOK})
    assert _output(folder, "shop/app.py") == []
    assert not _asks(folder, "shop/app.py")


@pytest.mark.parametrize(
    "files, module",
    [
        ({"shop/app.py": ONE_HOOK + SECOND_HOOK}, "shop/app.py"),
        ({"shop/app.py": ONE_HOOK + "\nfrom shop import admin\n", "shop/admin.py": BLUEPRINT}, "shop/admin.py"),
    ],
    ids=["two-hooks-in-the-module", "the-blueprint-beside-the-app-hook"],
)
def test_hooks_overwriting_one_attribute_are_let_through(tmp_path, files, module):
    folder = lay_out(tmp_path, {"shop/__init__.py": "", **files})
    assert _output(folder, module) != []
    assert _asks(folder, module)
