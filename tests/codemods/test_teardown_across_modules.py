"""Acceptance of issue 21: teardown follows a resource across the modules of a project.

Each test writes a small multi-module app of its own into a temporary folder, runs the real
command line on it (``flask-codemod apply --select teardown``), imports the result and
drives it with the Flask test client:

- the Flask documentation's "SQLAlchemy in Flask" layout (``database.py`` with an engine and
  a ``scoped_session``, ``models.py``, the app importing ``db_session``): after the rewrite a
  request that writes through ``db_session`` leaves no session registered (the scoped
  session's registry is empty), and the data is committed as before;
- a ``db.py`` getter keeping a connection on ``g``, used by two blueprints of an app factory:
  every connection opened during a request is closed after it, by one handler.

The layouts that already release the resource are in test_teardown_across_modules_left_alone.py;
the text and findings through the engine's pure core in test_teardown_across_modules_text.py.
"""

from __future__ import annotations

import os
import sqlite3
import sys

import pytest

from helpers import is_closed, write_package
from teardown_projects import BLUEPRINTS, BOOKSHOP, handlers_in, importer, run_teardown, snapshot  # noqa: F401  (importer: a fixture)


# ---------------------------------------------------------------------------------------------
# the documentation's "SQLAlchemy in Flask" layout: database.py, models.py, the app


def committed_titles(package_folder) -> list[str]:
    """The titles in the app's database file, read with a connection of our own."""
    connection = sqlite3.connect(os.path.join(package_folder, "books.db"))
    try:
        return [row[0] for row in connection.execute("SELECT title FROM books ORDER BY title")]
    finally:
        connection.close()


def test_documentation_layout_gets_one_handler_that_removes_the_session(tmp_path, importer):
    original = write_package(tmp_path / "original", BOOKSHOP)
    rewritten_root = tmp_path / "rewritten"
    rewritten = write_package(rewritten_root, BOOKSHOP)
    untouched = {k: v for k, v in snapshot(rewritten_root).items() if not k.endswith("app.py")}
    run_teardown(rewritten_root)

    app_text = (rewritten_root / rewritten / "app.py").read_text(encoding="utf-8")
    assert "@app.teardown_appcontext\ndef shutdown_session(exception=None):\n    db_session.remove()\n" in app_text
    assert handlers_in(rewritten_root) == 1
    assert {k: v for k, v in snapshot(rewritten_root).items() if not k.endswith("app.py")} == untouched

    # the original leaves the request's session registered
    sys.path.insert(0, str(tmp_path / "original"))
    try:
        before = importer(original, "app")
        before_session = importer(original, "database").db_session
        assert before.app.test_client().post("/books", data={"title": "Dune"}).status_code == 201
        assert before_session.registry.has(), "the original app should keep its session"
        before_session.remove()
    finally:
        sys.path.remove(str(tmp_path / "original"))

    # the rewritten one removes it after every request, and commits the same data
    sys.path.insert(0, str(rewritten_root))
    try:
        after = importer(rewritten, "app")
        after_session = importer(rewritten, "database").db_session
        client = after.app.test_client()
        assert client.post("/books", data={"title": "Dune"}).status_code == 201
        assert not after_session.registry.has()
        assert client.post("/books", data={"title": "Emma"}).status_code == 201
        assert not after_session.registry.has()
        assert client.get("/books").get_data(as_text=True) == "Dune, Emma"
        assert not after_session.registry.has()
    finally:
        sys.path.remove(str(rewritten_root))
    assert committed_titles(tmp_path / "original" / original) == ["Dune"]
    assert committed_titles(rewritten_root / rewritten) == ["Dune", "Emma"]


def test_documentation_layout_run_twice_changes_nothing_more(tmp_path):
    write_package(tmp_path, BOOKSHOP)
    run_teardown(tmp_path)
    once = snapshot(tmp_path)
    run_teardown(tmp_path)
    assert snapshot(tmp_path) == once


# ---------------------------------------------------------------------------------------------
# a db.py getter on g, used by two blueprints of an app factory


def test_getter_used_by_two_blueprints_gets_one_handler_on_the_app(tmp_path, importer, opened):
    original = write_package(tmp_path, BLUEPRINTS)
    rewritten = write_package(tmp_path / "out", BLUEPRINTS)
    stderr = run_teardown(tmp_path / "out")
    assert "1 changed" in stderr and "0 findings" in stderr
    assert handlers_in(tmp_path / "out") == 1
    init = (tmp_path / "out" / rewritten / "__init__.py").read_text(encoding="utf-8")
    assert "    app.teardown_appcontext(close_db)\n" in init
    assert init.startswith("from flask import Flask, g\n")

    before = importer(original).create_app()
    before.config["PROPAGATE_EXCEPTIONS"] = False
    before.logger.disabled = True
    assert before.test_client().get("/").status_code == 200
    assert opened and not any(is_closed(c) for c in opened), "the original app should leak"
    opened.clear()

    sys.path.insert(0, str(tmp_path / "out"))
    try:
        after = importer(rewritten).create_app()
    finally:
        sys.path.remove(str(tmp_path / "out"))
    after.logger.disabled = True
    client = after.test_client()
    for path, status in (("/", 200), ("/auth/check", 200), ("/auth/boom", 500)):
        after.config["PROPAGATE_EXCEPTIONS"] = False
        assert client.get(path).status_code == status
        assert len(opened) == 1 and is_closed(opened[0]), path
        opened.clear()
    after.config["PROPAGATE_EXCEPTIONS"] = True
    with pytest.raises(ZeroDivisionError):
        client.get("/auth/boom")
    assert len(opened) == 1 and is_closed(opened[0])
