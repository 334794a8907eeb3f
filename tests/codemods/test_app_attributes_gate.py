"""The gates of app-attributes: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

import ast

import pytest

from flask_codemod import engine
from flask_codemod.codemods import Context, get_codemod
from gate_checks import GateCases, missed_at_targets, opened, output_of, sample_texts
from upgrade_checks import AcceptedCasesAreActedOn


class TestGates(AcceptedCasesAreActedOn, GateCases):
    NAME = "app-attributes"
    REJECTED = [
        ("from flask import Flask\napp = Flask(__name__)\napp.config['USE_X_SENDFILE'] = True\n", "app.py"),
        ("session_cookie_name = 'x'\n", "settings.py"),
        # a packaging script: upgrade codemods never act there
        ("from setuptools import setup\nfrom flask import request\nx = request.is_xhr\n", "setup.py"),
    ]
    ACCEPTED = [
        ("from flask import request as r\nx = r.is_xhr\n", "views.py"),
        ("from flask import request\nx = request.charset\n", "views.py"),
        ("from flask import Request\nclass Latin(Request):\n    charset = 'latin-1'\n", "app.py"),
        ("import flask\nflask.current_app.session_cookie_name = 'x'\n", "app.py"),
        ("from flask import Flask\nclass A(Flask):\n    use_x_sendfile = True\n", "app.py"),
        # test code is upgraded too
        ("from flask import request\nx = request.is_xhr\n", "conftest.py"),
    ]


# -- the project gate: what is only reported, for a target that has it still -------------------

CHARSET_READ = "from flask import request\n\ndef decode(data):\n    return data.decode(request.charset)\n"
CLASS_ATTRIBUTE = "from flask import Flask\n\nclass Shop(Flask):\n    use_x_sendfile = True\n"
APP_WRITE = "from flask import Flask\n\napp = Flask(__name__)\napp.session_cookie_name = 'shop'\n"
XHR_READ = "from flask import request\n\ndef partial():\n    return request.is_xhr\n"


def _asked_and_output(source: str, target):
    codemod = get_codemod(TestGates.NAME)
    asked = engine.wants_project(codemod(), ast.parse(source), Context("views.py", None, None, target))
    result = engine.transform_text(source, [opened(codemod)], path="views.py", target_version=target)
    return asked, output_of(result, source, {TestGates.NAME})


@pytest.mark.parametrize(
    "source, target",
    [(CHARSET_READ, (2, 2)), (CHARSET_READ, (1, 1)), (CLASS_ATTRIBUTE, (2, 2))],
    ids=["charset-2.2", "charset-1.1", "class-attribute-2.2"],
)
def test_a_module_only_reported_on_is_rejected_for_a_target_that_still_has_it(source, target):
    assert _asked_and_output(source, target) == (False, [])


@pytest.mark.parametrize(
    "source, target",
    [
        (CHARSET_READ, (3, 0)),  # Werkzeug 3.0 removed it: reported
        (CHARSET_READ, None),  # the target unknown: reported
        (CLASS_ATTRIBUTE, (2, 3)),
        (APP_WRITE, (2, 2)),  # rewritten whatever the target
        (XHR_READ, (2, 2)),
    ],
    ids=["charset-3.0", "charset-unknown", "class-attribute-2.3", "app-write-2.2", "is-xhr-2.2"],
)
def test_a_module_acted_on_is_let_through(source, target):
    asked, output = _asked_and_output(source, target)
    assert asked
    assert output != []


# -- the project gate: app attributes neither rewritten nor reported at the target --------------

# reads whose value the config key does not give back (the attribute fell back to another
# setting): left as they are and only reported where Flask removed them (chiki's and changes'
# ``current_app.propagate_exceptions``, ``self.app.propagate_exceptions`` on Flask 0.10)
FALLBACK_READ = "from flask import current_app\n\ndef handle(e):\n    return current_app.propagate_exceptions\n"
OTHER_RECEIVER = "class Api:\n    def handle(self, e):\n        return self.app.use_x_sendfile\n"
DELETED = "from flask import current_app\n\ndel current_app.session_cookie_name\n"
PLAIN_READ = "from flask import current_app\n\ndef name():\n    return current_app.session_cookie_name\n"
FALLBACK_WRITE = "from flask import current_app\n\ncurrent_app.propagate_exceptions = True\n"


@pytest.mark.parametrize("source", [FALLBACK_READ, OTHER_RECEIVER, DELETED], ids=["fallback-read", "other-receiver", "deleted"])
def test_an_attribute_only_reported_is_rejected_for_a_target_that_still_has_it(source):
    assert _asked_and_output(source, (2, 2)) == (False, [])
    asked, output = _asked_and_output(source, (2, 3))  # removed: reported
    assert asked and output != []


@pytest.mark.parametrize("source", [PLAIN_READ, FALLBACK_WRITE], ids=["plain-read", "fallback-write"])
def test_an_attribute_rewritten_is_let_through_whatever_the_target(source):
    asked, output = _asked_and_output(source, (2, 2))
    assert asked and output != []


def test_the_gates_let_through_every_case_it_acts_on_at_every_target():
    cases = [(source, "views.py") for source in (FALLBACK_READ, OTHER_RECEIVER, DELETED, PLAIN_READ, FALLBACK_WRITE)]
    assert missed_at_targets(TestGates.NAME, cases + sample_texts(TestGates.NAME)) == []
