"""http-timeout leaves a test's calls that a fixture of the project's own answers with a mock.

A bot's tests take fixtures from their ``conftest.py`` (``fake_api``) that install fakes on a
``requests_mock.Mocker`` another fixture starts for the test's length: every requests call of
the test is answered in the process, a timeout there bounds nothing. The fixture is followed
through the fixtures it takes; one that starts a Mocker with ``real_http=True`` lets calls
through to the network and does not count, nor does a fixture that mocks nothing.
"""

from __future__ import annotations

from helpers import run_codemods

NAME = "http-timeout"

CONFTEST = """\
import pytest
import requests_mock


@pytest.fixture
def mocker_started():
    mocker = requests_mock.Mocker(real_http=False)
    mocker.start()
    try:
        yield mocker
    finally:
        mocker.stop()


@pytest.fixture
def fake_api(mocker_started):
    mocker_started.get("https://api.example.org/user", json={"login": "bot"})
    return mocker_started


@pytest.fixture
def passing_through():
    with requests_mock.Mocker(real_http=True) as mocker:
        yield mocker


@pytest.fixture
def plain_value():
    return 3
"""

TEST = """\
import requests


def test_user(fake_api):
    assert requests.get("https://api.example.org/user").json() == {"login": "bot"}


def test_through(passing_through):
    requests.get("https://example.org/live")


def test_plain(plain_value):
    requests.get("https://example.org/plain")
"""


def _run():
    return run_codemods(TEST, NAME, path="tests/test_api.py", files={"conftest.py": CONFTEST, "../conftest.py": ""})


def test_a_call_under_a_conftest_fixture_that_starts_a_mock_is_left():
    assert 'requests.get("https://api.example.org/user").json()' in _run().new_text


def test_a_mocker_that_lets_calls_through_does_not_count():
    assert 'requests.get("https://example.org/live", timeout=' in _run().new_text


def test_a_fixture_that_mocks_nothing_does_not_count():
    assert 'requests.get("https://example.org/plain", timeout=' in _run().new_text


def test_a_fixture_of_the_test_module_itself_is_read_too():
    source = CONFTEST.replace("import pytest\nimport requests_mock\n", "import pytest\nimport requests\nimport requests_mock\n")
    source += '\n\ndef test_here(fake_api):\n    requests.get("https://api.example.org/user")\n'
    result = run_codemods(source, NAME, path="tests/test_here.py")
    assert 'requests.get("https://api.example.org/user")\n' in result.new_text


def test_a_fixture_a_module_function_makes_and_returns_is_followed():
    conftest = CONFTEST + (
        "\n\ndef fake_for(url):\n"
        "    @pytest.fixture\n"
        "    def _fake(mocker_started):\n"
        "        mocker_started.get(url, text='')\n"
        "        return mocker_started\n"
        "    return _fake\n"
        "\n\nfake_tracker = fake_for('https://tracker.example.org')\n"
    )
    test = 'import requests\n\n\ndef test_issue(fake_tracker):\n    requests.get("https://tracker.example.org")\n'
    result = run_codemods(test, NAME, path="tests/test_tracker.py", files={"conftest.py": conftest})
    assert 'requests.get("https://tracker.example.org")\n' in result.new_text


# The mock's class is resolved through the imports of the module that defines the fixture:
# imported by its own name, under another, or as its module under another.
IMPORTED_MOCKERS = {
    "from-import by its name": ("from requests_mock import Mocker", "Mocker()"),
    "from-import under another name": ("from responses import RequestsMock as Recorded", "Recorded()"),
    "module under another name": ("import requests_mock as rm", "rm.Mocker()"),
    "imported in the fixture's own body": ("", "Mocker()"),
}


def _started_under(import_line: str, built: str) -> str:
    local = "    from requests_mock import Mocker\n" if not import_line else ""
    return (
        f"import pytest\n{import_line}\n\n\n@pytest.fixture\ndef offline():\n{local}"
        f"    with {built} as mocked:\n        yield mocked\n"
    )


ONLINE_TEST = 'import requests\n\n\ndef test_user(offline):\n    requests.get("https://api.example.org/user")\n'


def test_a_mock_class_the_fixture_s_module_imports_by_another_spelling_counts():
    for case, (import_line, built) in IMPORTED_MOCKERS.items():
        conftest = _started_under(import_line, built)
        result = run_codemods(ONLINE_TEST, NAME, path="tests/test_user.py", files={"conftest.py": conftest})
        assert 'requests.get("https://api.example.org/user")\n' in result.new_text, case


def test_a_name_spelled_like_a_mock_that_is_imported_from_elsewhere_does_not_count():
    conftest = _started_under("from unittest.mock import MagicMock as Mocker", "Mocker()")
    result = run_codemods(ONLINE_TEST, NAME, path="tests/test_user.py", files={"conftest.py": conftest})
    assert 'requests.get("https://api.example.org/user", timeout=' in result.new_text
