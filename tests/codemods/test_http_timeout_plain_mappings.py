"""http-timeout: a ``**`` mapping the function builds itself, with no ``timeout`` key, carries
none: the call is judged as one without ``**`` (a ``timeout=`` goes right before the ``**``,
which Python 2 also accepts), and where another rule leaves it, the finding gives that rule's
reason rather than "may already carry a timeout". A mapping changed in ways not read, or
bound outside the function, keeps the old finding."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

NAME = "http-timeout"


def test_a_call_spreading_a_mapping_built_without_a_timeout_gets_one_before_the_spread():
    source = """
import requests


def replay(urls):
    opts = {"headers": {"User-Agent": "probe"}, "verify": False}
    opts["allow_redirects"] = False
    for url in urls:
        try:
            requests.request("GET", url, **opts)
        except Exception:
            pass
"""
    result = run_codemods(source, NAME)
    assert 'requests.request("GET", url, timeout=60, **opts)' in result.new_text, finding_messages(result)
    assert finding_messages(result) == []


def test_a_call_on_many_lines_gets_the_timeout_on_a_line_of_its_own():
    source = """
import requests


def replay(url):
    opts = dict(verify=False)
    return requests.get(
        url,
        **opts
    )
"""
    result = run_codemods(source, NAME)
    assert "        url,\n        timeout=60,\n        **opts\n    )" in result.new_text, result.new_text


def test_when_another_rule_holds_the_call_its_reason_is_given():
    source = """
import requests


def notify(url, body):
    opts = {"json": body}
    try:
        return requests.post(url, **opts)
    except requests.ConnectionError:
        return None
"""
    result = run_codemods(source, NAME)
    assert "requests.post(url, **opts)" in result.new_text
    messages = finding_messages(result)
    assert messages and not any("may already carry a timeout" in m for m in messages), messages
    assert any("ConnectionError" in m for m in messages), messages


def test_a_mapping_changed_by_update_keeps_its_finding():
    source = """
import requests


def replay(url, extra):
    opts = {"verify": False}
    opts.update(extra)
    return requests.get(url, **opts)
"""
    result = run_codemods(source, NAME)
    assert "requests.get(url, **opts)" in result.new_text
    assert any("may already carry a timeout" in m for m in finding_messages(result)), finding_messages(result)


def test_a_mapping_bound_at_module_level_keeps_its_finding():
    source = """
import requests

OPTS = {"verify": False}


def replay(url):
    return requests.get(url, **OPTS)
"""
    result = run_codemods(source, NAME)
    assert "requests.get(url, **OPTS)" in result.new_text
    assert any("may already carry a timeout" in m for m in finding_messages(result)), finding_messages(result)


def test_a_mapping_built_with_a_timeout_gives_the_call_its_wait_silently():
    source = """
import requests

SESSION = requests.Session()


def perform(prepared, timeout=None):
    send_kwargs = {"timeout": timeout or 10}
    send_kwargs.update(SESSION.merge_environment_settings(prepared.url, {}, None, None, None))
    return SESSION.send(prepared, **send_kwargs)
"""
    result = run_codemods(source, NAME)
    assert result.new_text == source
    assert finding_messages(result) == []


def test_a_mapping_built_with_timeout_none_is_reported_as_an_explicit_none_is():
    source = """
import requests


def deliver(url, payload):
    request = {"method": "POST", "url": url, "json": payload, "timeout": None}
    return requests.request(**request)
"""
    result = run_codemods(source, NAME)
    assert result.new_text == source
    assert any("switches the timeout off" in m for m in finding_messages(result)), finding_messages(result)
