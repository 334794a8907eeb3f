"""The gates of app-context-stack: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from flask_codemod import engine
from flask_codemod.codemods import get_codemod
from gate_checks import GateCases, gates_at, missed_at_targets, opened, output_of, sample_texts
from helpers import ProjectReader


class TestGates(GateCases):
    NAME = "app-context-stack"
    REJECTED = [
        # the stack named in a comment, flask not imported
        ("# this used to live on _app_ctx_stack.top\nimport threading\n\nlocal = threading.local()\n", "state.py"),
        # flask imported, the stack named only in a comment (a vendored extension's note,
        # compair's flask_bouncer.py): no name resolves to a stack (Planner._references)
        ("# _app_ctx_stack was removed in Flask 3\nfrom flask import g, has_app_context\n\n"
         "def user():\n    return g.user if has_app_context() else None\n", "bouncer.py"),
        # flask, but no context stack
        ("from flask import g\n\ndef get_db():\n    return g.db\n", "db.py"),
        # a packaging script: no codemod acts on it (Codemod.acts_on)
        ("from setuptools import setup\nfrom flask import _app_ctx_stack\n\ndef test_no_context():\n    assert _app_ctx_stack.top is None\n", "setup.py"),
    ]
    ACCEPTED = [
        # a test module: upgrades act on tests too (a removed API breaks them as well)
        ("from flask import _app_ctx_stack\n\ndef test_no_context():\n    assert _app_ctx_stack.top is None\n", "tests/test_context.py"),
        ("import flask\n\ndef get_db():\n    return flask._app_ctx_stack.top.sqlite_db\n", "app.py"),
        ("from flask import _app_ctx_stack as ctx_stack\n\ndef user():\n    return getattr(ctx_stack.top, 'user', None)\n", "jwt.py"),
        ("from flask import globals\n\ndef get_db():\n    return globals._app_ctx_stack.top.db\n", "db.py"),
        ("from flask.globals import _request_ctx_stack as stack\n\ndef path():\n    return stack.top.request.path\n", "views.py"),
        # a stack imported and never read (arxiv-sanity-preserver's serve.py): the import goes
        # where the stacks are deprecated (the planner's drop_unused_imports)
        ("from flask import Flask, g, _app_ctx_stack\n\napp = Flask(__name__)\n", "serve.py"),
        # test code is upgraded too: it breaks like the app does
        ("from flask import _app_ctx_stack\n\ndef test_no_context():\n    assert _app_ctx_stack.top is None\n", "tests/test_context.py"),
    ]


# -- the project gate: before Flask 2.2 only a rewrite can change the module ----------------------

_APP = "from flask import _app_ctx_stack\n\n"
_REQUEST = "from flask import _request_ctx_stack\n\n"
# flaskbb's shapes (a request stack read through getattr/setattr with a name held in a variable,
# storage on the request context), then each way a read of top is rewritten, and near misses
NOTHING_TO_REWRITE = [
    (_REQUEST + "def can(name):\n    return getattr(_request_ctx_stack.top, name, None)\n", "locals.py"),
    (_REQUEST + "def keep(name, value):\n    setattr(_request_ctx_stack.top, name, value)\n", "tests/test_requirements.py"),
    (_REQUEST + "def setup(forum):\n    _request_ctx_stack.top.forum = forum\n", "tests/test_forum_utils.py"),
    (_APP + "def current():\n    return _app_ctx_stack.top.app\n", "app.py"),
    (_APP + "def name(key):\n    return getattr(_app_ctx_stack.top, key)\n", "app.py"),
    (_APP + "def push(ctx):\n    _app_ctx_stack.push(ctx)\n", "app.py"),
    (_REQUEST + "def req():\n    return _request_ctx_stack.top.request\n", "views.py"),
    # security_monkey's: an alias read for its app (a context attribute) as well as tested
    (_APP + "def get_app():\n    ctx = _app_ctx_stack.top\n    if ctx is not None:\n        return ctx.app\n", "modules.py"),
    (_APP + "top = _app_ctx_stack.top\n\ndef get_db():\n    return top.db\n", "app.py"),
]
_OWNER = _APP + "def own(db):\n    _app_ctx_stack.top.sqlite_db = _app_ctx_stack.top.db = db\n    return _app_ctx_stack.top.sqlite_db, _app_ctx_stack.top.db\n"
REWRITTEN = [
    (_APP + "def get_db():\n    return _app_ctx_stack.top.sqlite_db\n", "app.py"),
    (_APP + "def has_db():\n    return hasattr(_app_ctx_stack.top, 'sqlite_db')\n", "app.py"),
    (_APP + "def keep(db):\n    setattr(_app_ctx_stack.top, 'db', db)\n", "app.py"),
    # (keywords: a TypeError when run, yet LibCST's first argument, so rewritten alike)
    (_APP + "def keep(db):\n    setattr(obj=_app_ctx_stack.top, name='db', value=db)\n", "app.py"),
    (_APP + "def inside():\n    return _app_ctx_stack.top is not None\n", "app.py"),
    (_REQUEST + "def outside():\n    return _request_ctx_stack.top is None\n", "app.py"),
    (_REQUEST + "def path():\n    return _request_ctx_stack.top.request.path\n", "views.py"),
    (_APP + "def get_db():\n    top = _app_ctx_stack.top\n    if not hasattr(top, 'db'):\n        top.db = 1\n    return top.db\n", "db.py"),
    ("import flask\n\ndef get_db():\n    return flask._app_ctx_stack.top.sqlite_db\n", "app.py"),
    ("from flask import _app_ctx_stack as stack\n\ndef get_db():\n    return stack.top.sqlite_db\n", "app.py"),
    # an alias whose unclassified read is in a nested function's own binding, not the alias
    (_APP + "def get_db():\n    top = _app_ctx_stack.top\n    def inner(top):\n        return top.app\n    return top.db\n", "db.py"),
]


def test_the_gates_let_through_every_case_it_acts_on_at_every_target() -> None:
    cases = NOTHING_TO_REWRITE + REWRITTEN + TestGates.ACCEPTED + TestGates.REJECTED + sample_texts(TestGates.NAME)
    assert missed_at_targets(TestGates.NAME, cases) == []


def test_before_flask_2_2_a_module_with_nothing_to_rewrite_is_rejected() -> None:
    for source, path in NOTHING_TO_REWRITE:
        assert not gates_at(TestGates.NAME, source, path, (2, 1)), source
        assert not gates_at(TestGates.NAME, source, path, (1, 1)), source
        assert gates_at(TestGates.NAME, source, path, (2, 2)) and gates_at(TestGates.NAME, source, path, None), source
    for source, path in REWRITTEN:
        # the names these cases only read or only store are stored and read back elsewhere in the
        # project: its own storage (_app_context_stack_owned)
        project = ProjectReader({path: source, "owner.py": _OWNER}, path)
        assert gates_at(TestGates.NAME, source, path, (2, 1), read_file=project), source
        result = engine.transform_text(
            source, [opened(get_codemod(TestGates.NAME))], path=path, target_version=(2, 1), read_file=project
        )
        assert output_of(result, source, {TestGates.NAME}), source  # each is rewritten there


# storage the planner keeps whatever the target (``_shared_storage``): a name an extension keeps
# on the context (open-event-server's jwt.py reading Flask-JWT-Extended 3's ``expired_jwt`` and
# ``jwt_user``, and its test fixture storing them), or one the project does not both store and
# read back (read here, stored by nobody of the project)
SHARED_STORAGE = [
    ("from flask import _app_ctx_stack as ctx_stack\n\ndef expired():\n    return getattr(ctx_stack.top, 'expired_jwt', None)\n\n"
     "def user():\n    return getattr(ctx_stack.top, 'jwt_user', None)\n", "app/api/helpers/jwt.py"),
    ("from flask import _app_ctx_stack as ctx_stack\n\ndef app_context():\n    ctx_stack.top.jwt = {}\n"
     "    ctx_stack.top.jwt_user = None\n    return ctx_stack.top.jwt_user\n", "tests/all/conftest.py"),
    (_APP + "def get_db():\n    return _app_ctx_stack.top.sqlite_db\n", "app.py"),
    (_APP + "def get_db():\n    top = _app_ctx_stack.top\n    return top.db if hasattr(top, 'db') else None\n", "db.py"),
]


def test_before_flask_2_2_storage_the_project_does_not_own_is_rejected() -> None:
    for source, path in SHARED_STORAGE:
        assert not gates_at(TestGates.NAME, source, path, (2, 1)), source
        assert gates_at(TestGates.NAME, source, path, (2, 2)), source  # reported from the deprecation on
    assert missed_at_targets(TestGates.NAME, SHARED_STORAGE) == []


def test_storage_read_here_and_stored_elsewhere_in_the_project_is_let_through_and_rewritten() -> None:
    source, path = SHARED_STORAGE[2]
    project = ProjectReader({path: source, "owner.py": _OWNER.replace("db", "sqlite_db")}, path)
    assert gates_at(TestGates.NAME, source, path, (2, 1), read_file=project)
    result = engine.transform_text(source, [get_codemod(TestGates.NAME)()], path=path, target_version=(2, 1), read_file=project)
    assert "g.sqlite_db" in result.new_text and "_app_ctx_stack" not in result.new_text
