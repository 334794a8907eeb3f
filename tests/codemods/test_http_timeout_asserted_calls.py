"""http-timeout leaves a call whose exact arguments the project's own tests assert: a test
that patches the HTTP function with a mock and compares the arguments it was called with
fails once the call passes timeout= (found by running a corpus app's own test suite before
and after the tool: benchmarks/realworld/app_tests.py)."""

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

PINNING_TEST = """\
from unittest import mock

from shop.client import token


def test_token():
    with mock.patch("{target}") as post:
        post.return_value.json.return_value = {{"token": "t"}}
        assert token("https://auth.example/token", "c") == "t"
        post.{assertion}("https://auth.example/token", data={{"code": "c"}})
"""


def _project(target: str = "shop.client.requests.post", assertion: str = "assert_called_with") -> dict[str, str]:
    return {
        "shop/__init__.py": "",
        "shop/client.py": CLIENT,
        "tests/test_client.py": PINNING_TEST.format(target=target, assertion=assertion),
    }


@pytest.mark.parametrize(
    "target",
    [
        "shop.client.requests.post",  # the module's own name for the function
        "shop.client.requests",  # the whole library, as the module imports it
        "requests.post",  # the library's function itself, for every caller
        "requests.Session.request",  # where every requests function ends
    ],
)
@pytest.mark.parametrize("assertion", ["assert_called_with", "assert_called_once_with", "assert_any_call"])
def test_a_call_whose_arguments_a_test_asserts_is_left_and_reported(target, assertion):
    result = run_codemods(CLIENT, NAME, path="shop/client.py", dedent=False, project=_project(target, assertion))
    assert result.new_text == CLIENT
    messages = finding_messages(result)
    assert len(messages) == 1 and "tests/test_client.py:7" in messages[0], messages
    assert "assert" in messages[0] and "timeout=" in messages[0]


def test_the_module_is_named_as_the_tests_import_it_from_a_src_layout():
    project = {f"src/{path}" if path.startswith("shop/") else path: text for path, text in _project().items()}
    result = run_codemods(CLIENT, NAME, path="src/shop/client.py", dedent=False, project=project)
    assert result.new_text == CLIENT and len(result.findings) == 1


def test_a_mock_whose_call_arguments_no_test_compares_leaves_the_timeout_in():
    project = _project()
    project["tests/test_client.py"] = project["tests/test_client.py"].replace(
        'post.assert_called_with("https://auth.example/token", data={"code": "c"})', "post.assert_called_once()"
    )
    after = rewrite(CLIENT, NAME, path="shop/client.py", dedent=False, project=project)
    assert 'requests.post(url, data={"code": code}, timeout=60)' in after


@pytest.mark.parametrize(
    "target",
    [
        "shop.other.requests.post",  # another module's calls
        "shop.client.json",  # something else of this module
        "requests.get",  # another function of the library
    ],
)
def test_patches_of_other_targets_leave_the_timeout_in(target):
    after = rewrite(CLIENT, NAME, path="shop/client.py", dedent=False, project=_project(target))
    assert "timeout=60)" in after


def test_a_library_patch_counts_only_in_tests_that_import_the_calling_module():
    project = _project(target="requests.post")
    project["tests/test_client.py"] = project["tests/test_client.py"].replace(
        "from shop.client import token", "from shop.mail import token"
    )
    after = rewrite(CLIENT, NAME, path="shop/client.py", dedent=False, project=project)
    assert "timeout=60)" in after


def test_a_decorator_s_mock_counts_only_when_its_own_arguments_are_compared():
    test = (
        "from unittest.mock import patch\n\nfrom shop import client\n\n\n"
        '@patch("shop.client.requests")\n'
        '@patch("shop.client.log")\n'
        "def test_token(log, requests):\n"
        '    requests.post.return_value.json.return_value = {"token": "t"}\n'
        '    client.token("u", "c")\n'
        '    log.assert_called_with("{}")\n'
    )
    project = {**_project(), "tests/test_client.py": test}
    assert "timeout=60)" in rewrite(CLIENT, NAME, path="shop/client.py", dedent=False, project=project)
    project["tests/test_client.py"] = test.replace('log.assert_called_with("{}")', 'requests.post.assert_called_with("u", data={"code": "c"})')
    result = run_codemods(CLIENT, NAME, path="shop/client.py", dedent=False, project=project)
    assert result.new_text == CLIENT and "tests/test_client.py:6" in finding_messages(result)[0]


def test_patch_object_on_the_module_s_library_counts():
    project = _project()
    project["tests/test_client.py"] = (
        "from unittest import mock\n\nimport requests\n\nfrom shop.client import token\n\n\n"
        "def test_token():\n"
        '    with mock.patch.object(requests, "post") as post:\n'
        '        token("u", "c")\n'
        '    assert post.call_args == mock.call("u", data={"code": "c"})\n'
    )
    result = run_codemods(CLIENT, NAME, path="shop/client.py", dedent=False, project=project)
    assert result.new_text == CLIENT and "tests/test_client.py:9" in finding_messages(result)[0]


def test_the_project_s_tests_pass_before_and_fail_after_a_timeout_is_added(tmp_path):
    """The behaviour behind the rule: the app's own pinning test, run on the code as it was
    and as the rewrite would make it."""
    package = tmp_path / "shop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (tmp_path / "test_client.py").write_text(_project()["tests/test_client.py"])
    outcomes = []
    for text in (CLIENT, CLIENT.replace('data={"code": code})', 'data={"code": code}, timeout=60)')):
        (package / "client.py").write_text(text)
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_client.py"],
            cwd=tmp_path, capture_output=True, text=True, check=False,
        )
        outcomes.append(done.returncode)
    assert outcomes == [0, 1]
    result = run_codemods(CLIENT, NAME, path="shop/client.py", dedent=False, project=_project())
    assert result.new_text == CLIENT


CLASS_PATCHED = (
    "from unittest import TestCase\nfrom unittest.mock import patch\n\nfrom shop import client\n\n\n"
    '@patch("shop.client.requests")\n'
    "class TestToken(TestCase):\n"
    "    def test_token(self, requests):\n"
    '        requests.post.return_value.json.return_value = {"token": "t"}\n'
    '        client.token("u", "c")\n'
    '        requests.post.assert_called_with("u", data={"code": "c"})\n'
)


def test_a_class_decorator_s_mock_pins_the_calls_its_tests_compare():
    """``@patch`` on a test class hands its mock to every test method, after the method's own
    (pybossa's Flickr importer tests compare ``requests.get``'s arguments so)."""
    project = {**_project(), "tests/test_client.py": CLASS_PATCHED}
    result = run_codemods(CLIENT, NAME, path="shop/client.py", dedent=False, project=project)
    assert result.new_text == CLIENT and "tests/test_client.py:7" in finding_messages(result)[0]
    # the method's own decorator comes first: then the class's mock is the second argument
    own = CLASS_PATCHED.replace("    def test_token(self, requests):", '    @patch("shop.client.log")\n    def test_token(self, log, requests):')
    result = run_codemods(CLIENT, NAME, path="shop/client.py", dedent=False, project={**_project(), "tests/test_client.py": own})
    assert result.new_text == CLIENT
    unrelated = own.replace("requests.post.assert_called_with", "log.assert_called_with")
    assert "timeout=60)" in rewrite(CLIENT, NAME, path="shop/client.py", dedent=False, project={**_project(), "tests/test_client.py": unrelated})


@pytest.mark.parametrize("target", ["requests.Session.post", "requests.sessions.Session.post"])
def test_a_patched_session_method_does_not_pin_the_library_function_of_its_name(target):
    """``requests.post`` builds a session and sends through its ``request``, never through the
    class's ``post``: a test that patches ``Session.post`` (an OAuth session's request in
    silo.pub's tests) replaces nothing the function calls, so its assertion pins no such call."""
    after = rewrite(CLIENT, NAME, path="shop/client.py", dedent=False, project=_project(target))
    assert 'requests.post(url, data={"code": code}, timeout=60)' in after


def test_the_finding_names_the_patch_that_replaces_the_call():
    test = (
        "from unittest import mock\n\nfrom shop.client import token\n\n\n"
        "def test_session():\n"
        '    with mock.patch("requests.Session.post") as post:\n'
        '        post.assert_called_with("u")\n\n\n'
        "def test_token():\n"
        '    with mock.patch("requests.post") as post:\n'
        '        token("u", "c")\n'
        '        post.assert_called_with("u", data={"code": "c"})\n'
    )
    result = run_codemods(CLIENT, NAME, path="shop/client.py", dedent=False, project={**_project(), "tests/test_client.py": test})
    assert result.new_text == CLIENT
    messages = finding_messages(result)
    assert len(messages) == 1 and "tests/test_client.py:12 patches requests.post " in messages[0], messages


def test_a_patch_of_the_library_function_is_reported_as_pinning_the_call_only_if_the_test_reaches_it():
    """``mock.patch("requests.get")`` replaces the function for every caller the test runs; the
    assertion compares the arguments of whichever call the test reaches (a view it requests
    through the test client), which the codemod cannot tell: the call is still left, and the
    finding says on what it depends rather than that the test would fail."""
    project = _project(target="requests.post")
    result = run_codemods(CLIENT, NAME, path="shop/client.py", dedent=False, project=project)
    assert result.new_text == CLIENT
    (message,) = finding_messages(result)
    assert "would fail" not in message.split("if the test reaches this call")[0], message
    assert "tests/test_client.py:7 patches requests.post for every caller" in message, message


def test_a_patch_naming_the_module_still_says_the_test_would_fail():
    result = run_codemods(CLIENT, NAME, path="shop/client.py", dedent=False, project=_project())
    (message,) = finding_messages(result)
    assert "so the test would fail with timeout= added" in message, message


SESSION_CLIENT = """\
import requests


def token(url, code):
    with requests.Session() as session:
        response = session.post(url, data={"code": code})
    return response.json()["token"]
"""


@pytest.mark.parametrize("target, held", [("requests.post", False), ("requests.Session.post", True)])
def test_a_patch_of_the_library_function_does_not_replace_a_session_s_method(target, held):
    """``mock.patch("requests.post")`` replaces the module's function; a session's ``post`` is
    the class's method, which the patch leaves (redwind's Twitter login reads through an
    OAuth1 session while its tests patch ``requests.get``)."""
    project = {**_project(target), "shop/client.py": SESSION_CLIENT}
    result = run_codemods(SESSION_CLIENT, NAME, path="shop/client.py", dedent=False, project=project)
    assert ("timeout=" not in result.new_text) is held, result.new_text
