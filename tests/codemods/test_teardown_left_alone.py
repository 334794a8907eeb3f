"""The ``teardown`` codemod on apps that already close what they open: byte-identical, no finding."""

from __future__ import annotations

import textwrap

import pytest

from helpers import finding_messages, run_codemods
from teardown_support import getter_module, teardown_sample


@pytest.mark.parametrize(
    "sample",
    [
        "already_closed_teardown_appcontext",
        "already_closed_registered_by_call",
        "already_closed_tutorial_init_app",
        "already_removed_scoped_session",
        "already_closed_by_signal",
        "flask_sqlalchemy_app",
        "flask_sqlalchemy_factory",
        "no_connection_on_g",
    ],
)
def test_apps_that_already_close_come_out_byte_identical(sample):
    source = teardown_sample(f"{sample}.before.py")
    result = run_codemods(source, "teardown", dedent=False)
    assert result.error is None
    assert result.new_text == source
    assert result.findings == []


def test_teardown_in_a_sibling_module_counts():
    db_module = getter_module("app.db")
    init = """\
        from flask import Flask, g

        def create_app():
            app = Flask(__name__)

            @app.teardown_appcontext
            def close_db(exception):
                db = g.pop("db", None)
                if db is not None:
                    db.close()

            return app
        """
    result = run_codemods(db_module, "teardown", path="pkg/db.py", files={"__init__.py": textwrap.dedent(init)})
    assert result.new_text == textwrap.dedent(db_module) and result.findings == []
    # without the sibling, the same module gets a finding (it has no app to register on)
    alone = run_codemods(db_module, "teardown", path="pkg/db.py", files={})
    assert alone.new_text == textwrap.dedent(db_module)
    assert "opens a connection that nothing closes" in finding_messages(alone)[0]


def test_scoped_session_removed_in_a_sibling_module():
    database = """\
        from flask import Flask
        from sqlalchemy import create_engine
        from sqlalchemy.orm import scoped_session, sessionmaker

        db_session = scoped_session(sessionmaker(bind=create_engine("sqlite://")))
        """
    app = """\
        from flask import Flask
        from .database import db_session

        app = Flask(__name__)

        @app.teardown_appcontext
        def shutdown_session(exception=None):
            db_session.remove()
        """
    result = run_codemods(database, "teardown", path="pkg/database.py", files={"app.py": textwrap.dedent(app)})
    assert result.new_text == textwrap.dedent(database) and result.findings == []
