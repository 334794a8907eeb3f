"""dotenv-config: which later loader overrides a default, read by the keys it can set.

openatlas loads ``config.default`` (its ``SECRET_KEY``, ``DATABASE_PASS``, ``MAIL_PASSWORD``),
then ``config.api`` (API settings only), then ``from_pyfile('production.py')`` from its instance
folder (not in the repository). The finding named ``from_object() at openatlas/__init__.py:23``,
the ``config.api`` loader, as what overrides the three secrets: that module spells none of them.
A later ``from_object`` of one module or plain class of the project can set a key only by
spelling it (as ``_config_object`` reads it for upload-limit): the loader cited is the first
later one that may set the key, and a key no later loader may set is not overridden (the
default is what the app runs with), so it moves as any other secret does."""

from __future__ import annotations

from dotenv_support import both_ways
from helpers import finding_messages, run_codemods

NAME = "dotenv-config"

DEFAULT = """\
DEBUG = False
SECRET_KEY = "Qm3vX8kR2pL7wN5tZ9"
"""

API = """\
API_PROXY = ""
API_PAGE_SIZE = 20
"""

APP = """\
from flask import Flask

app = Flask(__name__, instance_relative_config=True)
app.config.from_object('config.default')
app.config.from_object('config.api')
app.config.from_pyfile('production.py')
"""


def findings_on(app: str, api: str = API) -> list[str]:
    result = run_codemods(
        DEFAULT, NAME, path="config/default.py", dedent=False,
        project={"shop/__init__.py": app, "config/__init__.py": "", "config/api.py": api, "requirements.txt": "flask\n"},
    )
    assert result.error is None
    assert result.new_text == DEFAULT
    return finding_messages(result)


def test_the_loader_cited_is_the_first_that_may_set_the_key():
    messages = findings_on(APP)
    assert any("SECRET_KEY: defaults the project overrides (from_pyfile() at shop/__init__.py:6)" in m for m in messages), messages
    assert not any("from_object() at shop/__init__.py:5" in m for m in messages), messages


def test_a_later_module_that_spells_the_key_is_cited():
    messages = findings_on(APP, API + 'SECRET_KEY = "from-the-api-module"\n')
    assert any("SECRET_KEY: defaults the project overrides (from_object() at shop/__init__.py:5)" in m for m in messages), messages


def test_a_later_module_that_binds_names_another_way_is_cited():
    messages = findings_on(APP, "from config.local import *\n" + API)
    assert any("SECRET_KEY: defaults the project overrides (from_object() at shop/__init__.py:5)" in m for m in messages), messages


def test_a_later_plain_class_that_sets_none_of_the_keys_is_passed_over():
    app = APP.replace("'config.api'", "'config.api.ApiConfig'")
    api = "class ApiConfig(object):\n    API_PAGE_SIZE = 20\n"
    messages = findings_on(app, api)
    assert any("SECRET_KEY: defaults the project overrides (from_pyfile() at shop/__init__.py:6)" in m for m in messages), messages


def test_a_key_no_later_loader_sets_is_not_overridden_and_moves(tmp_path):
    files = {
        "requirements.txt": "flask\npython-dotenv\n",
        "shop/__init__.py": APP.replace("app.config.from_pyfile('production.py')\n", ""),
        "config/__init__.py": "",
        "config/default.py": DEFAULT,
        "config/api.py": API,
    }
    before, with_env, without_env, result = both_ways(tmp_path, files, "shop", "module.app")
    default = (tmp_path / "after" / "project" / "config" / "default.py").read_text()
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in default, result.output
    assert with_env.returncode == 0, with_env.stderr
    import json

    assert json.loads(with_env.stdout) == before
    assert without_env.returncode != 0 and "KeyError: 'SECRET_KEY'" in without_env.stderr
