"""teardown and an app created in a module of no conventional name (craftbeerpi3:
modules/app_config.py): the module that opens ``g.<name>`` sits in another folder, and the app
module that imports it already closes it in a teardown handler. The app is found where the
project creates it — any application module that creates a Flask app and imports the module —
not only among the ``app.py``/``__init__.py`` files next to it."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

STORE = """\
import sqlite3

from flask import g


def get_conn():
    conn = getattr(g, "_conn", None)
    if conn is None:
        conn = g._conn = sqlite3.connect("brew.db")
    return conn
"""
SETTINGS = """\
from flask import Flask, g

from kit.core.store import get_conn

app = Flask(__name__)


@app.teardown_appcontext
def close_conn(exception):
    conn = getattr(g, "_conn", None)
    if conn is not None:
        conn.close()
"""
PROJECT = {"kit/__init__.py": "", "kit/core/__init__.py": "", "kit/settings.py": SETTINGS, "requirements.txt": "flask\n"}


def _run(project: dict[str, str]):
    result = run_codemods(STORE, "teardown", path="kit/core/store.py", project=project)
    assert result.error is None, result.error
    return result, finding_messages(result)


def test_an_app_module_of_any_name_that_imports_the_module_and_closes_it_is_found():
    result, messages = _run(PROJECT)
    assert result.new_text == STORE
    assert messages == []


def test_an_app_module_that_closes_nothing_still_leaves_the_finding():
    leaky = SETTINGS[: SETTINGS.index("@app.teardown_appcontext")]
    result, messages = _run({**PROJECT, "kit/settings.py": leaky})
    assert result.new_text == STORE
    assert messages == []  # that app's own module gets the handler (one app imports it)


def test_an_app_module_that_does_not_import_the_module_is_no_evidence():
    unrelated = SETTINGS.replace("from kit.core.store import get_conn\n", "")
    result, messages = _run({**PROJECT, "kit/settings.py": unrelated})
    assert result.new_text == STORE
    [message] = messages
    assert "g._conn" in message and "nothing closes" in message
