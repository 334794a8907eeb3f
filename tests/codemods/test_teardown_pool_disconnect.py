"""teardown: a handler that disconnects a client's connection pool (``g.cache.connection_pool
.disconnect()``, redis-py's way to close every connection a client holds) closes that client.

Said otherwise, the finding claimed the handler "does not close it" of a handler that does.
"""

from __future__ import annotations

from helpers import finding_messages, run_codemods

SOURCE = """\
import redis
from flask import Flask, g

app = Flask(__name__)


@app.before_request
def connect():
    g.cache = redis.StrictRedis(host="localhost", port=6379, db=0)


@app.teardown_request
def disconnect(exc):
    g.cache.connection_pool.disconnect()


@app.route("/")
def index():
    return g.cache.get("motd") or ""
"""


def test_a_pool_disconnect_closes_the_client():
    result = run_codemods(SOURCE, "teardown", files={"requirements.txt": "flask\nredis\n"}, dedent=False)
    assert result.new_text == SOURCE
    assert not [m for m in finding_messages(result) if "does not close it" in m]


def test_a_handler_that_only_reads_the_client_is_still_reported():
    source = SOURCE.replace("g.cache.connection_pool.disconnect()", 'g.cache.delete("lock")')
    result = run_codemods(source, "teardown", files={"requirements.txt": "flask\nredis\n"}, dedent=False)
    assert result.new_text == source
    assert [m for m in finding_messages(result) if "uses g.cache but does not close it" in m]
