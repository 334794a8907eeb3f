"""json-provider: an encoder class only handed to ``dumps`` as ``cls=`` (session 33, a data
store's serializer: ``flask.json.dumps(page, cls=RowEncoder)``). No app installs it, so the
provider advice ("subclass DefaultJSONProvider and set app.json") was beside the point: nothing
of the app is involved. What is true: the standard library's ``json.JSONEncoder`` base does the
same there, but for the types only Flask's encoder turned into JSON; and from Flask 2.2,
``flask.json.dumps`` passes a ``default=`` of its own, which ``json.JSONEncoder`` stores on the
object, so the class's own ``default()`` is no longer called through it (shown below on the
installed Flask). Nothing is rewritten."""

from __future__ import annotations

import datetime
import json

import flask
import pytest

from helpers import run_at_target

SERIALIZER = '''\
import datetime

from flask import json as jsonlib


class RowEncoder(jsonlib.JSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.date):
            return o.isoformat()
        return super(RowEncoder, self).default(o)


def page(rows):
    return jsonlib.dumps({"rows": rows}, indent=2, cls=RowEncoder)
'''

STDLIB_DUMPS = SERIALIZER.replace("from flask import json as jsonlib\n", "import json\n\nfrom flask import json as jsonlib\n").replace(
    'jsonlib.dumps({"rows": rows}', 'json.dumps({"rows": rows}'
)

ALSO_IMPORTED = SERIALIZER + '''

__all__ = ["RowEncoder", "page"]
ENCODERS = [RowEncoder]
'''


@pytest.mark.parametrize("target", [(2, 0), (3, 0)])
def test_an_encoder_only_passed_as_cls_gets_the_standard_library_advice(target):
    text, findings = run_at_target(SERIALIZER, "json-provider", target, dedent=False)
    assert text == SERIALIZER
    [(line, message)] = findings
    assert line == 6
    assert "only passed as cls= to flask.json.dumps" in message and "extend the standard library's json.JSONEncoder" in message
    assert "call json.dumps rather than flask.json.dumps" in message, message
    assert "DefaultJSONProvider" not in message and "app.json" not in message, message


def test_through_the_standard_library_s_dumps_only_the_base_is_said():
    _, findings = run_at_target(STDLIB_DUMPS, "json-provider", (3, 0), dedent=False)
    [(_, message)] = findings
    assert "only passed as cls= to json.dumps" in message and "rather than" not in message, message


def test_an_encoder_used_otherwise_keeps_the_provider_advice():
    _, findings = run_at_target(ALSO_IMPORTED, "json-provider", (3, 0), dedent=False)
    [(_, message)] = findings
    assert "DefaultJSONProvider" in message and "no app of this module installs RowEncoder" in message, message


class _DayEncoder(json.JSONEncoder):
    def default(self, o):
        return "day " + o.isoformat() if isinstance(o, datetime.date) else super().default(o)


def test_flask_s_dumps_passes_a_default_that_replaces_the_class_s():
    """What the finding says of flask.json.dumps, on the Flask installed here (2.2 or later)."""
    day = datetime.date(2020, 1, 2)
    assert json.loads(json.dumps([day], cls=_DayEncoder)) == ["day 2020-01-02"]
    with flask.Flask(__name__).app_context():
        assert json.loads(flask.json.dumps([day], cls=_DayEncoder)) != ["day 2020-01-02"]
