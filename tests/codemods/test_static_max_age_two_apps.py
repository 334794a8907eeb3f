"""static-max-age names the sends of the app it leaves alone, not those of another app.

A project may hold two apps in two packages (a public site and a back office). When the public
app is left alone because files are sent without a max_age=, the finding must point at the
public app's own sends first: listing only the back office's calls tells its reviewer to edit
code that has nothing to do with the app in front of them."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

PUBLIC = """\
from flask import Flask

app = Flask(__name__)

from public import views  # noqa: E402
"""

PUBLIC_VIEWS = """\
from io import BytesIO

from flask import send_file

from public import app


@app.route("/key")
def key():
    return send_file(BytesIO(b"k"), mimetype="text/plain")
"""

STAFF_VIEWS = """\
from flask import Flask, send_file

staff = Flask(__name__)


@staff.route("/a")
def a():
    return send_file("/srv/reports/a.pdf")


@staff.route("/b")
def b():
    return send_file("/srv/reports/b.pdf")


@staff.route("/c")
def c():
    return send_file("/srv/reports/c.pdf")
"""


def test_the_finding_names_the_apps_own_sends():
    result = run_codemods(
        PUBLIC, "static-max-age", path="public/__init__.py", dedent=False,
        project={
            "Procfile": "web: gunicorn public:app\n",
            "public/static/site.css": "p {}\n",
            "public/views.py": PUBLIC_VIEWS,
            "back/__init__.py": "",
            "back/views.py": STAFF_VIEWS,
        },
    )
    assert result.new_text == PUBLIC
    [message] = finding_messages(result)
    assert "no max_age= (public/views.py:10)" in message, message
    assert "back/" not in message


def test_a_module_at_the_root_still_names_every_send():
    result = run_codemods(
        PUBLIC.replace("from public import views", "import reports"), "static-max-age", path="app.py", dedent=False,
        project={"Procfile": "web: gunicorn app:app\n", "static/site.css": "p {}\n", "reports.py": STAFF_VIEWS},
    )
    [message] = finding_messages(result)
    assert "(reports.py:8, reports.py:13, reports.py:18)" in message, message
