"""gunicorn-config and per-process state kept in a module-level container (the realworld
corpus: realms-wiki keeps its OAuth users in ``users = {}`` of oauth/models.py, filled at login
by ``users[user.auth_id] = user`` and read by the user loader: each worker max_requests
recycles logs every OAuth user out). A container made at module level and changed from inside
a function at run time is a value one request leaves for another, as a rebound global is: no
file, and a finding names the container and where it is written. Only a cache is exempt,
told conservatively: named a cache, and only filled where an entry is missing (or emptied).

A project-wide proof that no such state exists cannot be made when a module of the
application code cannot be read (realms' oauth/models.py is Python 2): no file, and a finding
names the module."""

from __future__ import annotations

import sys

import pytest

from helpers import finding_messages, run_codemods

FILES = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n"}

USERS_IN_A_DICT = """\
from flask import Flask, session

app = Flask(__name__)
users = {}


@app.route("/login/<name>")
def login(name):
    users[name] = {"name": name}
    session["uid"] = name
    return "logged in"


@app.route("/me")
def me():
    user = users.get(session.get("uid"))
    return user["name"] if user else ("anonymous", 401)
"""

APP = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/')\ndef index():\n    return 'hi'\n"


def run(source: str, files: dict[str, str]):
    result = run_codemods(source, "gunicorn-config", files={**FILES, **files}, path="app.py")
    assert result.error is None, result.error
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


def _module(setup: str, body: str) -> str:
    return f"{setup}\n\n\ndef handle(key, value):\n" + "".join(f"    {line}\n" for line in body.splitlines())


@pytest.mark.parametrize(
    "module, where",
    [
        (_module("users = {}", "users[key] = value"), "users (models.py:1), written at models.py:5"),
        (_module("seen = []", "seen.append(value)"), "seen (models.py:1), written at models.py:5"),
        (_module("tokens = set()", "tokens.add(value)"), "tokens (models.py:1), written at models.py:5"),
        (_module("sessions = dict()", "sessions.update({key: value})"), "sessions (models.py:1)"),
        (_module("groups = {}", "groups.setdefault(key, []).append(value)"), "groups (models.py:1)"),
        (_module("users = {}", "del users[key]"), "users (models.py:1), written at models.py:5"),
        (_module("users = {}", "return users.pop(key, None)"), "users (models.py:1), written at models.py:5"),
        (_module("seen = []", "return list(map(lambda item: seen.append(item), value))"), "seen (models.py:1)"),
        # a method of a class, a proxy-auth store as realms keeps one
        ("users = {}\n\n\nclass User:\n    def login(self):\n        users[self.id] = self\n", "users (models.py:1), written at models.py:6"),
    ],
)
def test_a_module_level_container_changed_at_run_time_gets_no_file(module, where):
    result, created = run(APP, {"models.py": module})
    assert created == {}
    [message] = finding_messages(result)
    assert where in message and "nothing generated" in message


def test_the_realms_shape_in_the_served_module_itself():
    result, created = run(USERS_IN_A_DICT, {})
    assert created == {}
    [message] = finding_messages(result)
    assert "users (app.py:4), written at app.py:9" in message


@pytest.mark.parametrize(
    "module",
    [
        # filled at import only
        "NAMES = {}\nNAMES['a'] = 1\nfor k in 'bc':\n    NAMES[k] = 2\n",
        # a name local to the function, or a parameter
        _module("users = {}", "users = {}\nusers[key] = value"),
        _module("users = {}", "def inner(users):\n    users[key] = value"),
        # a cache: named one, filled only where the entry is missing
        _module("_cache = {}", "if key not in _cache:\n    _cache[key] = str(key) * 2\nreturn _cache[key]"),
        _module("page_cache = {}", "page_cache.clear()"),
        # the function that creates the app runs while the app loads
        "from flask import Flask\n\nplugins = []\n\n\ndef create_app():\n    app = Flask(__name__)\n    plugins.append(app)\n    return app\n",
        # a constant container read only, also in a lambda
        _module("LIMITS = {'a': 1}", "return LIMITS.get(key, value)"),
        _module("ORDER = ['a', 'b']", "return sorted(value, key=lambda item: ORDER.index(item))"),
    ],
)
def test_containers_not_changed_at_run_time_leave_the_file(module):
    result, created = run(APP, {"models.py": module})
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)


def test_a_cache_filled_without_looking_first_is_state():
    """In doubt it is state: a container named a cache that a request fills unconditionally
    may be all there is of what it holds."""
    module = _module("user_cache = {}", "user_cache[key] = value")
    result, created = run(APP, {"models.py": module})
    assert created == {}
    assert "user_cache (models.py:1)" in finding_messages(result)[0]


# the app loads its OAuth module (realms: the blueprint's views import it)
LOADS_OAUTH = APP.replace("app = Flask(__name__)\n", "app = Flask(__name__)\n\nfrom oauth import models  # noqa\n")


def test_a_module_of_the_application_that_does_not_parse_gets_no_file():
    python2 = "users = {}\n\n\ndef login(user):\n    print 'login', user\n    users[user.id] = user\n"
    for files in ({"oauth/models.py": python2}, {"oauth/models.py": python2, "oauth/views.py": "from . import models\n"}):
        app = LOADS_OAUTH if "oauth/views.py" not in files else APP.replace("app = Flask(__name__)\n", "app = Flask(__name__)\n\nimport oauth.views  # noqa\n")
        result, created = run(app, files)
        assert created == {}
        [message] = finding_messages(result)
        assert "oauth/models.py" in message and "cannot be read" in message and "nothing generated" in message


def test_a_module_that_does_not_parse_counts_where_the_apps_process_may_load_it():
    """A module that cannot be read keeps state only in a process that loads it: one with an
    entry that reaches the app too (``wsgi.py`` importing both), or one the app loads by
    name (``from_object``, ``import_module``)."""
    python2 = "users = {}\n\n\ndef login(user):\n    print 'login', user\n    users[user.id] = user\n"
    both = {"oauth.py": python2, "wsgi.py": "from app import app\nimport oauth  # fills the users\n", "Procfile": "web: gunicorn $APP\n"}
    result, created = run(APP, both)
    assert created == {} and "oauth.py cannot be read" in finding_messages(result)[0]
    by_name = APP + "\n\nimport importlib\n\nimportlib.import_module('oauth')\n"
    result, created = run(by_name, {"oauth.py": python2})
    assert created == {} and "oauth.py cannot be read" in finding_messages(result)[0]
    # where the command does not name the module it starts on, one that takes the app may be it
    entry = {"oauth.py": "from app import app\n\nprint 'serving'\n", "Procfile": "web: gunicorn $APP_MODULE\n"}
    result, created = run(APP, entry)
    assert created == {} and "oauth.py cannot be read" in finding_messages(result)[0]


def test_where_the_command_names_the_module_a_script_taking_the_app_is_no_part_of_its_process():
    """recordtrac: the Procfile starts ``gunicorn -w 3 public_records_portal.prflask:app``;
    ``db_seed.py`` (Python 2) takes the app to fill the database by hand. Gunicorn loads the
    module its command names and what that imports: not the script."""
    seed = "from app import app\n\nprint 'seeding', app.name\n"
    result, created = run(APP, {"db_seed.py": seed})
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)
    loads = APP.replace("app = Flask(__name__)\n", "app = Flask(__name__)\n\nfrom helpers import seeded  # noqa\n")
    result, created = run(loads, {"db_seed.py": seed, "helpers.py": "import db_seed\n\nseeded = True\n"})
    assert created == {} and "db_seed.py cannot be read" in finding_messages(result)[0]


def test_a_python_2_script_nothing_loads_with_the_app_says_nothing_of_it():
    """twxplorer: ``clean.py``, a Python 2 script a cron job runs (``python -u clean.py``),
    imports the project's connection module but nothing that loads the app loads it;
    archive-term: the console commands only its management script imports, beside the web
    app. Neither runs in the app's process: the state of the app is read without them."""
    clean = "import sys\nfrom shop.connection import tweets\n\nif __name__ == '__main__':\n    print 'cleaning'\n"
    files = {"shop/__init__.py": "", "shop/connection.py": "tweets = None\n", "clean.py": clean}
    app = APP.replace("app = Flask(__name__)\n", "app = Flask(__name__)\n\nfrom shop.connection import tweets  # noqa\n")
    result, created = run(app, files)
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)
    console = {
        "console/__init__.py": "from flask import Flask\n\nconsole = Flask(__name__)\n",
        "console/billing.py": "from console import console\n\n\ndef bill():\n    print 'billing'\n",
        "run_console.py": "from console import console\nfrom console.billing import bill\n\nbill()\n",
    }
    result, created = run(APP, console)
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)


def test_a_test_module_that_does_not_parse_says_nothing_of_the_app():
    result, created = run(APP, {"tests/test_old.py": "print 'old'\n"})
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)


REGISTRY = """\
ENUMS = {}


def register(cls):
    ENUMS[cls.__name__] = cls
    return cls
"""


def test_a_registry_filled_by_a_decorator_of_module_level_classes_is_filled_at_import():
    """ctfd: ``@JinjaEnum`` on the classes of its constants modules fills ``JINJA_ENUMS`` as
    they are defined, at import, in every worker alike."""
    user = "from registry import register\n\n\n@register\nclass Colour:\n    RED = 1\n"
    result, created = run(APP, {"registry.py": REGISTRY, "colours.py": user})
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)
    # called from a view, it fills the registry at run time
    caller = "from registry import register\n\n\ndef handle(cls):\n    return register(cls)\n"
    result, created = run(APP, {"registry.py": REGISTRY, "colours.py": user, "views.py": caller})
    assert created == {} and "ENUMS (registry.py:1), written at registry.py:5" in finding_messages(result)[0]


def test_a_container_filled_only_when_found_empty_is_a_lazy_initialisation():
    """oadoi: ``if not _issns:`` then ``_issns.append(...)`` for each row read from the
    database: every worker reads its own."""
    module = _module(
        "import sqlite3\n\n_issns = []",
        "if not _issns:\n    for row in sqlite3.connect(':memory:').execute('select 1'):\n        _issns.append(row)\nreturn _issns",
    )
    result, created = run(APP, {"doaj.py": module})
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="the running Python parses type parameters")
def test_a_module_in_newer_syntax_is_not_called_unparsable_python_3():
    """notifications-api: a decorator with type parameters (``def f[**P, T]``, Python 3.12)
    read by flask-codemod on an older Python. The module is valid Python 3: the finding says
    that the running Python cannot parse it, not that it is no Python 3."""
    newer = "def timed[T](func: T) -> T:\n    return func\n"
    result, created = run(APP.replace("app = Flask(__name__)\n", "app = Flask(__name__)\n\nimport metrics  # noqa\n"), {"metrics.py": newer})
    message = finding_messages(result)[0]
    assert created == {} and "metrics.py cannot be read" in message
    assert "not parse as Python 3)" not in message
    assert "metrics.py cannot be read (it uses Python 3.12 syntax, newer than the running Python" in message, message
