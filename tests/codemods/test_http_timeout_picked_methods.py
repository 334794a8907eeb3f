"""http-timeout: a request function of requests picked by a parameter of a method,
``getattr(requests, method)(url)`` in ``def _make_request(self, method="get", ...)`` (the realworld
corpus, session 37: yeti's feed base class, whose thirteen callers across the project's feeds
all take the default). Where every call of the method in the project, by its name on any
object, gives that parameter a literal request method or leaves the literal default, the call
gets a timeout as ``requests.get(url)`` does; a call giving anything else, or the method named
other than by a call (``handler = self._make_request``, ``getattr(self, "_make_request")``),
leaves it reported.
"""

from __future__ import annotations

from helpers import finding_messages, run_codemods

NAME = "http-timeout"

FEED = """\
import requests


class Feed:
    source = "https://feeds.example/list"

    def _make_request(self, method="get", headers={}, data={}):
        r = getattr(requests, method)(self.source, headers=headers, data=data, stream=True)
        r.raise_for_status()
        return r

    def update(self):
        return self._make_request(headers={"User-Agent": "feeds"}).text

    def submit(self, rows):
        return self._make_request("post", data=rows)
"""

PLUGIN = """\
from core.feed import Feed


class Proxies(Feed):
    def update(self):
        return self._make_request(method="GET").text
"""


def _run(source: str, project=None):
    result = run_codemods(source, NAME, path="core/feed.py", project=project or {})
    assert result.error is None, result.error
    return result


def test_a_method_every_caller_gives_a_request_method_picks_a_request_function():
    result = _run(FEED, {"plugins/proxies.py": PLUGIN.replace('"GET"', '"get"')})
    assert "data=data, stream=True, timeout=60)" in result.new_text, finding_messages(result)


def test_a_caller_in_another_file_giving_a_name_not_read_here_leaves_it_reported():
    result = _run(FEED, {"plugins/proxies.py": PLUGIN.replace('method="GET"', "method=self.verb")})
    assert "timeout=" not in result.new_text
    assert any("getattr(requests, method)" in m for m in finding_messages(result))


def test_an_uppercase_literal_is_no_function_of_requests():
    result = _run(FEED, {"plugins/proxies.py": PLUGIN})
    assert "timeout=" not in result.new_text


def test_the_method_named_other_than_by_a_call_leaves_it_reported():
    source = FEED + "\n\nHANDLERS = {'default': Feed._make_request}\n"
    result = _run(source)
    assert "timeout=" not in result.new_text
    assert any("getattr(requests, method)" in m for m in finding_messages(result))


# yeti's update_json(self, method="get") hands its own parameter on: its callers decide
FORWARDING = FEED + '''
    def update_json(self, method="get", key=None):
        return self._make_request(method=method).json().get(key)
'''


def test_a_method_handing_on_its_own_parameter_gives_what_its_callers_give():
    result = _run(FORWARDING, {"plugins/blocklist.py": "def pull(feed):\n    return feed.update_json(key='ips')\n"})
    assert "data=data, stream=True, timeout=60)" in result.new_text, finding_messages(result)


def test_a_caller_of_the_forwarding_method_giving_a_name_not_read_here_leaves_it_reported():
    result = _run(FORWARDING, {"plugins/blocklist.py": "def pull(feed, verb):\n    return feed.update_json(verb)\n"})
    assert "timeout=" not in result.new_text
