"""gunicorn-config: a module is not the source of its own import (corpus28a, emfcamp-2018).
emfcamp's views do ``from main import db`` (the top-level ``main.py``: a Flask-SQLAlchemy
handle), and ``apps/payments/main.py`` does the same. ``main`` also matches that payments
module by the last part of its name; following its ``from main import db`` back to itself ran
to the hop limit, where a name that cannot be told counts as a container, and a view's
``db.session.add(flag)`` became "the app keeps values between requests: db". A name the
project's ``main`` binds to something other than a container is no state; a real container
imported the same way still is."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

FILES = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn main:app\n"}

MAIN = """\
from flask import Flask

app = Flask(__name__)
db = make_database()
users = {}

from apps.admin.views import admin
app.register_blueprint(admin)
"""

PAYMENTS = """\
from main import db


def record(payment):
    db.session.add(payment)
"""

VIEWS = """\
from flask import Blueprint, request

from main import db, users

admin = Blueprint("admin", __name__)


@admin.post("/flags")
def add_flag():
    db.session.add(request.form["flag"])
    db.session.commit()
    return "ok"
"""

REMEMBERS = VIEWS.replace('    return "ok"', '    users[request.form["name"]] = True\n    return "ok"')


def _run(views: str):
    files = {
        **FILES,
        "apps/__init__.py": "",
        "apps/admin/__init__.py": "",
        "apps/admin/views.py": views,
        "apps/payments/__init__.py": "",
        "apps/payments/main.py": PAYMENTS,
    }
    result = run_codemods(MAIN, "gunicorn-config", files=files, path="main.py")
    assert result.error is None, result.error
    return finding_messages(result), {e.key: e.value for e in result.project_edits if e.kind == "file"}


def test_a_handle_imported_from_the_top_level_module_keeps_no_value_of_the_process():
    messages, created = _run(VIEWS)
    assert not any("between requests" in message for message in messages), messages
    assert "gunicorn.conf.py" in created


def test_a_container_imported_from_it_still_does():
    messages, created = _run(REMEMBERS)
    assert created == {}
    assert any("users (main.py:5)" in message for message in messages), messages
