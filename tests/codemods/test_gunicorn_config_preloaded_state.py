"""gunicorn-config and a value made at import in a preloaded app: with ``--preload`` (or
``preload_app = True``) gunicorn imports the app once, in the arbiter, and forks every worker
from it — those it starts first and those that replace recycled ones — so a random secret key
made at import is one key for all of them. The "made anew in each process" reason does not hold
there."""

from __future__ import annotations

import pytest
from helpers import finding_messages, run_codemods

RANDOM_KEY_APP = """\
import secrets

from flask import Flask

app = Flask(__name__)
app.secret_key = secrets.token_hex(16)
"""


@pytest.mark.xfail(
    strict=True,
    reason="gunicorn-config (owned by gunicorn20 this round) says each worker makes its own key although "
    "the project's command preloads the app (mailu:setup/main.py:1, its Dockerfile runs gunicorn --preload)",
)
@pytest.mark.parametrize(
    "launch",
    [
        {"Procfile": "web: gunicorn -w 4 --preload app:app\n"},
        {"Procfile": "web: gunicorn app:app\n", "gunicorn.conf.py": "preload_app = True\nworkers = 4\n"},
    ],
)
def test_a_preloaded_app_shares_its_import_time_key_with_every_worker(launch):
    result = run_codemods(RANDOM_KEY_APP, "gunicorn-config", files={"requirements.txt": "flask\ngunicorn\n", **launch})
    assert result.error is None, result.error
    assert not any("anew in each process" in message for message in finding_messages(result)), finding_messages(result)
