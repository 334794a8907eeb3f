"""teardown's gates and the analysis's rule for a signal receiver handed to
``connected_to(receiver, ...)`` (``_injected_receivers``): blinker connects it for the
with-block around it only, the Flask documentation's way for tests to fake what ``g`` holds,
so what it stores on ``g`` is not the app's and the planner leaves it alone; the gates now
leave it out of the values stored on ``g`` too (wp1's ``web/base_web_testcase.py``, a test
case module outside the test folders). The near misses (a receiver connected for good, or a
store of a function of another name) are let through and acted on."""

from __future__ import annotations

import pytest

from gate_checks import in_project

NAME = "teardown"

CASE = """\
import sqlite3
from contextlib import contextmanager

from flask import Flask, appcontext_pushed, g

app = Flask(__name__)


@contextmanager
def fake_db(app):
    def handler(sender, **kwargs):
        g.db = sqlite3.connect(':memory:')

    with appcontext_pushed.connected_to(handler, app):
        yield
"""


def test_a_receiver_connected_for_a_block_is_rejected_rightly():
    asked, output = in_project(NAME, {"web/fakes.py": CASE}, "web/fakes.py")
    assert output == []
    assert not asked


@pytest.mark.parametrize(
    "source",
    [
        # connected for good: every app context of the app opens one
        CASE.replace("    with appcontext_pushed.connected_to(handler, app):\n        yield\n", "    appcontext_pushed.connect(handler, app)\n    yield\n"),
        # another function stores on g: only the receiver's stores are the block's
        CASE + "\n\n@app.before_request\ndef before():\n    g.other = sqlite3.connect('app.db')\n",
    ],
    ids=["connected-for-good", "another-function-stores"],
)
def test_a_near_miss_is_let_through(source):
    asked, output = in_project(NAME, {"web/fakes.py": source}, "web/fakes.py")
    assert output != []
    assert asked
