"""teardown's project gate on an app module whose imported modules keep connections on ``g``
but have a place of their own to register a handler (a module-level blueprint, app, factory or
``init_app``): planned alone (``_Planner._unplaced_of``), such a module registers its own
handler, so ``ForeignResources`` leaves it out and the app module has nothing of it to release
(spacewiki's ``app.py``, whose ``model.py`` keeps ``g._database`` and gets its own
``@BLUEPRINT.teardown_app_request``). Each rejection is checked with the gates open (no output),
and each near miss the planner acts on is let through; the module itself is still accepted."""

from __future__ import annotations

from functools import partial

import pytest

from gate_checks import lay_out, output_on_disk_with_gates_open, project_gate_on_disk

NAME = "teardown"

_asks = partial(project_gate_on_disk, NAME)  # (folder, module) -> the project gate's answer
_output = partial(output_on_disk_with_gates_open, NAME)  # (folder, module) -> what it does, gates open

KEEPING = (
    "import sqlite3\nfrom flask import g, Blueprint\n\n"
    "BLUEPRINT = Blueprint('model', __name__)\n\n"
    "@BLUEPRINT.before_app_request\ndef get_db():\n    if 'db' not in g:\n        g.db = sqlite3.connect('wiki.db')\n"
)
FACTORY_APP = (
    "from flask import Flask\nfrom wiki import model\n\n"
    "def create_app():\n    app = Flask(__name__)\n    app.register_blueprint(model.BLUEPRINT)\n    return app\n"
)
MODULE_APP = "from flask import Flask\nfrom wiki import model\n\napp = Flask(__name__)\napp.register_blueprint(model.BLUEPRINT)\n"


@pytest.mark.parametrize("app", [FACTORY_APP, MODULE_APP], ids=["factory", "module-level-app"])
def test_an_app_whose_module_registers_its_own_handler_is_rejected_rightly(tmp_path, app):
    folder = lay_out(tmp_path, {"wiki/__init__.py": "", "wiki/model.py": KEEPING, "wiki/app.py": app})
    assert _output(folder, "wiki/app.py") == []
    assert not _asks(folder, "wiki/app.py")
    # the module itself gets the handler on its blueprint
    assert _output(folder, "wiki/model.py") != []
    assert _asks(folder, "wiki/model.py")


NO_PLACE_KEEPING = (
    "import sqlite3\nfrom flask import g, Blueprint\n\n"
    "def get_db():\n    if 'db' not in g:\n        g.db = sqlite3.connect('wiki.db')\n    return g.db\n"
)
USING_APP = "from flask import Flask\nfrom wiki.model import get_db\n\napp = Flask(__name__)\n"


@pytest.mark.parametrize(
    "model",
    [
        # no blueprint: nowhere to register there, so the app that imports it releases g.db
        NO_PLACE_KEEPING,
        # a blueprint made in a function only: no module-level place (find_placement)
        NO_PLACE_KEEPING + "\ndef make():\n    return Blueprint('model', __name__)\n",
        # an app of its own made for its paths only, serving nothing: the planner takes the module
        # for the app's helper (``_helpers_own_app``), and the app that imports it releases g.db
        NO_PLACE_KEEPING.replace("Blueprint", "Flask") + "\napp = Flask(__name__)\n",
    ],
    ids=["no-blueprint", "blueprint-in-a-function", "helper-app"],
)
def test_a_near_miss_of_a_module_with_its_own_place_is_let_through(tmp_path, model):
    folder = lay_out(tmp_path, {"wiki/__init__.py": "", "wiki/model.py": model, "wiki/app.py": USING_APP})
    assert _output(folder, "wiki/app.py") != []
    assert _asks(folder, "wiki/app.py")
