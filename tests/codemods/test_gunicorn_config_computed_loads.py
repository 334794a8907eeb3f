"""gunicorn-config: a module the app loads by a name it computes runs in the server's process.

Session 38 made a module that does not parse count only where the server's process may load
it (``_process_modules``): the modules its entries reach through import statements, or load by
a name a module of the process spells whole in a string. A plugin loader
(``importlib.import_module("shop.plugins." + name)``, redwind's shape) spells no plugin's name
whole, so a Python 2 plugin that keeps users in a module-level dict no longer blocked the file:
``gunicorn.conf.py`` with several workers was written for an app whose state the codemod could
not read. The process now loads what such a name may name (``_computed_imports``): every
module under its literal start, any module where the code spells none of it. (A plugin
whose name a module of the process spells in a string, ``["login", "feed"]``, was followed
already: here the names come from the settings.)
"""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

FILES = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n"}

APP = """\
import importlib

from flask import Flask

app = Flask(__name__)

for name in app.config.get("PLUGINS", ()):
    {LOAD}.register(app)
"""

# a Python 2 plugin keeping its users in the worker's memory
PLUGIN = "users = {}\n\n\ndef register(app):\n    print 'registering', app.name\n"


def run(load: str, files: dict[str, str]):
    result = run_codemods(APP.replace("{LOAD}", load), "gunicorn-config", files={**FILES, **files}, path="app.py")
    assert result.error is None, result.error
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


PLUGINS = {"plugins/__init__.py": "", "plugins/login.py": PLUGIN, "plugins/feed.py": "def register(app):\n    pass\n"}


@pytest.mark.parametrize(
    "load",
    [
        'importlib.import_module("plugins." + name)',
        'importlib.import_module(f"plugins.{name}")',
        '__import__("plugins.%s" % name, fromlist=["register"])',
        "importlib.import_module(app.config['PLUGINS'] + '.' + name)",  # a name not told: any module
    ],
    ids=["sum", "f-string", "dunder-import", "not-told"],
)
def test_a_plugin_that_does_not_parse_loaded_by_a_computed_name_gets_no_file(load):
    result, created = run(load, PLUGINS)
    assert created == {}, finding_messages(result)
    [message] = finding_messages(result)
    assert "plugins/login.py cannot be read" in message, message


def test_a_computed_name_under_another_package_leaves_the_plugin_out_of_the_process():
    files = {**PLUGINS, "themes/__init__.py": "", "themes/dark.py": "def register(app):\n    pass\n"}
    result, created = run('importlib.import_module("themes." + name)', files)
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)


def test_a_module_only_a_name_not_told_may_load_is_named_with_that_call():
    """twxplorer: ``importlib.import_module(settings_module)``, the settings module named by an
    environment variable, may be any module: the Python 2 cron script ``clean.py`` too."""
    result, created = run("importlib.import_module(app.config['PLUGINS'] + '.' + name)", PLUGINS)
    [message] = finding_messages(result)
    assert "app.py:8 loads a module by a name it computes at run time, which may be this one" in message, message


def test_a_module_the_process_imports_is_named_before_one_a_name_not_told_may_load():
    """fbone, purchasing-suite, xichuangzhu: a module the app imports that does not parse is
    named as before, not a script (``fabfile.py``) only a name not told may load."""
    files = {**PLUGINS, "plugins/login.py": "def register(app):\n    pass\n", "aaa_fabfile.py": "print 'deploy'\n",
             "helpers.py": "print 'helping'\n"}
    app = APP.replace("import importlib\n", "import importlib\n\nimport helpers  # noqa\n")
    result = run_codemods(app.replace("{LOAD}", "importlib.import_module(app.config['PLUGINS'] + '.' + name)"), "gunicorn-config",
                          files={**FILES, **files}, path="app.py")
    [message] = finding_messages(result)
    assert "gunicorn-config: helpers.py cannot be read (it does not parse as Python 3): whether" in message, message


# -- a settings module named by an environment variable (twxplorer) ---------------------------

SETTINGS_APP = """\
import importlib
import os

from flask import Flask

settings_module = os.environ.get("FLASK_SETTINGS_MODULE")
importlib.import_module(settings_module)

app = Flask(__name__)
"""

# a Python 2 cron script next to the app, run by hand, never by the server
CLEAN = "import os\n\nos.environ['FLASK_SETTINGS_MODULE'] = 'core.settings.loc'\nprint 'cleaning'\n"
SETTINGS = {"core/__init__.py": "", "core/settings.py": "DEBUG = False\n", "clean.py": CLEAN}


def _settings_run(files: dict[str, str], app: str = SETTINGS_APP):
    result = run_codemods(app, "gunicorn-config", files={**FILES, **SETTINGS, **files}, path="app.py")
    assert result.error is None, result.error
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


@pytest.mark.parametrize(
    "deployment",
    [
        {"clean-prd.sh": "export FLASK_SETTINGS_MODULE='core.settings.prd'\npython -u clean.py --days=2\n"},
        {"env.sh.example": "export  FLASK_SETTINGS_MODULE=core.settings.dev\n"},
        {"deploy/config.yml": "env:\n  FLASK_SETTINGS_MODULE: \"core.settings\"\n"},
        {"Dockerfile": "FROM python:3.11\nENV FLASK_SETTINGS_MODULE core.settings\n"},
        {"conf/wsgi.py": "import os\nos.environ.setdefault('FLASK_SETTINGS_MODULE', 'core.settings.prd')\n"},
    ],
    ids=["script", "env-example", "yaml", "dockerfile", "setdefault"],
)
def test_a_settings_module_the_deployment_names_leaves_a_script_out_of_the_process(deployment):
    result, created = _settings_run(deployment)
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)


@pytest.mark.parametrize(
    "deployment",
    [
        {},  # named nowhere: any module
        {"deploy/run.sh": "export FLASK_SETTINGS_MODULE=$SETTINGS\n"},  # named by another variable
        {"deploy/run.sh": "export FLASK_SETTINGS_MODULE=clean\n"},  # the deployment names the script itself
    ],
    ids=["nowhere", "computed", "the-script"],
)
def test_a_settings_module_not_told_or_told_to_be_the_script_keeps_the_file_back(deployment):
    result, created = _settings_run(deployment)
    assert created == {}, finding_messages(result)
    [message] = finding_messages(result)
    assert "clean.py cannot be read" in message, message
