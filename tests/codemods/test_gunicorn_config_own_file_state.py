"""gunicorn-config says nothing about values an app keeps between requests when the project
already has its own ``gunicorn.conf.py`` where gunicorn starts: the codemod writes no file
there whatever it finds, and the finding's advice ("add the file by hand") would name a file
the project already has. Without the file, the finding stays."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

KEPT_BETWEEN_REQUESTS = """\
import random

from flask import Flask

app = Flask(__name__)
last_code = None


@app.post("/send")
def send():
    global last_code
    last_code = random.randint(1000, 9999)
    return "sent"
"""
FILES = {"requirements.txt": "flask\ngunicorn\n"}
OWN_CONFIG = "bind = '0.0.0.0:8000'\nworkers = 4\nworker_class = 'gevent'\n"


def run(files: dict[str, str]):
    result = run_codemods(KEPT_BETWEEN_REQUESTS, "gunicorn-config", files=files, path="app.py")
    assert result.error is None and result.new_text == KEPT_BETWEEN_REQUESTS
    return result, [e.key for e in result.project_edits if e.kind == "file"]


def test_the_projects_own_config_file_leaves_nothing_to_say():
    result, files = run({**FILES, "gunicorn.conf.py": OWN_CONFIG})
    assert files == []
    assert finding_messages(result) == []


def test_without_the_file_the_state_finding_stays():
    result, files = run(FILES)
    assert files == []
    [message] = finding_messages(result)
    assert "last_code" in message and "between requests" in message
