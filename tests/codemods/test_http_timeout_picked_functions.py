"""http-timeout: a request function of requests picked by name, ``getattr(requests,
method)(url)``. Where the name is provably one of requests' request functions (a literal, or a
parameter every call of its function gives a literal request method, lowered where the code
lowers it) the call gets a timeout as ``requests.get(url)`` does; otherwise it is reported.
Before, such a call got neither a timeout nor a finding.
"""

from __future__ import annotations

from helpers import finding_messages, run_codemods

NAME = "http-timeout"

PICKED = """
import requests


def call_api(path, verb="get"):
    reply = getattr(requests, verb.lower())("https://api.example/" + path, headers={"Accept": "json"})
    return reply.json()


def read_item(key):
    return call_api("items/" + key)


def mark_item(key):
    return call_api("items/" + key, verb="PUT")
"""


def test_a_parameter_every_caller_gives_a_request_method_picks_a_request_function():
    result = run_codemods(PICKED, NAME)
    assert 'headers={"Accept": "json"}, timeout=60)' in result.new_text, finding_messages(result)


def test_a_literal_name_picks_that_function():
    source = """
import requests


def ping(url):
    return getattr(requests, "head")(url).status_code
"""
    assert 'getattr(requests, "head")(url, timeout=60)' in run_codemods(source, NAME).new_text


def test_a_caller_passing_a_name_not_read_here_leaves_the_call_with_a_finding():
    source = PICKED.replace('verb="PUT"', "verb=chosen") + "\n\nchosen = 'put'\n"
    result = run_codemods(source, NAME)
    assert "timeout=" not in result.new_text
    assert any("getattr(requests, verb.lower())" in m and "timeout=" in m for m in finding_messages(result))


def test_a_name_that_is_no_request_function_is_reported():
    source = PICKED.replace('verb="PUT"', 'verb="codes"')
    result = run_codemods(source, NAME)
    assert "timeout=" not in result.new_text
    assert len(finding_messages(result)) == 1


def test_a_function_another_file_names_may_be_called_with_anything():
    result = run_codemods(PICKED, NAME, path="api.py", project={"jobs.py": "from api import call_api\ncall_api('x', verb=v)\n"})
    assert "timeout=" not in result.new_text
    assert len(finding_messages(result)) == 1


def test_a_picked_call_passing_its_own_timeout_is_left_alone_silently():
    source = PICKED.replace('headers={"Accept": "json"}', 'headers={"Accept": "json"}, timeout=5')
    result = run_codemods(source, NAME)
    assert "timeout=60" not in result.new_text
    assert finding_messages(result) == []


# ARL's http_req (app/utils/conn.py, arl_tool/fileleakV2.py): the wrapper gives its **kwargs a
# timeout of its own before getattr(requests, method)(url, **kwargs), and other modules call it
# with any method. Whatever function the name picks, the call passes that timeout: there is
# nothing to add and nothing to report. Before, the call was reported ("pass timeout= if it
# sends a request") though it already passed one.
WRAPPED = """
import requests


def http_req(url, method="get", **kwargs):
    kwargs.setdefault("verify", False)
    kwargs.setdefault("timeout", (10.1, 30.1))
    conn = getattr(requests, method)(url, **kwargs)
    return conn
"""


def test_a_picked_call_whose_kwargs_the_wrapper_gives_a_timeout_is_neither_changed_nor_reported():
    result = run_codemods(WRAPPED, NAME, project={"app/scan.py": "from app.wrap import http_req\n\nhttp_req(u, m)\n"}, path="app/wrap.py")
    assert result.new_text.count("timeout") == WRAPPED.count("timeout"), result.new_text
    assert finding_messages(result) == []


def test_a_picked_call_whose_mapping_is_built_with_a_timeout_is_not_reported():
    source = """
import requests


def http_req(url, method):
    options = {"timeout": 10, "verify": False}
    return getattr(requests, method)(url, **options)
"""
    result = run_codemods(source, NAME)
    assert result.new_text.count("timeout") == source.count("timeout"), result.new_text
    assert finding_messages(result) == []


def test_a_picked_call_whose_kwargs_may_hold_anything_is_still_reported():
    source = WRAPPED.replace('    kwargs.setdefault("timeout", (10.1, 30.1))\n', "")
    result = run_codemods(source, NAME, project={"app/scan.py": "from app.wrap import http_req\n\nhttp_req(u, m)\n"}, path="app/wrap.py")
    assert any("getattr(requests, method)" in m for m in finding_messages(result)), finding_messages(result)
