"""gunicorn-config: a value a view's helper computes once and returns early ever after is no
state kept between requests (the realworld corpus, thirty-seventh widening: a mod site's list of
the OAuth providers its configuration enables, kept in a module global the helper returns when
set and otherwise builds from the configuration and stores).

Every worker builds the same list from the same configuration; nothing one request leaves is
read by a later one. The early-return form (``if CACHE is not None: return CACHE``, then
``CACHE = ...``) is the same lazy initialisation as ``if CACHE is None: CACHE = ...``. A value
made from what the request gives stays state, whichever form stores it.
"""

from __future__ import annotations

from helpers import finding_messages, run_codemods

MEMO = """\
from collections import OrderedDict

from flask import Flask

app = Flask(__name__)
PROVIDERS = None
SETTINGS = {"github": "id"}


def providers():
    global PROVIDERS
    if PROVIDERS is not None:
        return PROVIDERS
    found = OrderedDict()
    for name in SETTINGS:
        found[name] = name.title()
    PROVIDERS = found
    return PROVIDERS


@app.get("/")
def index():
    return ", ".join(providers())
"""

FROM_THE_REQUEST = """\
from flask import Flask, request

app = Flask(__name__)
LAST = None


def last():
    global LAST
    if LAST is not None:
        return LAST
    LAST = request.args.get("q")
    return LAST


@app.get("/")
def index():
    return last() or ""
"""

FILES = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n"}


def run(source: str):
    result = run_codemods(source, "gunicorn-config", files=FILES, path="app.py")
    assert result.error is None, result.error
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


def test_a_memo_returned_early_once_set_is_no_state_between_requests():
    result, created = run(MEMO)
    assert not any("keeps a value between requests" in m for m in finding_messages(result)), finding_messages(result)
    assert list(created) == ["gunicorn.conf.py"]


def test_a_memo_of_the_request_still_keeps_the_app_on_one_worker():
    result, created = run(FROM_THE_REQUEST)
    assert created == {}
    assert any("keeps a value between requests in its process (app.py:11" in m for m in finding_messages(result))
