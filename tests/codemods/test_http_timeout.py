"""http-timeout: text rewrites through the real engine, and behaviour against local servers.

The behaviour tests use only 127.0.0.1: a server that accepts connections and never answers
(before the rewrite the calls hang; after it they raise a timeout), and a small answering
server (a function-local Session is closed after the rewrite, and returns the same result).
"""

from __future__ import annotations

import http.server
import textwrap
import threading
import time
from typing import Any, Callable

import pytest
import requests

from flask_codemod.codemods import UsageError, get_codemod
from flask_codemod.codemods._base import validate_options
from helpers import finding_messages, rewrite, run_codemods
from http_support import is_timeout, load, silent_server  # noqa: F401 (the fixture)

NAME = "http-timeout"


def timeout_options(seconds: float) -> dict[str, dict[str, Any]]:
    return {NAME: {"timeout": seconds}}


# -- text -------------------------------------------------------------------------------------


def test_option_value_is_written_as_a_plain_literal():
    source = "import requests\nrequests.get(u)\n"
    assert rewrite(source, NAME) == "import requests\nrequests.get(u, timeout=60)\n"
    assert rewrite(source, NAME, options=timeout_options(2.5)) == "import requests\nrequests.get(u, timeout=2.5)\n"
    assert rewrite(source, NAME, options=timeout_options(5.0)) == "import requests\nrequests.get(u, timeout=5)\n"


@pytest.mark.parametrize("text", ["0", "-3", "nan", "inf", "soon"])
def test_bad_timeout_is_a_usage_error(text):
    with pytest.raises(UsageError, match="http-timeout.timeout"):
        validate_options([get_codemod(NAME)], {NAME: {"timeout": text}}, from_text=True)


def test_timeout_option_from_text_and_from_pyproject():
    cls = get_codemod(NAME)
    assert validate_options([cls], {NAME: {"timeout": "5"}}, from_text=True) == {NAME: {"timeout": 5.0}}
    assert validate_options([cls], {NAME: {"timeout": 3}}, from_text=False) == {NAME: {"timeout": 3.0}}
    with pytest.raises(UsageError):
        validate_options([cls], {NAME: {"timeout": True}}, from_text=False)


def test_counts_rewrites_and_is_idempotent():
    source = """
        import requests

        def f(url):
            s = requests.Session()
            return s.get(url).text + requests.get(url).text
    """
    result = run_codemods(source, NAME)
    assert result.rewrites == {NAME: 3}  # two timeouts, one with-block
    again = run_codemods(result.new_text, NAME, dedent=False)
    assert again.new_text == result.new_text and again.rewrites == {}


def test_with_block_follows_tabs_and_crlf():
    source = "import requests\r\n\r\ndef f(u):\r\n\ts = requests.Session()\r\n\tr = s.get(u)\r\n\treturn r.text\r\n"
    expected = (
        "import requests\r\n\r\ndef f(u):\r\n\twith requests.Session() as s:\r\n"
        "\t\tr = s.get(u, timeout=60)\r\n\treturn r.text\r\n"
    )
    assert rewrite(source, NAME, dedent=False) == expected


def test_comments_inside_the_wrapped_region_are_kept():
    source = """
        import requests

        def f(u):
            # before
            s = requests.Session()  # trailing
            # inside
            r = s.get(u)  # the call

            return r
    """
    assert rewrite(source, NAME) == (
        "\nimport requests\n\ndef f(u):\n    # before\n    with requests.Session() as s:  # trailing\n"
        "        # inside\n        r = s.get(u, timeout=60)  # the call\n\n    return r\n"
    )


def test_session_closed_elsewhere_is_left_alone():
    source = """
        import requests

        def f(u):
            s = requests.Session()
            try:
                return s.get(u, timeout=3).text
            finally:
                s.close()
    """
    result = run_codemods(source, NAME)
    assert result.new_text == textwrap.dedent(source) and result.rewrites == {} and result.findings == []


def test_shadowed_requests_module_is_not_touched():
    source = """
        import requests

        def f(requests, u):
            return requests.get(u)
    """
    result = run_codemods(source, NAME)
    assert result.rewrites == {} and "timeout" not in result.new_text


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("requests.get()", "requests.get(timeout=60)"),
        ("requests.get(*args)", "requests.get(*args, timeout=60)"),
        ("requests.get( u )", "requests.get( u, timeout=60 )"),
        ("requests.get(u,)", "requests.get(u, timeout=60,)"),
        # a lone argument on its own line: one a line from now on, with PEP 8's and black's comma
        ("requests.get(\n    u\n)", "requests.get(\n    u,\n    timeout=60,\n)"),
        ("requests.get(u, v  # note\n)", "requests.get(u, v,  # note\n    timeout=60\n)"),
        ("requests.get(\n    u,  # a\n    v,  # b\n)", "requests.get(\n    u,  # a\n    v,  # b\n    timeout=60,\n)"),
        ("requests.get(u, headers={\n    'a': 1,\n})", "requests.get(u, headers={\n    'a': 1,\n}, timeout=60)"),
        # the call's result is called: only the HTTP call gets the timeout
        ("requests.get(u)(v)", "requests.get(u, timeout=60)(v)"),
        # the arguments on a line of their own, the parenthesis on the next: the new one joins them
        ("requests.get(\n    u, headers=h\n)", "requests.get(\n    u, headers=h, timeout=60\n)"),
        ("requests.get(u, headers=h\n)", "requests.get(u, headers=h, timeout=60\n)"),
    ],
)
def test_argument_layouts(call, expected):
    assert rewrite(f"import requests\nx = {call}\n", NAME, dedent=False) == f"import requests\nx = {expected}\n"


def test_findings_name_the_reason():
    result = run_codemods(
        """
        import requests

        def f(u, **kw):
            print(kw)
            return requests.get(u, **kw)
        """,
        NAME,
    )
    assert finding_messages(result) == [
        "6: http-timeout: not changed: **kw may already carry a timeout; pass timeout= explicitly if it does not"
    ]


# -- behaviour: a server that never answers ----------------------------------------------------


CLIENT_CODE = """
import httpx
import requests
from urllib.request import urlopen


def with_requests(url):
    return requests.get(url).status_code


def with_session(url):
    session = requests.Session()
    session.headers["Accept"] = "text/plain"
    return session.get(url).status_code


def with_urlopen(url):
    return urlopen(url).status


def with_httpx(url):
    return httpx.get(url).status_code
"""
FUNCTIONS = ("with_requests", "with_session", "with_urlopen", "with_httpx")


class Outcome:
    def __init__(self, function: Callable[[str], Any], url: str) -> None:
        self.error: BaseException | None = None
        self.elapsed: float | None = None
        self.thread = threading.Thread(target=self._run, args=(function, url), daemon=True)

    def _run(self, function: Callable[[str], Any], url: str) -> None:
        start = time.monotonic()
        try:
            function(url)
        except BaseException as error:  # noqa: BLE001 - recorded for the test
            self.error = error
        self.elapsed = time.monotonic() - start


def start_all(namespace: dict[str, Any], url: str, names: tuple[str, ...] = FUNCTIONS) -> dict[str, Outcome]:
    outcomes = {name: Outcome(namespace[name], url) for name in names}
    for outcome in outcomes.values():
        outcome.thread.start()
    return outcomes


def test_before_the_calls_hang_on_a_silent_server(silent_server):
    outcomes = start_all(load(CLIENT_CODE), silent_server.url)
    time.sleep(1.5)
    still_waiting = sorted(name for name, outcome in outcomes.items() if outcome.thread.is_alive())
    silent_server.hang_up()  # the server hangs up: every waiting call fails and returns
    for outcome in outcomes.values():
        outcome.thread.join(5)
    # requests, the session and urlopen would wait forever; httpx for its default 5 s
    assert still_waiting == sorted(FUNCTIONS)
    assert not any(outcome.thread.is_alive() for outcome in outcomes.values())
    assert not any(is_timeout(outcome.error) for outcome in outcomes.values())


def test_after_the_calls_raise_a_timeout(silent_server):
    rewritten = rewrite(CLIENT_CODE, NAME, options=timeout_options(1))
    assert rewritten.count("timeout=1)") == 3
    assert "with requests.Session() as session:" in rewritten
    # httpx bounds its calls itself (5 s by default): left as it is
    assert "def with_httpx(url):\n    return httpx.get(url).status_code\n" in rewritten
    outcomes = start_all(load(rewritten), silent_server.url, FUNCTIONS[:3])
    deadline = time.monotonic() + 6
    for outcome in outcomes.values():
        outcome.thread.join(max(0.0, deadline - time.monotonic()))
    for name, outcome in outcomes.items():
        assert not outcome.thread.is_alive(), f"{name} still waits"
        assert is_timeout(outcome.error), f"{name}: {outcome.error!r}"
        # the 1 s timeout fired, not httpx's 5 s default nor a hang-up
        assert outcome.elapsed is not None and 0.8 <= outcome.elapsed < 4, (name, outcome.elapsed)


# -- behaviour: the function-local session is closed -------------------------------------------


class _Hello(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        body = f"hello {self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def hello_server(monkeypatch):
    for variable in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(2)


SESSION_CODE = """
import requests


def fetch_all(base, paths):
    s = requests.Session()
    s.headers["X-Client"] = "test"
    texts = [s.get(base + path).text for path in paths]
    return "|".join(texts)
"""


def test_local_session_is_closed_and_results_unchanged(hello_server, monkeypatch):
    closed: list[requests.Session] = []
    original_close = requests.Session.close

    def spy(self: requests.Session) -> None:
        closed.append(self)
        original_close(self)

    monkeypatch.setattr(requests.Session, "close", spy)
    paths = ["/a", "/b"]

    before = load(SESSION_CODE)["fetch_all"](hello_server, paths)
    assert closed == []  # the original never closes its session

    rewritten = rewrite(SESSION_CODE, NAME)
    assert "with requests.Session() as s:" in rewritten
    after = load(rewritten)["fetch_all"](hello_server, paths)
    assert after == before == "hello /a|hello /b"
    assert len(closed) == 1


# -- the command line ---------------------------------------------------------------------------


def test_cli_set_option_explain_and_list(tmp_path):
    from typer.testing import CliRunner

    from flask_codemod.cli import app

    (tmp_path / "client.py").write_text("import requests\n\n\ndef f(u):\n    return requests.get(u)\n")
    runner = CliRunner()
    result = runner.invoke(app, ["apply", "--dry-run", "--select", NAME, "--set", f"{NAME}.timeout=5", "-j", "1", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "+    return requests.get(u, timeout=5)" in result.stdout
    bad = runner.invoke(app, ["apply", "--dry-run", "--select", NAME, "--set", f"{NAME}.timeout=0", str(tmp_path)])
    assert bad.exit_code == 2
    explained = runner.invoke(app, ["explain", NAME])
    assert explained.exit_code == 0 and "timeout (float, default 60)" in explained.stdout
    listed = runner.invoke(app, ["list"])
    assert NAME in listed.stdout
