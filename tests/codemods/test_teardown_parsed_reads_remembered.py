"""A module's LibCST analysis that a Project already made (``Project.parsed``) is a read of that
module's text: an answer derived from it (``Project.remembered``) must be given again only while
the text is the same, even when the derivation found the analysis already made."""

from __future__ import annotations

from codemods._project_memo import forget_every_memo
from codemods._teardown_project import Project

KEEPS = "import sqlite3\nfrom flask import g\n\ndef connect():\n    g.db = sqlite3.connect(\"app.db\")\n"
RELEASES = KEEPS + "\n\ndef close(error):\n    g.pop('db', None)\n\napp.teardown_appcontext(close)\n"


def _answer(project: Project) -> bool:
    def derive() -> bool:
        parsed = project.parsed("db.py")
        return parsed is not None and bool(parsed[1].stores)

    return project.remembered("stores something", "db.py", derive)


def test_an_answer_derived_from_an_analysis_already_made_is_not_served_for_another_text():
    forget_every_memo()
    first = Project({"db.py": KEEPS}.get, "views.py")
    first.parsed("db.py")  # made before the question: the derivation finds it made
    assert _answer(first) is True
    second = Project({"db.py": "x = 1\n"}.get, "views.py")  # same folder, another text
    assert _answer(second) is False


def test_the_same_text_is_still_answered_from_the_memo():
    forget_every_memo()
    first = Project({"db.py": RELEASES}.get, "views.py")
    first.parsed("db.py")
    assert _answer(first) is True
    calls = []

    def reading(path: str):
        calls.append(path)
        return {"db.py": RELEASES}.get(path)

    second = Project(reading, "views.py")
    assert _answer(second) is True
    assert calls == ["db.py"]  # the text read again to check it, not parsed again
