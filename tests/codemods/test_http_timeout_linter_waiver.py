"""http-timeout leaves the calls a pylint ``disable=missing-timeout`` covers.

A comment line ``# pylint: disable=missing-timeout`` (pylint's W3101) on its own line switches
the check off from that line to the end of the block that holds it, the whole rest of the
module when it stands at module level: the project runs a linter that asks for timeouts and
told it, for these calls, that they go without one (corpus 31: a bot's tests call requests
against fakes that a fixture installs in another file). Adding a timeout there overrules a
decision written down in the code. Outside tests the call is reported; in tests it is left
silently (a test's call has nothing for the reviewer to do). Calls before the comment, or
outside its block, still get their timeout.
"""

from __future__ import annotations

from helpers import finding_messages, run_codemods

NAME = "http-timeout"

MODULE_WAIVER = """\
import requests

requests.get("https://example.org/before")

# pylint: disable=missing-timeout


def test_user(fake_api):
    response = requests.get("https://api.example.org/user")
    assert response.status_code == 200


class TestIssues:
    def test_patch(self, fake_api):
        requests.patch("https://api.example.org/issues/1", json={"labels": []})
"""


def test_a_module_waiver_in_a_test_leaves_the_calls_after_it_silently():
    result = run_codemods(MODULE_WAIVER, NAME, path="tests/test_fake_api.py")
    assert 'requests.get("https://api.example.org/user")\n' in result.new_text
    assert 'json={"labels": []})\n' in result.new_text
    assert 'requests.get("https://example.org/before", timeout=' in result.new_text
    assert finding_messages(result) == []


def test_a_module_waiver_outside_tests_is_reported_at_each_call():
    source = MODULE_WAIVER.replace("def test_", "def check_")
    result = run_codemods(source, NAME, path="client/api.py")
    messages = finding_messages(result)
    assert len(messages) == 2, messages
    assert all("disable=missing-timeout' at line 5" in message for message in messages), messages
    assert 'requests.get("https://api.example.org/user")\n' in result.new_text


BLOCK_WAIVER = """\
import requests


def fetch_all():
    # pylint: disable=W3101
    requests.get("https://example.org/one")
    requests.get("https://example.org/two")


def fetch_other():
    requests.get("https://example.org/three")
"""


def test_a_waiver_inside_a_function_covers_that_function_only():
    result = run_codemods(BLOCK_WAIVER, NAME, path="client/fetch.py")
    assert 'requests.get("https://example.org/one")\n' in result.new_text
    assert 'requests.get("https://example.org/two")\n' in result.new_text
    assert 'requests.get("https://example.org/three", timeout=' in result.new_text


def test_a_waiver_of_another_check_changes_nothing():
    source = MODULE_WAIVER.replace("missing-timeout", "missing-docstring")
    result = run_codemods(source, NAME, path="tests/test_fake_api.py")
    assert 'requests.get("https://api.example.org/user", timeout=' in result.new_text


def test_an_enable_after_the_waiver_ends_it():
    source = BLOCK_WAIVER.replace(
        '    requests.get("https://example.org/two")',
        '    # pylint: enable=W3101\n    requests.get("https://example.org/two")',
    )
    result = run_codemods(source, NAME, path="client/fetch.py")
    assert 'requests.get("https://example.org/one")\n' in result.new_text
    assert 'requests.get("https://example.org/two", timeout=' in result.new_text


def test_a_waiver_at_the_top_of_the_module_covers_all_of_it():
    source = '"""Checks."""\n# pylint: disable=missing-timeout\nimport requests\n\n\ndef check():\n    requests.get("https://example.org/a")\n'
    result = run_codemods(source, NAME, path="client/checks.py")
    assert 'requests.get("https://example.org/a")\n' in result.new_text
    messages = finding_messages(result)
    assert len(messages) == 1 and "at line 2 covers" in messages[0], messages


def test_a_waiver_as_the_first_line_of_the_module():
    source = '# pylint: disable=missing-timeout\n\nimport requests\n\nrequests.get("https://example.org/a")\n'
    result = run_codemods(source, NAME, path="client/checks.py")
    assert 'requests.get("https://example.org/a")\n' in result.new_text
    assert "at line 1 covers" in finding_messages(result)[0]


NESTED_ENABLE = """\
import requests

# pylint: disable=missing-timeout


def sync(full):
    requests.get("https://example.org/waived-before")
    if full:
        # pylint: enable=missing-timeout
        requests.get("https://example.org/checked")
        for page in range(3):
            requests.get("https://example.org/checked-deeper")
    requests.get("https://example.org/waived-after-the-block")


def other():
    requests.get("https://example.org/waived-in-another-function")
"""


def test_an_enable_in_a_nested_block_ends_the_module_waiver_to_that_block_s_end():
    result = run_codemods(NESTED_ENABLE, NAME, path="client/sync.py")
    assert 'requests.get("https://example.org/checked", timeout=' in result.new_text
    assert 'requests.get("https://example.org/checked-deeper", timeout=' in result.new_text
    for waived in ("waived-before", "waived-after-the-block", "waived-in-another-function"):
        assert f'requests.get("https://example.org/{waived}")\n' in result.new_text, waived
