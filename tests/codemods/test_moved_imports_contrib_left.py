"""moved-imports and the names of werkzeug.contrib that have no new home.

Werkzeug 0.15 moved a few names out of werkzeug.contrib (ProfilerMiddleware, ProxyFix,
LintMiddleware), deprecated the modules it kept and removed three at once (``jsrouting``,
``limiter``, ``testtools``); 1.0 removed the rest (its changelog). Where the codemod moves
some names of an import, what stays behind in the deprecated module gets a finding (it breaks
on Werkzeug 1.0, and the codemod has touched that very line), and a module 0.15 removed is
reported at a target whose Werkzeug is 0.15 or later.
"""

from __future__ import annotations

import pytest

from helpers import run_at_target

NAME = "moved-imports"

PROFILING = """\
import sys


def setup_profiling(app):
    from werkzeug.contrib.profiler import ProfilerMiddleware, MergeStream

    log = open("profile.log", "w")
    app.wsgi_app = ProfilerMiddleware(app.wsgi_app, MergeStream(sys.stdout, log))
"""


def test_a_name_left_in_a_deprecated_module_beside_one_that_moved_is_reported():
    new, findings = run_at_target(PROFILING, NAME, (1, 1))  # Werkzeug 0.15: the middleware has its new home
    assert "from werkzeug.middleware.profiler import ProfilerMiddleware" in new
    assert "from werkzeug.contrib.profiler import MergeStream" in new
    [(line, message)] = findings
    assert line == 5, findings
    assert message.startswith("MergeStream stays in werkzeug.contrib.profiler, deprecated since Werkzeug 0.15"), message
    assert "removed in Werkzeug 1.0" in message and "write()" in message, message


def test_at_a_target_without_the_module_the_removal_is_reported():
    new, findings = run_at_target(PROFILING, NAME, (2, 0))
    assert "from werkzeug.middleware.profiler import ProfilerMiddleware" in new
    [(line, message)] = findings
    assert line == 5 and "werkzeug.contrib.profiler was removed in Werkzeug 1.0" in message, findings


def test_the_other_fixers_stay_with_a_finding_beside_proxy_fix():
    source = "from werkzeug.contrib.fixers import ProxyFix, HeaderRewriterFix\n"
    new, findings = run_at_target(source, NAME, (1, 1))
    assert "from werkzeug.middleware.proxy_fix import ProxyFix" in new
    [(_, message)] = findings
    assert message.startswith("HeaderRewriterFix stays in werkzeug.contrib.fixers") and "no replacement" in message, message


def test_nothing_moved_nothing_said_while_the_module_lives():
    """An import none of whose names moves is left alone while its module exists at the target."""
    new, findings = run_at_target("from werkzeug.contrib.profiler import MergeStream\n", NAME, (1, 1))
    assert findings == []


@pytest.mark.parametrize(
    "source, says",
    [
        ("from werkzeug.contrib.jsrouting import generate_map\n", "url_for"),
        ("from werkzeug.contrib.limiter import StreamLimitMiddleware\n", "WSGI server"),
        ("from werkzeug.contrib.testtools import ContentAccessors\n", "test client"),
    ],
)
def test_a_module_werkzeug_0_15_removed_is_reported_from_0_15_on(source, says):
    _, early = run_at_target(source, NAME, (1, 0))  # Flask 1.0 allows Werkzeug 0.14, which has it
    assert early == []
    new, late = run_at_target(source, NAME, (1, 1))
    assert new == source
    [(_, message)] = late
    assert "was removed in Werkzeug 0.15" in message and says in message, message
