"""teardown: an instance of a scoped session that its module closes at import keeps nothing.

Ruqqus' ``classes/categories.py`` takes ``db = db_session()`` at module level, reads the
categories once and closes it two lines on (``db.close()``). The kept-instance finding said the
session "may outlive the request" and that a ``remove()`` would "roll back what it holds for a
later commit": a session closed at import holds nothing, and nothing reads it after. What the
rule should have known: a module-level instance is kept only while something may still use it:
not when a later module-level statement closes it and no function or class of its module reads
the name, no module imports it by name, and no module that star-imports it reads it as a global.
Such an instance is left out of the reading; one still read after its close is kept as before,
and the finding says where it is closed and who reads it after (ruqqus' ``helpers/jinja2.py``
reads ``db`` in a template filter, through two star imports).
"""

from __future__ import annotations

import textwrap

import pytest

from helpers import finding_messages, forget_packages, import_package, run_codemods, write_package
from teardown_support import SCOPED_SESSION_DATABASE

DATABASE = SCOPED_SESSION_DATABASE + """\
    Session.add(Row(id=1))
    Session.commit()
    Session.remove()
"""

CATEGORIES = """\
    from .db import Row, Session

    db = Session()
    CATEGORIES = [row.id for row in db.query(Row).all()]
    db.close()
    """

APP = """\
    from flask import Flask, g

    from .categories import CATEGORIES
    from .db import Row, Session


    def create_app():
        app = Flask(__name__)

        @app.before_request
        def open_session():
            g.db = Session()

        @app.route("/add/<int:number>", methods=["POST"])
        def add(number):
            g.db.add(Row(id=number))
            g.db.commit()
            return "ok"

        @app.route("/rows")
        def rows():
            return ",".join(str(row.id) for row in g.db.query(Row).order_by(Row.id)) + f";{CATEGORIES}"

        return app
    """


def rewrite(categories: str = CATEGORIES, others: dict | None = None):
    files = {"db.py": textwrap.dedent(DATABASE), "categories.py": textwrap.dedent(categories)}
    files.update({k: textwrap.dedent(v) for k, v in (others or {}).items()})
    return run_codemods(APP, "teardown", path="app.py", files=files)


def _kept(messages: list[str]) -> list[str]:
    return [m for m in messages if "keeps one of its sessions" in m]


def test_an_instance_closed_at_import_is_not_reported_as_kept_and_the_session_is_removed(tmp_path, monkeypatch):
    result = rewrite()
    assert result.codemod_errors == []
    assert _kept(finding_messages(result)) == [], finding_messages(result)
    assert "Session.remove()" in result.new_text, result.new_text

    monkeypatch.syspath_prepend(str(tmp_path))
    package = write_package(
        tmp_path, {"__init__.py": "", "db.py": DATABASE, "categories.py": CATEGORIES, "app.py": result.new_text}
    )
    try:
        module = import_package(package, "app")
        client = module.create_app().test_client()
        assert client.post("/add/2").text == "ok"
        assert client.get("/rows").text == "1,2;[1]"
        assert not import_package(package, "db").Session.registry.has()  # removed at teardown
    finally:
        forget_packages([package])


_OUTLIVES = "in db, which may outlive the request, and the registry"


@pytest.mark.parametrize(
    "categories, others, words",
    [
        (CATEGORIES.replace("    db.close()\n", ""), None, _OUTLIVES),  # never closed
        (CATEGORIES + "\n\n    def first():\n        return db.query(Row).first()\n", None, _OUTLIVES),  # read by a function
        (CATEGORIES, {"views.py": "from .categories import db\n"}, "closes at import (line 5) but views.py:1 reads after"),
        (  # a global through a star import, as ruqqus' helpers/jinja2.py reads it
            CATEGORIES,
            {"views.py": "from .categories import *\n\n\ndef add(row):\n    db.add(row)\n"},
            "in db, which it closes at import (line 5) but views.py:5 reads after, and the registry",
        ),
        (CATEGORIES, {"views.py": "from . import categories\n\n\ndef add(row):\n    categories.db.add(row)\n"}, "views.py:5"),
    ],
    ids=["not-closed", "read-by-a-function", "imported-by-name", "star-imported-and-read", "read-as-an-attribute"],
)
def test_an_instance_still_usable_after_import_stays_kept(categories, others, words):
    result = rewrite(categories, others)
    assert result.codemod_errors == []
    kept = _kept(finding_messages(result))
    assert len(kept) == 1 and "categories.py:3" in kept[0], finding_messages(result)
    assert words in kept[0], kept[0]
    assert "Session.remove()" not in result.new_text


def test_a_star_importer_that_binds_the_name_itself_does_not_read_the_instance():
    others = {"views.py": "from .categories import *\n\n\ndef add(row, db=None):\n    db = db or Session()\n    db.add(row)\n"}
    result = rewrite(CATEGORIES, others)
    assert _kept(finding_messages(result)) == [], finding_messages(result)
