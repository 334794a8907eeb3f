"""gunicorn-config: a write in a method that a view reaches through an object's method
(sso-dashboard: the dashboard view calls ``app_list.sync_config()``, a module-level
``CDNTransfer`` object, whose ``sync_config`` calls ``self._load_apps_yml()``, which writes
``self.apps_yml``). The finding said "by a function no request is seen to run": false, the
view runs it. The object's class is not followed (whose ``sync_config`` it is, its name does not
tell), so the finding now says what is true: the method the view calls by that name reaches the
write, and whether a request runs it is not told."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

FILES = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n"}

TILE = """\
import os


class CDNTransfer:
    def __init__(self, folder):
        self.folder = folder
        self.apps_yml = None
        self.sync_config()

    def _load_apps_yml(self):
        with open(os.path.join(self.folder, "apps.yml")) as file:
            self.apps_yml = file.read()

    def sync_config(self):
        if not self.apps_yml:
            self._load_apps_yml()
"""

APP = """\
from flask import Flask

from tile import CDNTransfer

app = Flask(__name__)
app_list = CDNTransfer("data")


@app.get("/dashboard")
def dashboard():
    app_list.sync_config()
    return app_list.apps_yml
"""


def run(source: str, tile: str = TILE):
    result = run_codemods(source, "gunicorn-config", files={**FILES, "tile.py": tile}, path="app.py")
    assert result.error is None, result.error
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


def test_a_write_a_view_reaches_through_an_objects_method_is_not_said_to_run_by_no_request():
    result, created = run(APP)
    assert created == {}
    [message] = finding_messages(result)
    assert "self.apps_yml of a CDNTransfer object" in message and "tile.py:12" in message, message
    assert "no request is seen to run" not in message, message
    assert "by a method that sync_config() reaches" in message, message


def test_a_method_nothing_calls_by_name_is_still_said_to_run_by_no_request_seen():
    result, created = run(APP.replace("    app_list.sync_config()\n", ""))
    assert created == {}
    [message] = finding_messages(result)
    assert "no request is seen to run" in message, message


def test_a_method_used_as_a_views_decorator_runs_at_import_not_by_a_request():
    """dedupe-api: ``@tracker.include`` on a view calls ``include`` once, as the view is defined."""
    tracker = "class Tracker:\n    def __init__(self):\n        self.views = set()\n\n    def include(self, view):\n        self.views.add(view.__name__)\n        return view\n"
    app = (
        "from flask import Flask\n\nfrom tile import Tracker\n\napp = Flask(__name__)\ntracker = Tracker()\n\n\n"
        "@app.get('/')\n@tracker.include\ndef index():\n    return 'hi'\n"
    )
    result, created = run(app, tracker)
    assert created == {}
    [message] = finding_messages(result)
    assert "a method a view or request hook calls" not in message and "no request is seen to run" in message, message
