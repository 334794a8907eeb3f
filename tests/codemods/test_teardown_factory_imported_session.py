"""teardown: a factory that imports the scoped session in its body and removes it in its handler.

EveryClass (everyclass-server) builds its app in ``create_app()`` in the package's
``__init__.py``, imports ``db_session`` there, inside the factory, from the module that creates
the engine when it is imported (``from everyclass.server.utils.db.postgres import db_session``),
and registers a nested ``@app.teardown_appcontext`` handler that calls ``db_session.remove()``.
The name the handler reads is the factory's own import, as Python resolves it; the handler
already removes the session. The codemod read only module-level names and the handler's own
imports, saw the session unremoved, added a second ``db_session.remove()`` to that handler and
imported ``db_session`` at the top of the package, which runs the engine's module (reading the
configuration, creating the engine) whenever the package is imported, before the factory runs.
"""

from __future__ import annotations

import textwrap

import pytest

from helpers import finding_messages, forget_packages, import_package, run_codemods, write_package

DATABASE = """\
    import os

    from sqlalchemy import create_engine
    from sqlalchemy.orm import scoped_session, sessionmaker

    if "TIMETABLE_CONFIGURED" not in os.environ:
        raise RuntimeError("configure the timetable before importing its database")
    engine = create_engine("sqlite://")
    db_session = scoped_session(sessionmaker(bind=engine))
    """

FACTORY = """\
    from flask import Flask
    from sqlalchemy import text


    def create_app():
        app = Flask(__name__)

        {IMPORT}

        @app.teardown_appcontext
        def shutdown_db_session(exception=None):
            db_session.remove()

        @app.route("/")
        def index():
            return str(db_session.execute(text("select 1")).scalar())

        return app
    """

BY_CALL = """\
    from flask import Flask


    def create_app():
        app = Flask(__name__)
        {IMPORT}

        def shutdown(exception=None):
            db_session.remove()

        app.teardown_appcontext(shutdown)
        return app
    """

IMPORTS = ["from timetable.db import db_session", "from .db import db_session"]


def rewrite(factory: str, spelled: str):
    source = factory.replace("{IMPORT}", spelled)
    return source, run_codemods(
        source, "teardown", path="timetable/__init__.py", project={"timetable/db.py": DATABASE}
    )


@pytest.mark.parametrize("spelled", IMPORTS)
@pytest.mark.parametrize("factory", [FACTORY, BY_CALL], ids=["decorated", "registered-by-call"])
def test_the_handler_that_removes_the_factory_import_is_left_alone(factory, spelled):
    source, result = rewrite(factory, spelled)
    assert result.new_text == textwrap.dedent(source), result.new_text
    assert not finding_messages(result)


@pytest.mark.parametrize("spelled", IMPORTS)
def test_the_package_still_imports_before_it_is_configured(tmp_path, monkeypatch, spelled):
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv("TIMETABLE_CONFIGURED", raising=False)
    source, result = rewrite(FACTORY, spelled)
    packages = []
    try:
        for text in (source, result.new_text):
            package = write_package(
                tmp_path,
                {"__init__.py": textwrap.dedent(text).replace("timetable", "{PKG}"), "db.py": DATABASE},
            )
            packages.append(package)
            monkeypatch.delenv("TIMETABLE_CONFIGURED", raising=False)
            module = import_package(package)  # the original imports without its configuration
            monkeypatch.setenv("TIMETABLE_CONFIGURED", "1")
            client = module.create_app().test_client()
            assert client.get("/").text == "1"
    finally:
        forget_packages(packages)
