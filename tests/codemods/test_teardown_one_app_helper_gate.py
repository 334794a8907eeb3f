"""teardown's project gate on a helper module that keeps a connection on ``g`` but has no place
of its own to register a handler (no app, blueprint, factory or ``init_app``: ``find_placement``
says ``NO_PLACE``) and that exactly one app of the project imports: the planner leaves it to
that app's handler and says nothing (``_Planner._elsewhere``), so the gate asks the planner's
own ``Project.apps_using`` and ``Project.teardowns`` and turns it away (wp1's ``web/redis.py``
and ``web/storage.py``, ``setattr(flask.g, "redis", Redis(...))``). Each rejection is checked
with the gates open (no output); each near miss the planner reports on is let through."""

from __future__ import annotations

import pytest

from gate_checks import lay_out, output_on_disk_with_gates_open, project_gate_on_disk

NAME = "teardown"

HELPER = (
    "import flask\nfrom redis import Redis\n\n"
    "def get_redis():\n    if not hasattr(flask.g, 'redis'):\n        setattr(flask.g, 'redis', Redis())\n"
    "    return getattr(flask.g, 'redis')\n"
)
APP = (
    "from flask import Flask\nfrom web.helper import get_redis\n\n"
    "def create_app():\n    app = Flask(__name__)\n\n"
    "    @app.route('/')\n    def index():\n        return str(get_redis().get('x'))\n\n"
    "    return app\n"
)
SECOND_APP = "from flask import Flask\nfrom web.helper import get_redis\n\napp = Flask(__name__)\n"
# a teardown handler of the app that uses g.redis without closing it: the planner says so
USING_HANDLER = APP.replace(
    "    return app\n",
    "    @app.teardown_request\n    def log_redis(exc):\n        print(flask.g.redis)\n\n    return app\n",
).replace("from flask import Flask\n", "import flask\nfrom flask import Flask\n")


def test_a_helper_that_one_app_imports_is_rejected_rightly(tmp_path):
    folder = lay_out(tmp_path, {"web/__init__.py": "", "web/helper.py": HELPER, "web/app.py": APP})
    assert _output(folder, "web/helper.py") == []
    assert not _asks(folder, "web/helper.py")


@pytest.mark.parametrize(
    "files",
    [
        # no app imports it: a finding says nothing closes g.redis
        {"web/__init__.py": "", "web/helper.py": HELPER},
        # two apps import it: which one should close it is unclear
        {"web/__init__.py": SECOND_APP, "web/helper.py": HELPER, "web/app.py": APP},
        # the one app's teardown handler uses it without closing it
        {"web/__init__.py": "", "web/helper.py": HELPER, "web/app.py": USING_HANDLER},
        # a blueprint of its own: the handler goes there
        {
            "web/__init__.py": "",
            "web/helper.py": HELPER + "\nbp = flask.Blueprint('helper', __name__)\n",
            "web/app.py": APP,
        },
    ],
    ids=["no-app", "two-apps", "handler-uses-it", "own-blueprint"],
)
def test_a_near_miss_the_planner_acts_on_is_let_through(tmp_path, files):
    folder = lay_out(tmp_path, files)
    assert _output(folder, "web/helper.py") != []
    assert _asks(folder, "web/helper.py")


def test_below_flask_0_9_the_helper_is_let_through(tmp_path):
    # no teardown_appcontext: the planner reports what no handler releases
    files = {"requirements.txt": "Flask==0.8\n", "web/__init__.py": "", "web/helper.py": HELPER, "web/app.py": APP}
    folder = lay_out(tmp_path, files)
    assert _output(folder, "web/helper.py") != []
    assert _asks(folder, "web/helper.py")


def _asks(folder, name: str) -> bool:
    return project_gate_on_disk(NAME, folder, name)


def _output(folder, name: str) -> list[str]:
    return output_on_disk_with_gates_open(NAME, folder, name)
