"""A module-level connection is "one connection shared by every request" only where a request
can reach it. OpenAtlas's ``install/import_scripts/openatlas_demo.py`` imports the app to use
its configuration and request contexts, opens its own connection at module level and does its
work at import, run by hand: no view, hook or blueprint is there and no module of the app
imports it, so the finding telling it to open the connection per request or use a pool sent a
reader after a fault that is not there."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

APP = """\
from flask import Flask, g

app = Flask(__name__)


@app.get("/")
def index():
    return "ok"
"""

SCRIPT = """\
import psycopg2
from flask import g

from shop import app

connection = psycopg2.connect(database="demo", user=app.config["DATABASE_USER"])
cursor = connection.cursor()

with app.test_request_context():
    app.preprocess_request()
    cursor.execute("SELECT 1")
print("done")
"""

SHARED = """\
import psycopg2
from flask import g

connection = psycopg2.connect(database="shop")


def rows():
    cursor = connection.cursor()
    cursor.execute("SELECT 1")
    return cursor.fetchall()
"""


def _findings(path: str, source: str, project: dict[str, str]) -> list[str]:
    result = run_codemods(source, "teardown", path=path, project=project, dedent=False)
    assert result.codemod_errors == [] and result.new_text == source
    return finding_messages(result)


def test_a_script_beside_the_app_keeps_its_connection_without_a_finding():
    project = {"shop/__init__.py": APP, "install/__init__.py": ""}
    assert _findings("install/demo.py", SCRIPT, project) == []


def test_a_module_the_app_imports_still_gets_the_finding():
    project = {"shop/__init__.py": "from shop import db\n" + APP, "shop/db.py": SHARED}
    (message,) = _findings("shop/db.py", SHARED, project)
    assert "is one connection shared by every request" in message


def test_a_module_registering_views_on_the_imported_app_still_gets_the_finding():
    views = SHARED + '\n\n@app.get("/rows")\ndef list_rows():\n    return str(rows())\n'
    views = views.replace("from flask import g\n", "from flask import g\n\nfrom shop import app\n")
    project = {"shop/__init__.py": APP, "shop/views.py": views}
    (message,) = _findings("shop/views.py", views, project)
    assert "is one connection shared by every request" in message
