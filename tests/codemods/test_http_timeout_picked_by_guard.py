"""http-timeout: ``getattr(requests, method)(url)`` inside ``if method == "get":`` calls
requests.get, whatever the function's callers pass: the test narrows the name to the literal it
compares it with. Before, the name counted as shown only when it was a literal or a parameter
its callers give literals and the function never rebinds, so VEOps CMDB's ``api_request``
(``method = method.lower()``, then ``if method == "get": getattr(requests, method)(url,
params=params)``, ``api/lib/http_cli.py:33``) got a finding that "the code does not show" the
name to be a request function. The ``else`` branch still gets that finding: there the name may
be anything but "get".
"""

from __future__ import annotations

import types

from helpers import finding_messages, run_codemods

NAME = "http-timeout"

GUARDED = """
import requests


def api_request(url, method="get", params=None):
    method = method.lower()
    if method == "get":
        resp = getattr(requests, method)(url, params=params)
    else:
        resp = getattr(requests, method)(url, data=params)
    return resp.json()
"""


def _sent(text: str, method: str) -> list[tuple[str, dict]]:
    """Run the module's ``api_request`` against a stand-in requests; what each call received."""
    sent: list[tuple[str, dict]] = []

    class Reply:
        def json(self):
            return {}

    def recorder(name):
        def call(url, **kwargs):
            sent.append((name, kwargs))
            return Reply()

        return call

    namespace: dict = {}
    exec(compile(text, "http_cli.py", "exec"), namespace)
    namespace["requests"] = types.SimpleNamespace(get=recorder("get"), post=recorder("post"))
    namespace["api_request"]("https://cmdb.example/api/v0.1/ci", method=method, params={"q": "x"})
    return sent


def _left_with_findings(source: str, count: int) -> None:
    """No call of ``source`` gets a timeout; each picked call gets its finding."""
    result = run_codemods(source, NAME)
    assert "timeout=" not in result.new_text
    assert len(finding_messages(result)) == count, finding_messages(result)


def test_the_branch_that_tests_the_name_against_a_literal_gets_a_timeout():
    result = run_codemods(GUARDED, NAME)
    assert "getattr(requests, method)(url, params=params, timeout=60)" in result.new_text
    assert "getattr(requests, method)(url, data=params)\n" in result.new_text  # the else branch: any name
    messages = finding_messages(result)
    assert len(messages) == 1 and "getattr(requests, method)" in messages[0]
    assert _sent(result.new_text, "GET") == [("get", {"params": {"q": "x"}, "timeout": 60})]
    assert _sent(result.new_text, "post") == [("post", {"data": {"q": "x"}})]


def test_a_test_naming_several_request_functions_narrows_to_them():
    source = GUARDED.replace('if method == "get":', 'if method in ("get", "head"):')
    assert "params=params, timeout=60)" in run_codemods(source, NAME).new_text


def test_a_literal_on_the_left_narrows_too():
    source = GUARDED.replace('if method == "get":', 'if "get" == method:')
    assert "params=params, timeout=60)" in run_codemods(source, NAME).new_text


def test_a_name_bound_again_inside_the_branch_is_not_narrowed():
    source = GUARDED.replace(
        "        resp = getattr(requests, method)(url, params=params)",
        "        method = pick(url)\n        resp = getattr(requests, method)(url, params=params)",
    )
    _left_with_findings(source, 2)


def test_a_test_that_the_name_differs_from_a_literal_does_not_narrow():
    source = GUARDED.replace('if method == "get":', 'if method != "post":')
    _left_with_findings(source, 2)


def test_a_literal_that_is_no_request_function_is_still_reported():
    source = GUARDED.replace('if method == "get":', 'if method == "codes":')
    _left_with_findings(source, 2)


def test_a_module_level_name_is_not_narrowed():
    """A global may be bound again by any function the branch calls before the request."""
    source = """
import requests

method = "get"


def fetch(url):
    if method == "get":
        return getattr(requests, method)(url)
"""
    _left_with_findings(source, 1)
