"""http-timeout leaves a call whose arguments a test compares through a mock that a fixture
puts in with pytest's ``monkeypatch.setattr`` (or a patch the fixture returns), and compares
through ``call_args_list``.

Corpus 42: acondbs' ``tests/github/call`` tests take an autouse fixture ``mock_requests`` that
puts ``y = mock.Mock()`` in place of the ``requests`` module of ``acondbs.github.call`` with
``monkeypatch.setattr(call, 'requests', y)`` and returns ``y``; each test then matches
``mock_requests.post.call_args_list`` against a stored snapshot. ``timeout=60`` on the two
``requests.post`` calls made the snapshots differ and four tests fail, and the tool said nothing:
it knew patches (``patch``, ``patch.object``, ``mocker.patch``) only, the names their mocks are
bound to in the test itself, and ``call_args`` but not ``call_args_list``.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import finding_messages, rewrite, run_codemods

NAME = "http-timeout"

CLIENT = """\
import requests


def token(url, code):
    response = requests.post(url, data={"code": code})
    return response.json()["token"]
"""

FIXTURE_TEST = """\
import unittest.mock as mock

import pytest

from shop import client


@pytest.fixture(autouse=True)
def mock_requests(monkeypatch):
    y = mock.Mock()
    monkeypatch.setattr({owner}, {attribute}y)
    return y


def test_token(mock_requests):
    mock_requests.post().json.return_value = {{"token": "t"}}
    assert client.token("https://auth.example/token", "c") == "t"
    assert {compared} == [mock.call(), mock.call("https://auth.example/token", data={{"code": "c"}})]
"""


def _project(test: str) -> dict[str, str]:
    return {"shop/__init__.py": "", "shop/client.py": CLIENT, "tests/test_client.py": test}


def _test(owner: str = "client", attribute: str = '"requests", ', compared: str = "mock_requests.post.call_args_list") -> str:
    return FIXTURE_TEST.format(owner=owner, attribute=attribute, compared=compared)


@pytest.mark.parametrize(
    "owner, attribute",
    [
        ("client", '"requests", '),  # the module object and the name (acondbs)
        ('"shop.client.requests"', ""),  # the dotted path as a string
        ("client.requests", '"post", '),  # the function on the module the code calls it through
    ],
)
def test_a_mock_a_fixture_sets_and_returns_pins_the_call_the_test_compares(owner, attribute):
    compared = "mock_requests.call_args_list" if attribute == '"post", ' else "mock_requests.post.call_args_list"
    test = _test(owner, attribute, compared)
    result = run_codemods(CLIENT, NAME, path="shop/client.py", dedent=False, project=_project(test))
    assert result.new_text == CLIENT
    messages = finding_messages(result)
    assert len(messages) == 1 and "tests/test_client.py:" in messages[0] and "timeout=" in messages[0], messages


def test_the_snapshot_of_the_call_list_pins_it_too():
    """acondbs' own spelling: the list handed whole to snapshottest's ``assert_match``."""
    test = _test().replace(
        '    assert mock_requests.post.call_args_list == [mock.call(), mock.call("https://auth.example/token", data={"code": "c"})]\n',
        "    snapshot.assert_match(mock_requests.post.call_args_list)\n",
    ).replace("def test_token(mock_requests):", "def test_token(mock_requests, snapshot):")
    result = run_codemods(CLIENT, NAME, path="shop/client.py", dedent=False, project=_project(test))
    assert result.new_text == CLIENT and len(result.findings) == 1, finding_messages(result)


def test_a_patch_a_fixture_returns_pins_the_call_through_the_fixture_s_name():
    test = (
        "import pytest\n\nfrom shop import client\n\n\n"
        "@pytest.fixture\n"
        "def post(mocker):\n"
        '    return mocker.patch("shop.client.requests.post")\n\n\n'
        "def test_token(post):\n"
        '    client.token("u", "c")\n'
        '    post.assert_called_once_with("u", data={"code": "c"})\n'
    )
    result = run_codemods(CLIENT, NAME, path="shop/client.py", dedent=False, project=_project(test))
    assert result.new_text == CLIENT and len(result.findings) == 1, finding_messages(result)


def test_a_fixture_named_otherwise_is_compared_by_that_name():
    test = _test().replace("@pytest.fixture(autouse=True)", '@pytest.fixture(autouse=True, name="fake")').replace(
        "def test_token(mock_requests):", "def test_token(fake):").replace(
        "mock_requests.post", "fake.post")
    result = run_codemods(CLIENT, NAME, path="shop/client.py", dedent=False, project=_project(test))
    assert result.new_text == CLIENT and len(result.findings) == 1, finding_messages(result)


@pytest.mark.parametrize(
    "compared",
    [
        'mock_requests.post.call_args_list[1].kwargs["data"]',  # one keyword of one call
        "mock_requests.post.call_args_list[1].args",  # the positional arguments only
        "len(mock_requests.post.call_args_list)",  # how many calls, not their arguments
    ],
)
def test_a_read_of_part_of_the_call_list_leaves_the_timeout_in(compared):
    test = _test().replace(
        '    assert mock_requests.post.call_args_list == [mock.call(), mock.call("https://auth.example/token", data={"code": "c"})]\n',
        f"    assert {compared}\n",
    )
    after = rewrite(CLIENT, NAME, path="shop/client.py", dedent=False, project=_project(test))
    assert 'requests.post(url, data={"code": code}, timeout=60)' in after


def test_a_fixture_mock_whose_arguments_no_test_compares_leaves_the_timeout_in():
    test = _test().replace(
        '    assert mock_requests.post.call_args_list == [mock.call(), mock.call("https://auth.example/token", data={"code": "c"})]\n',
        "    mock_requests.post.assert_called()\n",
    )
    after = rewrite(CLIENT, NAME, path="shop/client.py", dedent=False, project=_project(test))
    assert "timeout=60)" in after


def test_the_fixture_s_test_passes_before_and_fails_after_a_timeout_is_added(tmp_path):
    """The behaviour behind the rule: the test as acondbs writes it (a plain ``==`` for the
    snapshot), run on the code as it was and as a timeout would make it."""
    package = tmp_path / "shop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (tmp_path / "test_client.py").write_text(_test())
    outcomes = []
    for text in (CLIENT, CLIENT.replace('data={"code": code})', 'data={"code": code}, timeout=60)')):
        (package / "client.py").write_text(text)
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_client.py"],
            cwd=tmp_path, capture_output=True, text=True, check=False,
        )
        outcomes.append(done.returncode)
    assert outcomes == [0, 1]
    result = run_codemods(CLIENT, NAME, path="shop/client.py", dedent=False, project=_project(_test()))
    assert result.new_text == CLIENT


def test_each_call_cites_the_test_module_whose_tests_run_it():
    """acondbs: both test modules set the same mock in the same way; the finding on each call
    cites the module whose tests call its function, not the first one found."""
    client = CLIENT + '\n\ndef refresh(url):\n    return requests.post(url, data={"grant": "refresh"}).json()\n'
    refreshing = _test().replace("test_token", "test_refresh").replace(
        '    assert client.token("https://auth.example/token", "c") == "t"\n', '    client.refresh("https://auth.example/token")\n')
    project = {**_project(_test()), "shop/client.py": client, "tests/test_refresh.py": refreshing}
    result = run_codemods(client, NAME, path="shop/client.py", dedent=False, project=project)
    assert result.new_text == client
    cited = {finding.line: finding.message.split(" patches ")[0] for finding in result.findings}
    assert cited == {5: "not changed: tests/test_client.py:11", 10: "not changed: tests/test_refresh.py:11"}, cited
