"""Every upgrade codemod with forms the newest releases removed reports them where the release of
Flask the app runs on is not known (``UNKNOWN_RELEASE``: a checkout, an RPM spec's system
Flask), once per place, as moved-imports and send-file-args do
(tests/codemods/test_upgrade_unknown_target.py).

Before, app-context-stack said nothing there (it reported from a declared Flask 2.2 on only),
before-first-request said "the target Flask version still has it" (no release was known to
have it), and app-attributes, json-encoding-arg and werkzeug-stdlib were silent about the forms
they cannot rewrite. A declared old release, where the old forms work, still gets nothing said.
"""

from __future__ import annotations

import pytest

from flask_codemod.codemods._flask_versions import UNKNOWN_RELEASE
from upgrade_checks import at_target

PUSHED = "from flask import _app_ctx_stack\n\n\ndef push(context):\n    _app_ctx_stack.push(context)\n"
APP_OF_TOP = "from flask import _app_ctx_stack\n\n\ndef name():\n    return _app_ctx_stack.top.app.name\n"
FIRST_REQUEST = (
    "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.before_first_request\ndef setup():\n    print('ready')\n"
)
SUBCLASS_ATTRIBUTE = "from flask import Flask\n\n\nclass App(Flask):\n    session_cookie_name = 'sid'\n"
UNKNOWN_RECEIVER = "def cookie(thing):\n    return thing.session_cookie_name\n"
XHR_WRITE = "from flask import request\n\n\ndef fake():\n    request.is_xhr = True\n"
DUMPED = "from flask import json\n\njson.dumps({}, encoding='latin-1')\n"
COMPARED = "from werkzeug.security import safe_str_cmp\n\n\ndef same(a, b):\n    return safe_str_cmp(a, b)\n"
QUOTED = "from werkzeug.urls import url_quote\n\nurl_quote('a b')\n"


@pytest.mark.parametrize(
    "source, name, expected",
    [
        (PUSHED, "app-context-stack", "5: _app_ctx_stack is removed in Flask 3.0 (push and pop in 2.3): "),
        (APP_OF_TOP, "app-context-stack", "5: _app_ctx_stack.top.app goes with the stack (removed in Flask 3.0): "),
        (SUBCLASS_ATTRIBUTE, "app-attributes", "5: session_cookie_name is no longer a Flask attribute (removed in 2.3)"),
        (XHR_WRITE, "app-attributes", "5: request.is_xhr was removed in Werkzeug 1.0"),
        (DUMPED, "json-encoding-arg", "3: flask.json.dumps's encoding= was removed in Flask 2.1"),
        (COMPARED, "werkzeug-stdlib", "5: safe_str_cmp is removed in Werkzeug 2.1: use hmac.compare_digest(a, b)"),
        (QUOTED, "werkzeug-stdlib", "3: werkzeug.urls.url_quote is removed in Werkzeug 3.0: use urllib.parse.quote"),
    ],
)
def test_a_form_that_is_not_rewritten_is_reported_once(source, name, expected):
    text, findings = at_target(source, name, UNKNOWN_RELEASE)
    assert text == source
    assert len(findings) == 1 and findings[0].startswith(expected), findings
    assert at_target(source, name, (1, 1)) == (source, [])  # a declared old release: the form works there


def test_a_first_request_hook_is_left_and_reported_by_the_shared_rule():
    text, findings = at_target(FIRST_REQUEST, "before-first-request", UNKNOWN_RELEASE)
    assert text == FIRST_REQUEST
    assert findings == [
        "6: before_first_request is removed in Flask 2.3; the release of Flask this app runs on is not known (a "
        "checkout or a system package, possibly older than the replacement), so it was left; once it is known: run "
        "the function once at setup, in `with app.app_context():`"
    ]
    _text, declared = at_target(FIRST_REQUEST, "before-first-request", (1, 1))
    assert [f for f in declared if "still has it" in f]  # a declared release that has it says so


def test_an_attribute_of_what_may_not_be_the_app_is_reported_as_at_a_removing_target():
    text, findings = at_target(UNKNOWN_RECEIVER, "app-attributes", UNKNOWN_RELEASE)
    assert text == UNKNOWN_RECEIVER
    assert findings == at_target(UNKNOWN_RECEIVER, "app-attributes", (3, 1))[1] != []


def test_storage_on_the_stack_is_still_moved_to_g():
    """The rewrite to g holds on every release that has _app_ctx_stack: made whatever the target."""
    source = (
        "from flask import _app_ctx_stack\n\n\ndef get_db():\n    top = _app_ctx_stack.top\n"
        "    if not hasattr(top, 'db'):\n        top.db = object()\n    return top.db\n"
    )
    text, findings = at_target(source, "app-context-stack", UNKNOWN_RELEASE)
    assert "g.db" in text and "_app_ctx_stack" not in text and findings == []
