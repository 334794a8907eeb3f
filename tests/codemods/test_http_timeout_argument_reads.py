"""http-timeout: a test that reads a mock's call_args and looks at some of the arguments
(``args, kwargs = post.call_args`` then ``kwargs["data"]``) passes with timeout= added, so it
does not hold the call back; one that compares the keywords whole still does (found on a
corpus app whose alerter tests read the posted payload out of call_args)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import finding_messages, rewrite, run_codemods

NAME = "http-timeout"

CLIENT = """\
import requests


def alert(url, text):
    response = requests.post(url, data=text, headers={"Content-Type": "text/plain"})
    return response.ok
"""

TEST = """\
from unittest import mock

from shop.alerts import alert


def test_alert():
    with mock.patch("requests.post") as post:
        alert("https://hooks.example/x", "disk full")
{reads}
"""

PARTIAL_READS = [
    '    args, kwargs = post.call_args\n    assert args[0] == "https://hooks.example/x"\n    assert "disk" in kwargs["data"]',
    '    _, kwargs = post.call_args\n    assert kwargs.get("data") == "disk full" and "headers" in kwargs',
    '    assert post.call_args[1]["data"] == "disk full"',
    '    assert post.call_args.kwargs["data"] == "disk full"',
    '    assert post.call_args[0][0] == "https://hooks.example/x"',
    '    assert post.call_args.args == ("https://hooks.example/x",)',
]

WHOLE_READS = [
    '    args, kwargs = post.call_args\n    assert kwargs == {"data": "disk full", "headers": {"Content-Type": "text/plain"}}',
    '    assert post.call_args[1] == {"data": "disk full", "headers": {"Content-Type": "text/plain"}}',
    '    assert len(post.call_args.kwargs) == 2',
    '    seen = post.call_args\n    assert seen == mock.call("https://hooks.example/x", data="disk full", headers={"Content-Type": "text/plain"})',
]


def _project(reads: str) -> dict[str, str]:
    return {"shop/__init__.py": "", "shop/alerts.py": CLIENT, "tests/test_alerts.py": TEST.format(reads=reads)}


@pytest.mark.parametrize("reads", PARTIAL_READS)
def test_a_test_reading_some_arguments_leaves_the_timeout_in(reads):
    after = rewrite(CLIENT, NAME, path="shop/alerts.py", dedent=False, project=_project(reads))
    assert "timeout=" in after


@pytest.mark.parametrize("reads", WHOLE_READS)
def test_a_test_comparing_the_keywords_whole_still_holds_the_call(reads):
    result = run_codemods(CLIENT, NAME, path="shop/alerts.py", dedent=False, project=_project(reads))
    assert result.new_text == CLIENT
    assert "tests/test_alerts.py:7" in finding_messages(result)[0]


@pytest.mark.parametrize("reads", [PARTIAL_READS[0], WHOLE_READS[0]])
def test_the_partial_read_passes_with_the_timeout_and_the_whole_one_fails(tmp_path, reads):
    """The behaviour behind the rule: each test run on the call as it was and as rewritten."""
    package = tmp_path / "shop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (tmp_path / "test_alerts.py").write_text(TEST.format(reads=reads))
    rewritten = rewrite(CLIENT, NAME, path="shop/alerts.py", dedent=False, project=_project(PARTIAL_READS[0]))
    outcomes = []
    for code in (CLIENT, rewritten):
        (package / "alerts.py").write_text(code)
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_alerts.py"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        outcomes.append(done.returncode)
    assert outcomes[0] == 0
    assert outcomes[1] == (0 if reads == PARTIAL_READS[0] else 1)
