"""http-timeout: a request that changes something (POST, PUT, PATCH, DELETE; urlopen with data)
inside a retry is left, with a finding (review 24). Without a timeout only a connection error
reached its handler (the request never arrived); a read timeout comes after the server got it,
and the retry sends it again: SpiderKeeper's ``request_post`` scheduled a scrapyd job twice. A
retry is a loop whose handler catches the timeout and goes round again, or a function decorated
with a retry (tenacity, backoff, ``@retry``). A GET there still gets its bound."""

from __future__ import annotations

from helpers import finding_messages, run_codemods
from slow_upstream import SlowUpstream, run_against

NAME = "http-timeout"

HTTP_UTIL = """\
import logging

import requests


def request_get(url, retry_times=5):
    for i in range(retry_times):
        try:
            res = requests.get(url)
        except Exception as e:
            logging.warning('request error retry %s' % url)
            continue
        return res


def request_post(url, data, retry_times=5):
    for i in range(retry_times):
        try:
            res = requests.post(url, data)
        except Exception as e:
            logging.warning('request error retry %s' % url)
            continue
        return res
"""

DECORATED = """\
import requests
from tenacity import retry, stop_after_attempt


@retry(stop=stop_after_attempt(3))
def cancel(url, job):
    return requests.delete(url + "/jobs/" + job).ok


@retry(stop=stop_after_attempt(3))
def status(url, job):
    return requests.get(url + "/jobs/" + job).ok
"""

GIVES_UP = """\
import requests


def post_once(url, data):
    for attempt in range(3):
        try:
            return requests.post(url, data)
        except requests.RequestException:
            return None
"""


def test_a_post_retried_on_any_error_is_left_with_a_finding():
    result = run_codemods(HTTP_UTIL, NAME, path="util/http.py", project={}, dedent=False)
    assert "res = requests.post(url, data)\n" in result.new_text
    assert "res = requests.get(url, timeout=60)" in result.new_text
    assert any("retr" in message and "POST" in message for message in finding_messages(result)), finding_messages(result)


def test_a_job_scheduled_once_is_scheduled_once(monkeypatch):
    """scrapyd answers the schedule after 62 s: before, one job; so after."""
    new = run_codemods(HTTP_UTIL, NAME, path="util/http.py", project={}, dedent=False).new_text
    upstream = SlowUpstream(62)
    run_against(monkeypatch, upstream, new, "request_post", "http://scrapyd/schedule.json", {"spider": "s"})
    assert upstream.posts() == 1


def test_a_delete_under_a_retry_decorator_is_left_and_its_get_bounded():
    result = run_codemods(DECORATED, NAME, path="jobs.py", project={}, dedent=False)
    assert 'requests.delete(url + "/jobs/" + job).ok' in result.new_text
    assert 'requests.get(url + "/jobs/" + job, timeout=60).ok' in result.new_text
    assert any("DELETE" in message for message in finding_messages(result))


def test_a_loop_whose_handler_gives_up_is_no_retry():
    new = run_codemods(GIVES_UP, NAME, path="once.py", project={}, dedent=False).new_text
    assert "requests.post(url, data, timeout=60)" in new


def test_urlopen_with_data_in_a_retry_loop_is_left():
    source = (
        "from urllib.request import urlopen\n\n\ndef notify(url, body):\n    while True:\n        try:\n"
        "            return urlopen(url, body).read()\n        except OSError:\n            pass\n"
    )
    result = run_codemods(source, NAME, path="notify.py", project={}, dedent=False)
    assert result.new_text == source and finding_messages(result)


PERIODIC = """\
import time

import requests


def check_for_new_version(stop, version):
    while not stop.is_set():
        try:
            r = requests.post("https://example.org/check-ver.php", data={"version": version})
        except:
            pass
        time.sleep(86400)
"""


def test_a_periodic_loop_that_posts_on_every_pass_is_no_retry():
    """changedetection's version check: a timeout makes it post no more often."""
    new = run_codemods(PERIODIC, NAME, path="checks.py", project={}, dedent=False).new_text
    assert 'data={"version": version}, timeout=60)' in new
