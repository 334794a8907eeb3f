"""A rate limit on a view is no login: every caller gets the same page. Whether a cached page
may be served without the limit counting the request is the project's call, so a view worth
caching behind one is left uncached with a finding, not settled silently as per user."""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

REPORT = '''\
from flask import Flask, render_template
from flask_caching import Cache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

app = Flask(__name__)
cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})
limiter = Limiter(get_remote_address, app=app)


def totals():
    return sorted(str(number) for number in range(1000))


@app.route("/report")
@{decorator}
def report():
    return render_template("report.html", rows=totals())
'''
FILES = {"templates/report.html": "<p>{{ rows|length }}</p>"}


@pytest.mark.parametrize("decorator", ['limiter.limit("5 per minute")', "throttle", 'limiter.shared_limit("9/hour", "api")'])
def test_a_costly_view_behind_a_rate_limit_is_left_with_a_finding(decorator: str) -> None:
    source = REPORT.replace("{decorator}", decorator)
    result = run_codemods(source, "cache-views", dedent=False, files=FILES)
    assert result.error is None and result.new_text == source
    messages = finding_messages(result)
    assert any("a rate limit" in message and "report()" in message for message in messages), messages
    assert not any("per user" in message for message in messages)


def test_a_login_beside_the_rate_limit_still_settles_it_silently() -> None:
    source = REPORT.replace("{decorator}", 'limiter.limit("5 per minute")\n@login_required').replace(
        "from flask_caching", "from flask_login import login_required\nfrom flask_caching"
    )
    result = run_codemods(source, "cache-views", dedent=False, files=FILES)
    assert result.error is None and result.new_text == source and not finding_messages(result)


def test_the_same_view_without_the_limit_is_cached() -> None:
    source = REPORT.replace("@{decorator}\n", "")
    assert "@cache.cached(" in run_codemods(source, "cache-views", dedent=False, files=FILES).new_text
