"""http-timeout: a number that is the default of a configuration read
(``self.configuration.get("timeout", 600)``, ``os.getenv("X", "30")``) is that setting's
default — what a call waits until a user configures more — not a wait the project gives its
other calls. redash makes each data source's wait a user setting (its ClickHouse runner:
``timeout=self.configuration.get("timeout", 30)``); a fixed 600 written into its other query
runners would cut a user's longer query. Where the project reads the waits of its proven HTTP
calls from its configuration, a call in a module with no wait of its own is reported, to be
given that setting."""

from __future__ import annotations

import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from helpers import finding_messages, run_codemods
from http_support import load

NAME = "http-timeout"

# redash's shape: a runner reads its wait from the data source's settings ...
CONFIGURED_RUNNER = """
import requests


class ClickHouse:
    def __init__(self, configuration):
        self.configuration = configuration

    def run_query(self, url, q):
        return requests.post(url, data=q, timeout=self.configuration.get("timeout", {default})).json()
"""

# ... another names none
RUNNER = """
import requests


class Elasticsearch:
    def __init__(self, configuration):
        self.configuration = configuration

    def run_query(self, url, query):
        r = requests.get(url, json=query)
        r.raise_for_status()
        return r.json()
"""

JOBS = "from rq.decorators import job\n\n\n@job('schema', timeout=300)\ndef refresh_schema():\n    pass\n"
WEBHOOK = "import requests\n\n\ndef notify(url, body):\n    return requests.post(url, json=body, timeout=5).ok\n"


def _run(runner: str = RUNNER, **others: str):
    project = {"app/__init__.py": "", "app/query_runner/clickhouse.py": CONFIGURED_RUNNER.format(default=600), **others}
    return run_codemods(runner, NAME, path="app/query_runner/elasticsearch.py", project=project)


@pytest.mark.parametrize(
    "others",
    [{}, {"app/tasks.py": JOBS, "app/destinations/webhook.py": WEBHOOK}],
    ids=["nothing else", "jobs and webhooks name numbers"],
)
def test_a_runner_of_a_project_that_configures_its_http_waits_is_reported(others):
    result = _run(**others)
    assert result.new_text == textwrap.dedent(RUNNER) and result.rewrites == {}
    [message] = finding_messages(result)
    # clickhouse's own setting is not this runner's: said as another module's, and nothing more
    assert "another module of this project gives its calls a timeout from its configuration (app/query_runner/clickhouse.py:10)" in message
    assert "pass the same setting as timeout= here" in message


def test_so_is_a_call_of_the_module_whose_own_wait_is_a_setting():
    source = CONFIGURED_RUNNER.format(default=30) + "\n    def test_connection(self, url):\n        return requests.get(url).ok\n"
    result = run_codemods(source, NAME, path="app/query_runner/clickhouse.py", project={"app/__init__.py": ""})
    assert result.new_text == textwrap.dedent(source)
    [message] = finding_messages(result)
    assert message.startswith("13: http-timeout: not changed: this project reads its timeouts from its configuration (line 10)")


def test_a_setting_from_the_environment_through_a_constant_too():
    client = 'import os\n\nimport requests\n\nAPI_WAIT = int(os.getenv("API_TIMEOUT", "30"))\n\n\ndef ask(url):\n    return requests.get(url, timeout=API_WAIT).json()\n'
    result = _run(**{"app/client.py": client, "app/query_runner/clickhouse.py": ""})
    assert result.new_text == textwrap.dedent(RUNNER)
    assert "(app/client.py:9)" in finding_messages(result)[0]


def test_a_module_s_own_number_still_comes_first_and_a_setting_only_lengthens_it():
    source = (
        "import requests\n\n\ndef ping(url):\n    return requests.get(url, timeout=5).ok\n\n\n"
        "def run(c, url, q):\n    return requests.post(url, data=q, timeout=c.get('timeout', 90)).json()\n\n\n"
        "def schema(url):\n    return requests.get(url).json()\n"
    )
    result = run_codemods(source, NAME, path="app/runner.py", project={"app/__init__.py": ""})
    assert "requests.get(url, timeout=90).json()" in result.new_text


def test_a_configured_database_wait_is_no_http_wait():
    """A database client's connect timeout read from the settings says how long connecting
    to the database may take: it does not make the project one that configures its HTTP
    waits (the runner is bounded), and its default, a wait the project allows that call,
    still counts as one: it may only lengthen the number written."""
    database = "import psycopg2\n\n\ndef connect(config):\n    return psycopg2.connect(config['dsn'], connect_timeout=config.get('connect_timeout', 120))\n"
    project = {"app/__init__.py": "", "app/db.py": database}
    result = run_codemods(RUNNER, NAME, path="app/query_runner/elasticsearch.py", project=project)
    assert "requests.get(url, json=query, timeout=120)" in result.new_text
    assert finding_messages(result) == []


class _SlowAnswer(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        time.sleep(1.5)
        body = b'{"hits": 1}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def slow_server(monkeypatch):
    for variable in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SlowAnswer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/_search"
    server.shutdown()
    server.server_close()


def test_a_user_s_query_longer_than_the_setting_s_default_still_answers(slow_server):
    """The setting's default scaled down to one second; a user's query that takes 1.5 s: the
    runner as rewritten still answers it (a timeout of the default would have cut it)."""
    project = {"app/__init__.py": "", "app/query_runner/clickhouse.py": CONFIGURED_RUNNER.format(default=1)}
    result = run_codemods(RUNNER, NAME, path="app/query_runner/elasticsearch.py", project=project)
    runner = load(result.new_text)["Elasticsearch"]({"timeout": 5})
    assert runner.run_query(slow_server, {"query": {}}) == {"hits": 1}
