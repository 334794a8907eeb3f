"""http-timeout: urllib3 used directly (orcid-hub's generated clients, sso-dashboard's apps.yml
fetch, apod-api's Vimeo lookup). urllib3's default timeout is the socket module's global default:
``None`` unless ``socket.setdefaulttimeout`` ran, so ``PoolManager().request(...)`` waits for ever
for an upstream that takes the request and never answers. A pool made with ``timeout=`` (or a
``**`` mapping that may carry one) bounds every call through it: those are left. With a timeout,
a stalled read raises ``ReadTimeoutError``, or ``MaxRetryError`` once the default retries of a
retried method (a GET) are spent: both ``urllib3.exceptions.HTTPError``, none an ``OSError``."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from helpers import finding_messages, rewrite, run_codemods

FETCH = '''
import urllib3

http = urllib3.PoolManager(POOL_ARGUMENTS)


def fetch(url):
    response = http.request("GET", url)
    return response.data
'''


@pytest.fixture
def silent_upstream():
    """A server that takes connections and never answers: ``http://127.0.0.1:<port>/``."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted = []
    stop = threading.Event()

    def serve():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def _run(source, url, wait):
    """Run ``fetch(url)`` in a thread for at most ``wait`` seconds: (finished, what it gave or raised)."""
    namespace: dict = {"__name__": "client_code"}
    exec(compile(source, "client_code.py", "exec"), namespace)
    outcome: list = []

    def call():
        try:
            outcome.append(namespace["fetch"](url))
        except Exception as error:  # what escapes to the caller
            outcome.append(error)

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    thread.join(wait)
    return (not thread.is_alive()), (outcome[0] if outcome else None)


def test_a_pool_without_a_timeout_gets_one_and_no_longer_hangs(silent_upstream):
    before = FETCH.replace("POOL_ARGUMENTS", "")
    after = rewrite(before, "http-timeout", options={"http-timeout": {"timeout": 0.3}})
    assert 'http.request("GET", url, timeout=0.3)' in after
    finished, _ = _run(before, silent_upstream, 3)
    assert not finished  # urllib3's default: it waits for ever
    started = time.monotonic()
    finished, raised = _run(after, silent_upstream, 10)
    assert finished and type(raised).__name__ == "MaxRetryError"  # a GET: retried three times, then given up
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("arguments", ["timeout=5.0", "timeout=urllib3.Timeout(connect=2, read=10)", "**POOL_OPTIONS"])
def test_a_pool_given_its_timeout_bounds_its_calls(arguments):
    source = FETCH.replace("POOL_ARGUMENTS", arguments)
    result = run_codemods(source, "http-timeout")
    assert result.new_text == source.lstrip("\n") or result.new_text == source
    assert finding_messages(result) == []


def test_every_way_of_sending_through_a_pool():
    source = '''
    import urllib3
    from urllib3 import PoolManager


    def send(url, body):
        pool = PoolManager()
        pool.urlopen("POST", url, body=body)
        with urllib3.PoolManager() as local:
            local.request_encode_body("PUT", url, fields={"a": "1"})
        urllib3.HTTPConnectionPool("example.org").request("GET", "/")
        return urllib3.request("GET", url)
    '''
    after = rewrite(source, "http-timeout")
    assert 'pool.urlopen("POST", url, body=body, timeout=60)' in after
    assert 'local.request_encode_body("PUT", url, fields={"a": "1"}, timeout=60)' in after
    assert 'urllib3.HTTPConnectionPool("example.org").request("GET", "/", timeout=60)' in after
    assert 'urllib3.request("GET", url, timeout=60)' in after


def test_a_name_bound_to_something_else_too_is_left():
    source = '''
    import urllib3


    def fetch(url, http=None):
        if http is None:
            http = urllib3.PoolManager()
        return http.request("GET", url)
    '''
    after = rewrite(source, "http-timeout")
    assert "timeout=" not in after


def test_a_connection_pools_positional_timeout_is_not_doubled():
    """``HTTPConnectionPool.urlopen(method, url, body, headers, retries, redirect, assert_same_host, timeout)``."""
    source = '''
    import urllib3

    pool = urllib3.HTTPConnectionPool("example.org")


    def fetch():
        return pool.urlopen("GET", "/", None, {}, 3, True, True, 5)
    '''
    assert "timeout=" not in rewrite(source, "http-timeout")


def test_a_handler_of_network_errors_but_not_the_timeout_holds_it_back():
    """sso-dashboard catches urllib3's HTTPError (the base of both errors): the timeout is caught;
    one catching only MaxRetryError misses a POST's ReadTimeoutError, which is not retried."""
    caught = '''
    import urllib3
    from urllib3.exceptions import HTTPError


    def download(url):
        http = urllib3.PoolManager()
        try:
            response = http.request("GET", url)
        except HTTPError:
            return None
        return response.data
    '''
    assert 'http.request("GET", url, timeout=60)' in rewrite(caught, "http-timeout")
    escaping = caught.replace("from urllib3.exceptions import HTTPError", "from urllib3.exceptions import MaxRetryError").replace(
        "except HTTPError:", "except MaxRetryError:"
    ).replace('"GET"', '"POST"')
    result = run_codemods(escaping, "http-timeout")
    assert "timeout=" not in result.new_text
    [message] = finding_messages(result)
    assert "catches MaxRetryError but not urllib3's" in message and "urllib3.exceptions.HTTPError" in message
    # OSError catches none of urllib3's errors: no handler of the timeout, no network error either
    plain = caught.replace("from urllib3.exceptions import HTTPError", "").replace("except HTTPError:", "except OSError:")
    assert 'http.request("GET", url, timeout=60)' in rewrite(plain, "http-timeout")


def test_a_test_that_asserts_the_pools_call_holds_it_back():
    app = '''
    import urllib3


    def is_updated(url):
        http = urllib3.PoolManager()
        return http.request("HEAD", url).headers["ETag"]
    '''
    test = '''
    from unittest import mock

    import app


    def test_etag():
        with mock.patch("urllib3.PoolManager.request") as request:
            request.return_value.headers = {"ETag": "x"}
            assert app.is_updated("http://cdn/apps.yml") == "x"
            request.assert_called_once_with("HEAD", "http://cdn/apps.yml")
    '''
    result = run_codemods(app, "http-timeout", project={"app.py": app, "tests/test_app.py": test})
    assert "timeout=" not in result.new_text
    assert any("patches urllib3.PoolManager.request" in message for message in finding_messages(result))
    unasserted = test.replace('            request.assert_called_once_with("HEAD", "http://cdn/apps.yml")\n', "")
    after = run_codemods(app, "http-timeout", project={"app.py": app, "tests/test_app.py": unasserted}).new_text
    assert 'http.request("HEAD", url, timeout=60)' in after


def test_a_pools_write_in_a_retry_loop_is_read_as_a_write():
    """``urlopen("POST", ...)`` is a write (the method comes first, as in request()): a retry that
    catches the timeout would send it again, so it is left (the retry rule); a GET is not held back."""
    source = '''
    import time

    import urllib3

    http = urllib3.PoolManager()


    def notify(url, body):
        for attempt in range(3):
            try:
                return http.urlopen("POST", url, body=body)
            except urllib3.exceptions.HTTPError:
                time.sleep(1)
    '''
    result = run_codemods(source, "http-timeout")
    assert "timeout=" not in result.new_text
    [message] = finding_messages(result)
    assert "POST" in message, message
    assert 'http.urlopen("GET", url, body=body, timeout=60)' in rewrite(source.replace('"POST"', '"GET"'), "http-timeout")


def test_a_pools_timeout_none_is_reported():
    source = 'import urllib3\n\nhttp = urllib3.PoolManager()\n\n\ndef fetch(url):\n    return http.request("GET", url, timeout=None).data\n'
    result = run_codemods(source, "http-timeout", dedent=False)
    assert result.new_text == source
    [message] = finding_messages(result)
    assert "timeout=None switches the timeout off" in message, message
