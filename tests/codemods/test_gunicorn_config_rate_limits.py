"""gunicorn-config: an app whose Flask-Limiter keeps its counts in memory (no storage given:
Flask-Limiter's default, or ``memory://``) counts each client's requests in the process
that served them. With more workers each one counts its own, so a client gets through as
many times the limit as there are workers, and recycling a worker (max_requests) resets its
counts. Found on flog (``Limiter(default_limits=[...], key_func=get_remote_address)``,
started as ``gunicorn wsgi:app``): the file would have loosened its limits silently.
Nothing is generated; a finding says why. A storage every worker shares (``redis://``,
given in code, in a settings file or by the environment) keeps the file."""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods
from limiter_support import DEFAULT_STORAGE, STARTED

APP = """\
from flask import Flask

from shop.extensions import limiter

app = Flask(__name__)
limiter.init_app(app)


@app.get('/')
def index():
    return 'hello'
"""

MEMORY = """\
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, storage_uri="memory://")
"""



def _run(files):
    result = run_codemods(APP, "gunicorn-config", files={**STARTED, **files}, path="shop/app.py")
    assert result.error is None, result.error
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


# a ``storage_uri=`` given to anything but the limiter names no storage of its
OTHER_CALL = DEFAULT_STORAGE + "\n\ndef open_cache(storage_uri):\n    return storage_uri\n\n\ncache = open_cache(storage_uri='redis://cache')\n"


@pytest.mark.parametrize("extensions", [DEFAULT_STORAGE, MEMORY, OTHER_CALL])
def test_limits_counted_in_memory_get_no_file(extensions):
    result, created = _run({"shop/extensions.py": extensions})
    assert created == {}
    [message] = finding_messages(result)
    assert "shop/extensions.py:1" in message and "rate limit" in message and "nothing generated" in message


@pytest.mark.parametrize(
    "files",
    [
        # a shared storage in the config the app loads (one read from the environment counts
        # where its default is shared: test_gunicorn_config_limiter_storage.py)
        {"shop/extensions.py": DEFAULT_STORAGE, "shop/settings.py": "RATELIMIT_STORAGE_URI = 'redis://localhost:6379/1'\n"},
        # in the environment file a deployment reads
        {"shop/extensions.py": DEFAULT_STORAGE, ".env": "RATELIMIT_STORAGE_URI=redis://cache:6379/0\n"},
        # given to the limiter itself
        {"shop/extensions.py": MEMORY.replace('"memory://"', "os.environ['LIMITS_URL']").replace("from flask_limiter import", "import os\nfrom flask_limiter import")},
        # a limiter only the tests import is not the app's
        {"tests/test_limits.py": DEFAULT_STORAGE},
    ],
)
def test_limits_kept_where_every_worker_reads_them_keep_the_file(files):
    result, created = _run(files)
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)


def test_where_no_file_would_be_written_its_own_reason_is_said():
    """Asked only where a file would be written: a project that never starts gunicorn is told
    so (flask-bones, openoversight), not about its limiter."""
    files = {"requirements.txt": "flask\nflask-limiter\ngunicorn\n", "shop/__init__.py": "", "shop/extensions.py": DEFAULT_STORAGE}
    result = run_codemods(APP, "gunicorn-config", files=files, path="shop/app.py")
    [message] = finding_messages(result)
    assert "rate limit" not in message and "no gunicorn.conf.py generated" in message
