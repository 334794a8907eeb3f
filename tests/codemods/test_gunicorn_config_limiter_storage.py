"""gunicorn-config: a Flask-Limiter storage read at run time counts as shared only where what
the running process gets can be shown to be shared. A read of the environment gives the
deployment's value where the variable is set (a storage it names on purpose) and its default
where it is not: ``os.environ.get("RATELIMIT_STORAGE_URI", "memory://")`` or one without a
default (None: Flask-Limiter's ``memory://``) leaves each worker counting its own, and so does
a value read from the command line whose default the codemod does not read (libretranslate's
``storage_uri=args.req_limit_storage``, ``--req-limit-storage`` defaulting to
``memory://``). Session 38's rule took any expression but the literal ``memory://`` for the
deployment's shared choice, and wrote the file. The value is now followed: literals and
f-strings by their scheme, names to their assignments (in the module, a config class, or the
module they are imported from), ``a or b`` and ``x if c else y`` by each value they may give,
an environment read by its default."""

from __future__ import annotations

import os
import runpy

import pytest

from helpers import finding_messages, run_codemods
from limiter_support import DEFAULT_STORAGE, STARTED

APP = """\
from flask import Flask

from shop.extensions import limiter

app = Flask(__name__)
app.config.from_object('shop.settings')
limiter.init_app(app)


@app.get('/')
def index():
    return 'hello'
"""


ENV_MEMORY_DEFAULT = "import os\n\nRATELIMIT_STORAGE_URI = os.environ.get('RATELIMIT_STORAGE_URI', 'memory://')\n"
ENV_NO_DEFAULT = "import os\n\nRATELIMIT_STORAGE_URL = os.environ.get('RATELIMIT_STORAGE_URL')\n"
# heatflask's shape: the config class names a value the class reads from the environment
CLASS_NO_DEFAULT = """\
import os


class Config:
    REDIS_URL = os.environ.get("REDIS_URL")
    RATELIMIT_STORAGE_URL = REDIS_URL
"""
# libretranslate's shape: the limiter is given a command-line option
COMMAND_LINE = """\
import argparse

from flask_limiter import Limiter

parser = argparse.ArgumentParser()
parser.add_argument("--req-limit-storage", default="memory://")
args = parser.parse_args([])
limiter = Limiter(storage_uri=args.req_limit_storage)
"""
NAMED_MEMORY = """\
import os

from flask_limiter import Limiter

STORAGE = os.getenv("LIMITS_STORAGE", "memory://")
limiter = Limiter(storage_uri=STORAGE)
"""


def _run(files):
    result = run_codemods(APP, "gunicorn-config", files={**STARTED, **files}, path="shop/app.py")
    assert result.error is None, result.error
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


@pytest.mark.parametrize(
    "files, said",
    [
        ({"shop/extensions.py": DEFAULT_STORAGE, "shop/settings.py": ENV_MEMORY_DEFAULT}, "shop/settings.py:3"),
        ({"shop/extensions.py": DEFAULT_STORAGE, "shop/settings.py": ENV_NO_DEFAULT}, "shop/settings.py:3"),
        ({"shop/extensions.py": DEFAULT_STORAGE, "shop/settings.py": CLASS_NO_DEFAULT}, "shop/settings.py:6"),
        ({"shop/extensions.py": COMMAND_LINE}, "shop/extensions.py:8"),
        ({"shop/extensions.py": NAMED_MEMORY}, "shop/extensions.py:6"),
    ],
)
def test_a_storage_read_at_run_time_that_may_be_memory_gets_no_file(files, said):
    result, created = _run(files)
    assert created == {}
    [message] = finding_messages(result)
    assert "rate limit" in message and said in message and "nothing generated" in message


@pytest.mark.parametrize(
    "settings",
    [
        "import os\n\nRATELIMIT_STORAGE_URI = os.environ.get('RATELIMIT_STORAGE_URI', 'redis://cache:6379/0')\n",
        # kcfifa-signup's shape
        "import os\n\nRATELIMIT_STORAGE_URL = os.environ.get('RATELIMIT_STORAGE_URL') or 'redis://localhost:6379/1'\n",
        # fittrackee's and delphi-epidata's shapes: a name, an f-string naming the scheme
        "import os\n\nREDIS_URL = os.getenv('REDIS_URL', 'redis://')\nRATELIMIT_STORAGE_URI = REDIS_URL\n",
        "import os\n\nHOST = os.environ.get('REDIS_HOST')\nRATELIMIT_STORAGE_URI = f'redis://{HOST}:6379'\n",
        # a variable the deployment must set: the process does not start without it
        "import os\n\nRATELIMIT_STORAGE_URI = os.environ['RATELIMIT_STORAGE_URI']\n",
    ],
)
def test_a_storage_the_process_gets_shared_keeps_the_file(settings):
    result, created = _run({"shop/extensions.py": DEFAULT_STORAGE, "shop/settings.py": settings})
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)


def test_a_storage_imported_from_the_settings_module_is_followed():
    """redash's shape: ``storage_uri=settings.LIMITER_STORAGE``, the settings module reading
    the environment with a default that is itself a name of that module."""
    settings = (
        "import os\n\nREDIS_URL = os.environ.get('REDIS_URL', 'redis://localhost:6379/0')\n"
        "LIMITER_STORAGE = os.environ.get('LIMITER_STORAGE', REDIS_URL)\n"
    )
    extensions = "from flask_limiter import Limiter\n\nfrom shop import settings\n\nlimiter = Limiter(storage_uri=settings.LIMITER_STORAGE)\n"
    result, created = _run({"shop/extensions.py": extensions, "shop/settings.py": settings})
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)
    memory = settings.replace("'redis://localhost:6379/0'", "'memory://'")
    result, created = _run({"shop/extensions.py": extensions, "shop/settings.py": memory})
    assert created == {} and "shop/extensions.py:5" in finding_messages(result)[0]


def test_what_the_process_gets_where_the_variable_is_unset(tmp_path, monkeypatch):
    """The behaviour the refusal rests on: run the settings modules with the variables unset,
    as a deployment that never heard of them runs them; the storage the app configures is
    ``memory://`` or nothing (Flask-Limiter's ``memory://``), and with the variable set it is
    the deployment's."""
    for name in ("RATELIMIT_STORAGE_URI", "RATELIMIT_STORAGE_URL"):
        monkeypatch.delenv(name, raising=False)
    memory, unset = tmp_path / "memory.py", tmp_path / "unset.py"
    memory.write_text(ENV_MEMORY_DEFAULT)
    unset.write_text(ENV_NO_DEFAULT)
    assert runpy.run_path(str(memory))["RATELIMIT_STORAGE_URI"] == "memory://"
    assert runpy.run_path(str(unset))["RATELIMIT_STORAGE_URL"] is None
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://cache:6379/0")
    assert runpy.run_path(str(memory))["RATELIMIT_STORAGE_URI"] == os.environ["RATELIMIT_STORAGE_URI"]
