"""http-timeout leaves a call on a session an object holds (``self.requests_session.post``)
when the project's tests patch that session's method on the object and assert the exact
arguments: ``mocker.patch("app.template_preview_client.requests_session.post")`` then
``assert_called_once_with(url, json=data, headers=headers)`` (notifications-admin: six calls
of its template-preview client, each pinned so; a timeout added fails every one of those tests).

The test reaches the object through whatever name the app binds it to (an instance made in the
package's ``__init__``, not the module that defines its class), so the target names the call by
its end: the attribute that holds the session, then the method."""

from __future__ import annotations

import subprocess
import sys

from helpers import finding_messages, rewrite, run_codemods

NAME = "http-timeout"

CLIENT = """\
import requests


class PreviewClient:
    def __init__(self, host):
        self.requests_session = requests.Session()
        self.host = host

    def page_count(self, data):
        response = self.requests_session.post(f"{self.host}/get-page-count", json=data)
        return response.json()["count"]
"""

PACKAGE_INIT = """\
from shop.previews import PreviewClient

preview_client = PreviewClient("http://localhost:9999")
"""

PINNING_TEST = """\
from unittest import mock

from shop import preview_client


def test_page_count():
    with mock.patch("shop.preview_client.requests_session.post") as post:
        post.return_value.json.return_value = {"count": 2}
        assert preview_client.page_count({"letter": 1}) == 2
        post.assert_called_once_with("http://localhost:9999/get-page-count", json={"letter": 1})
"""


def _project(test: str = PINNING_TEST) -> dict[str, str]:
    return {"shop/__init__.py": PACKAGE_INIT, "shop/previews.py": CLIENT, "tests/test_previews.py": test}


def test_a_held_session_s_call_whose_arguments_a_test_asserts_is_left_and_reported():
    result = run_codemods(CLIENT, NAME, path="shop/previews.py", dedent=False, project=_project())
    assert result.new_text == CLIENT
    messages = finding_messages(result)
    assert len(messages) == 1 and "tests/test_previews.py:7" in messages[0], messages


def test_the_same_patch_without_an_argument_assertion_leaves_the_timeout_in():
    test = PINNING_TEST.replace(
        'post.assert_called_once_with("http://localhost:9999/get-page-count", json={"letter": 1})',
        "post.assert_called_once()",
    )
    after = rewrite(CLIENT, NAME, path="shop/previews.py", dedent=False, project=_project(test))
    assert 'json=data, timeout=60)' in after


def test_a_patch_of_another_attribute_s_method_leaves_the_timeout_in():
    test = PINNING_TEST.replace("requests_session.post", "audit_session.post")
    after = rewrite(CLIENT, NAME, path="shop/previews.py", dedent=False, project=_project(test))
    assert 'json=data, timeout=60)' in after


def test_the_project_s_test_passes_before_and_fails_after_a_timeout_is_added(tmp_path):
    package = tmp_path / "shop"
    package.mkdir()
    (package / "__init__.py").write_text(PACKAGE_INIT)
    (tmp_path / "test_previews.py").write_text(PINNING_TEST)
    outcomes = []
    for text in (CLIENT, CLIENT.replace("json=data)", "json=data, timeout=60)")):
        (package / "previews.py").write_text(text)
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_previews.py"],
            cwd=tmp_path, capture_output=True, text=True, check=False,
        )
        outcomes.append(done.returncode)
    assert outcomes == [0, 1]
