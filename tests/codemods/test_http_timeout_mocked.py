"""http-timeout on a test's requests that a mock of the requests library answers
(openaddresses-machine: ``openaddr/tests/ci.py`` fetches ``http://fake-s3.local/...`` inside
``with HTTMock(self.response_content):``). The mock answers in the process: nothing waits on
a network, so a timeout there bounds nothing and no maintainer would add it. Only in tests,
and only where the mock surely covers the call when it runs: inside the ``with`` block in
the same function, or in a function (or a method of a class) the mock decorates."""

from __future__ import annotations

import types

import pytest

from helpers import finding_messages, run_codemods

HTTMOCK_TEST = """\
import unittest

from httmock import HTTMock, response
from requests import get


class TestRender(unittest.TestCase):
    def response_content(self, url, request):
        return response(200, b"png")

    def test_render(self):
        with HTTMock(self.response_content):
            self.assertEqual(get("http://fake-s3.local/render-usa.png").status_code, 200)
"""

REQUESTS_MOCK_TEST = """\
import requests
import requests_mock


def test_status():
    with requests_mock.Mocker() as m:
        m.get("http://api.example/status", text="ok")
        assert requests.get("http://api.example/status").text == "ok"


@requests_mock.Mocker()
def test_decorated(m):
    m.get("http://api.example/status", text="ok")
    assert requests.get("http://api.example/status").text == "ok"


@requests_mock.Mocker()
class TestClient:
    def test_method(self, m):
        m.get("http://api.example/status", text="ok")
        assert requests.get("http://api.example/status").text == "ok"
"""

RESPONSES_TEST = """\
import requests
import responses


@responses.activate
def test_one():
    responses.add(responses.GET, "http://api.example/one", body="1")
    assert requests.get("http://api.example/one").text == "1"


def test_two():
    with responses.RequestsMock() as rsps:
        rsps.add(responses.GET, "http://api.example/two", body="2")
        assert requests.get("http://api.example/two").text == "2"
"""


@pytest.mark.parametrize("source", [HTTMOCK_TEST, REQUESTS_MOCK_TEST, RESPONSES_TEST])
def test_a_call_a_mock_answers_in_a_test_is_left_alone(source):
    result = run_codemods(source, "http-timeout", path="tests/test_render.py", dedent=False)
    assert result.error is None, result.error
    assert result.new_text == source
    assert finding_messages(result) == []


UNCOVERED_TEST = """\
import requests
from httmock import HTTMock


def handler(url, request):
    return None


def test_live():
    with HTTMock(handler):
        def later():
            return requests.get("http://live.example/")
    return later(), requests.get("http://live.example/after")
"""


def test_a_call_the_mock_may_not_cover_when_it_runs_still_gets_its_timeout():
    """A function defined inside the block runs whenever it is called, maybe after the mock
    is gone; a call after the block goes out for real."""
    result = run_codemods(UNCOVERED_TEST, "http-timeout", path="tests/test_live.py", dedent=False)
    assert result.new_text.count("timeout=60") == 2
    # the rewritten test runs, and both calls get the bound (the mock module is a stand-in here)
    sent = []
    namespace: dict[str, object] = {}
    fake_httmock = types.ModuleType("httmock")
    fake_httmock.HTTMock = lambda handler: __import__("contextlib").nullcontext()
    fake_requests = types.SimpleNamespace(get=lambda url, **kw: sent.append((url, kw)) or url)
    code = result.new_text.replace("import requests\n", "").replace("from httmock import HTTMock\n", "")
    namespace.update(requests=fake_requests, HTTMock=fake_httmock.HTTMock)
    exec(compile(code, "tests/test_live.py", "exec"), namespace)
    namespace["test_live"]()
    assert sent == [("http://live.example/", {"timeout": 60}), ("http://live.example/after", {"timeout": 60})]


def test_application_code_inside_a_mock_still_gets_its_timeout():
    """Outside tests a ``with HTTMock(...)`` is no proof that nothing goes out (a demo mode,
    a dry run): the rule is a test's."""
    source = HTTMOCK_TEST.replace("class TestRender(unittest.TestCase)", "class Render(object)")
    result = run_codemods(source, "http-timeout", path="app/render.py", dedent=False)
    assert 'get("http://fake-s3.local/render-usa.png", timeout=60)' in result.new_text



# requests-mock's pytest plugin: a test (or fixture) that takes the ``requests_mock`` fixture
# runs with a started Mocker from its first line to its last
FIXTURE_TEST = """\
import pytest
import requests
import requests_mock


def test_status(requests_mock):
    requests_mock.get("http://api.example/status", text="ok")
    assert requests.get("http://api.example/status").text == "ok"


class TestClient:
    def test_method(self, requests_mock):
        requests_mock.get("http://api.example/status", exc=requests.exceptions.ConnectTimeout)
        with pytest.raises(requests.ConnectTimeout):
            requests.get("http://api.example/status")


@pytest.fixture
def status(requests_mock):
    requests_mock.get(requests_mock.ANY, text="ok")
    return requests.get("http://api.example/status").text
"""


def test_a_call_the_requests_mock_fixture_answers_is_left_alone():
    result = run_codemods(FIXTURE_TEST, "http-timeout", path="tests/test_client.py", dedent=False)
    assert result.error is None, result.error
    assert result.new_text == FIXTURE_TEST
    assert finding_messages(result) == []


@pytest.mark.parametrize(
    "source",
    [
        # not a test, not a fixture: nobody passes it the plugin's fixture
        "import requests\n\n\ndef fetch(requests_mock):\n    return requests.get('http://api.example/')\n",
        # a default: pytest passes no fixture for it
        "import requests\n\n\ndef test_fetch(requests_mock=None):\n    return requests.get('http://api.example/')\n",
        # the module's own requests_mock: not the plugin's
        "import requests\nfrom .live import requests_mock\n\n\ndef test_fetch(requests_mock):\n    return requests.get('http://api.example/')\n",
        # a function defined inside the test runs whenever it is called
        "import requests\n\n\ndef test_fetch(requests_mock):\n    def later():\n        return requests.get('http://api.example/')\n    return later\n",
    ],
)
def test_a_call_the_fixture_may_not_cover_still_gets_its_timeout(source):
    result = run_codemods(source, "http-timeout", path="tests/test_fetch.py", dedent=False)
    assert "timeout=60" in result.new_text


def test_application_code_taking_a_requests_mock_argument_still_gets_its_timeout():
    source = "import requests\n\n\ndef test_connection(requests_mock):\n    return requests.get('http://api.example/')\n"
    result = run_codemods(source, "http-timeout", path="app/health.py", dedent=False)
    assert "timeout=60" in result.new_text
