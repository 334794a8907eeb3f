"""A Werkzeug name removed from its top level, spelled in a chain after ``import werkzeug``.

``from werkzeug import cookie_date`` is reported at a target whose Werkzeug no longer has the
name (moved to ``werkzeug.http`` in 0.16, removed from there in 2.1), and ``from werkzeug import
url_quote`` by werkzeug-stdlib at Werkzeug 3.0; ``werkzeug.cookie_date(...)`` and
``werkzeug.url_quote(...)`` after ``import werkzeug`` raise AttributeError on the same
Werkzeug, and nothing was said of them (session 43). The chain gets the same words as the
import, at the chain's line; below the removal the chain is rewritten as before.
"""

from __future__ import annotations

from helpers import run_at_target

CHAIN = "import werkzeug\n\n\ndef stamp(when):\n    return werkzeug.cookie_date(when)\n"
FROM = "from werkzeug import cookie_date\n\n\ndef stamp(when):\n    return cookie_date(when)\n"
URL_CHAIN = "import werkzeug\n\n\ndef quoted(path):\n    return werkzeug.url_quote(path)\n"
URL_FROM = "from werkzeug import url_quote\n\n\ndef quoted(path):\n    return url_quote(path)\n"


def test_a_removed_top_level_name_in_a_chain_is_reported_as_its_import_is():
    new, findings = run_at_target(CHAIN, "moved-imports", (3, 0))
    assert new == CHAIN
    [(line, message)] = findings
    [(_, said_of_import)] = run_at_target(FROM, "moved-imports", (3, 0))[1]
    assert line == 5 and message == said_of_import
    assert message.startswith("werkzeug.cookie_date moved to werkzeug.http in Werkzeug 0.16 and was removed"), message
    assert "werkzeug.http.http_date" in message


def test_below_the_removal_the_chain_is_still_rewritten():
    new, findings = run_at_target(CHAIN, "moved-imports", (2, 0))
    assert findings == [] and "werkzeug.http.cookie_date(when)" in new


def test_a_url_function_in_a_chain_is_reported_as_its_import_is():
    new, findings = run_at_target(URL_CHAIN, "werkzeug-stdlib", (3, 0))
    assert new == URL_CHAIN
    [(line, message)] = findings
    [(_, said_of_import)] = run_at_target(URL_FROM, "werkzeug-stdlib", (3, 0))[1]
    assert line == 5 and message == said_of_import
    assert "urllib.parse.quote" in message
    assert run_at_target(URL_CHAIN, "werkzeug-stdlib", (2, 0)) == (URL_CHAIN, [])
