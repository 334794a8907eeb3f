"""gunicorn-config on an app that serves WebSockets (heatflask: Flask-Sockets, run by the
Procfile's ``gunicorn wsgi:app --worker-class flask_sockets.worker``). Each WebSocket stays
open in the worker that accepted it for as long as the page that opened it: the map's data
stream, an admin's live event feed. ``max_requests`` replaces a worker after so many
requests, and gunicorn then gives its open connections only the graceful wait before the
worker exits: every open WebSocket of that worker is cut, where before none was. So the
file is not generated; a finding names the import or the worker class, as for Socket.IO."""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

PACKAGE_INIT = """\
from flask import Flask
from flask_sockets import Sockets

app = Flask(__name__)
sockets = Sockets(app)


@sockets.route("/data_socket")
def data_socket(ws):
    while not ws.closed:
        message = ws.receive()
        if message:
            ws.send(message)
"""

PLAIN_APP = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/')\ndef index():\n    return 'hello'\n"

FLASK_SOCK_VIEWS = """\
from flask_sock import Sock

sock = Sock()


@sock.route("/echo")
def echo(ws):
    while True:
        ws.send(ws.receive())
"""


def run(source: str, files: dict[str, str], path: str = "app.py"):
    result = run_codemods(source, "gunicorn-config", files=files, path=path, dedent=False)
    assert result.error is None, result.error
    assert result.new_text == source, "gunicorn-config never rewrites Python source"
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


@pytest.mark.parametrize(
    "source, files, named",
    [
        # heatflask's shape: the Procfile picks Flask-Sockets' worker, the app imports Flask-Sockets
        (
            PACKAGE_INIT,
            {"requirements.txt": "flask==1\ngunicorn==20\ngevent==1.4\nflask-sockets\n",
             "Procfile": "web: gunicorn app:app --worker-class flask_sockets.worker --timeout 20\n"},
            "flask_sockets",
        ),
        # flask-sock in another module of the application code, a bare Procfile start
        (
            PLAIN_APP,
            {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n", "views/live.py": FLASK_SOCK_VIEWS},
            "flask_sock",
        ),
        # no WebSocket import in Python: the command line's gevent-websocket worker says it
        (
            PLAIN_APP,
            {"requirements.txt": "flask\ngunicorn\n",
             "Procfile": "web: gunicorn -k geventwebsocket.gunicorn.workers.GeventWebSocketWorker app:app\n"},
            "geventwebsocket",
        ),
    ],
)
def test_a_websocket_app_gets_no_file_and_a_finding(source, files, named):
    result, created = run(source, files)
    assert created == {} and result.rewrites == {}
    [message] = finding_messages(result)
    assert "serves WebSockets" in message and named in message and "nothing generated" in message


def test_a_websocket_module_in_a_test_does_not_count():
    files = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n", "tests/test_live.py": "import flask_sockets\n"}
    _, created = run(PLAIN_APP, files)
    assert list(created) == ["gunicorn.conf.py"]


def test_a_gevent_worker_without_websockets_still_gets_the_file():
    """gevent alone serves plain requests: recycling its worker cuts nothing long-lived."""
    files = {"requirements.txt": "flask\ngunicorn\ngevent\n", "Procfile": "web: gunicorn -k gevent app:app\n"}
    _, created = run(PLAIN_APP, files)
    assert list(created) == ["gunicorn.conf.py"]
