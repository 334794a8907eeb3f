"""gunicorn-config leaves alone an app whose views keep a value for later requests in the
process (the realworld corpus, sixteenth widening: a blog whose registration view stores an
emailed confirmation code in a module global that the next request checks).

Run as plain ``gunicorn app:app``, such an app has one worker, and the next request finds
the value. The generated file's ``2 x CPU + 1`` workers send the next request to a worker
that never saw it, and ``max_requests`` recycles the one that did. A lazily loaded value (a
model read on first use) is not such state: every worker loads its own.
"""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

CODE_IN_A_GLOBAL = """\
import random

from flask import Flask, request

app = Flask(__name__)
pending = None


@app.post("/send")
def send():
    global pending
    pending = random.randint(1000, 9999)
    return "sent"


@app.post("/check")
def check():
    return "ok" if request.form.get("code") == str(pending) else "wrong"
"""

COUNTER_IN_A_BLUEPRINT = """\
from flask import Blueprint

bp = Blueprint("stats", __name__)
hits = 0


@bp.route("/hit")
def hit():
    global hits
    hits += 1
    return str(hits)
"""

LAZY_MODEL = """\
from flask import Flask

app = Flask(__name__)
model = None


@app.get("/predict")
def predict():
    global model
    if model is None:
        model = {"weights": [1, 2, 3]}
    return str(sum(model["weights"]))
"""

GLOBAL_SET_OUTSIDE_A_VIEW = """\
from flask import Flask

app = Flask(__name__)
settings = {}


def load_settings():
    global settings
    settings = {"title": "shop"}


@app.get("/")
def index():
    return settings.get("title", "")
"""

APP = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/')\ndef index():\n    return 'hi'\n"


def run(source: str, files: dict[str, str]):
    result = run_codemods(source, "gunicorn-config", files=files, path="app.py")
    assert result.error is None, result.error
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


@pytest.mark.parametrize(
    "source, files, where",
    [
        (CODE_IN_A_GLOBAL, {"requirements.txt": "flask\ngunicorn\n"}, "app.py:12"),
        (CODE_IN_A_GLOBAL, {"Dockerfile": 'FROM python:3.12\nCMD ["gunicorn", "-b", "0.0.0.0", "app:app"]\n'}, "app.py:12"),
        (APP, {"requirements.txt": "gunicorn\n", "stats.py": COUNTER_IN_A_BLUEPRINT}, "stats.py:10"),
    ],
)
def test_a_view_that_rebinds_a_global_keeps_the_app_on_one_worker(source, files, where):
    result, created = run(source, files)
    assert created == {} and result.rewrites == {}
    [message] = finding_messages(result)
    assert f"keeps a value between requests in its process ({where}" in message and "nothing generated" in message


@pytest.mark.parametrize("source", [LAZY_MODEL, GLOBAL_SET_OUTSIDE_A_VIEW])
def test_a_lazy_value_or_one_set_outside_the_views_still_gets_the_file(source):
    result, created = run(source, {"requirements.txt": "gunicorn\n", "Procfile": "web: gunicorn app:app\n"})
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)
