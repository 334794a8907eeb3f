"""gunicorn-config on an app that starts a server on a port of its own as it loads (c3bottles:
``wsgi.py``, the module its Dockerfile's ``gunicorn wsgi`` serves, calls ``monitor(app)`` when
Prometheus is enabled, and ``monitor`` calls ``prometheus_client.start_http_server(9567)``).
Under gunicorn's one worker that is one server; the generated file's ``2 x CPU + 1`` workers
would each import the app and bind the same port, every one but the first failing to boot, and
gunicorn stops. So no file: a finding names the call. Code run only as ``__main__`` and
commands are other processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from helpers import run_codemods

C3BOTTLES_APP = """\
from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return "map"
"""

METRICS = """\
from prometheus_client import Counter, start_http_server

from c3bottles import app

request_count = Counter("requests", "Requests", ["endpoint"])


def monitor(app, address="127.0.0.1", port=9567):
    start_http_server(port, address)
"""

WSGI = """\
from c3bottles import app
from c3bottles.lib.metrics import monitor

application = app

if app.config.get("PROMETHEUS_ENABLED", False):
    monitor(app)
"""

FILES = {
    "requirements.txt": "flask\ngunicorn\nprometheus-client\n",
    "Dockerfile": "FROM python:3.12\nWORKDIR /app\nCOPY . /app\nCMD gunicorn -b 0.0.0.0:5000 wsgi\n",
    "c3bottles/lib/__init__.py": "",
    "c3bottles/lib/metrics.py": METRICS,
    "c3bottles/__init__.py": C3BOTTLES_APP,
}


def run(files: dict[str, str]):
    # the module the Dockerfile's ``gunicorn wsgi`` names is the one the file is written for
    result = run_codemods(WSGI, "gunicorn-config", files=files, path="wsgi.py", dedent=False)
    assert result.error is None, result.error
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


def test_a_metrics_server_started_as_the_app_loads_holds_the_file_back():
    result, created = run(FILES)
    assert created == {}
    [finding] = [f.message for f in result.findings]
    assert "c3bottles/lib/metrics.py:9: prometheus_client.start_http_server()" in finding
    assert "each would bind the same port" in finding and "nothing generated" in finding


@pytest.mark.parametrize(
    "metrics",
    [
        # started only when the module runs as a script: gunicorn never runs it
        METRICS.replace("def monitor(app, address=\"127.0.0.1\", port=9567):\n    start_http_server(port, address)\n",
                        "if __name__ == \"__main__\":\n    start_http_server(9567)\n"),
        # a command of its own process (flask metrics-server)
        METRICS.replace("def monitor(", "@app.cli.command()\ndef monitor("),
        # a name that only looks alike
        METRICS.replace("from prometheus_client import Counter, start_http_server",
                        "from prometheus_client import Counter\nfrom .exporter import start_http_server"),
    ],
)
def test_a_server_no_served_process_starts_leaves_the_file_to_be_generated(metrics):
    _, created = run({**FILES, "c3bottles/lib/metrics.py": metrics})
    assert list(created) == ["gunicorn.conf.py"]


def test_stdlib_servers_spelled_through_their_modules_count_too():
    metrics = "import http.server as hs\n\n\ndef serve():\n    hs.ThreadingHTTPServer(('', 9000), None)\n"
    result, created = run({**FILES, "c3bottles/lib/metrics.py": metrics})
    assert created == {}
    assert "c3bottles/lib/metrics.py:5: http.server.ThreadingHTTPServer()" in result.findings[0].message


SERVED = """\
import http.server
import threading

from flask import Flask

app = Flask(__name__)
server = http.server.HTTPServer(("127.0.0.1", {port}), http.server.SimpleHTTPRequestHandler)
threading.Thread(target=server.serve_forever, daemon=True).start()
"""
GUNICORN = os.path.join(os.path.dirname(sys.executable), "gunicorn")


@pytest.mark.skipif(not os.path.exists(GUNICORN), reason="gunicorn is not installed in this environment")
def test_what_more_workers_do_to_such_an_app(tmp_path):
    """The behaviour the finding guards: one worker boots; two stop gunicorn."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (tmp_path / "served.py").write_text(SERVED.format(port=port))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN", "WEB_CONCURRENCY"))}

    def gunicorn(workers: int) -> subprocess.CompletedProcess:
        command = [GUNICORN, "-w", str(workers), "-b", "127.0.0.1:0", "--graceful-timeout", "1", "served:app"]
        try:
            return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=8)
        except subprocess.TimeoutExpired as running:  # still serving: it booted
            return subprocess.CompletedProcess(command, None, "", (running.stderr or b"").decode())

    assert gunicorn(1).returncode is None
    stopped = gunicorn(2)
    assert stopped.returncode not in (None, 0) and "Address already in use" in stopped.stderr


C3BOTTLES_FALLBACK = """\
from flask import Flask
from pwgen import pwgen

app = Flask(__name__)

try:
    import config

    app.config.from_object(config)
except ImportError:
    app.config.update(SECRET_KEY=pwgen(64))
"""


def test_a_secret_the_pwgen_library_makes_is_made_anew_in_each_process():
    """c3bottles without its metrics server: where ``config.py`` is missing, the secret key is
    ``pwgen(64)``, a random password of the pwgen library, so each worker would sign its own
    sessions (the locale, logins, CSRF tokens); as for ``os.urandom``, no file and a finding."""
    files = {**FILES, "c3bottles/__init__.py": C3BOTTLES_FALLBACK, "c3bottles/lib/metrics.py": "", "wsgi.py": WSGI}
    result, created = run(files)
    assert created == {}
    assert any("its secret key" in f.message and "pwgen()" in f.message for f in result.findings), result.findings
