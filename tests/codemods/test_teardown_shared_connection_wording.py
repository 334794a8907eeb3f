"""The ``teardown`` codemod's finding on a connection kept in a module global says only what holds
whatever server runs the app.

A process-wide connection opened lazily by a getter is reused by every request the process
serves and never closed. Whether several threads use it at once depends on the server: under
a pre-forking server with one thread per worker (gunicorn's default sync workers) each process
serves one request at a time, so the finding must not state concurrent use as a fact.
"""

from __future__ import annotations

from helpers import finding_messages, run_codemods

LAZY_PROCESS_CONNECTION = """\
import MySQLdb
import flask

app = flask.Flask(__name__)

_conn = None


def get_conn():
    global _conn
    if _conn is None:
        _conn = MySQLdb.connect(host="db")
    return _conn


@app.route("/")
def index():
    cur = get_conn().cursor()
    cur.execute("SELECT 1")
    return str(cur.fetchone()[0])
"""


def test_shared_connection_finding_keeps_threads_conditional():
    result = run_codemods(LAZY_PROCESS_CONNECTION, "teardown")
    assert result.new_text == LAZY_PROCESS_CONNECTION
    (message,) = finding_messages(result)
    assert "_conn = MySQLdb.connect(...) is one connection shared by every request" in message
    assert "open it per request or use a pool" in message
    assert "never closed" in message
    assert "used by all threads at once" not in message
    assert "under a threaded server" in message
