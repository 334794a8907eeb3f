"""gunicorn-config's proof that no module-level container is changed at run time reaches
every module the parser-based rule could flag (review 23b): a container made under a
module-level ``if:`` or ``try:`` is made at module level too; a module that cannot be read
(not UTF-8 text, or too large to read) is no proof of absence; a container of one module
changed from another (``from models import users``, ``models.users[k] = v``) is state."""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

FILES = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n"}
APP = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/')\ndef index():\n    return 'hi'\n"
WRITER = "\n\ndef handle(key, value):\n    store[key] = value\n"


def run(source: str, files: dict[str, str]):
    result = run_codemods(source, "gunicorn-config", files={**FILES, **files}, path="app.py")
    assert result.error is None, result.error
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


@pytest.mark.parametrize(
    "setup",
    [
        "try:\n    import redis\n    store = None\nexcept ImportError:\n    store = {}\n",
        "if True:\n    store = {}\n",
        "store = None\nif True:\n    store = dict()\n",
        "cache = store = {}\n",
        "store = (\n    {}\n)\n",
    ],
)
def test_a_container_made_in_a_module_level_block_is_found(setup):
    result, created = run(APP, {"models.py": setup + WRITER})
    assert created == {}
    [message] = finding_messages(result)
    assert "store (models.py:" in message and "nothing generated" in message


@pytest.mark.parametrize(
    "text, why",
    [
        (None, "cannot be decoded"),  # not UTF-8: a Python 2 module with a latin-1 coding cookie
        ("users = {}\n" + "#" * 1_000_001 + "\n" + WRITER.replace("store", "users"), "too large"),
    ],
)
def test_an_application_module_that_cannot_be_read_gets_no_file(text, why):
    result, created = run(APP, {"oauth/models.py": text})
    assert created == {}
    [message] = finding_messages(result)
    assert "oauth/models.py" in message and why in message and "nothing generated" in message


def test_a_test_module_that_cannot_be_decoded_says_nothing_of_the_app():
    result, created = run(APP, {"tests/test_old.py": None})
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)


VIEW = "\n\n@app.route('/login/<name>')\ndef login(name):\n    {change}\n    return 'ok'\n"


@pytest.mark.parametrize(
    "imports, change, files",
    [
        # the name imported from the module that makes it
        ("from models import users", "users[name] = 1", {"models.py": "users = {}\n"}),
        ("from models import users as people", "people.setdefault(name, []).append(1)", {"models.py": "users = {}\n"}),
        # the module imported, the container reached through it
        ("import models", "models.users[name] = 1", {"models.py": "users = {}\n"}),
        ("import pkg.models", "pkg.models.users[name] = 1", {"pkg/__init__.py": "", "pkg/models.py": "users = {}\n"}),
        ("from pkg import models", "models.users.append(name)", {"pkg/__init__.py": "", "pkg/models.py": "users = []\n"}),
        # re-exported by a package
        ("from pkg import users", "users[name] = 1", {"pkg/__init__.py": "from .models import users\n", "pkg/models.py": "users = {}\n"}),
        # the origin cannot tell what the name is (a star import): in doubt, state
        ("from pkg import users", "users[name] = 1", {"pkg/__init__.py": "from .models import *\n", "pkg/models.py": "users = {}\n"}),
    ],
)
def test_a_container_of_another_module_changed_in_a_view_gets_no_file(imports, change, files):
    source = APP.replace("from flask import Flask\n", f"from flask import Flask\n{imports}\n") + VIEW.format(change=change)
    result, created = run(source, files)
    assert created == {}
    [message] = finding_messages(result)
    assert "written at app.py:" in message and "nothing generated" in message


@pytest.mark.parametrize(
    "imports, change, files",
    [
        # not a container where it is made: a database session, a proxy
        ("from models import db", "db.add(name)", {"models.py": "db = make_session()\n"}),
        # not a module of the project
        ("from collections import defaultdict", "defaultdict[name] = 1", {}),
        # a local of the view with the same name
        ("from models import users", "users = {}; users[name] = 1", {"models.py": "users = {}\n"}),
    ],
)
def test_names_of_other_modules_that_are_no_container_leave_the_file(imports, change, files):
    source = APP.replace("from flask import Flask\n", f"from flask import Flask\n{imports}\n") + VIEW.format(change=change)
    result, created = run(source, files)
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)


# filled where the entry is missing, with a value made from the key alone (review 23c: a value
# the caller hands over, ``{name}[key] = value``, may be the request's and proves no cache)
FILLED_WHEN_MISSING = "\n\ndef put(key):\n    if key not in {name}:\n        {name}[key] = str(key).upper()\n"


@pytest.mark.parametrize("name", ["memory", "memorial_pages", "cachet_users", "memoranda"])
def test_a_name_that_only_contains_cache_or_memo_is_no_cache(name):
    """The cache exemption reads whole words of the name: ``memory`` is a store, not a memo."""
    result, created = run(APP, {"models.py": f"{name} = {{}}" + FILLED_WHEN_MISSING.format(name=name)})
    assert created == {}
    assert f"{name} (models.py:1)" in finding_messages(result)[0]


@pytest.mark.parametrize("name", ["_cache", "PAGE_CACHE", "pageCache", "cached_pages", "_memo", "memos_by_key"])
def test_a_name_with_the_word_cache_or_memo_is_a_cache(name):
    result, created = run(APP, {"models.py": f"{name} = {{}}" + FILLED_WHEN_MISSING.format(name=name)})
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)


def test_a_container_made_as_a_class_attribute_and_changed_at_run_time_is_state():
    module = "class Store:\n    users = {}\n\n\ndef login(name):\n    Store.users[name] = 1\n"
    result, created = run(APP, {"models.py": module})
    assert created == {}
    assert "Store.users (models.py:2), written at models.py:6" in finding_messages(result)[0]
    # filled in the class body only: at import
    module = "class Store:\n    users = {}\n    users['admin'] = 1\n\n\ndef read(name):\n    return Store.users[name]\n"
    result, created = run(APP, {"models.py": module})
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)


def test_a_helper_a_view_calls_that_rebinds_a_global_is_state():
    source = APP + "\n\ncount = 0\n\n\ndef bump():\n    global count\n    count += 1\n\n\n@app.get('/hit')\ndef hit():\n    bump()\n    return str(count)\n"
    result, created = run(source, {})
    assert created == {}
    assert "global count" in finding_messages(result)[0]
    # a helper no view calls (a setup run at import) says nothing
    source = APP + "\n\nconfig = None\n\n\ndef configure():\n    global config\n    config = {'a': 1}\n\n\nconfigure()\n"
    result, created = run(source, {})
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)
