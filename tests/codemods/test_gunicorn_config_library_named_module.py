"""gunicorn-config: a module of the project named after a library it wraps is not that
library (wb44, mcarchive). mcarchive keeps its Flask helpers in ``mcarch/util/flask.py``
(``from flask import Markup, request, url_for``), and ``mcarch/login.py`` writes Flask's
``session`` (``from flask import session``). The shared project-module lookup matched
``flask`` to ``mcarch/util/flask.py`` by the end of its path, so ``session`` became "an
imported name whose kind is not told" and the file was held back. ``mcarch/util`` is a
package, not a folder on ``sys.path``: were it one, the module's own ``from flask import
Markup`` would import the module itself and fail. A container really kept in a top-level
module of that name still counts."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

FILES = {
    "requirements.txt": "flask\ngunicorn\n",
    "Procfile": "web: gunicorn 'shop.app:create_app()'\n",
    "shop/__init__.py": "",
    "shop/util/__init__.py": "",
    "shop/util/flask.py": (
        "from flask import Markup, request, url_for\n\n\n"
        "def is_current(url):\n    return request.full_path.strip('?') == url\n"
    ),
    "shop/login.py": (
        "from flask import session, request\n\n\n"
        "def log_in(user_id):\n    session['user'] = user_id\n    session.permanent = True\n"
    ),
}

APP = """\
from flask import Flask, request

from shop.login import log_in
from shop.util.flask import is_current


def create_app():
    app = Flask(__name__)

    @app.post("/login")
    def login():
        log_in(request.form["user"])
        return "ok"

    return app
"""


def _run(files: dict[str, str]):
    result = run_codemods(APP, "gunicorn-config", project=files, path="shop/app.py", dedent=False)
    assert result.error is None, result.error
    return finding_messages(result), {e.key: e.value for e in result.project_edits if e.kind == "file"}


def test_flask_session_is_not_the_project_module_named_flask():
    messages, created = _run(FILES)
    assert not any("between requests" in message for message in messages), messages
    assert "gunicorn.conf.py" in created


def test_a_container_of_a_module_that_is_on_the_path_still_counts():
    """A top-level ``store.py`` (the project root is on the path) is what ``from store import
    users`` imports; a dict written by a request there is still state."""
    files = {
        **FILES,
        "store.py": "users = {}\n",
        "shop/login.py": (
            "from store import users\nfrom flask import request\n\n\n"
            "def log_in(user_id):\n    users[user_id] = request.remote_addr\n"
        ),
    }
    messages, created = _run(files)
    assert created == {}
    assert any("users (store.py:1)" in message for message in messages), messages
