"""gunicorn-config: a set-up function defined in one module and registered in another
(``app.before_first_request(get_plugins)`` after ``from core.plugins import get_plugins``:
yeti; ``bp.record(setup.record_params)``) runs as the app is set up, in every process alike,
as one registered in its own module does (session 38's rule followed registrations only there).
The modules that import the function's module are read through the shared reading of the
project's imports: a module-level call of a set-up method of a module-level ``Flask(...)`` or
``Blueprint(...)``, naming the function as that module imports it. Anything else that names it
(a view calling it too) still makes it a write at run time: the safe side."""

from __future__ import annotations

import pytest

from helpers import finding_messages, forget_packages, import_package, run_codemods, write_package

PLUGINS = """\
PLUGINS = {}


def load_plugins(setup_state=None):
    PLUGINS["tz"] = "utc"
    PLUGINS["names"] = ["a", "b"]
"""

BY_NAME = """\
from flask import Flask

from shop.plugins import load_plugins, PLUGINS

app = Flask(__name__)
app.before_first_request(load_plugins)


@app.get("/tz")
def tz():
    return PLUGINS["tz"]
"""

BY_MODULE = """\
from flask import Flask

from shop import plugins

app = Flask(__name__)
app.before_first_request(plugins.load_plugins)


@app.get("/tz")
def tz():
    return plugins.PLUGINS["tz"]
"""

RECORDED = """\
from flask import Blueprint, Flask

from shop import plugins

api = Blueprint("api", __name__)
api.record_once(plugins.load_plugins)


@api.get("/tz")
def tz():
    return plugins.PLUGINS["tz"]


app = Flask(__name__)
app.register_blueprint(api)
"""

FILES = {"requirements.txt": "flask==2.2.5\ngunicorn\n", "Procfile": "web: gunicorn shop.app:app\n", "shop/__init__.py": ""}


def run(app: str, plugins: str = PLUGINS):
    files = {**FILES, "shop/plugins.py": plugins, "shop/app.py": app}
    result = run_codemods(app, "gunicorn-config", project=files, path="shop/app.py", dedent=False)
    assert result.error is None, result.error
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


def _kept_between_requests(result) -> bool:
    return any("PLUGINS" in m and "between requests" in m for m in finding_messages(result))


@pytest.mark.parametrize("app", [BY_NAME, BY_MODULE, RECORDED], ids=["by-name", "by-module", "record_once"])
def test_a_set_up_function_registered_in_another_module_is_set_up_not_state(app) -> None:
    result, created = run(app)
    assert not _kept_between_requests(result), finding_messages(result)
    assert list(created) == ["gunicorn.conf.py"]


def test_a_set_up_function_a_view_calls_too_writes_at_run_time() -> None:
    app = BY_MODULE.replace('    return plugins.PLUGINS["tz"]\n', '    plugins.load_plugins()\n    return plugins.PLUGINS["tz"]\n')
    result, created = run(app)
    assert created == {}
    assert _kept_between_requests(result), finding_messages(result)


def test_registered_on_something_else_is_not_known_to_run_at_set_up() -> None:
    app = BY_MODULE.replace("from shop import plugins", "from shop import plugins\nfrom metrics import recorder")
    result, created = run(app.replace("app.before_first_request(plugins.load_plugins)", "recorder.before_first_request(plugins.load_plugins)"))
    assert created == {}
    assert _kept_between_requests(result), finding_messages(result)


def test_the_recorded_function_of_another_module_runs_as_the_app_is_set_up(tmp_path, monkeypatch) -> None:
    """The premise, run: ``api.record_once(plugins.load_plugins)`` fills the other module's value
    as the blueprint is registered, before any request, in each process that imports the app."""
    monkeypatch.syspath_prepend(str(tmp_path))
    name = write_package(tmp_path, {"__init__.py": "", "plugins.py": PLUGINS, "app.py": RECORDED.replace("from shop import", "from {PKG} import")})
    try:
        module = import_package(name, "app")
        assert import_package(name, "plugins").PLUGINS == {"tz": "utc", "names": ["a", "b"]}
        assert module.app.test_client().get("/tz").text == "utc"
    finally:
        forget_packages([name])
