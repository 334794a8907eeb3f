"""teardown: a per-request redis client is closed the way its redis-py release closes one.

WP1 (openzim/wp1, redis 4.4.4 locked) makes a ``Redis(**creds)`` for each request in a getter
(``get_redis()`` keeping it on ``flask.g``); the codemod's handler called ``redis_conn.close()``.
Before redis-py 5.0.1 the synchronous client's ``close()`` only hands back the one connection
of a single-connection client: the sockets of the pool the client made for itself stay open
until the garbage collector drops the client. ``client.connection_pool.disconnect()`` closes
them on every release, so the handler writes that unless the project requires redis 5.0.1 or
later (where ``close()`` disconnects a pool the client owns). A client given a shared
``connection_pool=`` keeps ``close()``: disconnecting the shared pool would drop the
connections of the other requests.
"""

from __future__ import annotations

import sys
import textwrap
import types

import pytest

from helpers import run_codemods

APP = """\
import redis
from flask import Flask, g

app = Flask(__name__)


def get_cache():
    if "cache" not in g:
        g.cache = redis.Redis(host="localhost", port=6379)
    return g.cache


@app.route("/")
def index():
    return get_cache().get("motd") or ""
"""


def rewrite(source: str, requirements: str) -> str:
    return run_codemods(source, "teardown", files={"requirements.txt": requirements}, dedent=False).new_text


@pytest.mark.parametrize("requirements", ["flask\nredis==4.4.4\n", "flask\nredis>=3\n", "flask\n"])
def test_a_client_that_owns_its_pool_is_disconnected_where_redis_may_be_older_than_5_0_1(requirements):
    after = rewrite(APP, requirements)
    assert "cache.connection_pool.disconnect()" in after, after
    assert "cache.close()" not in after


@pytest.mark.parametrize("requirements", ["flask\nredis>=5.0.1\n", "flask\nredis==5.2.1\n"])
def test_close_where_the_project_requires_a_redis_whose_close_disconnects(requirements):
    after = rewrite(APP, requirements)
    assert "cache.close()" in after, after
    assert "disconnect" not in after


def test_a_client_on_a_shared_pool_is_closed_not_disconnected():
    source = APP.replace("app = Flask(__name__)", 'app = Flask(__name__)\nPOOL = redis.ConnectionPool(host="localhost")').replace(
        'redis.Redis(host="localhost", port=6379)', "redis.Redis(connection_pool=POOL)"
    )
    after = rewrite(source, "flask\nredis==4.4.4\n")
    assert "cache.close()" in after, after
    assert "disconnect" not in after


GETTER = """\
import flask
from redis import Redis


def get_redis():
    if not hasattr(flask.g, "redis"):
        setattr(flask.g, "redis", Redis(host="localhost"))
    return getattr(flask.g, "redis")
"""

FACTORY = """\
import flask

from wp.web.redis import get_redis


def create_app():
    app = flask.Flask(__name__)

    @app.route("/")
    def index():
        return get_redis().get("motd") or ""

    return app
"""


def test_the_handler_an_app_factory_gets_for_another_modules_client_disconnects_it():
    result = run_codemods(
        FACTORY, "teardown", path="wp/web/app.py", project={"wp/web/redis.py": GETTER, "Pipfile.lock": LOCK}
    )
    assert ".connection_pool.disconnect()" in result.new_text, result.new_text


LOCK = '{"_meta": {}, "default": {"flask": {"version": "==3.1.3"}, "redis": {"version": "==4.4.4"}}, "develop": {}}\n'


class _Pool:
    """redis-py 4.x's pool, as far as closing goes: disconnect() closes every connection."""

    opened: list[dict] = []

    def __init__(self, **kwargs):
        self.connections = []

    def get(self):
        connection = {"open": True}
        self.connections.append(connection)
        _Pool.opened.append(connection)
        return connection

    def disconnect(self):
        for connection in self.connections:
            connection["open"] = False


class _Redis:
    """redis-py 4.4's client: its own pool; close() releases nothing of it."""

    def __init__(self, connection_pool=None, **kwargs):
        self.connection_pool = connection_pool or _Pool(**kwargs)
        self.connection = None

    def get(self, key):
        self.connection_pool.get()
        return b""

    def close(self):
        if self.connection:
            self.connection = None


def test_the_rewritten_app_leaves_no_connection_open_under_redis_4(monkeypatch):
    stand_in = types.ModuleType("redis")
    stand_in.Redis = _Redis  # type: ignore[attr-defined]
    stand_in.ConnectionPool = _Pool  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "redis", stand_in)
    _Pool.opened.clear()
    for source, left_open in ((APP, True), (rewrite(APP, "flask\nredis==4.4.4\n"), False)):
        namespace: dict = {"__name__": "redis_case"}
        exec(compile(textwrap.dedent(source), "app.py", "exec"), namespace)
        client = namespace["app"].test_client()
        before = len(_Pool.opened)
        client.get("/")
        made = _Pool.opened[before:]
        assert made and any(c["open"] for c in made) is left_open


WP1_FACTORY = """\
import flask

from wp.web.redis import get_redis


def create_app():
    app = flask.Flask(__name__)

    origins = None
    origins = app.config.get("CLIENT_URL")
    if origins is None:
        origins = "*"

    @app.teardown_request
    def close_dbs(ex):
        if hasattr(flask.g, "wp10db"):
            flask.g.pop("wp10db").close()

    @app.route("/")
    def index():
        return get_redis().get("motd") or origins

    return app
"""


def test_the_registration_goes_beside_the_factorys_own_teardown_handler():
    """Where the factory already registers a teardown handler, the new one is registered right
    after it (not between a local's assignment and the test that completes it)."""
    result = run_codemods(
        WP1_FACTORY, "teardown", path="wp/web/app.py", project={"wp/web/redis.py": GETTER, "Pipfile.lock": LOCK}
    )
    lines = result.new_text.splitlines()
    registration = lines.index("    app.teardown_appcontext(close_redis)")
    assert lines[registration - 2 : registration] == ['            flask.g.pop("wp10db").close()', ""], lines
    assert 'origins = app.config.get("CLIENT_URL")\n    if origins is None:' in result.new_text
