"""The codemods' prefilters (``applies_to`` on the text, ``applies_to_tree`` on the stdlib AST):
exact enough to skip the files a codemod cannot change, and never skipping one it would act on.

A gate may say True in vain; it must never say False for a file the codemod alone would
change, report a finding for, or ask a project edit for.
"""

from __future__ import annotations

import ast
import glob
import os
import textwrap

import pytest

from flask_codemod import engine, pipeline
from flask_codemod.codemods import _prefilter, all_codemods, get_codemod
from helpers import SAMPLES

CODEMODS = all_codemods()


def _read(path: str) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def _sample_inputs() -> list[str]:
    """Every Python file under samples/ that the tool is run on: the ``.before.py`` files and
    the modules around them (legacy_app, helper modules). (The ``.after.py`` files, outputs,
    are left to ``benchmarks/check_prefilters.py samples``, which runs every codemod on every
    file: the test stays fast.)"""
    return sorted(
        path
        for path in glob.glob(os.path.join(SAMPLES, "**", "*.py"), recursive=True)
        if not path.endswith(".after.py")
    )


SAMPLE_INPUTS = _sample_inputs()


def gates(codemod, text: str, path: str = "app.py") -> tuple[bool, bool]:
    """(stage 1, both stages) for ``codemod`` on ``text``."""
    instance = codemod() if isinstance(codemod, type) else codemod
    first = bool(instance.applies_to_file(text, path))
    tree, problem = engine.python_tree(text, path)
    assert problem is None, problem
    return first, first and bool(instance.applies_to_tree(tree, path))


def accepts(name: str, source: str, path: str = "app.py") -> bool:
    return gates(get_codemod(name), textwrap.dedent(source), path)[1]


def opened(cls):
    """``cls`` with both prefilters forced open (same NAME: its findings and edits say so)."""

    class Open(cls):  # type: ignore[misc, valid-type]
        def applies_to(self, source: str) -> bool:
            return True

        def applies_to_file(self, source: str, path: str) -> bool:
            return True

        def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
            return True

    Open.__name__ = f"Open{cls.__name__}"
    return Open


def output_of(result, text: str, names: set[str]) -> list[str]:
    """What ``result`` holds from the codemods ``names``: rewrites, findings, project edits."""
    found = [f"rewrote ({name})" for name in result.rewrites if name in names]
    if result.new_text != text and not found:
        found.append("changed the text")
    found += [f"finding of {f.codemod} at line {f.line}: {f.message}" for f in result.findings if f.codemod in names]
    found += [f"project edit of {e.codemod}: {e.kind} {e.key}" for e in result.project_edits if e.codemod in names]
    if result.error is not None:
        found.append(f"error: {result.error}")
    return found


def _output_with_gates_open(name: str, path: str) -> list[str]:
    text = _read(path)
    codemod = opened(get_codemod(name))
    result = engine.transform_text(text, [codemod], path=path, read_file=pipeline.sibling_reader(path))
    return output_of(result, text, {name})


# -- (a) the samples of each codemod ---------------------------------------------------------------

# Sample before-files of a codemod that it leaves alone without a word: its gates may (and
# now do) reject them. Every other before-file must pass both stages.
REJECTED_NO_CHANGE_SAMPLES = {
    "dotenv-config/not_a_flask_app",
    "dotenv-config/plain_constants_stay",
    "gunicorn-config/blueprint_module",
    "gunicorn-config/helper_module",
    "http-timeout/no_change_not_http",
    "teardown/flask_sqlalchemy_app",
    "teardown/flask_sqlalchemy_factory",
    "upload-limit/no_uploads",
}
BEFORE_FILES = sorted(
    path
    for path in glob.glob(os.path.join(SAMPLES, "*", "*.before.py"))
    if os.path.basename(os.path.dirname(path)) != "legacy_app"
)


def _case(path: str) -> str:
    return os.path.relpath(path, SAMPLES)[: -len(".before.py")].replace(os.sep, "/")


@pytest.mark.parametrize("path", BEFORE_FILES, ids=_case)
def test_each_sample_before_file_passes_its_codemods_gates(path: str) -> None:
    case = _case(path)
    name = case.split("/", 1)[0]
    text = _read(path)
    stage1, both = gates(get_codemod(name), text, path)
    if case in REJECTED_NO_CHANGE_SAMPLES:
        assert not both, f"{case}: the gates now let it through (update REJECTED_NO_CHANGE_SAMPLES)"
        assert _output_with_gates_open(name, path) == [], f"{case} was rejected, yet the codemod acts on it"
    else:
        assert stage1 and both, f"{case}: rejected by {'applies_to' if not stage1 else 'applies_to_tree'}"


# -- (b) near misses are rejected, the real thing accepted ---------------------------------------------


@pytest.mark.parametrize(
    "name, source, path",
    [
        # open-with: handles already managed, or not opened by an opener
        ("open-with", "def read(p):\n    with open(p) as f:\n        return f.read()\n", "app.py"),
        (
            "open-with",
            "import contextlib\n\ndef read(ps):\n    with contextlib.ExitStack() as stack:\n"
            "        files = [stack.enter_context(open(p)) for p in ps]\n        return [f.read() for f in files]\n",
            "app.py",
        ),
        ("open-with", "class Store:\n    def load(self, p):\n        return self.fs.open(p)\n", "store.py"),
        ("open-with", "import os\nfd = os.open('x', os.O_RDONLY)\n", "low.py"),
        # teardown: flask, but nothing that opens a connection; a connection, but no flask
        ("teardown", "from flask import Flask\napp = Flask(__name__)\n\n@app.after_request\ndef after(r):\n    return r\n", "app.py"),
        ("teardown", "import sqlite3\n\ndef load():  # not a flask module\n    return sqlite3.connect('x.db')\n", "db.py"),
        ("teardown", "import flask\n\ndef handler(signal):\n    signal.disconnect(handler)\n", "signals.py"),
        # dotenv-config: UPPER_CASE constants outside a config module or a flask module
        ("dotenv-config", 'SECRET_KEY = "abc123"\nDATABASE_URL = "postgres://u:p@h/db"\n', "tools/constants.py"),
        ("dotenv-config", "DEBUG = True\nPAGE_SIZE = 20\n", "settings_helpers/limits.py"),
        # a config module, but nothing that is a secret or a setting
        ("dotenv-config", "PAGE_SIZE = 20\nCOLORS = ('red', 'blue')\n", "config.py"),
        ("dotenv-config", "HELP_TEXT = 'see https://example.com/docs'\nPAGE_SIZE = 20\n", "config.py"),
        # a test file is left alone, whatever it holds
        ("dotenv-config", "from flask import Flask\napp = Flask(__name__)\napp.config['SECRET_KEY'] = 'x'\n", "tests/test_app.py"),
        # classes that are not config classes
        ("dotenv-config", "class Meta:\n    SECRET_KEY = 'x'\n", "models.py"),
        ("dotenv-config", "import enum\n\nclass ColorSettings(enum.Enum):\n    RED_TOKEN = 'r'\n", "colors.py"),
        # cache-views: a router that is not a Flask app, in a module without flask
        ("cache-views", "from fastapi import APIRouter\nrouter = APIRouter()\n\n@router.get('/')\ndef index():\n    return {}\n", "api.py"),
        # http-timeout: every call has its timeout; urllib without urlopen
        ("http-timeout", "import requests\n\ndef get(url):\n    return requests.get(url, timeout=5)\n", "client.py"),
        ("http-timeout", "import urllib.parse\n\ndef quote(x):\n    return urllib.parse.quote(x)\n", "util.py"),
        ("http-timeout", "from urllib.request import urlopen\n\ndef ping(u):\n    return urlopen(u, None, 30)\n", "ping.py"),
        # upload-limit: an app that does not read uploads (the word only in a name)
        ("upload-limit", "from flask import Flask\napp = Flask(__name__)\n\ndef list_files():\n    return []\n", "app.py"),
        ("upload-limit", "from flask import Blueprint, request\nbp = Blueprint('u', __name__)\n\n@bp.post('/')\ndef up():\n    return request.files['f'].filename\n# Flask\n", "views.py"),
        # static-max-age: flask imported, no app created here
        ("static-max-age", "'''Flask helpers.'''\nfrom flask import Flask, current_app\n\ndef name():\n    return current_app.name\n", "helpers.py"),
        ("static-max-age", "class Flask:\n    pass\n\napp = Flask()\n", "fake.py"),
        # atexit-cleanup: not at module level, or not a known creator
        ("atexit-cleanup", "def load(p):\n    f = open(p)\n    return f.read()\n", "load.py"),
        ("atexit-cleanup", "import logging\nLOG = logging.getLogger(__name__)\nreopen()\n", "log.py"),
        ("atexit-cleanup", "import socket\nconn = socket.create_connection(('h', 1))\nother = signal.connect(x)\n", "net.py"),
        # gunicorn-config: "app" only inside other words
        ("gunicorn-config", "items = []\nitems.append(1)\n\ndef wrapper(mapping):\n    return apply(mapping)\n", "lib/util.py"),
        # ... or only for type checkers, or naming a class or a helper rather than an app
        (
            "gunicorn-config",
            "import typing\nif typing.TYPE_CHECKING:\n    from wsgiref.types import WSGIApplication as app\n"
            "from .sansio.app import App\n\ndef locate_app(name):\n    return name\n",
            "lib/cli.py",
        ),
    ],
)
def test_near_misses_are_rejected(name: str, source: str, path: str) -> None:
    assert not accepts(name, source, path)
    # and rightly so: the codemod alone, with its gates open, does nothing with them either
    text = textwrap.dedent(source)
    result = engine.transform_text(text, [opened(get_codemod(name))], path=path)
    assert output_of(result, text, {name}) == []


@pytest.mark.parametrize(
    "name, source, path",
    [
        ("open-with", "def read(p):\n    return open(p).read()\n", "app.py"),
        ("open-with", "import gzip as gz\n\ndef read(p):\n    return gz.open(p).read()\n", "app.py"),
        ("open-with", "from pathlib import Path\n\ndef read(p):\n    return Path(p).open().read()\n", "app.py"),
        ("open-with", "from urllib.request import urlopen as fetch, urlopen\n\ndef get(u):\n    return urlopen(u).read()\n", "app.py"),
        ("open-with", "def read(p):\n    with open(p) as f:\n        pass\n    return open(p).read()\n", "app.py"),
        ("teardown", "import sqlite3\nfrom flask import Flask, g\n\ndef get_db():\n    g.db = sqlite3.connect('x')\n    return g.db\n", "app.py"),
        ("teardown", "from sqlite3 import connect as sq\nfrom flask import g\n\ndef get_db():\n    g.db = sq('x')\n", "app.py"),
        ("teardown", "import flask_sqlalchemy\nfrom sqlalchemy.orm import scoped_session\nSession = scoped_session(f)\n", "db.py"),
        ("dotenv-config", 'SECRET_KEY = "abc123"\n', "config.py"),
        ("dotenv-config", 'SECRET_KEY = "abc123"\n', "instance/local.py"),
        ("dotenv-config", 'REDIS = "redis://cache:6379/0"\n', "myapp/settings.py"),
        ("dotenv-config", 'BROKER = "see below " "amqp://guest@rabbit//"\n', "myapp/settings.py"),
        ("dotenv-config", 'NOTE = "mirror: " "https://u:pw@mirror.example/"\n', "settings.py"),
        ("dotenv-config", "class ProdConfig:\n    DEBUG = False\n", "models.py"),
        ("dotenv-config", "class Base:\n    DB_PASSWORD = 'x'\n\nclass ProdConfig(Base):\n    pass\n", "models.py"),
        ("dotenv-config", "from flask import Flask\nDB_PASSWORD = 'hunter2'\n", "app.py"),
        ("dotenv-config", "from flask import Flask\nDB = 'postgres://u:' 'p@h/db'\n", "app.py"),
        ("dotenv-config", "from flask import Flask\napp = Flask(__name__)\napp.secret_key = 'x'\n", "app.py"),
        ("dotenv-config", "from shop import create_app\napp = create_app()\napp.run('0.0.0.0', 5000, True)\n", "run.py"),
        ("dotenv-config", "def make(app):\n    app.config.from_object(__name__)\n", "factory.py"),
        ("cache-views", "from . import bp\n\n@bp.route('/')\ndef index():\n    return 'x'\n", "views.py"),
        ("cache-views", "from flask import Flask\nweb = Flask(__name__)\n\n@web.get('/')\ndef index():\n    return 'x'\n", "site.py"),
        ("cache-views", "def index():\n    return 'x'\n\nsite.add_url_rule('/', 'index', index)\n", "site.py"),
        ("http-timeout", "import requests as r\n\ndef get(u):\n    return r.get(u)\n", "client.py"),
        ("http-timeout", "import requests\n\ndef get(u):\n    return requests.get(u, timeout=None)\n", "client.py"),
        ("http-timeout", "import requests\n\ndef get(u):\n    s = requests.Session()\n    return s.get(u, timeout=3)\n", "client.py"),
        ("http-timeout", "import urllib.request\n\ndef get(u):\n    return urllib.request.urlopen(u)\n", "client.py"),
        ("upload-limit", "from flask import Flask, request\napp = Flask(__name__)\n\n@app.post('/')\ndef up():\n    return request.files['f'].filename\n", "app.py"),
        ("upload-limit", "import flask\napp = flask.Flask(__name__)\napp.register_blueprint(files_bp)\n", "app.py"),
        ("static-max-age", "from flask import Flask as F\napp: F = F(__name__)\n", "app.py"),
        ("static-max-age", "import flask\n\ndef create_app():\n    app = flask.Flask(__name__)\n    return app\n", "factory.py"),
        ("atexit-cleanup", "LOG = open('audit.log', 'a')\n", "log.py"),
        ("atexit-cleanup", "from concurrent.futures import ThreadPoolExecutor as Pool\npool = Pool()\n", "jobs.py"),
        ("atexit-cleanup", "import sqlite3 as sq\ndb: object = sq.connect('x')\n", "db.py"),
        ("gunicorn-config", "from app import app\n", "wsgi.py"),
        ("gunicorn-config", "from app import app\n", "serve.py"),
        ("gunicorn-config", "from myshop import create_app\n\napplication = create_app()\n", "entry.py"),
        ("gunicorn-config", "from flask import Flask\nweb = Flask(__name__)\n", "site.py"),
        ("gunicorn-config", "from .factory import build\n\ndef create_app():\n    return build()\n", "shop/__init__.py"),
        ("gunicorn-config", "try:\n    from shop import application\nexcept ImportError:\n    application = None\n", "serve.py"),
    ],
)
def test_what_a_codemod_acts_on_is_accepted(name: str, source: str, path: str) -> None:
    assert accepts(name, source, path)


def test_app_words() -> None:
    for word in ("app", "create_app", "application", "myapp", "WebApp", "flask_app", "shop.app", "_ASGIApp", "APP"):
        assert _prefilter.app_word(word), word
    for word in ("append", "wrapper", "mapping", "apply", "happy", "Mapping", "approx", "appendleft", "AppDirs", "get_app_dir", ""):
        assert not _prefilter.app_word(word), word


def test_paths_with_backslashes() -> None:
    # Windows separators: a test folder, a config folder, an app module
    flask_app = "from flask import Flask\napp = Flask(__name__)\n"
    assert not accepts("dotenv-config", flask_app, "project\\tests\\helpers.py")
    assert accepts("dotenv-config", 'SECRET_KEY = "abc"\n', "project\\instance\\local.py")
    assert accepts("gunicorn-config", "items = []\nitems.append(1)\n", "project\\wsgi.py")
    assert not accepts("gunicorn-config", "items = []\nitems.append(1)\n", "project\\tools\\util.py")


def test_facts_are_computed_once_per_tree() -> None:
    tree = ast.parse("import gzip as gz\nx = gz.open(p)\n")
    first = _prefilter.facts(tree)
    assert _prefilter.facts(tree) is first
    assert "gzip.open" in first.qualified(tree.body[1].value.func)
    other = ast.parse("x = 1\n")
    assert _prefilter.facts(other) is not first


def test_a_gate_that_fails_lets_the_file_through(monkeypatch) -> None:
    """The engine treats an exception in applies_to_tree as True: the gates may assume
    well-formed trees."""

    def broken(tree, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(_prefilter, "open_with", broken)
    result = engine.transform_text("def f(p):\n    return open(p).read()\n", [get_codemod("open-with")])
    assert result.error is None and "with open(p)" in result.new_text


# -- (c) over every sample file: a gate never rejects a file its codemod acts on -----------------------


@pytest.mark.parametrize("path", SAMPLE_INPUTS, ids=lambda p: os.path.relpath(p, SAMPLES))
def test_no_gate_rejects_a_sample_its_codemod_acts_on(path: str) -> None:
    """Every codemod whose gates reject the file runs on it with its gates forced open: none
    may produce anything. (They run chained in one engine call, parsing the file once; the
    first to act would be named, and any change of the text fails the test.)"""
    text = _read(path)
    tree, problem = engine.python_tree(text, path)
    if problem is not None:
        pytest.skip(problem)
    rejected = []
    for cls in CODEMODS:
        instance = cls()
        if not (instance.applies_to_file(text, path) and engine._wants_tree(instance, tree, path)):
            rejected.append(cls)
    if not rejected:
        return
    result = engine.transform_text(text, [opened(cls) for cls in rejected], path=path, read_file=pipeline.sibling_reader(path))
    assert output_of(result, text, {cls.NAME for cls in rejected}) == []
    assert result.new_text == text
