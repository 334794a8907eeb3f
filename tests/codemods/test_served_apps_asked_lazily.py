"""Which apps of a module serve requests (``_served_apps.classify_apps``: teardown's helper
apps, gunicorn-config's served app, the config codemods' apps): the cheap signs first. An
app in an entry module (``app.py``, ``wsgi.py``, ...) or one with a view is served, whatever
else the module does with it: the module's walks for the attributes read on each app and the
apps handed to a call under ``__main__`` are made only for an app those signs leave undecided
(issue 19, session 42: on the generated corpus, where every app has views, those walks were
half of teardown's check of its helper apps). The sorting stays what reading everything gives."""

from __future__ import annotations

import libcst as cst

from flask_codemod.codemods import _metadata, _served_apps
from flask_codemod.codemods._app_config import distinct_apps
from flask_codemod.codemods._flask import FLASK_METADATA, FlaskIndex

SHAPES = {
    "a view": "from flask import Flask\napp = Flask(__name__)\n\n@app.route('/')\ndef home():\n    return 'hi'\n",
    "run": "from flask import Flask\napp = Flask(__name__)\napp.run()\n",
    "a script's": "from flask import Flask\napp = Flask(__name__)\nwith app.app_context():\n    pass\n",
    "no sign": "from flask import Flask\napp = Flask(__name__)\napp.config['X'] = 1\n",
    "handed over": "from flask import Flask\napp = Flask(__name__)\nif __name__ == '__main__':\n    serve(app)\n",
    "a factory's": "from flask import Flask\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n",
    "two apps": (
        "from flask import Flask\nsite = Flask('site')\nadmin = Flask('admin')\n\n@site.route('/')\n"
        "def home():\n    return 'hi'\n\nadmin.run()\n"
    ),
}


def _sorted(code: str, path: str) -> tuple[list[str], list[str]]:
    wrapper = _metadata.new_wrapper(cst.parse_module(code), unique=True)
    _metadata.resolve(wrapper, FLASK_METADATA)
    index = FlaskIndex.build(wrapper)
    uses = _served_apps.classify_apps(wrapper, index, distinct_apps(index), path)
    return [app.name for app in uses.served], [app.name for app in uses.unclear]


def test_apps_are_sorted_by_what_the_module_does_with_them():
    found = {shape: _sorted(code, "shop/store.py") for shape, code in SHAPES.items()}
    assert found == {
        "a view": (["app"], []),
        "run": (["app"], []),
        "a script's": ([], []),
        "no sign": ([], ["app"]),
        "handed over": (["app"], []),
        "a factory's": (["app"], []),
        "two apps": (["site", "admin"], []),
    }
    assert _sorted(SHAPES["no sign"], "shop/wsgi.py") == (["app"], [])  # an entry module's app


def test_an_app_with_a_view_or_in_an_entry_module_asks_for_no_walk(monkeypatch):
    walks: list = []
    for name in ("_attributes_used", "_passed_when_run_as_main"):
        real = getattr(_served_apps, name)
        monkeypatch.setattr(_served_apps, name, lambda *args, real=real, name=name: walks.append(name) or real(*args))
    assert _sorted(SHAPES["a view"], "shop/store.py") == (["app"], []) and walks == []
    assert _sorted(SHAPES["a script's"], "shop/app.py") == (["app"], []) and walks == []
    assert _sorted(SHAPES["run"], "shop/store.py") == (["app"], []) and walks == ["_attributes_used"]
