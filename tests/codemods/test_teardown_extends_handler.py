"""teardown: a session of the app's own kind goes into the handler the app already has.

plenario's ``create_app`` registers ``shutdown_session``, which removes the PostgreSQL scoped
session; ``plenario/database.py`` holds a second one, for Redshift, that the sensor API uses
per request and nothing removes. A maintainer adds ``redshift_session.remove()`` to that
handler; the codemod wrote a second handler (``close_db``) and put it between two statements
of the module's setup. Where the app has exactly one teardown handler, on the same app, that
does nothing but remove scoped sessions, the missing sessions are removed there.
"""

from __future__ import annotations

import pytest  # noqa: F401 (the importer fixture needs it loaded)

from helpers import write_package
from teardown_projects import handlers_in, importer, run_teardown  # noqa: F401  (importer: a fixture)

PLENARIO = {
    "__init__.py": "",
    "database.py": """\
        from sqlalchemy import create_engine
        from sqlalchemy.orm import scoped_session, sessionmaker

        postgres_engine = create_engine("sqlite://")
        postgres_session = scoped_session(sessionmaker(bind=postgres_engine))
        redshift_engine = create_engine("sqlite://")
        redshift_session = scoped_session(sessionmaker(bind=redshift_engine))
        """,
    "sensors.py": """\
        from flask import Blueprint
        from sqlalchemy import text

        from {PKG}.database import redshift_session

        sensors = Blueprint("sensors", __name__)


        @sensors.route("/sensors")
        def count():
            return str(redshift_session.execute(text("select 3")).scalar())
        """,
    "server.py": """\
        from flask import Flask

        from {PKG}.database import postgres_session as db_session
        from {PKG}.sensors import sensors


        sentry = None
        if False:
            sentry = object()


        def create_app():
            app = Flask(__name__)
            app.register_blueprint(sensors)

            @app.teardown_appcontext
            def shutdown_session(exception=None):
                db_session.remove()

            return app
        """,
}


def test_the_second_session_is_removed_by_the_app_s_own_handler(tmp_path, importer):
    name = write_package(tmp_path, PLENARIO)
    run_teardown(tmp_path)
    server = (tmp_path / name / "server.py").read_text(encoding="utf-8")
    assert handlers_in(tmp_path) == 1, server
    assert "    def shutdown_session(exception=None):\n        db_session.remove()\n        redshift_session.remove()\n" in server
    assert "sentry = None\nif False:" in server  # the module's setup is left in one piece
    redshift = importer(name, "database").redshift_session
    client = importer(name, "server").create_app().test_client()
    assert client.get("/sensors").get_data(as_text=True) == "3"
    assert not redshift.registry.has()


@pytest.mark.parametrize(
    "body",
    [
        # the handler does more than remove sessions: a new one is written, as before
        "db_session.commit()\n                db_session.remove()",
        # it returns early on an error
        "if exception:\n                    return\n                db_session.remove()",
    ],
)
def test_a_handler_that_does_more_is_left_as_it_is(tmp_path, importer, body):
    files = dict(PLENARIO)
    files["server.py"] = PLENARIO["server.py"].replace("db_session.remove()", body)
    name = write_package(tmp_path, files)
    run_teardown(tmp_path)
    server = (tmp_path / name / "server.py").read_text(encoding="utf-8")
    assert handlers_in(tmp_path) == 2, server
    redshift = importer(name, "database").redshift_session
    client = importer(name, "server").create_app().test_client()
    assert client.get("/sensors").get_data(as_text=True) == "3"
    assert not redshift.registry.has()
