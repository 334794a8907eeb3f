"""teardown: a scoped session the application flushes and leaves uncommitted is not removed.

A view that writes through the session and calls ``flush()`` with no ``commit()`` after it (a
profile page's "so that the next page shows it") leaves the write in the open transaction of
the worker's session; it is committed by whatever request of that worker commits next. A
``remove()`` at teardown would roll it back at the end of the request: the write would be lost.
Such a session is left alone, with a finding naming the flush (on the app that would have
removed it). A flush followed by a commit in
the same function, or a commit-free flush of another name, changes nothing.
"""

from __future__ import annotations

import textwrap

import pytest

from helpers import finding_messages, run_codemods

DATABASE = """\
    from sqlalchemy import create_engine
    from sqlalchemy.orm import scoped_session, sessionmaker

    engine = create_engine("sqlite://")
    db = scoped_session(sessionmaker(bind=engine))
    """

APP = """\
    from flask import Flask

    from database import db

    app = Flask(__name__)
    """


def across(source: str, path: str, files: dict[str, str]):
    return run_codemods(source, "teardown", path=path, files={k: textwrap.dedent(v) for k, v in files.items()})


def link_view(*after_flush: str) -> dict[str, str]:
    """The database module and a view module whose POST view adds a row and flushes it, then
    runs ``after_flush``."""
    lines = ["@bp.route('/link', methods=['POST'])", "def link():", "    db.add(object())", "    db.flush()  # the next page shows it"]
    lines += [f"    {line}" for line in (*after_flush, "return 'ok'")]
    head = "from flask import Blueprint\n\nfrom database import db\n\nbp = Blueprint('bp', __name__)\n\n"
    return {"database.py": DATABASE, "views.py": head + "\n".join(lines) + "\n"}


def test_a_flush_left_uncommitted_keeps_the_session_unremoved():
    files = link_view()
    result = across(APP, "app.py", files)
    assert result.new_text == textwrap.dedent(APP)
    messages = finding_messages(result)
    assert any("scoped_session db" in m and "views.py:10 flushes it" in m for m in messages), messages


def test_an_aliased_session_flushed_and_left_uncommitted_counts_too():
    files = {
        "database.py": DATABASE,
        "views.py": "from database import db as s\n\n\ndef link():\n    s.flush()\n",
    }
    assert across(APP, "app.py", files).new_text == textwrap.dedent(APP)


def test_a_flush_followed_by_a_commit_changes_nothing():
    files = link_view("db.commit()")
    after = across(APP, "app.py", files).new_text
    assert after.endswith("def shutdown_session(exception=None):\n    db.remove()\n")


@pytest.mark.parametrize(
    "views",
    [
        "import sys\n\n\ndef done():\n    sys.stdout.flush()\n",
        # another module's db, and an object's attribute spelled like the session
        "from books import db\nfrom catalog import store\n\n\ndef link():\n    db.flush()\n    store.db.flush()\n",
    ],
)
def test_a_flush_of_another_name_or_object_changes_nothing(views):
    after = across(APP, "app.py", {"database.py": DATABASE, "views.py": views}).new_text
    assert after.endswith("def shutdown_session(exception=None):\n    db.remove()\n")


def test_a_session_the_app_already_removes_gets_no_word():
    app = APP + "\n\n@app.teardown_appcontext\ndef shutdown_session(exception=None):\n    db.remove()\n"
    files = {"database.py": DATABASE, "views.py": "from database import db\n\n\ndef link():\n    db.flush()\n"}
    result = across(app, "app.py", files)
    assert result.new_text == textwrap.dedent(app)
    assert not any("flushes it" in m for m in finding_messages(result))

