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
    shared = ENV.replace("import engine_from_config\n", "import engine_from_config\nimport sqlite3\n").replace(
        "return [name for name in section]", "return sqlite3.connect('x.db')"
    )
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
