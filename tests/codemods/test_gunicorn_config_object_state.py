"""gunicorn-config writes worker recycling only where it can show that no value one request
leaves in the process is read by a later one (review 23c). State is not only a module-level
dict: an object's attributes (``store = Store()`` whose methods set ``self.items[k]``), a
module's attribute changed from another (``models.count += 1``), a container reached through
an alias (``u = m.users``) or a getter (``get_users()[k] = v``), a tuple or ``for`` target.
An exemption must be proved: a cache fills an entry with a value made from its key alone, a
lazy initialisation fills with a value made from nothing the request gives. A Celery worker's
functions (signal handlers, tasks) run in the Celery worker, not the web server."""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

FILES = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n"}
HEAD = "from flask import Flask, request\n\n{imports}\napp = Flask(__name__)\n{setup}\n\n"
VIEW = "@app.route('/add/<k>', methods=['POST'])\ndef add(k):\n    {change}\n    return 'ok'\n"


def run(source: str, files: dict[str, str] | None = None):
    result = run_codemods(source, "gunicorn-config", files={**FILES, **(files or {})}, path="app.py")
    assert result.error is None, result.error
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


def app(change: str, setup: str = "", imports: str = "") -> str:
    return HEAD.format(imports=imports, setup=setup) + VIEW.format(change=change)


STORE = "class Store:\n    def __init__(self):\n        self.items = {}\n\n    def add(self, k, v):\n        self.items[k] = v\n\n\nstore = Store()\n"

STATE = {
    "an object's method stores on self": (app("store.add(k, 1)", setup=STORE), {}),
    "an object's method appends on self": (
        app("store.add(k, 1)", setup=STORE.replace("self.items = {}", "self.items = []").replace("self.items[k] = v", "self.items.append(v)")),
        {},
    ),
    "an object of another module": (app("models.store.add(k, 1)", imports="import models\n"), {"models.py": STORE}),
    "an object's attribute written from a view": (app("models.store.items[k] = 1", imports="import models\n"), {"models.py": STORE}),
    "a module's attribute counted from another": (app("models.count += 1", imports="import models\n"), {"models.py": "count = 0\n"}),
    "a namespace's attribute": (app("state.last = k", setup="state = SimpleNamespace(last=None)", imports="from types import SimpleNamespace\n"), {}),
    "a config value set by a view": (app("app.config['MAINTENANCE'] = bool(k)"), {}),
    "a module-level alias of another module's dict": (
        app("u[k] = 1", setup="u = m.users", imports="import models as m\n"),
        {"models.py": "users = {}\n"},
    ),
    "a local alias": (app("store = users\n    store[k] = True", setup="users = {}"), {}),
    "a getter's dict": (
        app("models.get_users()[k] = 1", imports="import models\n"),
        {"models.py": "_users = {}\n\n\ndef get_users():\n    return _users\n"},
    ),
    "a tuple target": (app("users[k], n = 1, 2", setup="users = {}"), {}),
    "a for target": (app("for users[k] in range(3):\n        pass", setup="users = {}"), {}),
    "containers made by one tuple assignment": (app("posts.append(k)", setup="users, posts = {}, []"), {}),
    "an object in a container": (
        app("rooms['lobby'].members.append(k)", setup="class Room:\n    def __init__(self):\n        self.members = []\n\n\nrooms = {'lobby': Room()}"),
        {},
    ),
    "a 'cache' that stores what the request says": (
        app("if k in session_cache:\n        return 'already'\n    session_cache[k] = request.args['name']", setup="session_cache = {}"),
        {},
    ),
    "a 'cache' whose entry is a fresh store": (
        app("if k not in _memo:\n        _memo[k] = {'items': []}\n    _memo[k]['items'].append(1)", setup="_memo = {}"),
        {},
    ),
    "a first-come fill of an empty list": (app("if not admins:\n        admins.append(k)", setup="admins = []"), {}),
    "a global set once from the request": (app("global owner\n    if owner is None:\n        owner = k", setup="owner = None"), {}),
}


@pytest.mark.parametrize("case", list(STATE))
def test_state_kept_in_the_process_gets_no_file_and_a_finding(case):
    source, files = STATE[case]
    result, created = run(source, files)
    assert created == {}, case
    [message] = finding_messages(result)
    assert "nothing generated" in message and "between requests" in message, message


STATELESS = {
    "a real cache: the value is made from the key": app(
        "if k not in page_cache:\n        page_cache[k] = k.upper()\n    return page_cache[k]", setup="page_cache = {}"
    ),
    "a lazy fill from nothing the request gives": app("if not names:\n        names.extend(load())", setup="names = []\n\n\ndef load():\n    return ['a']"),
    "an object made per request": app("s = Store()\n    s.add(k, 1)", setup=STORE.replace("store = Store()\n", "")),
    "a local object's attribute": app("user = User()\n    user.name = k", setup="class User:\n    name = None"),
    "a constant setting": app("app.config['JSON_SORT_KEYS'] = False"),
    "a cache filled only as the app loads": app("pass").replace(
        "@app.route", "schema_cache = {}\n\n\ndef collection(schema, extra=None):\n    if schema in schema_cache:\n"
        "        return schema_cache[schema]\n    made = (schema, extra)\n    schema_cache[schema] = made\n    return made\n\n\n"
        "def paginated(schema):\n    def inner(f):\n        collection(schema, extra=1)\n        return f\n\n    return inner\n\n\n"
        "@paginated('users')\n@app.route",
    ),
    "a global set once from nothing the request gives": app(
        "global owner\n    if owner is None:\n        owner = load()", setup="owner = None\n\n\ndef load():\n    return 'a'"
    ),
    "a Celery signal handler's context": (
        "from celery import Celery, signals\nfrom flask import Flask\n\ncelery = Celery('x')\napp = Flask(__name__)\ncontext = {}\n\n\n"
        "@signals.task_prerun.connect\ndef push(task_id, task, *args, **kwargs):\n    context[task_id] = app.app_context()\n\n\n"
        "@signals.task_postrun.connect\ndef pop(task_id, task, *args, **kwargs):\n    context.pop(task_id, None)\n\n\n"
        "@app.get('/')\ndef index():\n    return 'hi'\n"
    ),
    "a Celery task's counter": (
        "from celery import shared_task\nfrom flask import Flask\n\napp = Flask(__name__)\nseen = []\n\n\n"
        "@shared_task\ndef work(x):\n    seen.append(x)\n\n\n@app.get('/')\ndef index():\n    return 'hi'\n"
    ),
}


@pytest.mark.parametrize("case", list(STATELESS))
def test_what_keeps_nothing_between_requests_still_gets_the_file(case):
    result, created = run(STATELESS[case])
    assert list(created) == ["gunicorn.conf.py"], (case, finding_messages(result))
    assert "max_requests" in created["gunicorn.conf.py"]
