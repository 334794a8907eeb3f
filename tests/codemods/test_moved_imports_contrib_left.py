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


# session 33: an import none of whose names moves got nothing while the target's Werkzeug (0.15,
# 0.16) still had the module, though it warns on import there and 1.0 removes it; a user of
# ruff's or django-upgrade's deprecated-import checks expects the finding at the target that
# deprecates it, naming the release that removes it (the catalogue: Werkzeug 0.15 / 1.0)
@pytest.mark.parametrize(
    "source, says",
    [
        ("from werkzeug.contrib.profiler import MergeStream\n", "write()"),
        ("from werkzeug.contrib.cache import SimpleCache, RedisCache\n", "cachelib"),
        ("import werkzeug.contrib.securecookie\n", "secure-cookie"),
    ],
)
def test_a_module_only_deprecated_at_the_target_is_reported_with_the_release_that_removes_it(source, says):
    _, early = run_at_target(source, NAME, (1, 0))  # Werkzeug 0.14: not deprecated yet
    assert early == []
    new, findings = run_at_target(source, NAME, (1, 1))  # Werkzeug 0.15: deprecated, still there
    assert new == source
    [(line, message)] = findings
    assert line == 1 and "is deprecated since Werkzeug 0.15 (importing it warns)" in message, message
    assert "removed in Werkzeug 1.0" in message and says in message, message


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


# session 33: Flask's private modules, gone with nothing in their place: no finding came
# outside the Flask-Script codemod's
@pytest.mark.parametrize(
    "source, removed_in, before",
    [
        ("from flask._compat import text_type, iteritems\n", "Flask 2.0", (1, 1)),
        ("import flask._compat\n", "Flask 2.0", (1, 1)),
        ("from flask.exthook import ExtensionImporter\n", "Flask 1.0", (0, 12)),
    ],
)
def test_a_removed_private_flask_module_is_reported_where_it_is_gone(source, removed_in, before):
    _, early = run_at_target(source, NAME, before)
    assert early == []
    new, findings = run_at_target(source, NAME, (2, 0))
    assert new == source
    [(line, message)] = findings
    assert line == 1 and f"was removed in {removed_in}" in message, message
