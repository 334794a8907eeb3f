"""gunicorn-config's finding about values an app may keep between requests ends with advice:
where the project has no gunicorn.conf.py, to add the file by hand if the values are harmless.
Where the project already has its own file where gunicorn starts, that advice would name a file
that is there: the finding stays (what it warns of still holds for the project's workers), and
its advice says the project's file needs no change."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

FILLED_BY_A_HELPER = """\
from flask import Flask

app = Flask(__name__)


class Trail:
    steps = []

    def record(self, name):
        self.steps = [name]


trail = Trail()


@app.get("/")
def index():
    return "hello"
"""
FILES = {"requirements.txt": "flask\ngunicorn\n"}
OWN_CONFIG = "bind = '0.0.0.0:8000'\nworkers = 4\n"


def finding(files: dict[str, str]) -> str:
    result = run_codemods(FILLED_BY_A_HELPER, "gunicorn-config", files=files, path="app.py")
    assert result.error is None and result.new_text == FILLED_BY_A_HELPER
    assert [e.key for e in result.project_edits if e.kind == "file"] == []
    [message] = finding_messages(result)
    return message


def test_without_a_file_the_advice_is_to_add_one():
    message = finding(FILES)
    assert "Trail object" in message and "add the file by hand" in message


def test_with_the_projects_own_file_the_advice_does_not_ask_for_it():
    message = finding({**FILES, "gunicorn.conf.py": OWN_CONFIG})
    assert "Trail object" in message and "add the file by hand" not in message
    assert "own gunicorn.conf.py needs no change" in message
