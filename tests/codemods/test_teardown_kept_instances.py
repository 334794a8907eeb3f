"""teardown: a scoped session whose instance the application keeps beyond a request is not removed.

Mozilla's servicebook takes one session from its registry while it builds the app
(``app.db.session = Session()`` in ``create_app``) and hands it to Flask-Restless and its search
indexer; an ``after_request`` hook then changes a row through it and commits nothing, and the
next request's commit writes that change (its tests assert the new ETag). The registry gives
that very instance to every request of the thread that built the app (a uWSGI worker, the test
client), so a ``remove()`` at teardown would close it when the request ends: the pending change
would be rolled back. Such a session is left alone, with a finding naming where the instance is
kept. An instance kept on ``g`` (per request) or a local changes nothing.
"""

from __future__ import annotations

import textwrap

import pytest

from helpers import finding_messages, forget_packages, import_package, run_codemods, write_package
from teardown_support import SCOPED_SESSION_DATABASE

DATABASE = SCOPED_SESSION_DATABASE

APP = """\
    from types import SimpleNamespace

    from flask import Flask, g

    from .db import Row, Session


    def create_app():
        app = Flask(__name__)
        app.db = SimpleNamespace()
        app.db.session = Session()
        app.db.session.add(Row(id=1))
        app.db.session.commit()

        @app.route("/touch", methods=["POST"])
        def touch():
            g.touched = True
            return "ok"

        @app.route("/stamp")
        def stamp():
            return str(app.db.session.get(Row, 1).stamp)

        @app.after_request
        def bump(response):
            if g.get("touched"):
                app.db.session.get(Row, 1).stamp = 7  # committed by a later request
            return response

        return app
    """


def rewrite(app: str = APP, database: str = DATABASE):
    return run_codemods(app, "teardown", path="app.py", files={"db.py": textwrap.dedent(database)})


@pytest.fixture
def served(tmp_path, monkeypatch):
    """``served(app_source)``: the package's app, built by its factory."""
    monkeypatch.syspath_prepend(str(tmp_path))
    loaded: list[str] = []

    def load(app_source: str):
        package = write_package(tmp_path, {"__init__.py": "", "db.py": textwrap.dedent(DATABASE), "app.py": app_source})
        loaded.append(package)
        return import_package(package, "app").create_app()

    yield load
    forget_packages(loaded)


def test_the_kept_instance_keeps_its_pending_change_across_requests(served):
    original = served(textwrap.dedent(APP))
    client = original.test_client()
    client.post("/touch")
    assert client.get("/stamp").text == "7"  # the original: the next request sees the change

    rewritten = served(rewrite().new_text)
    client = rewritten.test_client()
    client.post("/touch")
    assert client.get("/stamp").text == "7"


def test_the_session_is_left_with_a_finding_naming_where_its_instance_is_kept():
    result = rewrite()
    assert result.new_text == textwrap.dedent(APP)
    messages = finding_messages(result)
    assert any("scoped_session Session" in m and "app.py:11" in m and "in app.db.session," in m for m in messages), messages


@pytest.mark.parametrize("kept", ["g.db_session = Session()", "session = Session()"])
def test_an_instance_kept_per_request_or_in_a_local_changes_nothing(kept):
    app = APP.replace("app.db.session = Session()", kept).replace(
        "app.db.session.add(Row(id=1))\n        app.db.session.commit()", "pass"
    )
    after = rewrite(app).new_text
    assert "Session.remove()" in after
