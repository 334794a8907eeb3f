"""``teardown`` on a project whose Flask may be older than 0.9: the handler it writes for an
app is registered with ``app.teardown_appcontext``, which Flask 0.9 added. Where the
declared Flask allows an older release, the module must stay as it is (a decorator that does
not exist raises AttributeError when the module is imported), with a finding saying why.
"""

from __future__ import annotations

import pytest

from helpers import REPO, assert_refused, run_codemods

# the sample app: g.db opened before each request, closed after it (skipped when it fails)
with open(f"{REPO}/samples/teardown/after_request_moved.before.py", encoding="utf-8") as _handle:
    CLOSED_AFTER_REQUEST = _handle.read()

# a getter that keeps one connection per context and nothing that closes it
NEVER_CLOSED = '''\
import sqlite3

from flask import Flask, g

app = Flask(__name__)


def store():
    if not hasattr(g, "db"):
        g.db = sqlite3.connect(":memory:")
    return g.db


@app.route("/")
def home():
    return str(store().execute("select 3").fetchone()[0])
'''

BEFORE_0_9 = "older than 0.9, which has no app.teardown_appcontext: nothing was changed"

DECLARATIONS_BEFORE_0_9 = [
    {"requirements.txt": "Flask==0.8.1\n"},
    {"../setup.py": "from setuptools import setup\nsetup(name='site', install_requires=['Flask>=0.7'])\n"},
    # the project is Flask's own tree at 0.6.1: its examples run on that Flask
    {"../../setup.py": "from setuptools import setup\nsetup(name='Flask', version='0.6.1', install_requires=['Werkzeug>=0.6.1'])\n"},
]


@pytest.mark.parametrize("files", DECLARATIONS_BEFORE_0_9)
@pytest.mark.parametrize("source", [CLOSED_AFTER_REQUEST, NEVER_CLOSED])
def test_a_flask_older_than_0_9_declared_leaves_the_module_with_a_finding(source, files):
    assert_refused("teardown", source, BEFORE_0_9, path="site/shop/app.py", files=files)


@pytest.mark.parametrize("files", DECLARATIONS_BEFORE_0_9)
def test_an_example_on_a_flask_older_than_0_9_is_left_alone_without_a_finding(files):
    """An example is shown, not served: what a cleanup codemod leaves alone there is not reported."""
    result = run_codemods(NEVER_CLOSED, "teardown", dedent=False, path="examples/shop/app.py", files=files)
    assert result.new_text == NEVER_CLOSED and result.findings == []


def test_a_requirement_that_admits_nothing_from_0_9_on_leaves_the_module_too():
    result = run_codemods(CLOSED_AFTER_REQUEST, "teardown", dedent=False, files={"requirements.txt": "flask<0.9\n"})
    assert result.new_text == CLOSED_AFTER_REQUEST
    assert [BEFORE_0_9 in finding.message for finding in result.findings] == [True]


@pytest.mark.parametrize(
    "files",
    [
        {"requirements.txt": "Flask==0.9\n"},
        {"../../setup.py": "from setuptools import setup\nsetup(name='Flask', version='0.10.1')\n"},
    ],
)
def test_from_flask_0_9_the_after_request_close_still_becomes_a_teardown_handler(files):
    result = run_codemods(CLOSED_AFTER_REQUEST, "teardown", dedent=False, path="examples/shop/app.py", files=files)
    assert "@app.teardown_appcontext\ndef close_db(exception=None):" in result.new_text
    assert 'db = getattr(g, "db", None)' in result.new_text  # g.pop came in 0.11
    assert result.findings == []


# Flask 0.8 (teardown_request from 0.7, no teardown_appcontext): a scoped session of one
# module that the app's module next to it removes in its teardown_request handler
SESSION_MODULE = (
    "from flask import Flask\nfrom sqlalchemy import create_engine\nfrom sqlalchemy.orm import scoped_session, sessionmaker\n\n"
    "engine = create_engine('sqlite://')\ndb_session = scoped_session(sessionmaker(bind=engine))\n"
)
APP_MODULE = (
    "from flask import Flask\nfrom shop.database import db_session\n\napp = Flask(__name__)\n\n"
    "@app.teardown_request\ndef shutdown_session(exception=None):\n    db_session.{call}\n"
)


@pytest.mark.parametrize("call, reported", [("remove()", False), ("commit()", True)])
def test_below_0_9_a_scoped_session_a_neighbour_removes_is_not_reported(call, reported):
    """The finding says no teardown handler removes the session: where the app's handler next
    to it does (on every Flask from 0.7), it would be false; where that handler only commits,
    it stays."""
    project = {
        "requirements.txt": "Flask==0.8\n",
        "shop/__init__.py": "",
        "shop/database.py": SESSION_MODULE,
        "shop/app.py": APP_MODULE.format(call=call),
    }
    result = run_codemods(SESSION_MODULE, "teardown", dedent=False, path="shop/database.py", project=project)
    assert result.new_text == SESSION_MODULE
    assert [BEFORE_0_9 in finding.message for finding in result.findings] == ([True] if reported else [])
